// The streaming client against a real HTTP server on loopback.
#include "api/chatclient.h"
#include "fakeopenaiserver.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

namespace {
// Everything one stream reported.
struct Collected
{
    QString content;
    QString reasoning;
    QStringList deltas;
    bool done = false;
    StreamResult result;
};

std::shared_ptr<Collected> collect(CompletionStream *stream)
{
    auto c = std::make_shared<Collected>();
    QObject::connect(stream, &CompletionStream::contentDelta, stream, [c](const QString &t) {
        QVERIFY(!c->done);
        c->content += t;
        c->deltas << t;
    });
    QObject::connect(stream, &CompletionStream::reasoningDelta, stream,
                     [c](const QString &t) { c->reasoning += t; });
    QObject::connect(stream, &CompletionStream::finished, stream, [c](const StreamResult &r) {
        QVERIFY2(!c->done, "finished() emitted twice");
        c->done = true;
        c->result = r;
    });
    return c;
}

QByteArray sseEvent(const char *json)
{
    return QByteArrayLiteral("data: ") + json + "\n\n";
}
} // namespace

class TestChatClient : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_network;
    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<ChatClient> m_client;

    ChatRequest request(const QString &key = QStringLiteral("sk-test-123456789"))
    {
        ChatRequest r;
        r.baseUrl = m_server->baseUrl();
        r.apiKey = key;
        r.model = QStringLiteral("fake-model");
        r.messages = {{QStringLiteral("system"), QStringLiteral("Be brief.")},
                      {QStringLiteral("user"), QStringLiteral("Hello")}};
        return r;
    }

    std::shared_ptr<Collected> run(const FakeResponse &response,
                                   CompletionStream::Timeouts timeouts = {})
    {
        m_server->enqueue(response);
        m_client->setTimeouts(timeouts);
        CompletionStream *stream = m_client->start(request(), this);
        auto c = collect(stream);
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(c->done, 10000);
        }();
        stream->deleteLater();
        return c;
    }

