#include "pricetable.h"

#include "catalogue/modelname.h"

#include <QSettings>

namespace {
const QString kGroup = QStringLiteral("prices");
const QString kTable = QStringLiteral("table");
} // namespace

PriceTable::PriceTable(QSettings *settings)
    : m_settings(settings)
    , m_table(defaults())
{
    if (!m_settings)
        return;
    m_settings->beginGroup(kGroup);
    // Stored as "prefix=input/output" strings: readable and editable in the file.
    if (m_settings->contains(kTable)) {
        QList<Entry> table;
        for (const QString &line : m_settings->value(kTable).toStringList()) {
            const qsizetype eq = line.lastIndexOf(QLatin1Char('='));
            const QStringList prices = line.mid(eq + 1).split(QLatin1Char('/'));
            bool inOk = false;
            bool outOk = false;
            const double in = prices.value(0).toDouble(&inOk);
            const double out = prices.value(1).toDouble(&outOk);
            if (eq > 0 && inOk && outOk && in >= 0 && out >= 0)
                table.append({line.left(eq).trimmed().toLower(), in, out});
        }
        m_table = table;
    }
    m_settings->endGroup();
}

QList<PriceTable::Entry> PriceTable::defaults()
{
    return {
        {QStringLiteral("gpt-5"), 1.25, 10.00},        {QStringLiteral("gpt-5-mini"), 0.25, 2.00},
        {QStringLiteral("gpt-5-nano"), 0.05, 0.40},    {QStringLiteral("gpt-4.1"), 2.00, 8.00},
        {QStringLiteral("gpt-4.1-mini"), 0.40, 1.60},  {QStringLiteral("gpt-4.1-nano"), 0.10, 0.40},
        {QStringLiteral("gpt-4o"), 2.50, 10.00},       {QStringLiteral("gpt-4o-mini"), 0.15, 0.60},
        {QStringLiteral("chatgpt-4o"), 5.00, 15.00},   {QStringLiteral("o1"), 15.00, 60.00},
        {QStringLiteral("o1-mini"), 1.10, 4.40},       {QStringLiteral("o3"), 2.00, 8.00},
        {QStringLiteral("o3-mini"), 1.10, 4.40},       {QStringLiteral("o4-mini"), 1.10, 4.40},
        {QStringLiteral("gpt-4-turbo"), 10.00, 30.00}, {QStringLiteral("gpt-4"), 30.00, 60.00},
        {QStringLiteral("gpt-3.5-turbo"), 0.50, 1.50},
    };
}

void PriceTable::setTable(const QList<Entry> &table)
{
    m_table.clear();
    for (const Entry &e : table) {
        if (!e.prefix.trimmed().isEmpty() && e.inputPerMillion >= 0 && e.outputPerMillion >= 0)
            m_table.append({e.prefix.trimmed().toLower(), e.inputPerMillion, e.outputPerMillion});
    }
    save();
}

void PriceTable::resetToDefaults()
{
    m_table = defaults();
    if (m_settings)
        m_settings->remove(kGroup);
}

void PriceTable::save() const
{
    if (!m_settings)
        return;
    QStringList lines;
    for (const Entry &e : m_table) {
        lines << QStringLiteral("%1=%2/%3")
                     .arg(e.prefix, QString::number(e.inputPerMillion),
                          QString::number(e.outputPerMillion));
    }
    m_settings->beginGroup(kGroup);
    m_settings->setValue(kTable, lines);
    m_settings->endGroup();
}

std::optional<PriceTable::Entry> PriceTable::priceFor(QStringView model) const
{
    const QString name = ModelName::normalized(model);
    const Entry *best = nullptr;
    for (const Entry &e : m_table) {
        if (ModelName::names(e.prefix, name) && (!best || e.prefix.size() > best->prefix.size()))
            best = &e;
    }
    if (!best)
        return std::nullopt;
    return *best;
}

std::optional<double> PriceTable::cost(QStringView model, qint64 promptTokens,
                                       qint64 completionTokens) const
{
    const std::optional<Entry> price = priceFor(model);
    if (!price)
        return std::nullopt;
    return (double(promptTokens) * price->inputPerMillion +
            double(completionTokens) * price->outputPerMillion) /
           1e6;
}
