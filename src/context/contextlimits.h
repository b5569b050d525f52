#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

class QSettings;

// How many tokens each model takes in one request (prompt and reply
// together), by model-name prefix, and how many of them to keep free for the
// reply. Starts from OpenAI's published limits; the user's edits are stored
// in QSettings (group "contextWindows") and replace the whole table. Models
// the table does not know get no limit: nothing is left out for them.
class ContextLimits
{
public:
    struct Entry
    {
        QString prefix; // "gpt-4o": also gpt-4o-mini, gpt-4o-2024-08-06...
        int tokens = 0;
        friend bool operator==(const Entry &, const Entry &) = default;
    };
    static constexpr int kDefaultReplyReserve = 4096;

    // `settings` may be null (nothing is stored); it must outlive this.
    explicit ContextLimits(QSettings *settings = nullptr);

    static QList<Entry> defaults();
    QList<Entry> table() const { return m_table; }
    void setTable(const QList<Entry> &table);
    void resetToDefaults();

    int replyReserve() const { return m_replyReserve; }
    void setReplyReserve(int tokens);
    // What a request keeps free for its reply: the reserve, or the reply's
    // max tokens (AppSettings::maxTokens, 0: unset) when that is more, since
    // the server refuses a request whose prompt and max tokens overrun.
    int replyReserveFor(int maxTokens) const;

    // The longest row that names `model` (the name itself, or it and a dash:
    // "gpt-4o" names gpt-4o-mini) wins, so o1-mini before o1; a provider
    // prefix ("openai/gpt-4o") and case are ignored.
    std::optional<int> contextFor(QStringView model) const;
    // What the prompt may take: the context less replyReserveFor(maxTokens)
    // (at least a quarter of the context, whatever the reserve).
    std::optional<int> promptBudgetFor(QStringView model, int maxTokens = 0) const;

private:
    void save() const;

    QSettings *m_settings;
    QList<Entry> m_table;
    int m_replyReserve = kDefaultReplyReserve;
};
