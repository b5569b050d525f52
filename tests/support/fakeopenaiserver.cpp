#include "fakeopenaiserver.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

// A JSON string literal, quotes included, escaped the way QJsonDocument does.
QByteArray jsonString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

// Built by hand rather than through QJsonObject, which sorts keys: the real
// API sends "id" first and "usage" last, and so should we.
QByteArray chunkJson(const QByteArray &choices, const QByteArray &usage)
{
    QByteArray json = R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,)"
                      R"("model":"fake-model","choices":[)" +
                      choices + ']';
    if (!usage.isEmpty())
        json += R"(,"usage":)" + usage;
    return json + '}';
}

QByteArray sseLine(const QByteArray &json)
{
    return "data: " + json + "\n\n";
}

// Turns the next close of the socket into a TCP reset, so that even a
// close-delimited body ends in an error for the client instead of looking
// complete.
void resetOnClose(QTcpSocket *socket)
{
    const linger option{1, 0};
    ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &option, sizeof option);
}

} // namespace

QJsonObject RecordedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

struct FakeOpenAiServer::Job
{
    FakeResponse response;
    bool closeAfter = false; // the client asked for it, or the framing needs it
};

FakeOpenAiServer::FakeOpenAiServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &FakeOpenAiServer::onNewConnection);
}

FakeOpenAiServer::~FakeOpenAiServer()
{
    // The sockets are children of m_server; cut them loose from this half
    // destroyed object first so none of their signals reaches it.
    const QList<QTcpSocket *> sockets = m_connections.keys();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
    }
    m_connections.clear();
    delete m_server;
    m_server = nullptr;
}

bool FakeOpenAiServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 FakeOpenAiServer::port() const
{
    return m_server->serverPort();
}

QUrl FakeOpenAiServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port()));
}

void FakeOpenAiServer::enqueue(const FakeResponse &response)
{
    if (m_pieceSize <= 0) {
        m_queue.append(response);
        return;
    }
    FakeResponse cut = response;
    cut.steps.clear();
    for (const ScriptStep &step : response.steps) {
        for (qsizetype at = 0; at < step.bytes.size(); at += m_pieceSize)
            cut.steps.append({step.bytes.mid(at, m_pieceSize), at == 0 ? step.delayMs : 0});
        if (step.bytes.isEmpty())
            cut.steps.append(step);
    }
    m_queue.append(cut);
}

void FakeOpenAiServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        // Streaming servers disable Nagle; without it every small step would
        // wait for the client's delayed ACK.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_connections.insert(socket, Connection{});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // Only the pointer value is used: by now the socket is gone.
        connect(socket, &QObject::destroyed, this,
                [this, socket] { m_connections.remove(socket); });
    }
}

void FakeOpenAiServer::onReadyRead(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->buffer += socket->readAll();
    processBuffer(socket);
}

void FakeOpenAiServer::processBuffer(QTcpSocket *socket)
{
    // Slots of requestReceived run arbitrary test code, which may close the
    // socket; QPointer tells us when that happened.
    const QPointer<QTcpSocket> guard(socket);
    while (guard && socket->state() == QAbstractSocket::ConnectedState) {
        auto it = m_connections.find(socket);
        if (it == m_connections.end() || it->busy)
            return;
        RecordedRequest request;
        const Parse result = parseRequest(it->buffer, request);
        if (result == Parse::Incomplete)
            return;
        if (result == Parse::Bad) {
            it->buffer.clear();
            respond(socket, error(400, QStringLiteral("malformed HTTP request")), true);
            return;
        }
        const QByteArray connection = request.headers.value("connection").toLower();
        const bool closeAfter = connection.contains("close");

        m_requests.append(request);
        emit requestReceived(int(m_requests.size() - 1));
        const FakeResponse response = takeResponse(request);
        if (!guard || socket->state() != QAbstractSocket::ConnectedState)
            return;
        respond(socket, response, closeAfter);
    }
}

