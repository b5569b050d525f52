// The fake server is what every network test stands on: check that it speaks
// HTTP the way a real client expects before trusting it to test anything.

#include "fakeopenaiserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

namespace {

// Everything a reply delivered, read as it arrived, so bytes that came
// before an error are kept.
struct Collected
{
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int status = 0;
};

} // namespace

class TestFakeOpenAiServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void chunkedStreamArrivesIntact();
    void closeDelimitedStreamArrivesIntact();
    void contentLengthBody();
    void rateLimitWithRetryAfter();
    void recordsHeadersAndJsonBody();
    void emptyQueueAnswers500();
    void cutEndsInError_data();
    void cutEndsInError();
    void survivesClientAbortMidStream();
    void keepAliveServesSeveralRequestsOnOneConnection();
    void modelsFromTheQueue();

private:
    QNetworkReply *post(const QByteArray &json = R"({"model":"fake-model"})");
    QNetworkReply *get(const QString &path);
    static std::shared_ptr<Collected> collect(QNetworkReply *reply);

    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

void TestFakeOpenAiServer::init()
{
    m_server = std::make_unique<FakeOpenAiServer>();
    QVERIFY(m_server->listen());
    QVERIFY(m_server->port() != 0);
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void TestFakeOpenAiServer::cleanup()
{
    m_nam.reset();
    m_server.reset();
}

QNetworkReply *TestFakeOpenAiServer::post(const QByteArray &json)
{
    QNetworkRequest request(
        QUrl(m_server->baseUrl().toString() + QStringLiteral("/chat/completions")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_nam->post(request, json);
    reply->setParent(this);
    return reply;
}

QNetworkReply *TestFakeOpenAiServer::get(const QString &path)
{
    QNetworkReply *reply = m_nam->get(QNetworkRequest(QUrl(m_server->baseUrl().toString() + path)));
    reply->setParent(this);
    return reply;
}

std::shared_ptr<Collected> TestFakeOpenAiServer::collect(QNetworkReply *reply)
{
    auto collected = std::make_shared<Collected>();
    connect(reply, &QIODevice::readyRead, reply,
            [reply, collected] { collected->body += reply->readAll(); });
    connect(reply, &QNetworkReply::finished, reply, [reply, collected] {
        if (reply->isOpen())
            collected->body += reply->readAll();
        collected->error = reply->error();
        collected->status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    });
    return collected;
}

void TestFakeOpenAiServer::chunkedStreamArrivesIntact()
{
    const QStringList deltas{QStringLiteral("Hel"), QStringLiteral("lo "),
                             QString::fromUtf8("w\xc3\xb6rld \xf0\x9f\x99\x82")};
    const QByteArray bytes = FakeOpenAiServer::chatStream(deltas);
    FakeResponse response = FakeOpenAiServer::sse(bytes);
    response.steps = FakeOpenAiServer::split(bytes, 7, 0);
    m_server->enqueue(response);

    QNetworkReply *reply = post();
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->rawHeader("Content-Type"), QByteArrayLiteral("text/event-stream"));
    QCOMPARE(reply->rawHeader("Transfer-Encoding"), QByteArrayLiteral("chunked"));
    QCOMPARE(reply->readAll(), bytes);

    // The events are what a real server sends: role first, the deltas, the
    // finish reason, usage, [DONE].
    QList<QByteArray> events = bytes.split('\n');
    events.removeAll(QByteArray());
    QCOMPARE(events.size(), 7);
    QCOMPARE(events.last(), QByteArrayLiteral("data: [DONE]"));
    QString text;
    for (qsizetype i = 0; i < events.size() - 1; ++i) {
        QVERIFY(events.at(i).startsWith("data: {\"id\":\"chatcmpl-1\""));
        QJsonParseError parseError;
        const QJsonObject chunk =
            QJsonDocument::fromJson(events.at(i).mid(6), &parseError).object();
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        QCOMPARE(chunk.value(QStringLiteral("object")).toString(),
                 QStringLiteral("chat.completion.chunk"));
        const QJsonArray choices = chunk.value(QStringLiteral("choices")).toArray();
        if (!choices.isEmpty()) {
            text += choices.at(0)
                        .toObject()
                        .value(QStringLiteral("delta"))
                        .toObject()
                        .value(QStringLiteral("content"))
                        .toString();
        }
    }
    QCOMPARE(text, deltas.join(QString()));
    const QJsonObject finish = QJsonDocument::fromJson(events.at(4).mid(6))
                                   .object()
                                   .value(QStringLiteral("choices"))
                                   .toArray()
                                   .at(0)
                                   .toObject();
    QCOMPARE(finish.value(QStringLiteral("finish_reason")).toString(), QStringLiteral("stop"));
    const QJsonObject usage = QJsonDocument::fromJson(events.at(5).mid(6))
                                  .object()
                                  .value(QStringLiteral("usage"))
                                  .toObject();
    QCOMPARE(usage.value(QStringLiteral("prompt_tokens")).toInt(), 10);
    QCOMPARE(usage.value(QStringLiteral("completion_tokens")).toInt(), 3);
    QCOMPARE(usage.value(QStringLiteral("total_tokens")).toInt(), 13);

    // Without usage, finish reason and [DONE]: only the role chunk and deltas.
    const QByteArray bare = FakeOpenAiServer::chatStream(deltas, QString(), false, false);
    QCOMPARE(bare.count("data: "), 4);
    QVERIFY(!bare.contains("usage"));
    QVERIFY(!bare.contains("[DONE]"));
}

void TestFakeOpenAiServer::closeDelimitedStreamArrivesIntact()
{
    const QByteArray bytes =
        FakeOpenAiServer::chatStream({QStringLiteral("a"), QStringLiteral("b")});
    FakeResponse response;
    response.framing = FakeResponse::Framing::CloseDelimited;
    response.steps = FakeOpenAiServer::split(bytes, 5, 0);
    m_server->enqueue(response);

    QNetworkReply *reply = post();
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QVERIFY(!reply->hasRawHeader("Content-Length"));
    QVERIFY(!reply->hasRawHeader("Transfer-Encoding"));
    QCOMPARE(reply->rawHeader("Connection"), QByteArrayLiteral("close"));
    QCOMPARE(reply->readAll(), bytes);
}

void TestFakeOpenAiServer::contentLengthBody()
{
    const QByteArray body = R"({"object":"chat.completion","choices":[]})";
    FakeResponse response;
    response.contentType = "application/json";
    response.framing = FakeResponse::Framing::ContentLength;
    response.steps = FakeOpenAiServer::split(body, 10, 2);
    m_server->enqueue(response);

    QNetworkReply *reply = post();
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->rawHeader("Content-Length"), QByteArray::number(body.size()));
    QCOMPARE(reply->readAll(), body);
}

void TestFakeOpenAiServer::rateLimitWithRetryAfter()
{
    FakeResponse response =
        FakeOpenAiServer::error(429, QStringLiteral("Rate limit reached"),
                                QStringLiteral("requests"), QStringLiteral("rate_limit_exceeded"));
    response.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("7")});
    m_server->enqueue(response);

    QNetworkReply *reply = post();
    QTRY_VERIFY(reply->isFinished());
    QVERIFY(reply->error() != QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 429);
    QCOMPARE(reply->rawHeader("Retry-After"), QByteArrayLiteral("7"));
    QCOMPARE(reply->rawHeader("Content-Type"), QByteArrayLiteral("application/json"));
    const QJsonObject error = QJsonDocument::fromJson(reply->readAll())
                                  .object()
                                  .value(QStringLiteral("error"))
                                  .toObject();
    QCOMPARE(error.value(QStringLiteral("message")).toString(),
             QStringLiteral("Rate limit reached"));
    QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("requests"));
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("rate_limit_exceeded"));
    QVERIFY(error.value(QStringLiteral("param")).isNull());

    // Empty type and code are sent as null, as the real API does.
    const FakeResponse bare = FakeOpenAiServer::error(400, QStringLiteral("bad"));
    const QJsonObject bareError = QJsonDocument::fromJson(bare.steps.at(0).bytes)
                                      .object()
                                      .value(QStringLiteral("error"))
                                      .toObject();
    QVERIFY(bareError.contains(QStringLiteral("type")));
    QVERIFY(bareError.value(QStringLiteral("type")).isNull());
    QVERIFY(bareError.value(QStringLiteral("code")).isNull());
}

