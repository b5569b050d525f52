#include "contextlimits.h"

#include "catalogue/modelname.h"

#include <QSettings>

#include <algorithm>

namespace {
// The settings group keeps the name it had before the class was renamed.
const QString kGroup = QStringLiteral("contextWindows");
const QString kTable = QStringLiteral("table");
const QString kReserve = QStringLiteral("replyReserve");
} // namespace

ContextLimits::ContextLimits(QSettings *settings)
    : m_settings(settings)
    , m_table(defaults())
{
    if (!m_settings)
        return;
    m_settings->beginGroup(kGroup);
    // Stored as "prefix=tokens" strings: readable and editable in the file.
    if (m_settings->contains(kTable)) {
        QList<Entry> table;
        for (const QString &line : m_settings->value(kTable).toStringList()) {
            const qsizetype eq = line.lastIndexOf(QLatin1Char('='));
            bool ok = false;
            const int tokens = eq > 0 ? line.mid(eq + 1).toInt(&ok) : 0;
            if (ok && tokens > 0)
                table.append({line.left(eq).trimmed().toLower(), tokens});
        }
        m_table = table;
    }
    m_replyReserve = std::max(0, m_settings->value(kReserve, kDefaultReplyReserve).toInt());
    m_settings->endGroup();
}

QList<ContextLimits::Entry> ContextLimits::defaults()
{
    // OpenAI's model pages: the context window, input and output together.
    return {
        {QStringLiteral("gpt-5"), 400000},        {QStringLiteral("gpt-4.1"), 1047576},
        {QStringLiteral("gpt-4.5"), 128000},      {QStringLiteral("gpt-4o"), 128000},
        {QStringLiteral("chatgpt-4o"), 128000},   {QStringLiteral("gpt-4-turbo"), 128000},
        {QStringLiteral("gpt-4-1106"), 128000},   {QStringLiteral("gpt-4-0125"), 128000},
        {QStringLiteral("gpt-4-32k"), 32768},     {QStringLiteral("gpt-4"), 8192},
        {QStringLiteral("gpt-3.5-turbo"), 16385}, {QStringLiteral("o1"), 200000},
        {QStringLiteral("o1-mini"), 128000},      {QStringLiteral("o1-preview"), 128000},
        {QStringLiteral("o3"), 200000},           {QStringLiteral("o4-mini"), 200000},
        {QStringLiteral("gpt-oss"), 131072},
    };
}

void ContextLimits::setTable(const QList<Entry> &table)
{
    m_table.clear();
    for (const Entry &e : table) {
        if (!e.prefix.trimmed().isEmpty() && e.tokens > 0)
            m_table.append({e.prefix.trimmed().toLower(), e.tokens});
    }
    save();
}

void ContextLimits::resetToDefaults()
{
    m_table = defaults();
    m_replyReserve = kDefaultReplyReserve;
    if (m_settings)
        m_settings->remove(kGroup);
}

void ContextLimits::setReplyReserve(int tokens)
{
    m_replyReserve = std::max(0, tokens);
    save();
}

void ContextLimits::save() const
{
    if (!m_settings)
        return;
    QStringList lines;
    for (const Entry &e : m_table)
        lines << QStringLiteral("%1=%2").arg(e.prefix).arg(e.tokens);
    m_settings->beginGroup(kGroup);
    m_settings->setValue(kTable, lines);
    m_settings->setValue(kReserve, m_replyReserve);
    m_settings->endGroup();
}

std::optional<int> ContextLimits::contextFor(QStringView model) const
{
    const QString name = ModelName::normalized(model);
    const Entry *best = nullptr;
    for (const Entry &e : m_table) {
        if (ModelName::names(e.prefix, name) && (!best || e.prefix.size() > best->prefix.size()))
            best = &e;
    }
    if (!best)
        return std::nullopt;
    return best->tokens;
}

int ContextLimits::replyReserveFor(int maxTokens) const
{
    return std::max(m_replyReserve, maxTokens);
}

std::optional<int> ContextLimits::promptBudgetFor(QStringView model, int maxTokens) const
{
    const std::optional<int> context = contextFor(model);
    if (!context)
        return std::nullopt;
    return std::max(*context - replyReserveFor(maxTokens), *context / 4);
}
