// The streaming client against a real HTTP server on loopback.
#include "api/chatclient.h"
#include "core/logging.h"
#include "fakeopenaiserver.h"
#include "tlsfrontend.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <optional>

namespace {
// Everything one stream reported.
struct Collected
{
    QString content;
    QString reasoning;
    QStringList deltas;
    bool done = false;
    StreamResult result;
    QList<QList<int>> retries; // delayMs, attempt, attempts of each retrying()
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
    QObject::connect(stream, &CompletionStream::retrying, stream,
                     [c](int delayMs, int attempt, int attempts) {
                         c->retries.append({delayMs, attempt, attempts});
                     });
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

public:
    // 0: bodies as scripted; 1: every body one byte at a time.
    explicit TestChatClient(int pieceSize = 0)
        : m_pieceSize(pieceSize)
    {}

private:
    const int m_pieceSize;
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
        // Retries have their own tests; elsewhere one answer is one result.
        r.maxRetries = 0;
        return r;
    }

    std::shared_ptr<Collected> run(const FakeResponse &response,
                                   CompletionStream::Timeouts timeouts = {})
    {
        m_server->enqueue(response);
        ChatRequest r = request();
        r.timeouts = timeouts;
        CompletionStream *stream = m_client->start(r, this);
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
        m_server->setPieceSize(m_pieceSize);
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
        // The server timed the request out: its words, not advice about our idle timer.
        QTest::newRow("408") << 408 << QString() << int(ApiError::Kind::Server);
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

    void connectionRefusedIsRefused()
    {
        const QUrl base = m_server->baseUrl();
        m_server.reset(); // nothing listens on that port any more
        ChatRequest r;
        r.baseUrl = base;
        r.model = QStringLiteral("m");
        r.maxRetries = 0;
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY(c->done);
        QCOMPARE(c->result.error.kind, ApiError::Kind::Refused);
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
        // Named for what it is, and the page itself is not dumped in the chat.
        QVERIFY(c->result.error.detail.contains(QStringLiteral("web page")));
        QVERIFY(!c->result.error.detail.contains(QStringLiteral("captive portal</body>")));
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

    // ---- C7, C10, C11 ------------------------------------------------------

    void refusalIsTheReplyMarkedAsRefusal() // C7
    {
        auto c = run(FakeOpenAiServer::sse(
            sseEvent(
                R"({"choices":[{"delta":{"role":"assistant","content":null,"refusal":""}}]})") +
            sseEvent(R"({"choices":[{"delta":{"refusal":"I am sorry, "}}]})") +
            sseEvent(R"({"choices":[{"delta":{"refusal":"I cannot help with that."},)"
                     R"("finish_reason":"stop"}]})") +
            "data: [DONE]\n\n"));
        QCOMPARE(c->content, QStringLiteral("I am sorry, I cannot help with that."));
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Finished);
        QVERIFY(c->result.refusal);

        auto normal =
            run(FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("fine")})));
        QVERIFY(!normal->result.refusal);
    }

    void contentFilterIsReported() // C10
    {
        auto c = run(FakeOpenAiServer::sse(FakeOpenAiServer::chatStream(
            {QStringLiteral("Some")}, QStringLiteral("content_filter"))));
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Finished);
        QCOMPARE(c->result.finishReason, QStringLiteral("content_filter"));
        QCOMPARE(c->content, QStringLiteral("Some"));
    }

    void usageComesFromTheLastChunk() // C11
    {
        auto c = run(FakeOpenAiServer::sse(
            sseEvent(R"({"choices":[{"delta":{"content":"Hi"}}],"usage":null})") +
            sseEvent(R"({"choices":[{"delta":{},"finish_reason":"stop"}],"usage":null})") +
            sseEvent(R"({"choices":[],"usage":{"prompt_tokens":79,"completion_tokens":1,)"
                     R"("total_tokens":80}})") +
            "data: [DONE]\n\n"));
        QCOMPARE(c->result.usage.promptTokens, 79);
        QCOMPARE(c->result.usage.completionTokens, 1);
        QCOMPARE(c->result.usage.totalTokens, 80);
        QVERIFY(c->result.usage.isValid());
    }

    void streamCutBeforeUsageHasNone() // C11
    {
        FakeResponse response;
        response.steps = {
            {sseEvent(R"({"choices":[{"delta":{"content":"abc"}}],"usage":null})"), 0}};
        response.end = FakeResponse::End::Cut;
        auto c = run(response);
        QCOMPARE(c->content, QStringLiteral("abc"));
        QVERIFY(!c->result.usage.isValid());
        QCOMPARE(c->result.usage.completionTokens, -1);
    }

    // ---- C13: timeouts -----------------------------------------------------

    // The server took the request and then said nothing: that is the idle
    // timeout (a model thinking), not a connection failure, and a request the
    // server may be working on is not sent again.
    void silentServerIsAnIdleTimeoutAndNotRetried()
    {
        QTcpServer silent; // accepts (the kernel does), never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ChatRequest r = request();
        r.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(silent.serverPort()));
        r.timeouts = {5000, 300};
        r.maxRetries = 2;
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY_WITH_TIMEOUT(c->done, 10000);
        QCOMPARE(c->result.error.kind, ApiError::Kind::Timeout);
        QVERIFY(c->retries.isEmpty());
        QVERIFY(c->result.error.userMessage().contains(QStringLiteral("idle timeout")));
    }

    // A TLS handshake that never completes keeps the request from leaving:
    // that is the connect timeout, and it is retried.
    void stuckHandshakeIsAConnectTimeoutAndRetried()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ChatRequest r = request();
        r.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1/v1").arg(silent.serverPort()));
        r.timeouts = {300, 60000};
        r.maxRetries = 1;
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY_WITH_TIMEOUT(c->done, 10000);
        QCOMPARE(c->result.error.kind, ApiError::Kind::ConnectTimeout);
        QCOMPARE(c->retries.size(), 1);
        QVERIFY(c->result.error.userMessage().contains(QStringLiteral("connect timeout")));
    }

    // ---- connection failures, one kind per cause ---------------------------

    void unknownHostIsHostNotFound()
    {
        ChatRequest r = request(QString());
        r.baseUrl = QUrl(QStringLiteral("http://confab-no-such-host.invalid/v1"));
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY_WITH_TIMEOUT(c->done, 20000);
        QCOMPARE(c->result.error.kind, ApiError::Kind::HostNotFound);
        QVERIFY(c->result.error.userMessage().contains(QStringLiteral("base URL")));
    }

    void untrustedCertificateIsATlsFailureAndNothingIsSent()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        TlsFrontend tls(m_server->port());
        QVERIFY(tls.listen());
        ChatRequest r = request();
        r.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1/v1").arg(tls.port()));
        r.maxRetries = 2; // a bad certificate is not retried
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY_WITH_TIMEOUT(c->done, 10000);
        QCOMPARE(c->result.error.kind, ApiError::Kind::Tls);
        QVERIFY(c->retries.isEmpty());
        QCOMPARE(tls.handshakes(), 0);
        QVERIFY(m_server->requests().isEmpty()); // the key never left
        QVERIFY(c->result.error.userMessage().contains(QStringLiteral("certificate")));
    }

    // The same server, once its certificate is trusted, works: the failure
    // above is the verification, not a broken test server.
    void trustedCertificateWorks()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        TlsFrontend tls(m_server->port());
        QVERIFY(tls.listen());
        const QSslConfiguration original = QSslConfiguration::defaultConfiguration();
        QSslConfiguration trusting = original;
        trusting.addCaCertificate(TlsFrontend::certificate());
        QSslConfiguration::setDefaultConfiguration(trusting);
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("secure")})));
        ChatRequest r = request();
        r.baseUrl = QUrl(QStringLiteral("https://localhost:%1/v1").arg(tls.port()));
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY_WITH_TIMEOUT(c->done, 10000);
        QSslConfiguration::setDefaultConfiguration(original);
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Finished);
        QCOMPARE(c->content, QStringLiteral("secure"));
        QCOMPARE(tls.handshakes(), 1);
    }

    // ---- malformed responses -----------------------------------------------

    void wrongContentTypeIsMalformedAndSaysSo()
    {
        FakeResponse response;
        response.contentType = "text/plain";
        response.framing = FakeResponse::Framing::ContentLength;
        response.steps = {{"Hello from a web server that is not an API", 0}};
        auto c = run(response);
        QCOMPARE(c->result.error.kind, ApiError::Kind::Malformed);
        QVERIFY2(c->result.error.detail.contains(QStringLiteral("text/plain")),
                 qPrintable(c->result.error.detail));
    }

    // Some local servers label their event stream text/plain: it still works.
    void eventStreamLabelledTextPlainStillStreams()
    {
        FakeResponse response =
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("ok")}));
        response.contentType = "text/plain; charset=utf-8";
        auto c = run(response);
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Finished);
        QCOMPARE(c->content, QStringLiteral("ok"));
    }

    void jsonContentTypeWithGarbageIsMalformed()
    {
        FakeResponse response;
        response.contentType = "application/json";
        response.framing = FakeResponse::Framing::ContentLength;
        response.steps = {{"this is not json", 0}};
        auto c = run(response);
        QCOMPARE(c->result.error.kind, ApiError::Kind::Malformed);
        QVERIFY(c->result.error.detail.contains(QStringLiteral("not valid JSON")));
        QVERIFY(c->result.error.detail.contains(QStringLiteral("this is not json")));
    }

    void proxyErrorPageIsAServerErrorInWords()
    {
        FakeResponse response;
        response.status = 502;
        response.contentType = "text/html";
        response.framing = FakeResponse::Framing::ContentLength;
        response.steps = {{"<html><head><title>502 Bad Gateway</title></head>"
                           "<body><center><h1>502 Bad Gateway</h1></center></body></html>",
                           0}};
        auto c = run(response);
        QCOMPARE(c->result.error.kind, ApiError::Kind::Server);
        QCOMPARE(c->result.error.httpStatus, 502);
        QVERIFY(c->result.error.detail.contains(QStringLiteral("web page")));
        QVERIFY(!c->result.error.userMessage().contains(QStringLiteral("<html>")));
    }

    // ---- C14 and the retry rules -------------------------------------------

    void rateLimitedWithRetryAfterIsRetried() // C14
    {
        FakeResponse limited = FakeOpenAiServer::error(429, QStringLiteral("Rate limit reached"),
                                                       QStringLiteral("requests"),
                                                       QStringLiteral("rate_limit_exceeded"));
        limited.headers = {{"Retry-After", "1"}};
        m_server->enqueue(limited);
        m_server->enqueue(FakeOpenAiServer::sse(
            FakeOpenAiServer::chatStream({QStringLiteral("after the wait")})));
        ChatRequest r = request();
        r.maxRetries = 2;
        QElapsedTimer clock;
        clock.start();
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY_WITH_TIMEOUT(c->done, 10000);
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Finished);
        QCOMPARE(c->content, QStringLiteral("after the wait"));
        QCOMPARE(m_server->requests().size(), 2);
        QCOMPARE(c->retries, (QList<QList<int>>{{1000, 2, 3}}));
        QVERIFY2(clock.elapsed() >= 950, "the server asked for a second");
        // The retried request is the same request.
        QCOMPARE(m_server->requests().at(1).body, m_server->requests().at(0).body);
        QCOMPARE(m_server->requests().at(1).headers.value("authorization"),
                 m_server->requests().at(0).headers.value("authorization"));
    }

    void retryAfterMsIsHonoured()
    {
        FakeResponse busy = FakeOpenAiServer::error(503, QStringLiteral("busy"));
        busy.headers = {{"retry-after-ms", "40"}};
        m_server->enqueue(busy);
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("ok")})));
        ChatRequest r = request();
        r.maxRetries = 2;
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY(c->done);
        QCOMPARE(c->retries, (QList<QList<int>>{{40, 2, 3}}));
        QCOMPARE(c->content, QStringLiteral("ok"));
    }

    void serverErrorsAreRetriedUpToTheLimit()
    {
        for (int i = 0; i < 3; ++i) {
            FakeResponse busy = FakeOpenAiServer::error(500 + i, QStringLiteral("down %1").arg(i));
            busy.headers = {{"retry-after-ms", "10"}};
            m_server->enqueue(busy);
        }
        ChatRequest r = request();
        r.maxRetries = 2;
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY(c->done);
        QCOMPARE(m_server->requests().size(), 3);
        QCOMPARE(c->retries, (QList<QList<int>>{{10, 2, 3}, {10, 3, 3}}));
        QCOMPARE(c->result.error.kind, ApiError::Kind::Server);
        QCOMPARE(c->result.error.detail, QStringLiteral("down 2")); // the last answer
    }

    void exponentialDelayWithoutRetryAfter()
    {
        m_server->enqueue(FakeOpenAiServer::error(500, QStringLiteral("oops")));
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("ok")})));
        ChatRequest r = request();
        r.maxRetries = 1;
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY(c->done);
        QCOMPARE(c->retries.size(), 1);
        QVERIFY(c->retries.first().first() >= 375 && c->retries.first().first() <= 500);
        QCOMPARE(c->content, QStringLiteral("ok"));
    }

    void noCreditIsNeverRetried_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("402") << 402 << QString();
        QTest::newRow("429 insufficient_quota") << 429 << QStringLiteral("insufficient_quota");
    }
    void noCreditIsNeverRetried()
    {
        QFETCH(int, status);
        QFETCH(QString, code);
        FakeResponse broke = FakeOpenAiServer::error(status,
                                                     QStringLiteral("You exceeded your "
                                                                    "current quota"),
                                                     QStringLiteral("insufficient_quota"), code);
        // Even when the server says otherwise: waiting does not add credit.
        broke.headers = {{"x-should-retry", "true"}, {"retry-after-ms", "10"}};
        m_server->enqueue(broke);
        ChatRequest r = request();
        r.maxRetries = 2;
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY(c->done);
        QCOMPARE(m_server->requests().size(), 1);
        QVERIFY(c->retries.isEmpty());
        QCOMPARE(c->result.error.kind, ApiError::Kind::NoCredit);
    }

    void xShouldRetryIsObeyed()
    {
        FakeResponse no = FakeOpenAiServer::error(503, QStringLiteral("do not"));
        no.headers = {{"x-should-retry", "false"}};
        m_server->enqueue(no);
        ChatRequest r = request();
        r.maxRetries = 2;
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY(c->done);
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(c->result.error.kind, ApiError::Kind::Server);

        FakeResponse yes = FakeOpenAiServer::error(400, QStringLiteral("try again"));
        yes.headers = {{"x-should-retry", "true"}, {"retry-after-ms", "10"}};
        m_server->enqueue(yes);
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("ok")})));
        auto d = collect(m_client->start(r, this));
        QTRY_VERIFY(d->done);
        QCOMPARE(m_server->requests().size(), 3);
        QCOMPARE(d->content, QStringLiteral("ok"));
    }

    void badRequestIsNotRetried()
    {
        m_server->enqueue(FakeOpenAiServer::error(400, QStringLiteral("bad")));
        ChatRequest r = request();
        r.maxRetries = 2;
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY(c->done);
        QCOMPARE(m_server->requests().size(), 1);
        QVERIFY(c->retries.isEmpty());
    }

    // Once text has arrived a failure is reported, never silently retried.
    void failureAfterTextIsNeverRetried_data()
    {
        QTest::addColumn<int>("end");
        QTest::addColumn<QByteArray>("tail");
        QTest::newRow("cut") << int(FakeResponse::End::Cut) << QByteArray();
        QTest::newRow("error object (C2)")
            << int(FakeResponse::End::Normal)
            << sseEvent(R"({"error":{"message":"The server had an error","type":"server_error"}})");
    }
    void failureAfterTextIsNeverRetried()
    {
        QFETCH(int, end);
        QFETCH(QByteArray, tail);
        FakeResponse response;
        response.steps = {{sseEvent(R"({"choices":[{"delta":{"content":"partial"}}]})") + tail, 0}};
        response.end = FakeResponse::End(end);
        m_server->enqueue(response);
        ChatRequest r = request();
        r.maxRetries = 2;
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY(c->done);
        QCOMPARE(c->content, QStringLiteral("partial"));
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Failed);
        QVERIFY(c->retries.isEmpty());
        QCOMPARE(m_server->requests().size(), 1);
    }

    void refusedConnectionIsRetried()
    {
        ChatRequest r = request(QString());
        m_server.reset(); // nothing listens on that port any more
        r.maxRetries = 1;
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY(c->done);
        QCOMPARE(c->retries.size(), 1);
        QCOMPARE(c->retries.first().at(1), 2);
        QCOMPARE(c->result.error.kind, ApiError::Kind::Refused);
        m_server = std::make_unique<FakeOpenAiServer>();
    }

    void abortWhileWaitingToRetryEndsAtOnce()
    {
        FakeResponse limited = FakeOpenAiServer::error(429, QStringLiteral("slow down"));
        limited.headers = {{"Retry-After", "30"}};
        m_server->enqueue(limited);
        ChatRequest r = request();
        r.maxRetries = 2;
        CompletionStream *stream = m_client->start(r, this);
        auto c = collect(stream);
        QTRY_COMPARE(c->retries.size(), 1);
        QCOMPARE(c->retries.first().first(), 30000);
        QVERIFY(stream->isWaitingToRetry());
        QElapsedTimer clock;
        clock.start();
        stream->abort();
        QVERIFY(c->done); // synchronously
        QVERIFY(clock.elapsed() < 100);
        QCOMPARE(c->result.outcome, StreamResult::Outcome::Aborted);
        QVERIFY(!stream->isWaitingToRetry());
        QCOMPARE(m_server->requests().size(), 1);
        stream->deleteLater();
    }

    // ---- the key over plain http -------------------------------------------

    void exposesKey_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("exposed");
        QTest::newRow("https") << "https://api.openai.com/v1" << false;
        QTest::newRow("http remote") << "http://api.example.com/v1" << true;
        QTest::newRow("http upper case") << "HTTP://Example.COM/v1" << true;
        QTest::newRow("http LAN") << "http://192.168.1.20:11434/v1" << true;
        QTest::newRow("localhost") << "http://localhost:11434/v1" << false;
        QTest::newRow("127.0.0.1") << "http://127.0.0.1:8080/v1" << false;
        QTest::newRow("127.1.2.3") << "http://127.1.2.3:8080/v1" << false;
        QTest::newRow("::1") << "http://[::1]:8080/v1" << false;
        QTest::newRow("x.localhost") << "http://ollama.localhost/v1" << false;
    }
    void exposesKey()
    {
        QFETCH(QString, url);
        QFETCH(bool, exposed);
        QCOMPARE(ChatClient::exposesKey(QUrl(url)), exposed);
    }

    void keyIsNotSentInClearWithoutConsent()
    {
        ChatRequest r = request();
        // Resolves nowhere: if a request were attempted it would fail with
        // HostNotFound instead.
        r.baseUrl = QUrl(QStringLiteral("http://confab-remote.invalid/v1"));
        auto refused = collect(m_client->start(r, this));
        QTRY_VERIFY(refused->done);
        QCOMPARE(refused->result.error.kind, ApiError::Kind::InsecureKey);
        QVERIFY(refused->result.error.userMessage().contains(QStringLiteral("http://")));

        r.allowKeyInClear = true;
        auto consented = collect(m_client->start(r, this));
        QTRY_VERIFY_WITH_TIMEOUT(consented->done, 20000);
        QCOMPARE(consented->result.error.kind, ApiError::Kind::HostNotFound);

        ChatRequest keyless = request(QString());
        keyless.baseUrl = r.baseUrl;
        auto noKey = collect(m_client->start(keyless, this));
        QTRY_VERIFY_WITH_TIMEOUT(noKey->done, 20000);
        QCOMPARE(noKey->result.error.kind, ApiError::Kind::HostNotFound);
    }

    void listingModelsDoesNotSendTheKeyInClearWithoutConsent()
    {
        const QUrl remote(QStringLiteral("http://confab-remote.invalid/v1"));
        auto ask = [&](const QString &key, bool allow) {
            auto answer = std::make_shared<std::optional<Result<QStringList>>>();
            m_client->listModels(remote, key, allow, this,
                                 [answer](const Result<QStringList> &r) { *answer = r; });
            return answer;
        };
        const auto refused = ask(QStringLiteral("sk-test-0123456789abcdef"), false);
        QVERIFY(!refused->has_value()); // answered later, as every other answer
        QTRY_VERIFY(refused->has_value());
        QVERIFY(!refused->value());
        QVERIFY(refused->value().error().contains(QStringLiteral("http://")));

        // With consent, or without a key, it is tried (and this host resolves nowhere).
        for (const auto &answer :
             {ask(QStringLiteral("sk-test-0123456789abcdef"), true), ask(QString(), false)}) {
            QTRY_VERIFY_WITH_TIMEOUT(answer->has_value(), 20000);
            QVERIFY(!answer->value());
            QVERIFY2(!answer->value().error().contains(QStringLiteral("http://")),
                     qPrintable(answer->value().error()));
        }
    }

    // Test connection shows the server's words; a key it echoes back is not among them.
    void aKeyEchoedInAnErrorIsNotShown()
    {
        const QString key = QStringLiteral("sk-proj-EchoedBackByTheServer0123456789");
        m_server->enqueue(FakeOpenAiServer::error(
            401, QStringLiteral("Incorrect API key provided: %1.").arg(key)));
        std::optional<Result<QStringList>> answer;
        m_client->listModels(m_server->baseUrl(), key, false, this,
                             [&answer](const Result<QStringList> &r) { answer = r; });
        QTRY_VERIFY(answer.has_value());
        QVERIFY(!answer->ok());
        QVERIFY(answer->error().contains(QStringLiteral("Incorrect API key provided")));
        QVERIFY2(!answer->error().contains(key), qPrintable(answer->error()));
    }

    // ---- logs --------------------------------------------------------------

    void debugLogHasUrlStatusTimingsButNoSecrets()
    {
        static QStringList lines;
        lines.clear();
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &m) { lines << m; });
        const_cast<QLoggingCategory &>(lcApi()).setEnabled(QtDebugMsg, true);
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("reply words")})));
        ChatRequest r = request(QStringLiteral("sk-secret-abcdefghijklmnop"));
        r.messages = {{QStringLiteral("user"), QStringLiteral("my private words")}};
        auto c = collect(m_client->start(r, this));
        QTRY_VERIFY(c->done);
        const_cast<QLoggingCategory &>(lcApi()).setEnabled(QtDebugMsg, false);
        qInstallMessageHandler(previous);
        const QString log = lines.join(QLatin1Char('\n'));
        QVERIFY2(log.contains(QStringLiteral("/v1/chat/completions")), qPrintable(log));
        QVERIFY(log.contains(QStringLiteral("HTTP 200")));
        QVERIFY(log.contains(QStringLiteral("bytes")));
        QVERIFY(log.contains(QStringLiteral("ms")));
        QVERIFY(!log.contains(QStringLiteral("sk-secret")));
        QVERIFY(!log.contains(QStringLiteral("Bearer")));
        QVERIFY(!log.contains(QStringLiteral("private words")));
        QVERIFY(!log.contains(QStringLiteral("reply words")));
    }
};