void TestFakeOpenAiServer::recordsHeadersAndJsonBody()
{
    QSignalSpy received(m_server.get(), &FakeOpenAiServer::requestReceived);
    m_server->enqueue(FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("x")})));

    QNetworkRequest request(
        QUrl(m_server->baseUrl().toString() + QStringLiteral("/chat/completions")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer sk-test-123");
    request.setRawHeader("X-Custom-Thing", "Some Value");
    const QByteArray body =
        R"({"model":"fake-model","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    QNetworkReply *reply = m_nam->post(request, body);
    reply->setParent(this);
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), QNetworkReply::NoError);

    QCOMPARE(received.size(), 1);
    QCOMPARE(received.at(0).at(0).toInt(), 0);
    QCOMPARE(m_server->requests().size(), 1);
    const RecordedRequest recorded = m_server->requests().at(0);
    QCOMPARE(recorded.method, QByteArrayLiteral("POST"));
    QCOMPARE(recorded.path, QByteArrayLiteral("/v1/chat/completions"));
    QCOMPARE(recorded.headers.value("authorization"), QByteArrayLiteral("Bearer sk-test-123"));
    QCOMPARE(recorded.headers.value("x-custom-thing"), QByteArrayLiteral("Some Value"));
    QCOMPARE(recorded.headers.value("content-type"), QByteArrayLiteral("application/json"));
    QCOMPARE(recorded.body, body);
    const QJsonObject json = recorded.json();
    QCOMPARE(json.value(QStringLiteral("model")).toString(), QStringLiteral("fake-model"));
    QCOMPARE(json.value(QStringLiteral("messages")).toArray().size(), 1);
}

