#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

class QSettings;

// What each model costs, in US dollars per million input (prompt) and output
// (completion) tokens, by model name (matched as ModelName says). Starts from
// OpenAI's published standard prices (2025; they change, and other providers
// differ: the table is the user's to edit); edits are stored in QSettings
// (group "prices") and replace the whole table.
class PriceTable
{
public:
    struct Entry
    {
        QString prefix;
        double inputPerMillion = 0;
        double outputPerMillion = 0;
        friend bool operator==(const Entry &, const Entry &) = default;
    };

    // `settings` may be null (nothing is stored); it must outlive this.
    explicit PriceTable(QSettings *settings = nullptr);

    static QList<Entry> defaults();
    QList<Entry> table() const { return m_table; }
    void setTable(const QList<Entry> &table);
    void resetToDefaults();

    std::optional<Entry> priceFor(QStringView model) const;
    // Dollars for one request, or nothing for a model without a price.
    std::optional<double> cost(QStringView model, qint64 promptTokens,
                               qint64 completionTokens) const;

private:
    void save() const;

    QSettings *m_settings;
    QList<Entry> m_table;
};
