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
{
    m_conversations.setRenamer(
        [this](qint64 id, const QString &title) { return renameConversation(id, title); });
}

SessionRegistry::~SessionRegistry()
{
    m_conversations.setRenamer(nullptr);
    if (VoidResult s = commitRemoval(); !s)
        qCWarning(lcSession) << "could not delete the conversation:" << s.error();
}

VoidResult SessionRegistry::loadConversations()
{
    if (Result<int> n = m_services.store.markStreamingInterrupted(); !n)
        return VoidResult::failure(n.error());
    else if (n.value() > 0)
        qCInfo(lcSession) << n.value()
                          << "replies were cut off by the last exit; kept as interrupted";
    Result<QList<Conversation>> all = m_services.store.conversations();
    if (!all)
        return VoidResult::failure(all.error());
    m_conversations.setConversations(all.value());
    return Ok{};
}

ChatSession *SessionRegistry::adopt(ChatSession *session)
{
    connect(session, &ChatSession::conversationChanged, this,
            [this, session](const Conversation &conversation) {
                if (conversation.id == 0)
                    return; // a new chat's options, before it is stored
                m_sessions.insert(conversation.id, session);
                m_conversations.upsert(conversation);
            });
    connect(session, &ChatSession::storageFailed, this, &SessionRegistry::storageFailed);
    connect(session, &ChatSession::storageRecovered, this, [this] {
        if (unsavedReplies() == 0)
            emit storageRecovered();
    });
    connect(session, &ChatSession::streamingChanged, this, [this, session](bool streaming) {
        if (!streaming && !isStreaming())
            emit allRepliesFinished();
        if (!streaming)
            dropIfUnused(session);
    });
    connect(session, &ChatSession::storageRecovered, this,
            [this, session] { dropIfUnused(session); });
    return session;
}

void SessionRegistry::hold(ChatSession *session)
{
    ++m_holds[session];
}

void SessionRegistry::release(ChatSession *session)
{
    auto it = m_holds.find(session);
    if (it == m_holds.end())
        return;
    --it.value();
    dropIfUnused(session);
}

void SessionRegistry::dropIfUnused(ChatSession *session)
{
    const auto it = m_holds.constFind(session);
    // Only a session windows held and all let go; nothing of it may be lost.
    if (it == m_holds.cend() || it.value() > 0 || session->isStreaming() ||
        session->unsavedReplies() > 0)
        return;
    m_holds.remove(session);
    if (m_sessions.value(session->conversationId()) == session)
        m_sessions.remove(session->conversationId());
    session->deleteLater();
}

int SessionRegistry::sessionCount() const
{
    return int(findChildren<ChatSession *>(Qt::FindDirectChildrenOnly).size());
}

Result<ChatSession *> SessionRegistry::session(qint64 conversationId)
{
    if (ChatSession *existing = m_sessions.value(conversationId))
        return existing;
    auto *session = new ChatSession(m_services, conversationId, this);
    if (VoidResult loaded = session->load(); !loaded) {
        delete session;
        return Result<ChatSession *>::failure(loaded.error());
    }
    m_sessions.insert(conversationId, session);
    return adopt(session);
}

int SessionRegistry::unsavedReplies() const
{
    int n = 0;
    for (const ChatSession *session : findChildren<ChatSession *>(Qt::FindDirectChildrenOnly))
        n += session->unsavedReplies();
    return n;
}

void SessionRegistry::saveUnsavedNow()
{
    for (ChatSession *session : findChildren<ChatSession *>(Qt::FindDirectChildrenOnly))
        session->saveUnsavedNow();
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

VoidResult SessionRegistry::deleteConversation(qint64 conversationId)
{
    if (ChatSession *session = m_sessions.take(conversationId)) {
        session->stop();
        m_holds.remove(session);
        session->deleteLater();
    }
    if (VoidResult s = m_services.store.deleteConversation(conversationId); !s)
        return s;
    m_conversations.remove(conversationId);
    return Ok{};
}

void SessionRegistry::removeWithUndo(qint64 conversationId)
{
    const Conversation *listed = m_conversations.find(conversationId);
    if (!listed)
        return;
    if (m_pendingRemoval.id != 0 && m_pendingRemoval.id != conversationId) {
        if (VoidResult s = commitRemoval(); !s)
            emit actionFailed(s.error());
    }
    m_pendingRemoval = *listed;
    if (ChatSession *session = m_sessions.value(conversationId))
        session->stop();
    m_conversations.remove(conversationId);
    emit conversationRemoved(conversationId);
}

bool SessionRegistry::undoRemoval()
{
    if (m_pendingRemoval.id == 0)
        return false;
    m_conversations.upsert(m_pendingRemoval);
    m_pendingRemoval = Conversation();
    return true;
}

VoidResult SessionRegistry::commitRemoval()
{
    const qint64 id = m_pendingRemoval.id;
    if (id == 0)
        return Ok{};
    m_pendingRemoval = Conversation();
    if (ChatSession *session = m_sessions.take(id)) {
        session->stop();
        m_holds.remove(session);
        session->deleteLater();
    }
    return m_services.store.deleteConversation(id);
}

VoidResult SessionRegistry::renameConversation(qint64 conversationId, const QString &title)
{
    const QString name = title.simplified();
    if (name.isEmpty())
        return VoidResult::failure(tr("A conversation needs a name."));
    if (VoidResult s = m_services.store.renameConversation(conversationId, name); !s) {
        emit actionFailed(s.error());
        return s;
    }
    if (ChatSession *session = m_sessions.value(conversationId))
        session->setTitle(name);
    if (const Conversation *listed = m_conversations.find(conversationId)) {
        Conversation renamed = *listed;
        renamed.title = name;
        m_conversations.upsert(renamed);
    }
    return Ok{};
}
