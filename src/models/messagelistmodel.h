#pragma once

#include "core/result.h"
#include "store/chatmessage.h"

#include <QAbstractListModel>
#include <QList>

#include <functional>
#include <optional>

// The messages of one conversation, oldest first. Filled from the store when a
// conversation opens and then kept current by ChatSession as replies stream:
// each piece of text changes one row and names only the roles that changed, so
// a view re-renders just that message. Touched only on the GUI thread.
class MessageListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        RoleRole,      // "user", "assistant", "system"
        ContentRole,   // the Markdown text
        ReasoningRole, // reasoning, kept apart from the answer
        StateRole,     // MessageState as int
        ErrorRole,     // why it failed, for the user
        ModelRole,
        CreatedAtRole,
        PromptTokensRole,
        CompletionTokensRole,
        // A live note on a pending reply ("Retrying in 3 s..."); never stored.
        TransientStatusRole,
        CostRole,          // a reply's cost in dollars (double), when known; see setCostFunction
        CostEstimatedRole, // true when that cost is the tokenizer's estimate
    };
    Q_ENUM(Roles)

    explicit MessageListModel(QObject *parent = nullptr);
    // A conversation whose text was large gives the memory back to the
    // system soon after (see messagelistmodel.cpp).
    ~MessageListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setMessages(const QList<ChatMessage> &messages);

    // Long conversations open with their newest page; older messages come a
    // page at a time through fetchMore(), which inserts them at the top. The
    // loader reads up to `limit` messages older than `beforeId`, oldest first.
    static constexpr int kPageSize = 60;
    using OlderLoader = std::function<Result<QList<ChatMessage>>(qint64 beforeId, int limit)>;
    void setOlderLoader(OlderLoader loader, bool hasOlder);
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    // Removes every row after this message (Regenerate, Edit and resend).
    void removeAfter(qint64 messageId);
    void append(const ChatMessage &message);
    void appendContent(qint64 messageId, const QString &text);
    void appendReasoning(qint64 messageId, const QString &text);
    // Replaces a row with the stored state of the message (state changes,
    // usage, error); emits dataChanged for the roles that differ.
    void update(const ChatMessage &message);

    // Sets or (with an empty text) clears the live note of a message.
    void setTransientStatus(qint64 messageId, const QString &text);

    // What a message cost, asked for when CostRole is read (the prices live
    // with the session, not here); nothing when unknown.
    struct Cost
    {
        double dollars = 0;
        bool estimated = false;
    };
    using CostFunction = std::function<std::optional<Cost>(const ChatMessage &)>;
    void setCostFunction(CostFunction cost) { m_cost = std::move(cost); }
    // The prices or the estimates changed: every row's cost is read again.
    void refreshCosts();

    int rowOf(qint64 messageId) const;
    const ChatMessage *find(qint64 messageId) const;
    const QList<ChatMessage> &messages() const { return m_messages; }

private:
    QList<ChatMessage> m_messages;
    OlderLoader m_olderLoader;
    bool m_hasOlder = false;
    QHash<qint64, QString> m_transientStatus; // by message id; few and short-lived
    CostFunction m_cost;
};