private slots:
    void init()
    {
        m_server = std::make_unique<FakeOpenAiServer>();
        QVERIFY(m_server->listen());
        m_client = std::make_unique<ChatClient>(&m_network);
    }

    void sendsAnOpenAiStreamingRequest()
    {
        run(FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("Hi")})));
        QCOMPARE(m_server->requests().size(), 1);
        const RecordedRequest r = m_server->requests().first();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(r.headers.value("authorization"), QByteArray("Bearer sk-test-123456789"));
        QVERIFY(r.headers.value("content-type").startsWith("application/json"));
        const QJsonObject body = r.json();
        QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("fake-model"));
        QCOMPARE(body.value(QLatin1String("stream")).toBool(), true);
        QCOMPARE(body.value(QLatin1String("stream_options"))
                     .toObject()
                     .value(QLatin1String("include_usage"))
                     .toBool(),
                 true);
        const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(1).toObject().value(QLatin1String("content")).toString(),
                 QStringLiteral("Hello"));
    }

    void noKeyMeansNoAuthorizationHeader()
    {
        m_server->enqueue(FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({})));
        auto c = collect(m_client->start(request(QString()), this));
        QTRY_VERIFY(c->done);
        QVERIFY(!m_server->requests().first().headers.contains("authorization"));
    }

    void endpointJoinsPaths_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << "https://api.openai.com/v1"
                               << "https://api.openai.com/v1/chat/completions";
        QTest::newRow("trailing slash") << "http://localhost:11434/v1/"
                                        << "http://localhost:11434/v1/chat/completions";
        QTest::newRow("azure-like query")
            << "https://x.openai.azure.com/openai/deployments/d?api-version=2024-10-21"
            << "https://x.openai.azure.com/openai/deployments/d/chat/completions"
               "?api-version=2024-10-21";
    }
    void endpointJoinsPaths()
    {
        QFETCH(QString, base);
        QFETCH(QString, expected);
        QCOMPARE(ChatClient::endpoint(QUrl(base), QStringLiteral("/chat/completions")).toString(),
                 expected);
    }

    // The same reply, however the bytes are framed and split.
    void streamsDeltas_data()
    {
        QTest::addColumn<int>("framing");
        QTest::addColumn<int>("pieceSize");
        const auto chunked = int(FakeResponse::Framing::Chunked);
        const auto closeDelimited = int(FakeResponse::Framing::CloseDelimited);
        QTest::newRow("chunked, whole") << chunked << 100000;
        QTest::newRow("chunked, 1 byte pieces") << chunked << 1;
        QTest::newRow("chunked, 7 byte pieces") << chunked << 7;
        QTest::newRow("close-delimited, 1 byte pieces") << closeDelimited << 1;
        QTest::newRow("close-delimited, 13 byte pieces") << closeDelimited << 13;
    }
    void streamsDeltas()
    {
        QFETCH(int, framing);
        QFETCH(int, pieceSize);
        const QStringList deltas{QStringLiteral("Hel"), QStringLiteral("lo, "),
                                 QStringLiteral("世界"), QStringLiteral(" 🙂"),
                                 QStringLiteral("\n\n| a |")};
        FakeResponse response;
        response.framing = FakeResponse::Framing(framing);
        response.steps = FakeOpenAiServer::split(FakeOpenAiServer::chatStream(deltas), pieceSize);
        auto c = run(response);
        QCOMPARE(c->deltas, deltas);
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Finished);
        QCOMPARE(c->result.finishReason, QStringLiteral("stop"));
        QVERIFY(c->result.usage.isValid());
        QCOMPARE(c->result.usage.completionTokens, int(deltas.size()));
    }

    void httpErrorsBecomeKinds_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("kind");
        QTest::newRow("401") << 401 << QString() << int(ApiError::Kind::Auth);
        QTest::newRow("403") << 403 << QString() << int(ApiError::Kind::Auth);
        QTest::newRow("404") << 404 << QString() << int(ApiError::Kind::NotFound);
        QTest::newRow("400 context") << 400 << QStringLiteral("context_length_exceeded")
                                     << int(ApiError::Kind::ContextTooLong);
        QTest::newRow("400 other") << 400 << QString() << int(ApiError::Kind::BadRequest);
        QTest::newRow("402") << 402 << QString() << int(ApiError::Kind::NoCredit);
        QTest::newRow("429 quota")
            << 429 << QStringLiteral("insufficient_quota") << int(ApiError::Kind::NoCredit);
        QTest::newRow("429") << 429 << QString() << int(ApiError::Kind::RateLimited);
        QTest::newRow("500") << 500 << QString() << int(ApiError::Kind::Server);
        QTest::newRow("503") << 503 << QString() << int(ApiError::Kind::Server);
    }
    void httpErrorsBecomeKinds()
    {
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(int, kind);
        auto c = run(FakeOpenAiServer::error(status, QStringLiteral("server says no"),
                                             QStringLiteral("invalid_request_error"), code));
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Failed);
        QCOMPARE(int(c->result.error.kind), kind);
        QCOMPARE(c->result.error.httpStatus, status);
        QCOMPARE(c->result.error.detail, QStringLiteral("server says no"));
        QVERIFY(c->result.error.userMessage().contains(QStringLiteral("server says no")));
        QVERIFY(c->content.isEmpty());
    }

    void connectionRefusedIsANetworkError()
    {
        const QUrl base = m_server->baseUrl();
        m_server.reset(); // nothing listens on that port any more
        ChatRequest r;
        r.baseUrl = base;
        r.model = QStringLiteral("m");
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY(c->done);
        QCOMPARE(c->result.error.kind, ApiError::Kind::Network);
        QVERIFY(!c->result.error.userMessage().isEmpty());
        m_server = std::make_unique<FakeOpenAiServer>();
    }

    void cutMidStreamKeepsTextAndSaysInterrupted()
    {
        FakeResponse response;
        response.steps = {{sseEvent(R"({"choices":[{"delta":{"content":"partial "}}]})"), 0},
                          {sseEvent(R"({"choices":[{"delta":{"content":"text"}}]})"), 20}};
        response.end = FakeResponse::End::Cut;
        auto c = run(response);
        QCOMPARE(c->content, QStringLiteral("partial text"));
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Failed);
        QCOMPARE(c->result.error.kind, ApiError::Kind::Interrupted);
    }

    void closeWithoutDoneOrFinishReasonIsInterrupted()
    {
        FakeResponse response;
        response.framing = FakeResponse::Framing::CloseDelimited;
        response.steps = {{sseEvent(R"({"choices":[{"delta":{"content":"abc"}}]})"), 0}};
        auto c = run(response);
        QCOMPARE(c->content, QStringLiteral("abc"));
        QCOMPARE(c->result.error.kind, ApiError::Kind::Interrupted);
    }

    void errorObjectMidStreamKeepsText()
    {
        auto c = run(FakeOpenAiServer::sse(
            sseEvent(R"({"choices":[{"delta":{"content":"kept"}}]})") +
            sseEvent(R"({"error":{"message":"The server had an error","type":"server_error"}})")));
        QCOMPARE(c->content, QStringLiteral("kept"));
        QCOMPARE(c->result.error.kind, ApiError::Kind::StreamError);
        QCOMPARE(c->result.error.detail, QStringLiteral("The server had an error"));
    }

    void errorEventAndLlamaCppErrorField_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("detail");
        QTest::newRow("event: error")
            << QByteArray("event: error\ndata: {\"error\":{\"message\":\"x\",\"type\":\"s\"}}\n\n")
            << QStringLiteral("x");
        QTest::newRow("llama.cpp error field")
            << QByteArray("error: {\"code\":400,\"message\":\"the request exceeds the available "
                          "context size\"}\n\ndata: [DONE]\n\n")
            << QStringLiteral("the request exceeds the available context size");
    }
    void errorEventAndLlamaCppErrorField()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, detail);
        auto c = run(FakeOpenAiServer::sse(bytes));
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Failed);
        QCOMPARE(c->result.error.detail, detail);
    }

    void stopsAtDoneAndIgnoresTheRest()
    {
        auto c =
            run(FakeOpenAiServer::sse(sseEvent(R"({"choices":[]})") + "data: [DONE]\n\n" +
                                      sseEvent(R"({"choices":[{"delta":{"content":"late"}}]})")));
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Finished);
        QVERIFY(c->content.isEmpty());
    }

    void doneWithoutBlankLineIsACleanEnd()
    {
        FakeResponse response;
        response.framing = FakeResponse::Framing::CloseDelimited;
        response.steps = {
            {sseEvent(R"({"choices":[{"delta":{"content":"ok"},"finish_reason":null}]})") +
                 "data: [DONE]",
             0}};
        auto c = run(response);
        QCOMPARE(c->content, QStringLiteral("ok"));
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Finished);
    }

    void azureEmptyChoicesAndReasoningApart()
    {
        auto c = run(FakeOpenAiServer::sse(
            sseEvent(R"({"id":"","created":0,"choices":[],"prompt_filter_results":[{}]})") +
            sseEvent(R"({"choices":[{"delta":{"reasoning_content":"think "}}]})") +
            sseEvent(R"({"choices":[{"delta":{"reasoning":"more"}}]})") +
            sseEvent(R"({"choices":[{"delta":{"content":"answer"},"finish_reason":"stop"}]})") +
            "data: [DONE]\n\n"));
        QCOMPARE(c->reasoning, QStringLiteral("think more"));
        QCOMPARE(c->content, QStringLiteral("answer"));
    }

    void finishReasonLengthIsReported()
    {
        auto c = run(FakeOpenAiServer::sse(
            FakeOpenAiServer::chatStream({QStringLiteral("cut")}, QStringLiteral("length"))));
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Finished);
        QCOMPARE(c->result.finishReason, QStringLiteral("length"));
    }

    void abortKeepsTextAndEndsAtOnce()
    {
        FakeResponse response;
        response.steps = {{sseEvent(R"({"choices":[{"delta":{"content":"so far"}}]})"), 0}};
        response.end = FakeResponse::End::Stall;
        m_server->enqueue(response);
        CompletionStream *stream = m_client->start(request(), this);
        auto c = collect(stream);
        QTRY_COMPARE(c->content, QStringLiteral("so far"));
        stream->abort();
        QVERIFY(c->done); // synchronously
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Aborted);
        QVERIFY(!stream->isRunning());
    }

    void idleStreamTimesOut()
    {
        FakeResponse response;
        response.steps = {{sseEvent(R"({"choices":[{"delta":{"content":"then silence"}}]})"), 0}};
        response.end = FakeResponse::End::Stall;
        auto c = run(response, CompletionStream::Timeouts{5000, 300});
        QCOMPARE(c->content, QStringLiteral("then silence"));
        QCOMPARE(c->result.error.kind, ApiError::Kind::Timeout);
    }

    void htmlPageIsMalformed()
    {
        FakeResponse response;
        response.contentType = "text/html";
        response.framing = FakeResponse::Framing::ContentLength;
        response.steps = {{"<html><body>Welcome to the captive portal</body></html>", 0}};
        auto c = run(response);
        QCOMPARE(c->result.error.kind, ApiError::Kind::Malformed);
        QVERIFY(c->result.error.userMessage().contains(QStringLiteral("base URL")));
    }

    void invalidJsonInStreamIsMalformedAndKeepsText()
    {
        auto c = run(FakeOpenAiServer::sse(sseEvent(R"({"choices":[{"delta":{"content":"a"}}]})") +
                                           "data: {not json\n\n"));
        QCOMPARE(c->content, QStringLiteral("a"));
        QCOMPARE(c->result.error.kind, ApiError::Kind::Malformed);
    }

    void nonStreamingJsonReplyIsAccepted()
    {
        FakeResponse response;
        response.contentType = "application/json";
        response.framing = FakeResponse::Framing::ContentLength;
        response.steps = {{R"({"choices":[{"message":{"role":"assistant","content":"whole"},)"
                           R"("finish_reason":"stop"}],"usage":{"prompt_tokens":3,)"
                           R"("completion_tokens":1,"total_tokens":4}})",
                           0}};
        auto c = run(response);
        QCOMPARE(c->content, QStringLiteral("whole"));
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Finished);
        QCOMPARE(c->result.usage.promptTokens, 3);
    }
};

QTEST_GUILESS_MAIN(TestChatClient)
#include "tst_chatclient.moc"