FakeOpenAiServer::Parse FakeOpenAiServer::parseRequest(QByteArray &buffer, RecordedRequest &request)
{
    // RFC 9112 asks servers to ignore empty lines before a request line.
    qsizetype start = 0;
    while (buffer.mid(start, 2) == "\r\n")
        start += 2;
    if (start > 0)
        buffer.remove(0, start);

    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return Parse::Incomplete;

    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
        return Parse::Bad;
    request.method = requestLine.at(0);
    request.path = requestLine.at(1);

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return Parse::Bad;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        // Repeated fields combine into one list value, as RFC 9110 allows.
        QByteArray &slot = request.headers[name];
        slot = slot.isEmpty() ? value : slot + ", " + value;
    }
    // Real clients of this server send Content-Length; a chunked request body
    // would be a test bug, better reported than misread.
    if (request.headers.contains("transfer-encoding"))
        return Parse::Bad;

    qsizetype length = 0;
    if (request.headers.contains("content-length")) {
        bool ok = false;
        length = request.headers.value("content-length").toLongLong(&ok);
        if (!ok || length < 0)
            return Parse::Bad;
    }
    const qsizetype bodyStart = headerEnd + 4;
    if (buffer.size() - bodyStart < length)
        return Parse::Incomplete;
    request.body = buffer.mid(bodyStart, length);
    buffer.remove(0, bodyStart + length);
    return Parse::Complete;
}

FakeResponse FakeOpenAiServer::takeResponse(const RecordedRequest &request)
{
    if (!m_queue.isEmpty())
        return m_queue.takeFirst();
    if (m_responder)
        return m_responder(request);
    return error(500,
                 QStringLiteral("no scripted response for %1 %2")
                     .arg(QString::fromLatin1(request.method), QString::fromUtf8(request.path)),
                 QStringLiteral("server_error"));
}