// Every test as scripted; then the Chat Completions cases of
// sse-vectors.md (C1-C14) again with each body arriving one byte at a time,
// as that document asks (unless particular tests were named on the command
// line).
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTEST_SET_MAIN_SOURCE_PATH
    TestChatClient whole;
    int failed = QTest::qExec(&whole, argc, argv);
    if (argc > 1)
        return failed;
    const QStringList cases = {
        QStringLiteral("streamsDeltas"),
        QStringLiteral("cutMidStreamKeepsTextAndSaysInterrupted"),
        QStringLiteral("closeWithoutDoneOrFinishReasonIsInterrupted"),
        QStringLiteral("errorObjectMidStreamKeepsText"),
        QStringLiteral("errorEventAndLlamaCppErrorField"),
        QStringLiteral("stopsAtDoneAndIgnoresTheRest"),
        QStringLiteral("doneWithoutBlankLineIsACleanEnd"),
        QStringLiteral("azureEmptyChoicesAndReasoningApart"),
        QStringLiteral("finishReasonLengthIsReported"),
        QStringLiteral("invalidJsonInStreamIsMalformedAndKeepsText"),
        QStringLiteral("refusalIsTheReplyMarkedAsRefusal"),
        QStringLiteral("contentFilterIsReported"),
        QStringLiteral("usageComesFromTheLastChunk"),
        QStringLiteral("streamCutBeforeUsageHasNone"),
        QStringLiteral("idleStreamTimesOut"),
        QStringLiteral("rateLimitedWithRetryAfterIsRetried"),
        QStringLiteral("failureAfterTextIsNeverRetried"),
    };
    TestChatClient bytewise(1);
    failed += QTest::qExec(&bytewise, QStringList{app.arguments().constFirst()} + cases);
    return failed;
}
#include "tst_chatclient.moc"
