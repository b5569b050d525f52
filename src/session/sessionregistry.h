#pragma once

#include "core/result.h"
#include "sessionservices.h"

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

    // Start-up: marks replies left streaming by a dead process as
    // interrupted and fills the conversation list.
    Status loadConversations();

    // The session of a stored conversation, loaded on first use.
    Result<ChatSession *> session(qint64 conversationId);
    // A new, empty chat; it enters the store on its first message.
    ChatSession *newChat();

    Status deleteConversation(qint64 conversationId);

    // The stored conversations, for readers that need more than the open
    // sessions (export).
    ConversationStore &store() const { return m_services.store; }

    // Whether any conversation is receiving a reply right now.
    bool isStreaming() const;

signals:
    void storageFailed(const QString &message);
    // The last reply that was streaming has ended (and is stored).
    void allRepliesFinished();

private:
    ChatSession *adopt(ChatSession *session);

    SessionServices m_services;
    ConversationListModel &m_conversations;
    QHash<qint64, ChatSession *> m_sessions;
};
