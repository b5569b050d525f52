// What the chat session makes of a misbehaving network: every failure ends
// with the reply kept, a state, and words for the user stored with it; waits
// before a retry are shown live on the pending reply; Stop ends everything at
// once. Real parts throughout: a SQLite file, the HTTP client against the
// fake server on loopback, the models.
#include "chatworld.h"
#include "session/chatsession.h"
#include "settings/appsettings.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

namespace {
QByteArray sseEvent(const char *json)
{
    return QByteArrayLiteral("data: ") + json + "\n\n";
}
} // namespace

class TestSessionNetwork : public QObject
{
    Q_OBJECT

private:
    struct World : ChatWorld
    {
        ChatMessage storedReply(const ChatSession *session) const
        {
            return stored(session->conversationId()).value(1);
        }
    };

    std::unique_ptr<World> m_world;

    static QString live(ChatSession *session)
    {
        return session->model()->index(1).data(MessageListModel::TransientStatusRole).toString();
    }

private slots:
    void init()
    {
        m_world = std::make_unique<World>();
        QVERIFY2(m_world->setUp({.envKey = QStringLiteral("sk-test-session-key-1"),
                                 .model = QStringLiteral("fake-model")}),
                 qPrintable(m_world->errorString()));
    }
    void cleanup() { m_world.reset(); }

    // C14 at the session: the wait shows on the pending reply, counts down,
    // goes away when the answer comes, and is never stored.
    void retryWaitIsShownLiveAndNotStored()
    {
        World &w = *m_world;
        FakeResponse limited = FakeOpenAiServer::error(429, QStringLiteral("Rate limit reached"));
        limited.headers = {{"Retry-After", "2"}};
        w.server.enqueue(limited);
        w.enqueueReply({QStringLiteral("Finally.")});
        ChatSession *session = w.newSession();
        QStringList seen;
        connect(session->model(), &QAbstractItemModel::dataChanged, this,
                [&](const QModelIndex &i, const QModelIndex &, const QList<int> &roles) {
                    if (roles.contains(MessageListModel::TransientStatusRole))
                        seen << i.data(MessageListModel::TransientStatusRole).toString();
                });
        QVERIFY(session->send(QStringLiteral("hello")));
        QTRY_COMPARE(live(session), QStringLiteral("Retrying in 2 s (attempt 2 of 3)"));
        QCOMPARE(w.storedReply(session).error, QString()); // a wait is not an error
        QTRY_VERIFY_WITH_TIMEOUT(!session->isStreaming(), 10000);
        // The countdown is checked from every value the model published, not
        // by polling, so a slow machine (sanitizers) cannot miss its second.
        QVERIFY2(seen.contains(QStringLiteral("Retrying in 1 s (attempt 2 of 3)")),
                 qPrintable(seen.join(QLatin1Char('|'))));
        QCOMPARE(live(session), QString());
        QVERIFY2(seen.contains(QString()), "the note was cleared");
        const ChatMessage reply = w.storedReply(session);
        QCOMPARE(reply.content, QStringLiteral("Finally."));
        QCOMPARE(reply.state, MessageState::Complete);
        QVERIFY(reply.error.isEmpty());
        QCOMPARE(w.server.requests().size(), 2);
    }

