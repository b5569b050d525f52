#pragma once

#include "chatmessage.h"
#include "conversation.h"
#include "core/result.h"
#include "storageproblem.h"

#include <QCoreApplication>
#include <QList>

class SqliteDatabase;
class QSqlError;

// Reads and writes conversations and messages. Every call is one short
// transaction on the GUI thread (sub-millisecond in WAL mode); every failure
// comes back as a value with a message for the user.
class ConversationStore
{
    Q_DECLARE_TR_FUNCTIONS(ConversationStore)

public:
    explicit ConversationStore(SqliteDatabase &database);

    // Most recently active first.
    Result<QList<Conversation>> conversations() const;
    Result<Conversation> conversation(qint64 id) const;
    Result<Conversation> createConversation(const QString &title, const QString &model = {});
    VoidResult renameConversation(qint64 id, const QString &title);
    VoidResult deleteConversation(qint64 id);

    // Oldest first.
    Result<QList<ChatMessage>> messages(qint64 conversationId) const;
    // The newest `limit` messages older than `beforeId` (0: the newest of
    // all), oldest first: a long conversation is read a page at a time.
    Result<QList<ChatMessage>> recentMessages(qint64 conversationId, int limit,
                                              qint64 beforeId = 0) const;
    // Every message after `messageId` in its conversation goes.
    VoidResult deleteMessagesAfter(qint64 conversationId, qint64 messageId);
    // Regenerate and Edit and resend, in one transaction: the user's message
    // gets `userText` (unless it is null), every later message goes, and a
    // new empty streaming reply is added and returned.
    Result<ChatMessage> restartReply(qint64 conversationId, qint64 userMessageId,
                                     const QString &userText, const QString &model);
    // Per-conversation choices (empty: use the defaults from Settings).
    VoidResult setConversationOptions(qint64 id, const QString &model, const QString &systemPrompt);

    // The user's message and the (empty, streaming) assistant reply that will
    // answer it, written together so the user's text is safe on disk before
    // any request leaves the machine.
    struct Exchange
    {
        ChatMessage user;
        ChatMessage assistant;
    };
    Result<Exchange> addExchange(qint64 conversationId, const QString &userText,
                                 const QString &model);

    // A partial reply while it streams: content and reasoning only.
    VoidResult saveProgress(qint64 messageId, const QString &content, const QString &reasoning);
    // The final text, state, error and usage (reported or estimated) of a message.
    VoidResult saveMessage(const ChatMessage &message);

    // Start-up: a message still marked streaming belongs to a process that
    // died mid-reply. Returns how many were marked interrupted.
    Result<int> markStreamingInterrupted();

    // Why the last call failed (Kind::NoProblem after a success): the value
    // behind the words of its error, for notices that say what to do.
    const StorageProblem &lastProblem() const { return m_lastProblem; }

private:
    QString failure(const QSqlError &error) const;
    // Runs one write (a statement or a transaction), putting a deleted file
    // back first and, after a failure, recovering and trying once more.
    template<typename Write> auto writing(Write &&write);
    VoidResult deleteAfter(qint64 conversationId, qint64 messageId);
    VoidResult touchConversation(qint64 conversationId, qint64 nowMs);
    Result<ChatMessage> insertMessage(const ChatMessage &message);

    SqliteDatabase &m_db;
    mutable StorageProblem m_lastProblem;
};
