// ChatSession and SessionRegistry with every real part: a SQLite file, the
// HTTP client against the fake server, and the models. Only the keychain is
// in memory here (the real one has its own integration test).
#include "api/chatclient.h"
#include "chatworld.h"
#include "session/chatsession.h"
#include "session/continuationrequest.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

class TestChatSession : public QObject
{
    Q_OBJECT

private:
    // A whole application's worth of real parts, fresh for every test.
    using World = ChatWorld;
    std::unique_ptr<World> m_world;

private slots:
    void init()
    {
        m_world = std::make_unique<World>();
        QVERIFY2(m_world->setUp({.model = QStringLiteral("fake-model")}),
                 qPrintable(m_world->errorString()));
        new QAbstractItemModelTester(&m_world->conversations,
                                     QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    }
    void cleanup() { m_world.reset(); }

    void userMessageIsStoredBeforeTheRequestLeaves()
    {
        World &w = *m_world;
        ChatSession *session = w.newSession();
        QList<ChatMessage> storedWhenRequestArrived;
        connect(&w.server, &FakeOpenAiServer::requestReceived, this, [&] {
            storedWhenRequestArrived = w.stored(session->conversationId());
            w.enqueueReply({});
        });
        QVERIFY(session->send(QStringLiteral("  Is it saved first?  ")));
        QTRY_VERIFY(!session->isStreaming());
        QCOMPARE(storedWhenRequestArrived.size(), 2);
        QCOMPARE(storedWhenRequestArrived.at(0).content, QStringLiteral("Is it saved first?"));
        QCOMPARE(storedWhenRequestArrived.at(0).role, ChatMessage::Role::User);
        QCOMPARE(storedWhenRequestArrived.at(1).state, MessageState::Streaming);
    }

    void replyStreamsIntoTheModelAndTheStore()
    {
        World &w = *m_world;
        w.enqueueReply({QStringLiteral("Hello"), QStringLiteral(", "), QStringLiteral("世界")});
        ChatSession *session = w.newSession();
        QSignalSpy changed(session->model(), &QAbstractItemModel::dataChanged);
        QSignalSpy conversationChanged(session, &ChatSession::conversationChanged);
        QVERIFY(session->send(QStringLiteral("Greet me\nplease")));
        QVERIFY(session->isStreaming());
        QCOMPARE(session->model()->rowCount(), 2);
        QTRY_VERIFY(!session->isStreaming());

        // Each delta changed the assistant row and named the content role.
        int contentChanges = 0;
        for (const QList<QVariant> &args : changed) {
            QCOMPARE(args.at(0).toModelIndex().row(), 1);
            if (args.at(2).value<QList<int>>().contains(MessageListModel::ContentRole))
                ++contentChanges;
        }
        QCOMPARE(contentChanges, 3);
        const QModelIndex reply = session->model()->index(1);
        QCOMPARE(reply.data(MessageListModel::ContentRole).toString(),
                 QStringLiteral("Hello, 世界"));
        QCOMPARE(MessageState(reply.data(MessageListModel::StateRole).toInt()),
                 MessageState::Complete);

        const QList<ChatMessage> stored = w.stored(session->conversationId());
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored.at(1).content, QStringLiteral("Hello, 世界"));
        QCOMPARE(stored.at(1).state, MessageState::Complete);
        QCOMPARE(stored.at(1).model, QStringLiteral("fake-model"));
        QCOMPARE(stored.at(1).completionTokens, 3);

        // The conversation was created, titled from the first line, and listed.
        QVERIFY(conversationChanged.size() >= 1);
        QCOMPARE(w.conversations.rowCount(), 1);
        QCOMPARE(w.conversations.index(0).data(ConversationListModel::TitleRole).toString(),
                 QStringLiteral("Greet me"));
    }

