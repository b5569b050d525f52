#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

class QTcpServer;
class QTcpSocket;

// One HTTP request as the fake server received it.
struct RecordedRequest
{
    QByteArray method;
    QByteArray path;                       // e.g. "/v1/chat/completions"
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
    QJsonObject json() const; // body parsed as a JSON object ({} if not)
};

// A piece of the response body, written after waiting delayMs.
struct ScriptStep
{
    QByteArray bytes;
    int delayMs = 0;
};

// How the server answers one request.
struct FakeResponse
{
    enum class Framing { Chunked, CloseDelimited, ContentLength };
    enum class End { Normal, Cut, Stall };

    int status = 200;
    QByteArray contentType = "text/event-stream";
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers, e.g. Retry-After
    Framing framing = Framing::Chunked;
    // The status line and headers are written at once; each step follows
    // after its own delay, counted from the previous step.
    QList<ScriptStep> steps;
    // Normal: end the body properly. Cut: abort the TCP connection (with a
    // reset) after the steps: no terminating chunk, and with ContentLength
    // the announced length is one byte more than the steps hold. (With
    // CloseDelimited a client cannot tell a cut from the end; QNetworkReply
    // reports success.) Stall: keep the connection open and send nothing
    // more.
    End end = End::Normal;
};

// A real OpenAI-compatible HTTP/1.1 server on 127.0.0.1, port 0, for tests.
// Responses are scripted and served in the order they were enqueued; when the
// queue is empty the responder answers if one is set, otherwise a request
// gets 500 with an explanatory JSON error. Every request is recorded, and
// requestReceived is emitted before the response is chosen, so a slot may
// still enqueue the answer.
class FakeOpenAiServer : public QObject
{
    Q_OBJECT
public:
    explicit FakeOpenAiServer(QObject *parent = nullptr);
    ~FakeOpenAiServer() override;

    bool listen(); // on 127.0.0.1, port chosen by the OS
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:<port>/v1

    void enqueue(const FakeResponse &response);
    // From now on, every enqueued body is written at most `bytes` at a time,
    // each piece in its own turn of the event loop (0: as scripted). With 1 the
    // client meets every case split at every possible place.
    void setPieceSize(int bytes) { m_pieceSize = bytes; }
    QList<RecordedRequest> requests() const { return m_requests; }

    // Answers the requests that find the queue empty, for servers that must
    // keep serving without a script (the standalone fake_openai_server).
    using Responder = std::function<FakeResponse(const RecordedRequest &)>;
    void setResponder(Responder responder) { m_responder = std::move(responder); }

    // Helpers to script responses.
    // The SSE bytes of a chat completion streaming `deltas` as
    // choices[0].delta.content, a final chunk with finish_reason (none if
    // empty), a usage chunk if usage is requested, then "data: [DONE]".
    static QByteArray chatStream(const QStringList &deltas,
                                 const QString &finishReason = QStringLiteral("stop"),
                                 bool withUsage = true, bool withDone = true);
    // One "data: <json>\n\n" event.
    static QByteArray sseData(const QJsonObject &object);
    // Splits bytes into steps of at most `size` bytes, each after delayMs.
    static QList<ScriptStep> split(const QByteArray &bytes, int size, int delayMs = 0);
    // A whole response streaming `bytes` in one step.
    static FakeResponse sse(const QByteArray &bytes);
    // An error response with an OpenAI-style JSON body.
    static FakeResponse error(int status, const QString &message, const QString &type = {},
                              const QString &code = {});

signals:
    void requestReceived(int index);

private:
    struct Connection
    {
        QByteArray buffer; // received bytes not yet parsed into a request
        bool busy = false; // a response is being written; later requests wait
    };
    struct Job; // one response being written
    enum class Parse { Incomplete, Complete, Bad };

    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void processBuffer(QTcpSocket *socket);
    static Parse parseRequest(QByteArray &buffer, RecordedRequest &request);
    FakeResponse takeResponse(const RecordedRequest &request);
    void respond(QTcpSocket *socket, const FakeResponse &response, bool closeAfter);
    void writeStep(QTcpSocket *socket, const std::shared_ptr<const Job> &job, qsizetype index);
    void finish(QTcpSocket *socket, const std::shared_ptr<const Job> &job);

    QTcpServer *m_server;
    QList<FakeResponse> m_queue;
    int m_pieceSize = 0;
    QList<RecordedRequest> m_requests;
    QHash<QTcpSocket *, Connection> m_connections;
    Responder m_responder;
};