    void retriesCanBeTurnedOffInSettings()
    {
        World &w = *m_world;
        w.settings->setMaxRetries(0);
        FakeResponse limited = FakeOpenAiServer::error(429, QStringLiteral("Rate limit reached"));
        limited.headers = {{"Retry-After", "1"}};
        w.server.enqueue(limited);
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("hello")));
        QTRY_VERIFY(!session->isStreaming());
        QCOMPARE(w.server.requests().size(), 1);
        const ChatMessage reply = w.storedReply(session);
        QCOMPARE(reply.state, MessageState::Failed);
        QVERIFY(reply.error.contains(QStringLiteral("429")));
    }

    // Stop during the wait: at once, nothing more is sent, nothing is lost.
    void stopCancelsTheRetryWait()
    {
        World &w = *m_world;
        FakeResponse limited = FakeOpenAiServer::error(503, QStringLiteral("busy"));
        limited.headers = {{"Retry-After", "20"}};
        w.server.enqueue(limited);
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("keep my words")));
        QTRY_VERIFY(live(session).startsWith(QStringLiteral("Retrying in 20 s")));
        QElapsedTimer clock;
        clock.start();
        session->stop();
        QVERIFY(clock.elapsed() < 100);
        QVERIFY(!session->isStreaming());
        QCOMPARE(live(session), QString());
        QCOMPARE(w.storedReply(session).state, MessageState::Stopped);
        Result<QList<ChatMessage>> all = w.store->messages(session->conversationId());
        QVERIFY(all);
        QCOMPARE(all.value().at(0).content, QStringLiteral("keep my words"));
        QCOMPARE(w.server.requests().size(), 1);
    }

    // Stop mid-reply: within 100 ms, every character kept, stored stopped.
    void stopIsImmediateAndKeepsEverything()
    {
        World &w = *m_world;
        FakeResponse response;
        response.steps = {{ChatWorld::delta(QStringLiteral("Part one. ")), 0},
                          {ChatWorld::delta(QStringLiteral("Part two.")), 30}};
        response.end = FakeResponse::End::Stall;
        w.server.enqueue(response);
        ChatSession *session = w.newSession();
        QSignalSpy streaming(session, &ChatSession::streamingChanged);
        QVERIFY(session->send(QStringLiteral("go")));
        QTRY_COMPARE(session->model()->index(1).data(MessageListModel::ContentRole).toString(),
                     QStringLiteral("Part one. Part two."));
        QElapsedTimer clock;
        clock.start();
        session->stop();
        const qint64 elapsed = clock.elapsed();
        QVERIFY2(elapsed < 100, qPrintable(QString::number(elapsed)));
        QVERIFY(!session->isStreaming());
        QCOMPARE(streaming.last().first().toBool(), false);
        const ChatMessage reply = w.storedReply(session);
        QCOMPARE(reply.content, QStringLiteral("Part one. Part two."));
        QCOMPARE(reply.state, MessageState::Stopped);
    }

    // C13 at the session: silence past the idle timeout after some text is an
    // interrupted reply (Continue generation is offered for it), with words.
    void idleTimeoutAfterTextIsInterrupted()
    {
        World &w = *m_world;
        w.settings->setIdleTimeoutSeconds(1);
        FakeResponse response;
        response.steps = {{ChatWorld::delta(QStringLiteral("I was saying")), 0}};
        response.end = FakeResponse::End::Stall;
        w.server.enqueue(response);
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("go")));
        QTRY_VERIFY_WITH_TIMEOUT(!session->isStreaming(), 10000);
        const ChatMessage reply = w.storedReply(session);
        QCOMPARE(reply.content, QStringLiteral("I was saying"));
        QCOMPARE(reply.state, MessageState::Interrupted);
        QVERIFY(reply.error.contains(QStringLiteral("idle timeout")));
        QCOMPARE(w.server.requests().size(), 1); // text came: never retried
    }

    void idleTimeoutBeforeAnyTextFails()
    {
        World &w = *m_world;
        w.settings->setIdleTimeoutSeconds(1);
        FakeResponse response;
        response.end = FakeResponse::End::Stall; // headers, then nothing
        w.server.enqueue(response);
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("go")));
        QTRY_VERIFY_WITH_TIMEOUT(!session->isStreaming(), 10000);
        const ChatMessage reply = w.storedReply(session);
        QCOMPARE(reply.state, MessageState::Failed);
        QVERIFY(reply.error.contains(QStringLiteral("idle timeout")));
    }

    // C2/C3: an error after some text keeps the text and says what happened.
    void errorMidStreamKeepsTextAndStoresTheError()
    {
        World &w = *m_world;
        w.server.enqueue(FakeOpenAiServer::sse(
            ChatWorld::delta(QStringLiteral("Half of it")) +
            "event: error\ndata: {\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\"}}"
            "\n\n"));
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("go")));
        QTRY_VERIFY(!session->isStreaming());
        const ChatMessage reply = w.storedReply(session);
        QCOMPARE(reply.content, QStringLiteral("Half of it"));
        QCOMPARE(reply.state, MessageState::Failed);
        QVERIFY(reply.error.contains(QStringLiteral("Overloaded")));
    }

    // C9, C10
    void lengthAndFilterEndingsAreStoredAsSuch_data()
    {
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("state");
        QTest::newRow("length") << QStringLiteral("length") << int(MessageState::Truncated);
        QTest::newRow("content_filter")
            << QStringLiteral("content_filter") << int(MessageState::Filtered);
    }
    void lengthAndFilterEndingsAreStoredAsSuch()
    {
        QFETCH(QString, reason);
        QFETCH(int, state);
        World &w = *m_world;
        w.enqueueReply({QStringLiteral("Some text")}, reason);
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("go")));
        QTRY_VERIFY(!session->isStreaming());
        const ChatMessage reply = w.storedReply(session);
        QCOMPARE(int(reply.state), state);
        QCOMPARE(reply.content, QStringLiteral("Some text"));
        QVERIFY(!reply.error.isEmpty());
    }

    // C8: reasoning (DeepSeek's reasoning_content, others' reasoning) is kept
    // apart from the answer: stored in its own column, in its own model role,
    // and never sent back as part of the history.
    void reasoningIsStoredApartAndNotSentBack()
    {
        World &w = *m_world;
        w.server.enqueue(FakeOpenAiServer::sse(
            sseEvent(
                R"({"choices":[{"delta":{"role":"assistant","reasoning_content":"Think "}}]})") +
            sseEvent(R"({"choices":[{"delta":{"reasoning":"harder."}}]})") +
            ChatWorld::delta(QStringLiteral("The answer.")) +
            sseEvent(R"({"choices":[{"delta":{},"finish_reason":"stop"}]})") + "data: [DONE]\n\n"));
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("why?")));
        QTRY_VERIFY(!session->isStreaming());
        const ChatMessage reply = w.storedReply(session);
        QCOMPARE(reply.content, QStringLiteral("The answer."));
        QCOMPARE(reply.reasoning, QStringLiteral("Think harder."));
        QCOMPARE(reply.state, MessageState::Complete);
        QCOMPARE(session->model()->index(1).data(MessageListModel::ReasoningRole).toString(),
                 QStringLiteral("Think harder."));

        w.enqueueReply({QStringLiteral("Second.")});
        QVERIFY(session->send(QStringLiteral("and then?")));
        QTRY_VERIFY(!session->isStreaming());
        const QJsonArray history =
            w.server.requests().last().json().value(QLatin1String("messages")).toArray();
        QByteArray sent;
        for (const QJsonValue &m : history)
            sent += QJsonDocument(m.toObject()).toJson();
        QVERIFY2(sent.contains("The answer."), sent.constData());
        QVERIFY2(!sent.contains("Think") && !sent.contains("harder"), sent.constData());
    }

    // Servers that carry on a trailing assistant message get the partial
    // reply as the last turn, with no instruction after it, and what they
    // send is appended to the same message.
    void continuationWithATrailingAssistantMessage()
    {
        World &w = *m_world;
        w.settings->setContinuation(AppSettings::Continuation::TrailingAssistant);
        w.enqueueReply({QStringLiteral("The first half")}, QStringLiteral("length"));
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("tell me")));
        QTRY_VERIFY(!session->isStreaming());
        const qint64 replyId = w.storedReply(session).id;
        QCOMPARE(w.storedReply(session).state, MessageState::Truncated);

        w.enqueueReply({QStringLiteral(" and the rest.")});
        QVERIFY(session->continueGeneration(replyId));
        QTRY_VERIFY(!session->isStreaming());
        const QJsonArray sent =
            w.server.requests().last().json().value(QLatin1String("messages")).toArray();
        const QJsonObject last = sent.last().toObject();
        QCOMPARE(last.value(QLatin1String("role")).toString(), QStringLiteral("assistant"));
        QCOMPARE(last.value(QLatin1String("content")).toString(), QStringLiteral("The first half"));
        QVERIFY(!last.contains(QLatin1String("prefix")));
        const ChatMessage reply = w.storedReply(session);
        QCOMPARE(reply.id, replyId);
        QCOMPARE(reply.content, QStringLiteral("The first half and the rest."));
        QCOMPARE(reply.state, MessageState::Complete);
    }

    // C7: a refusal is shown as the reply and marked as a refusal.
    void refusalIsStoredAsTheReplyAndMarked()
    {
        World &w = *m_world;
        w.server.enqueue(FakeOpenAiServer::sse(
            sseEvent(
                R"({"choices":[{"delta":{"role":"assistant","content":null,"refusal":""}}]})") +
            sseEvent(R"({"choices":[{"delta":{"refusal":"I cannot help with that."},)"
                     R"("finish_reason":"stop"}]})") +
            "data: [DONE]\n\n"));
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("something it refuses")));
        QTRY_VERIFY(!session->isStreaming());
        const ChatMessage reply = w.storedReply(session);
        QCOMPARE(reply.content, QStringLiteral("I cannot help with that."));
        QCOMPARE(reply.state, MessageState::Complete);
        QVERIFY(reply.error.startsWith(QStringLiteral("Refusal")));
        QCOMPARE(session->model()->index(1).data(MessageListModel::ErrorRole).toString(),
                 reply.error);
    }

    // C11: usage is recorded when the server sends it; without it the
    // counts stay unknown (-1), never a made-up zero.
    void usageIsRecordedOrUnknown()
    {
        World &w = *m_world;
        w.server.enqueue(FakeOpenAiServer::sse(
            sseEvent(R"({"choices":[{"delta":{"content":"Hi"}}],"usage":null})") +
            sseEvent(R"({"choices":[{"delta":{},"finish_reason":"stop"}],"usage":null})") +
            sseEvent(R"({"choices":[],"usage":{"prompt_tokens":79,"completion_tokens":1,)"
                     R"("total_tokens":80}})") +
            "data: [DONE]\n\n"));
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("one")));
        QTRY_VERIFY(!session->isStreaming());
        QCOMPARE(w.storedReply(session).promptTokens, 79);
        QCOMPARE(w.storedReply(session).completionTokens, 1);

        FakeResponse cut;
        cut.steps = {{ChatWorld::delta(QStringLiteral("abc")), 0}};
        cut.end = FakeResponse::End::Cut;
        w.server.enqueue(cut);
        ChatSession *other = w.newSession();
        QVERIFY(other->send(QStringLiteral("two")));
        QTRY_VERIFY(!other->isStreaming());
        QCOMPARE(w.storedReply(other).state, MessageState::Interrupted);
        // No usage came: the tokenizer's estimate is stored, marked (a
        // session always has a tokenizer now, as the application's did).
        QVERIFY(w.storedReply(other).usageEstimated);
        QVERIFY(w.storedReply(other).promptTokens > 0);
        QVERIFY(w.storedReply(other).completionTokens > 0);
        QVERIFY(!w.storedReply(session).usageEstimated);
    }

    // The key is not sent over plain http to another machine unless the user
    // said so in Settings; the reply says why and what to do.
    void keyIsNotSentInClearWithoutConsent()
    {
        World &w = *m_world;
        // Loopback under another name would be exempt; a .invalid name is
        // not, and resolves nowhere, so nothing could leave anyway.
        const QUrl remote(QStringLiteral("http://confab-lan-server.invalid:8080/v1"));
        w.settings->setBaseUrl(remote);
        w.settings->setMaxRetries(0);
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("hello")));
        QTRY_VERIFY(!session->isStreaming());
        ChatMessage reply = w.storedReply(session);
        QCOMPARE(reply.state, MessageState::Failed);
        QVERIFY(reply.error.contains(QStringLiteral("http://")));
        QVERIFY(reply.error.contains(QStringLiteral("Settings")));

        w.settings->setKeyInClearAllowed(remote, true);
        QVERIFY(w.settings->keyInClearAllowed(remote));
        QVERIFY(!w.settings->keyInClearAllowed(QUrl(QStringLiteral("http://other.invalid/v1"))));
        QVERIFY(session->send(QStringLiteral("again")));
        QTRY_VERIFY_WITH_TIMEOUT(!session->isStreaming(), 20000);
        Result<QList<ChatMessage>> all = w.store->messages(session->conversationId());
        QVERIFY(all);
        // This time it was attempted: the name does not resolve.
        QVERIFY(all.value().last().error.contains(QStringLiteral("resolve")));
    }

    // The timeouts in Settings are the ones requests use.
    void connectTimeoutFromSettingsApplies()
    {
        World &w = *m_world;
        QTcpServer silent; // TLS that never answers: stuck in the connect phase
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        w.settings->setBaseUrl(
            QUrl(QStringLiteral("https://127.0.0.1:%1/v1").arg(silent.serverPort())));
        w.settings->setConnectTimeoutSeconds(1);
        w.settings->setMaxRetries(0);
        QCOMPARE(w.settings->connectTimeoutSeconds(), 1);
        ChatSession *session = w.newSession();
        QElapsedTimer clock;
        clock.start();
        QVERIFY(session->send(QStringLiteral("hello")));
        QTRY_VERIFY_WITH_TIMEOUT(!session->isStreaming(), 10000);
        QVERIFY(clock.elapsed() >= 900);
        QVERIFY(w.storedReply(session).error.contains(QStringLiteral("connect timeout")));
    }

    void networkSettingsHaveSaneDefaults()
    {
        World &w = *m_world;
        QCOMPARE(w.settings->connectTimeoutSeconds(), 30);
        QVERIFY(w.settings->idleTimeoutSeconds() >= 120); // reasoning models pause long
        QCOMPARE(w.settings->maxRetries(), 2);
        QCOMPARE(w.settings->proxy().mode, ProxySettings::Mode::System);
    }
};

QTEST_GUILESS_MAIN(TestSessionNetwork)
#include "tst_sessionnetwork.moc"
