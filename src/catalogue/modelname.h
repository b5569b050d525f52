#pragma once

#include <QString>
#include <QStringView>

// How the model tables (ContextLimits, PriceTable) match a model name to a
// row: case and a provider prefix ("openai/gpt-4o") ignored; a row names the
// model itself and its variants after a dash ("gpt-4o" names gpt-4o-mini and
// gpt-4o-2024-08-06, but "gpt-4" names neither gpt-4o nor gpt-4.1, which have
// rows of their own); the longest row that names a model wins.
class ModelName
{
public:
    static QString normalized(QStringView model)
    {
        const qsizetype slash = model.lastIndexOf(QLatin1Char('/'));
        return model.mid(slash + 1).trimmed().toString().toLower();
    }
    // `name` normalized, `row` lower case.
    static bool names(const QString &row, const QString &name)
    {
        return name == row || name.startsWith(row + QLatin1Char('-'));
    }
};