    void secondMessageSendsTheHistory()
    {
        World &w = *m_world;
        w.settings->setSystemPrompt(QStringLiteral("Be brief."));
        w.enqueueReply({QStringLiteral("One.")});
        w.enqueueReply({QStringLiteral("Two.")});
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("first")));
        QTRY_VERIFY(!session->isStreaming());
        QVERIFY(session->send(QStringLiteral("second")));
        QTRY_VERIFY(!session->isStreaming());
        QCOMPARE(w.server.requests().size(), 2);
        const QJsonArray sent =
            w.server.requests().at(1).json().value(QLatin1String("messages")).toArray();
        QStringList turns;
        for (const QJsonValue &v : sent)
            turns << v[QLatin1String("role")].toString() + QLatin1Char(':') +
                         v[QLatin1String("content")].toString();
        QCOMPARE(turns,
                 QStringList({QStringLiteral("system:Be brief."), QStringLiteral("user:first"),
                              QStringLiteral("assistant:One."), QStringLiteral("user:second")}));
    }

    void progressIsCommittedWhileStreamingAndStopKeepsIt()
    {
        World &w = *m_world;
        FakeResponse response;
        response.steps = {{ChatWorld::delta(QStringLiteral("part one, ")), 0},
                          {ChatWorld::delta(QStringLiteral("part two")), 50}};
        response.end = FakeResponse::End::Stall; // the server goes quiet
        w.server.enqueue(response);
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("go")));
        const qint64 id = session->conversationId();
        // Within a commit interval or two the text is on disk, still streaming.
        QTRY_COMPARE_WITH_TIMEOUT(w.stored(id).value(1).content,
                                  QStringLiteral("part one, part two"), 3000);
        QCOMPARE(w.stored(id).value(1).state, MessageState::Streaming);

        session->stop();
        QVERIFY(!session->isStreaming());
        QCOMPARE(w.stored(id).value(1).state, MessageState::Stopped);
        QCOMPARE(w.stored(id).value(1).content, QStringLiteral("part one, part two"));
    }

    void progressReachesTheDiskWithinACommitInterval()
    {
        World &w = *m_world;
        FakeResponse response;
        response.steps = {{ChatWorld::delta(QStringLiteral("first words")), 0}};
        response.end = FakeResponse::End::Stall; // nothing more, no state change to force a write
        w.server.enqueue(response);
        ChatSession *session = w.newSession();
        QElapsedTimer sinceArrival;
        connect(session->model(), &QAbstractItemModel::dataChanged, this,
                [&sinceArrival](const QModelIndex &index, const QModelIndex &,
                                const QList<int> &roles) {
                    if (!sinceArrival.isValid() && roles.contains(MessageListModel::ContentRole) &&
                        !index.data(MessageListModel::ContentRole).toString().isEmpty())
                        sinceArrival.start();
                });
        QVERIFY(session->send(QStringLiteral("go")));
        const qint64 replyId = session->model()->messages().at(1).id;

        // Read as another process (or the next start after a crash) would:
        // through a connection of its own, so only committed text counts.
        const QString observerName = QStringLiteral("observer");
        {
            QSqlDatabase observer =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), observerName);
            observer.setDatabaseName(w.database.path());
            QVERIFY(observer.open());
            const auto onDisk = [&observer, replyId] {
                QSqlQuery q(observer);
                q.prepare(QStringLiteral("SELECT content FROM messages WHERE id = ?"));
                q.addBindValue(replyId);
                return q.exec() && q.next() ? q.value(0).toString() : QString();
            };
            QVERIFY(
                QTest::qWaitFor([&] { return onDisk() == QStringLiteral("first words"); }, 5000));
            QVERIFY(sinceArrival.isValid());
            // The interval is 250 ms; 1000 leaves room for a loaded machine
            // (CI runs this under ASan too) and still fails a longer interval.
            const qint64 delay = sinceArrival.elapsed();
            QVERIFY2(delay <= 1000, qPrintable(QStringLiteral("committed after %1 ms").arg(delay)));
        }
        QSqlDatabase::removeDatabase(observerName);
        session->stop();
    }

    void droppedConnectionKeepsTextAsInterrupted()
    {
        World &w = *m_world;
        FakeResponse response;
        response.steps = {{ChatWorld::delta(QStringLiteral("half an ans")), 0}};
        response.end = FakeResponse::End::Cut;
        w.server.enqueue(response);
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("go")));
        QTRY_VERIFY(!session->isStreaming());
        const ChatMessage reply = w.stored(session->conversationId()).value(1);
        QCOMPARE(reply.content, QStringLiteral("half an ans"));
        QCOMPARE(reply.state, MessageState::Interrupted);
        QVERIFY(!reply.error.isEmpty());
    }

    void httpErrorIsStoredWithTheReply()
    {
        World &w = *m_world;
        w.server.enqueue(FakeOpenAiServer::error(401, QStringLiteral("Incorrect API key")));
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("hello")));
        QTRY_VERIFY(!session->isStreaming());
        const QList<ChatMessage> stored = w.stored(session->conversationId());
        QCOMPARE(stored.at(0).content, QStringLiteral("hello"));
        QCOMPARE(stored.at(1).state, MessageState::Failed);
        QVERIFY(stored.at(1).error.contains(QStringLiteral("Settings")));
        QVERIFY(stored.at(1).error.contains(QStringLiteral("Incorrect API key")));
        QCOMPARE(session->model()->index(1).data(MessageListModel::ErrorRole).toString(),
                 stored.at(1).error);
    }

    void aKeyEchoedInAServerErrorIsNeitherStoredNorShown()
    {
        World &w = *m_world;
        const QString key = QStringLiteral("sk-proj-EchoedBackByTheServer0123456789");
        w.server.enqueue(FakeOpenAiServer::error(
            401, QStringLiteral("Incorrect API key provided: %1. You can find your API key at "
                                "https://platform.openai.com/account/api-keys.")
                     .arg(key)));
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("hello")));
        QTRY_VERIFY(!session->isStreaming());
        const QList<ChatMessage> stored = w.stored(session->conversationId());
        QCOMPARE(stored.at(1).state, MessageState::Failed);
        QVERIFY2(!stored.at(1).error.contains(key), qPrintable(stored.at(1).error));
        QVERIFY(stored.at(1).error.contains(QStringLiteral("Incorrect API key provided")));
        QVERIFY(
            !session->model()->index(1).data(MessageListModel::ErrorRole).toString().contains(key));
    }

    void keychainFailureIsExplainedAndNothingIsSent()
    {
        World &w = *m_world;
        w.secrets.setFailure(QStringLiteral("No Secret Service is running."));
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("hello")));
        QTRY_VERIFY(!session->isStreaming());
        const QList<ChatMessage> stored = w.stored(session->conversationId());
        QCOMPARE(stored.at(0).content, QStringLiteral("hello"));
        QCOMPARE(stored.at(1).state, MessageState::Failed);
        QVERIFY(stored.at(1).error.contains(QStringLiteral("No Secret Service is running.")));
        QVERIFY(w.server.requests().isEmpty());
    }

    void keyComesFromKeychainOrEnvironment()
    {
        World &w = *m_world;
        bool saved = false;
        w.keys->save(QStringLiteral("sk-from-keychain-1234"), this,
                     [&](const VoidResult &s) { saved = s.ok(); });
        QTRY_VERIFY(saved);
        w.enqueueReply({});
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("a")));
        QTRY_VERIFY(!session->isStreaming());
        QCOMPARE(w.server.requests().at(0).headers.value("authorization"),
                 QByteArray("Bearer sk-from-keychain-1234"));

        // OPENAI_API_KEY wins for the run.
        ApiKeys fromEnv(w.secrets, QStringLiteral("sk-from-env-5678"));
        SessionRegistry registry(
            {*w.store, *w.client, fromEnv, *w.settings, w.tokenizers, *w.catalogue, *w.spending},
            w.conversations);
        w.enqueueReply({});
        ChatSession *other = registry.newChat();
        QVERIFY(other->send(QStringLiteral("b")));
        QTRY_VERIFY(!other->isStreaming());
        QCOMPARE(w.server.requests().at(1).headers.value("authorization"),
                 QByteArray("Bearer sk-from-env-5678"));
    }

    void sendingWhileStreamingIsRefused()
    {
        World &w = *m_world;
        FakeResponse response;
        response.end = FakeResponse::End::Stall;
        w.server.enqueue(response);
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("one")));
        const VoidResult second = session->send(QStringLiteral("two"));
        QVERIFY(!second);
        QVERIFY(!second.error().isEmpty());
        QCOMPARE(session->model()->rowCount(), 2);
        session->stop();
    }

    void registrySharesSessionsAndRecoversInterruptedReplies()
    {
        World &w = *m_world;
        // A reply left "streaming" by a process that died.
        Result<Conversation> c = w.store->createConversation(QStringLiteral("old"));
        QVERIFY(c);
        QVERIFY(w.store->addExchange(c.value().id, QStringLiteral("q"), QStringLiteral("m")));
        QVERIFY(w.registry->loadConversations());
        QCOMPARE(w.conversations.rowCount(), 1);
        QCOMPARE(w.stored(c.value().id).at(1).state, MessageState::Interrupted);

        Result<ChatSession *> a = w.registry->session(c.value().id);
        Result<ChatSession *> b = w.registry->session(c.value().id);
        QVERIFY(a && b);
        QCOMPARE(a.value(), b.value()); // one model per conversation
        QCOMPARE(a.value()->model()->rowCount(), 2);
        QVERIFY(!w.registry->session(987654));

        QVERIFY(w.registry->deleteConversation(c.value().id));
        QCOMPARE(w.conversations.rowCount(), 0);
        QVERIFY(w.stored(c.value().id).isEmpty());
    }

    // --- Continue generation -------------------------------------------------

    void continueAppendsToTheSameMessageWithoutTheRepeat()
    {
        World &w = *m_world;
        FakeResponse cut;
        cut.steps = {{ChatWorld::delta(QStringLiteral("The answer is 4")), 0}};
        cut.end = FakeResponse::End::Cut;
        w.server.enqueue(cut);
        // The model repeats the end of what it said before going on.
        w.enqueueReply({QStringLiteral("answer is 4"), QStringLiteral("2, of course.")});
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("What is the answer?")));
        QTRY_VERIFY(!session->isStreaming());
        const qint64 replyId = session->model()->messages().at(1).id;
        QCOMPARE(session->model()->messages().at(1).state, MessageState::Interrupted);
        QVERIFY(session->canContinue(replyId));

        QVERIFY(session->continueGeneration(replyId));
        QVERIFY(session->isStreaming());
        QTRY_VERIFY(!session->isStreaming());

        QCOMPARE(session->model()->rowCount(), 2); // the same message, no new one
        const QList<ChatMessage> stored = w.stored(session->conversationId());
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored.at(1).id, replyId);
        QCOMPARE(stored.at(1).content, QStringLiteral("The answer is 42, of course."));
        QCOMPARE(stored.at(1).state, MessageState::Complete);

        // The request carried the history, the partial reply and the ask to go on.
        const QJsonArray sent =
            w.server.requests().at(1).json().value(QLatin1String("messages")).toArray();
        QCOMPARE(sent.size(), 3);
        QCOMPARE(sent.at(0)[QLatin1String("content")].toString(),
                 QStringLiteral("What is the answer?"));
        QCOMPARE(sent.at(1)[QLatin1String("role")].toString(), QStringLiteral("assistant"));
        QCOMPARE(sent.at(1)[QLatin1String("content")].toString(),
                 QStringLiteral("The answer is 4"));
        QCOMPARE(sent.at(2)[QLatin1String("role")].toString(), QStringLiteral("user"));
        QCOMPARE(sent.at(2)[QLatin1String("content")].toString(),
                 ContinuationRequest::instruction());
        QVERIFY(!session->canContinue(replyId)); // complete now
    }

    void continueWorksAgainAndKeepsBothPartsWhenItDropsToo()
    {
        World &w = *m_world;
        FakeResponse first;
        first.steps = {{ChatWorld::delta(QStringLiteral("One, two")), 0}};
        first.end = FakeResponse::End::Cut;
        FakeResponse second;
        second.steps = {{ChatWorld::delta(QStringLiteral(", three")), 0}};
        second.end = FakeResponse::End::Cut;
        w.server.enqueue(first);
        w.server.enqueue(second);
        w.enqueueReply({QStringLiteral(", four.")});
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("count")));
        QTRY_VERIFY(!session->isStreaming());
        const qint64 id = session->model()->messages().at(1).id;
        QVERIFY(session->continueGeneration(id));
        QTRY_VERIFY(!session->isStreaming());
        QCOMPARE(w.stored(session->conversationId()).at(1).content,
                 QStringLiteral("One, two, three"));
        QCOMPARE(w.stored(session->conversationId()).at(1).state, MessageState::Interrupted);
        QVERIFY(session->continueGeneration(id));
        QTRY_VERIFY(!session->isStreaming());
        QCOMPARE(w.stored(session->conversationId()).at(1).content,
                 QStringLiteral("One, two, three, four."));
        QCOMPARE(w.stored(session->conversationId()).at(1).state, MessageState::Complete);
    }

    void continueWorksAfterARestart()
    {
        World &w = *m_world;
        // A reply left mid-stream by a process that was killed.
        const ChatMessage cut = w.storeCutReply(QStringLiteral("q"), QStringLiteral("Partial ans"),
                                                QStringLiteral("fake-model"));
        QVERIFY(cut.id != 0);
        QCOMPARE(cut.state, MessageState::Interrupted);
        Result<ChatSession *> session = w.registry->session(cut.conversationId);
        QVERIFY(session);
        w.enqueueReply({QStringLiteral("wer, complete.")});
        QVERIFY(session.value()->continueGeneration(cut.id));
        QTRY_VERIFY(!session.value()->isStreaming());
        QCOMPARE(w.stored(cut.conversationId).at(1).content,
                 QStringLiteral("Partial answer, complete."));
    }

    void onlyTheLastReplyThatEndedEarlyCanBeContinued()
    {
        World &w = *m_world;
        w.enqueueReply({QStringLiteral("ok")});
        w.enqueueReply({QStringLiteral("cut")}, QStringLiteral("length"));
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("a")));
        QTRY_VERIFY(!session->isStreaming());
        const QList<ChatMessage> first = session->model()->messages();
        QVERIFY(!session->canContinue(first.at(0).id)); // a user message
        QVERIFY(!session->canContinue(first.at(1).id)); // complete
        QVERIFY(!session->continueGeneration(first.at(1).id));
        QVERIFY(session->send(QStringLiteral("b")));
        QTRY_VERIFY(!session->isStreaming());
        QCOMPARE(session->model()->messages().at(3).state, MessageState::Truncated);
        QVERIFY(session->canContinue(session->model()->messages().at(3).id));
        QVERIFY(!session->canContinue(first.at(1).id)); // no longer the last
    }

    void continuingDependsOnHowTheReplyEnded_data()
    {
        QTest::addColumn<QString>("ending");
        QTest::addColumn<MessageState>("state");
        QTest::addColumn<bool>("continuable");
        QTest::newRow("stopped by the user")
            << QStringLiteral("stop") << MessageState::Stopped << true;
        QTest::newRow("failed with text")
            << QStringLiteral("error after text") << MessageState::Failed << true;
        QTest::newRow("failed without text")
            << QStringLiteral("error before text") << MessageState::Failed << false;
        QTest::newRow("complete") << QStringLiteral("done") << MessageState::Complete << false;
    }

    void continuingDependsOnHowTheReplyEnded()
    {
        QFETCH(QString, ending);
        QFETCH(MessageState, state);
        QFETCH(bool, continuable);
        World &w = *m_world;
        FakeResponse response;
        if (ending == QLatin1String("stop")) {
            response.steps = {{ChatWorld::delta(QStringLiteral("half a")), 0}};
            response.end = FakeResponse::End::Stall;
        } else if (ending == QLatin1String("error after text")) {
            // The server gives up mid-reply with an error event (OpenAI's
            // shape for an overloaded server).
            response.steps = {
                {ChatWorld::delta(QStringLiteral("half a")), 0},
                {FakeOpenAiServer::sseData(QJsonObject{
                     {QStringLiteral("error"),
                      QJsonObject{
                          {QStringLiteral("message"), QStringLiteral("The server is overloaded.")},
                          {QStringLiteral("type"), QStringLiteral("server_error")}}}}),
                 0}};
        } else if (ending == QLatin1String("error before text")) {
            response = FakeOpenAiServer::error(401, QStringLiteral("Incorrect API key"));
        } else {
            response =
                FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("whole")}));
        }
        w.server.enqueue(response);
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("q")));
        if (ending == QLatin1String("stop")) {
            QTRY_VERIFY(!session->model()->messages().at(1).content.isEmpty());
            session->stop();
        }
        QTRY_VERIFY(!session->isStreaming());
        const ChatMessage reply = session->model()->messages().at(1);
        QCOMPARE(reply.state, state);
        QCOMPARE(w.stored(session->conversationId()).at(1).state, state);
        QCOMPARE(session->canContinue(reply.id), continuable);
        QCOMPARE(bool(session->continueGeneration(reply.id)), continuable);
        if (continuable)
            session->stop(); // nothing is queued for the continuation
    }

    void continuationRequestShapes()
    {
        using CR = ContinuationRequest;
        QCOMPARE(CR::modeFor(QUrl(QStringLiteral("https://api.deepseek.com/beta"))),
                 CR::Mode::Prefix);
        QCOMPARE(CR::modeFor(QUrl(QStringLiteral("https://api.deepseek.com/v1"))),
                 CR::Mode::Instruction);
        QCOMPARE(CR::modeFor(QUrl(QStringLiteral("https://api.openai.com/v1"))),
                 CR::Mode::Instruction);
        const auto prefix = CR::turns(CR::Mode::Prefix, QStringLiteral("part"));
        QCOMPARE(prefix.size(), 1);
        QVERIFY(prefix.at(0).prefix);
        QCOMPARE(prefix.at(0).role, QStringLiteral("assistant"));
        QVERIFY(CR::turns(CR::Mode::Instruction, QString()).isEmpty());
        ChatRequest r;
        r.messages = prefix;
        const QJsonObject body = QJsonDocument::fromJson(ChatClient::requestBody(r)).object();
        QCOMPARE(body[QLatin1String("messages")][0][QLatin1String("prefix")].toBool(), true);
    }

    void aReplyThatCannotBeSavedIsKeptAndSavedLater()
    {
        World &w = *m_world;
        FakeResponse response;
        response.steps = {{ChatWorld::delta(QStringLiteral("precious ")), 0},
                          {ChatWorld::delta(QStringLiteral("reply")), 300},
                          {QByteArrayLiteral("data: [DONE]\n\n"), 0}};
        w.server.enqueue(response);
        ChatSession *session = w.newSession();
        QSignalSpy failed(session, &ChatSession::storageFailed);
        QVERIFY(session->send(QStringLiteral("q")));
        // The disk "fills up" while the reply streams.
        QVERIFY(QSqlQuery(w.database.connection()).exec(QStringLiteral("PRAGMA query_only = 1")));
        QTRY_VERIFY(!session->isStreaming());
        QVERIFY(!failed.isEmpty());
        QCOMPARE(session->model()->messages().at(1).content, QStringLiteral("precious reply"));
        // Space comes back: the reply reaches the disk without anyone asking.
        QVERIFY(QSqlQuery(w.database.connection()).exec(QStringLiteral("PRAGMA query_only = 0")));
        QTRY_COMPARE_WITH_TIMEOUT(w.stored(session->conversationId()).at(1).content,
                                  QStringLiteral("precious reply"), 5000);
        QCOMPARE(w.stored(session->conversationId()).at(1).state, MessageState::Complete);
    }
};

QTEST_GUILESS_MAIN(TestChatSession)
#include "tst_chatsession.moc"
