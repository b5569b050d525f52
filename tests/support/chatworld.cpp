#include "chatworld.h"

#include "session/chatsession.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>

bool ChatWorld::setUp()
{
    return setUp(Options{});
}

bool ChatWorld::setUp(const Options &options)
{
    m_options = options;
    if (!dir.isValid())
        return fail(QStringLiteral("temporary folder: ") + dir.errorString());
    if (options.listen && !server.listen())
        return fail(QStringLiteral("the fake server could not listen on loopback"));
    if (VoidResult opened = database.open(dir.filePath(QStringLiteral("confab.sqlite3"))); !opened)
        return fail(QStringLiteral("database: ") + opened.error());
    store = std::make_unique<ConversationStore>(database);
    client = std::make_unique<ChatClient>(&network);
    keys = std::make_unique<ApiKeys>(secrets, options.envKey);
    qsettings = std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat);
    settings = std::make_unique<AppSettings>(qsettings.get(), QString());
    if (options.listen)
        settings->setBaseUrl(server.baseUrl());
    if (!options.model.isEmpty())
        settings->setModel(options.model);
    catalogue = std::make_unique<ModelCatalogue>(qsettings.get());
    spending = std::make_unique<SpendingLedger>(qsettings.get());
    makeRegistry();
    return true;
}

void ChatWorld::makeRegistry()
{
    registry = std::make_unique<SessionRegistry>(
        SessionServices{*store, *client, *keys, *settings, tokenizers, *catalogue, *spending},
        conversations);
}

ChatSession *ChatWorld::newSession()
{
    ChatSession *session = registry->newChat();
    // Parented to the session: it checks the model as long as the model lives.
    new QAbstractItemModelTester(session->model(),
                                 QAbstractItemModelTester::FailureReportingMode::QtTest, session);
    return session;
}

QList<ChatMessage> ChatWorld::stored(qint64 conversationId) const
{
    Result<QList<ChatMessage>> messages = store->messages(conversationId);
    return messages ? messages.value() : QList<ChatMessage>{};
}

qint64 ChatWorld::storeConversation(int exchanges, const QString &model,
                                    const std::function<void(ChatMessage &, int)> &fill)
{
    Result<Conversation> c = store->createConversation(QStringLiteral("stored"));
    if (!c)
        return 0;
    for (int i = 0; i < exchanges; ++i) {
        Result<ConversationStore::Exchange> e =
            store->addExchange(c.value().id, QStringLiteral("q%1").arg(i), model);
        if (!e)
            return 0;
        ChatMessage answer = e.value().assistant;
        answer.content = QStringLiteral("a%1").arg(i);
        answer.state = MessageState::Complete;
        if (fill)
            fill(answer, i);
        if (!store->saveMessage(answer))
            return 0;
    }
    return c.value().id;
}

ChatMessage ChatWorld::storeCutReply(const QString &question, const QString &partial,
                                     const QString &model)
{
    Result<Conversation> c = store->createConversation(QStringLiteral("cut"));
    Result<ConversationStore::Exchange> e =
        c ? store->addExchange(c.value().id, question, model)
          : Result<ConversationStore::Exchange>::failure(c.error());
    if (!e || !store->saveProgress(e.value().assistant.id, partial, {}) ||
        !registry->loadConversations()) // start-up: streaming -> interrupted
        return {};
    const QList<ChatMessage> messages = stored(c.value().id);
    return messages.size() == 2 ? messages.at(1) : ChatMessage{};
}

void ChatWorld::enqueueReply(const QStringList &deltas, const QString &finishReason)
{
    server.enqueue(FakeOpenAiServer::sse(FakeOpenAiServer::chatStream(deltas, finishReason)));
}

QByteArray ChatWorld::delta(const QString &text)
{
    return FakeOpenAiServer::sseData(
        QJsonObject{{QStringLiteral("choices"),
                     QJsonArray{QJsonObject{{QStringLiteral("delta"),
                                             QJsonObject{{QStringLiteral("content"), text}}}}}}});
}

QString ChatWorld::settingsPath() const
{
    return dir.filePath(QStringLiteral("s.ini"));
}

void ChatWorld::setPrices(const QList<PriceTable::Entry> &prices)
{
    catalogue->setTables(catalogue->limits().table(), catalogue->limits().replyReserve(), prices);
}

void ChatWorld::setContextLimits(const QList<ContextLimits::Entry> &limits, int replyReserve)
{
    catalogue->setTables(limits, replyReserve, catalogue->prices().table());
}

AppContext ChatWorld::context()
{
    return AppContext{*registry,  conversations, *settings, *keys,  *client,
                      tokenizers, *catalogue,    *spending, nullptr};
}

bool ChatWorld::fail(const QString &reason)
{
    m_error = reason;
    return false;
}
