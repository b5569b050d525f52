#include "sessionregistry.h"

#include "chatsession.h"
#include "core/logging.h"
#include "models/conversationlistmodel.h"
#include "store/conversationstore.h"

SessionRegistry::SessionRegistry(SessionServices services, ConversationListModel &conversations,
                                 QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_conversations(conversations)
{}

Status SessionRegistry::loadConversations()
{
    if (Result<int> n = m_services.store.markStreamingInterrupted(); !n)
        return Status::failure(n.error());
    else if (n.value() > 0)
        qCInfo(lcSession) << n.value()
                          << "replies were cut off by the last exit; kept as interrupted";
    Result<QList<Conversation>> all = m_services.store.conversations();
    if (!all)
        return Status::failure(all.error());
    m_conversations.setConversations(all.value());
    return Ok{};
}

ChatSession *SessionRegistry::adopt(ChatSession *session)
{
    connect(session, &ChatSession::conversationChanged, this,
            [this, session](const Conversation &conversation) {
                m_sessions.insert(conversation.id, session);
                m_conversations.upsert(conversation);
            });
    connect(session, &ChatSession::storageFailed, this, &SessionRegistry::storageFailed);
    connect(session, &ChatSession::streamingChanged, this, [this](bool streaming) {
        if (!streaming && !isStreaming())
            emit allRepliesFinished();
    });
    return session;
}

Result<ChatSession *> SessionRegistry::session(qint64 conversationId)
{
    if (ChatSession *existing = m_sessions.value(conversationId))
        return existing;
    auto *session = new ChatSession(m_services, conversationId, this);
    if (Status loaded = session->load(); !loaded) {
        delete session;
        return Result<ChatSession *>::failure(loaded.error());
    }
    m_sessions.insert(conversationId, session);
    return adopt(session);
}

bool SessionRegistry::isStreaming() const
{
    for (const ChatSession *session : findChildren<ChatSession *>(Qt::FindDirectChildrenOnly)) {
        if (session->isStreaming())
            return true;
    }
    return false;
}

ChatSession *SessionRegistry::newChat()
{
    return adopt(new ChatSession(m_services, 0, this));
}

Status SessionRegistry::deleteConversation(qint64 conversationId)
{
    if (ChatSession *session = m_sessions.take(conversationId)) {
        session->stop();
        session->deleteLater();
    }
    if (Status s = m_services.store.deleteConversation(conversationId); !s)
        return s;
    m_conversations.remove(conversationId);
    return Ok{};
}