void TestFakeOpenAiServer::emptyQueueAnswers500()
{
    QNetworkReply *reply = post();
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 500);
    const QString message = QJsonDocument::fromJson(reply->readAll())
                                .object()
                                .value(QStringLiteral("error"))
                                .toObject()
                                .value(QStringLiteral("message"))
                                .toString();
    QVERIFY2(message.contains(QStringLiteral("no scripted response")), qPrintable(message));
}

void TestFakeOpenAiServer::cutEndsInError_data()
{
    QTest::addColumn<FakeResponse::Framing>("framing");
    QTest::addColumn<bool>("detectable");
    QTest::newRow("chunked") << FakeResponse::Framing::Chunked << true;
    QTest::newRow("content-length") << FakeResponse::Framing::ContentLength << true;
    // A reset ends a close-delimited body as a close does for Qt: the bytes
    // arrive and the reply just finishes.
    QTest::newRow("close-delimited") << FakeResponse::Framing::CloseDelimited << false;
}

void TestFakeOpenAiServer::cutEndsInError()
{
    QFETCH(FakeResponse::Framing, framing);
    QFETCH(bool, detectable);
    const QByteArray first = FakeOpenAiServer::sseData(QJsonObject{{QStringLiteral("part"), 1}});
    const QByteArray second = FakeOpenAiServer::sseData(QJsonObject{{QStringLiteral("part"), 2}});
    FakeResponse response;
    response.framing = framing;
    response.steps = {ScriptStep{first, 0}, ScriptStep{second, 20}};
    response.end = FakeResponse::End::Cut;
    m_server->enqueue(response);

    QNetworkReply *reply = post();
    const auto collected = collect(reply);
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(collected->body, first + second);
    if (detectable)
        QVERIFY2(collected->error != QNetworkReply::NoError, qPrintable(reply->errorString()));
}

