#pragma once

#include "core/result.h"
#include "sessionservices.h"
#include "store/conversation.h"
#include "store/storageproblem.h"

#include <QHash>
#include <QObject>

class ChatSession;
class ConversationListModel;

// Owns one ChatSession per open conversation, so every view of a conversation
// shares one message model and a reply keeps streaming when the user looks
// elsewhere. Keeps the conversation list model in step with the sessions.
class SessionRegistry : public QObject
{
    Q_OBJECT
public:
    SessionRegistry(SessionServices services, ConversationListModel &conversations,
                    QObject *parent = nullptr);
    // Commits a removal still waiting for its undo window.
    ~SessionRegistry() override;

    // Start-up: marks replies left streaming by a dead process as
    // interrupted and fills the conversation list.
    VoidResult loadConversations();

    // The session of a stored conversation, loaded on first use.
    Result<ChatSession *> session(qint64 conversationId);
    // A new, empty chat; it enters the store on its first message.
    ChatSession *newChat();

    // A window shows the session (hold) or no longer does (release). A
    // session no window holds is let go once it has nothing left to write
    // (no reply streaming, none waiting for the disk): its messages leave
    // memory and the next look at the conversation reads them again. A
    // session never held (a caller that only asked for it) is kept.
    void hold(ChatSession *session);
    void release(ChatSession *session);
    // The sessions in memory, for tests and benchmarks.
    int sessionCount() const;

    VoidResult deleteConversation(qint64 conversationId);

    // Delete with Undo. The conversation leaves the list at once (a reply it
    // was receiving stops, keeping its text) but stays in the store until
    // commitRemoval(): when the undo window has passed, or at exit. One
    // removal waits at a time; removing another commits the first.
    void removeWithUndo(qint64 conversationId);
    // Puts the waiting conversation back; false if there is none.
    bool undoRemoval();
    VoidResult commitRemoval();
    qint64 pendingRemoval() const { return m_pendingRemoval.id; }

    // A new title from the user: stored, and shown everywhere.
    VoidResult renameConversation(qint64 conversationId, const QString &title);

    // The stored conversations, for readers that need more than the open
    // sessions (export).
    ConversationStore &store() const { return m_services.store; }

    // Whether any conversation is receiving a reply right now.
    bool isStreaming() const;

    // Replies kept only in memory because the disk refused them (full,
    // read-only); written as soon as it allows.
    int unsavedReplies() const;
    void saveUnsavedNow();

signals:
    // A reply could not be written; it is kept in memory and written again.
    void storageFailed(const StorageProblem &problem);
    // Every reply that could not be written has now been written.
    void storageRecovered();
    // Renaming or deleting a conversation failed; the words say why.
    void actionFailed(const QString &message);
    // The conversation left the list (removeWithUndo): windows showing it
    // move on.
    void conversationRemoved(qint64 conversationId);
    // The last reply that was streaming has ended (and is stored).
    void allRepliesFinished();

private:
    ChatSession *adopt(ChatSession *session);
    void dropIfUnused(ChatSession *session);

    SessionServices m_services;
    ConversationListModel &m_conversations;
    QHash<qint64, ChatSession *> m_sessions;
    QHash<ChatSession *, int> m_holds; // windows showing each held session
    Conversation m_pendingRemoval;     // id 0: none
};