void FakeOpenAiServer::respond(QTcpSocket *socket, const FakeResponse &response, bool closeAfter)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->busy = true;

    using Framing = FakeResponse::Framing;
    auto job = std::make_shared<Job>();
    job->response = response;
    job->closeAfter = closeAfter || response.framing == Framing::CloseDelimited;

    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                      reasonPhrase(response.status) + "\r\n";
    if (!response.contentType.isEmpty())
        head += "Content-Type: " + response.contentType + "\r\n";
    if (response.contentType.startsWith("text/event-stream"))
        head += "Cache-Control: no-cache\r\n";
    for (const auto &[name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    switch (response.framing) {
    case Framing::Chunked:
        head += "Transfer-Encoding: chunked\r\n";
        break;
    case Framing::ContentLength: {
        qsizetype length = 0;
        for (const ScriptStep &step : response.steps)
            length += step.bytes.size();
        // A cut body must look cut: announce a byte that never comes, or
        // the client would rightly take the body for complete.
        if (response.end == FakeResponse::End::Cut)
            ++length;
        head += "Content-Length: " + QByteArray::number(length) + "\r\n";
        break;
    }
    case Framing::CloseDelimited:
        break;
    }
    head += job->closeAfter ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
    head += "\r\n";
    socket->write(head);
    writeStep(socket, job, 0);
}

void FakeOpenAiServer::writeStep(QTcpSocket *socket, const std::shared_ptr<const Job> &job,
                                 qsizetype index)
{
    const QList<ScriptStep> &steps = job->response.steps;
    if (index == steps.size()) {
        finish(socket, job);
        return;
    }
    const QPointer<QTcpSocket> guard(socket);
    // The socket as context drops the timer with the socket; the QPointer
    // covers the window where the client has gone but deleteLater has not
    // run yet.
    QTimer::singleShot(steps.at(index).delayMs, socket, [this, guard, job, index] {
        if (!guard || guard->state() != QAbstractSocket::ConnectedState)
            return;
        const QByteArray &bytes = job->response.steps.at(index).bytes;
        if (job->response.framing == FakeResponse::Framing::Chunked) {
            // An empty chunk would be the terminating one: skip it.
            if (!bytes.isEmpty())
                guard->write(QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n");
        } else {
            guard->write(bytes);
        }
        writeStep(guard, job, index + 1);
    });
}

void FakeOpenAiServer::finish(QTcpSocket *socket, const std::shared_ptr<const Job> &job)
{
    switch (job->response.end) {
    case FakeResponse::End::Stall:
        return;
    case FakeResponse::End::Cut: {
        // abort() drops whatever Qt still buffers: hand every byte to the
        // kernel first, so the client gets the steps and then the reset. And
        // a reset makes the receiving kernel drop what the client has not
        // read yet: give it a moment to read the last step first.
        const QPointer<QTcpSocket> guard(socket);
        const auto cut = [guard] {
            if (!guard || guard->bytesToWrite() > 0)
                return;
            QTimer::singleShot(50, guard, [guard] {
                resetOnClose(guard);
                guard->abort();
                guard->deleteLater();
            });
        };
        socket->flush();
        if (socket->bytesToWrite() > 0)
            connect(socket, &QTcpSocket::bytesWritten, socket, cut);
        else
            cut();
        return;
    }
    case FakeResponse::End::Normal:
        break;
    }
    if (job->response.framing == FakeResponse::Framing::Chunked)
        socket->write("0\r\n\r\n");
    if (job->closeAfter) {
        // Unlike abort(), this waits for the pending bytes to go out.
        socket->disconnectFromHost();
        return;
    }
    const auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->busy = false;
    // A request that arrived meanwhile is served from a fresh event loop
    // pass, not from deep inside the previous response.
    const QPointer<QTcpSocket> guard(socket);
    QTimer::singleShot(0, socket, [this, guard] {
        if (guard)
            processBuffer(guard);
    });
}

QByteArray FakeOpenAiServer::chatStream(const QStringList &deltas, const QString &finishReason,
                                        bool withUsage, bool withDone)
{
    const QByteArray usageNull = withUsage ? QByteArray("null") : QByteArray();
    QByteArray out = sseLine(
        chunkJson(R"({"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null})",
                  usageNull));
    for (const QString &delta : deltas) {
        out += sseLine(chunkJson(R"({"index":0,"delta":{"content":)" + jsonString(delta) +
                                     R"(},"finish_reason":null})",
                                 usageNull));
    }
    if (!finishReason.isEmpty()) {
        out += sseLine(
            chunkJson(R"({"index":0,"delta":{},"finish_reason":)" + jsonString(finishReason) + '}',
                      usageNull));
    }
    if (withUsage) {
        const int promptTokens = 10;
        const auto completionTokens = int(deltas.size());
        out += sseLine(chunkJson(QByteArray(),
                                 R"({"prompt_tokens":)" + QByteArray::number(promptTokens) +
                                     R"(,"completion_tokens":)" +
                                     QByteArray::number(completionTokens) + R"(,"total_tokens":)" +
                                     QByteArray::number(promptTokens + completionTokens) + '}'));
    }
    if (withDone)
        out += "data: [DONE]\n\n";
    return out;
}

QByteArray FakeOpenAiServer::sseData(const QJsonObject &object)
{
    return sseLine(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QList<ScriptStep> FakeOpenAiServer::split(const QByteArray &bytes, int size, int delayMs)
{
    QList<ScriptStep> steps;
    if (size <= 0)
        size = int(qMax<qsizetype>(bytes.size(), 1));
    for (qsizetype i = 0; i < bytes.size(); i += size)
        steps.append(ScriptStep{bytes.mid(i, size), delayMs});
    return steps;
}

FakeResponse FakeOpenAiServer::sse(const QByteArray &bytes)
{
    FakeResponse response;
    response.steps = {ScriptStep{bytes, 0}};
    return response;
}

FakeResponse FakeOpenAiServer::error(int status, const QString &message, const QString &type,
                                     const QString &code)
{
    const auto orNull = [](const QString &text) {
        return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
    };
    const QJsonObject body{
        {QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), message},
                                              {QStringLiteral("type"), orNull(type)},
                                              {QStringLiteral("param"), QJsonValue::Null},
                                              {QStringLiteral("code"), orNull(code)}}}};
    FakeResponse response;
    response.status = status;
    response.contentType = "application/json";
    response.framing = FakeResponse::Framing::ContentLength;
    response.steps = {ScriptStep{QJsonDocument(body).toJson(QJsonDocument::Compact), 0}};
    return response;
}