void TestFakeOpenAiServer::survivesClientAbortMidStream()
{
    const QByteArray bytes = FakeOpenAiServer::chatStream(
        {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
    FakeResponse response;
    response.steps = FakeOpenAiServer::split(bytes, 16, 5);
    m_server->enqueue(response);
    FakeResponse stall = FakeOpenAiServer::sse(bytes.left(20));
    stall.end = FakeResponse::End::Stall;
    m_server->enqueue(stall);

    QNetworkReply *reply = post();
    QSignalSpy readyRead(reply, &QIODevice::readyRead);
    QTRY_VERIFY(readyRead.size() > 0);
    reply->abort();

    // A stalled stream keeps the connection open and never finishes.
    QNetworkReply *stalled = post();
    const auto collected = collect(stalled);
    QTRY_COMPARE(collected->body, bytes.left(20));
    QVERIFY(!stalled->isFinished());
    stalled->abort();

    // The server dropped both connections cleanly and still serves.
    m_server->enqueue(FakeOpenAiServer::sse(bytes));
    QNetworkReply *next = post();
    QTRY_VERIFY(next->isFinished());
    QCOMPARE(next->error(), QNetworkReply::NoError);
    QCOMPARE(next->readAll(), bytes);
    QCOMPARE(m_server->requests().size(), 3);
}

void TestFakeOpenAiServer::keepAliveServesSeveralRequestsOnOneConnection()
{
    for (const char *body : {"first", "second", "third", "fourth"}) {
        FakeResponse response;
        response.contentType = "text/plain";
        response.framing = FakeResponse::Framing::ContentLength;
        response.steps = {ScriptStep{QByteArray(body), 0}};
        m_server->enqueue(response);
    }
    const auto request = [](const QByteArray &path, const QByteArray &body) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n" +
               "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    };

    QTcpSocket socket;
    QByteArray received;
    connect(&socket, &QIODevice::readyRead, &socket, [&] { received += socket.readAll(); });
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_server->port());
    QTRY_COMPARE(socket.state(), QAbstractSocket::ConnectedState);

    // The first request arrives in two pieces, split inside the body.
    const QByteArray one = request("/v1/one", "hello body");
    socket.write(one.left(one.size() - 4));
    QTRY_COMPARE(socket.bytesToWrite(), qint64(0));
    QVERIFY(m_server->requests().isEmpty());
    socket.write(one.right(4));
    QTRY_VERIFY(received.endsWith("first"));
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().at(0).body, QByteArrayLiteral("hello body"));
    QVERIFY(received.contains("Content-Length: 5\r\n"));
    QVERIFY(received.contains("Connection: keep-alive\r\n"));

    // Then another on the same connection once the first was answered.
    socket.write(request("/v1/two", "2"));
    QTRY_VERIFY(received.endsWith("second"));

    // And two pipelined in one segment, answered in order.
    socket.write(request("/v1/three", "3") + request("/v1/four", ""));
    QTRY_VERIFY(received.endsWith("fourth"));
    QVERIFY(received.indexOf("third") < received.indexOf("fourth"));
    QCOMPARE(received.count("HTTP/1.1 200 OK\r\n"), 4);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);

    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 4);
    QCOMPARE(requests.at(1).path, QByteArrayLiteral("/v1/two"));
    QCOMPARE(requests.at(2).path, QByteArrayLiteral("/v1/three"));
    QCOMPARE(requests.at(3).path, QByteArrayLiteral("/v1/four"));
    QVERIFY(requests.at(3).body.isEmpty());
}

void TestFakeOpenAiServer::modelsFromTheQueue()
{
    FakeResponse response;
    response.contentType = "application/json";
    response.framing = FakeResponse::Framing::ContentLength;
    response.steps = {ScriptStep{R"({"object":"list","data":[]})", 0}};
    m_server->enqueue(response);
    m_server->enqueue(FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("y")})));

    // Two requests through one manager: the second reuses the kept-alive
    // connection and is served from the queue like the first.
    QNetworkReply *models = get(QStringLiteral("/models"));
    QTRY_VERIFY(models->isFinished());
    QCOMPARE(models->error(), QNetworkReply::NoError);
    QCOMPARE(models->readAll(), QByteArrayLiteral(R"({"object":"list","data":[]})"));
    QNetworkReply *chat = post();
    QTRY_VERIFY(chat->isFinished());
    QCOMPARE(chat->error(), QNetworkReply::NoError);

    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(m_server->requests().at(0).method, QByteArrayLiteral("GET"));
    QCOMPARE(m_server->requests().at(0).path, QByteArrayLiteral("/v1/models"));
    QCOMPARE(m_server->requests().at(1).method, QByteArrayLiteral("POST"));
}

QTEST_GUILESS_MAIN(TestFakeOpenAiServer)
#include "tst_fakeopenaiserver.moc"
