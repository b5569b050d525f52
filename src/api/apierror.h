#pragma once

#include <QCoreApplication>
#include <QNetworkReply>
#include <QString>

// What went wrong with a request, one kind per cause, so the chat can say in
// plain words what happened and what to do about it.
struct ApiError
{
    Q_DECLARE_TR_FUNCTIONS(ApiError)

public:
    enum class Kind {
        None,
        Auth,           // 401/403: the key was rejected
        NotFound,       // 404: unknown model or wrong base URL
        ContextTooLong, // 400 context_length_exceeded
        NoCredit,       // 402, 429 insufficient_quota
        RateLimited,    // 429
        BadRequest,     // other 4xx
        Server,         // 5xx
        Network,        // the connection failed in another way before any reply
        Tls,            // certificate or handshake failure; never ignored
        Timeout,        // nothing arrived for longer than the idle timeout
        Malformed,      // a body that is not what an OpenAI server sends
        Interrupted,    // the connection closed mid-reply
        StreamError,    // the server reported an error inside the stream
        HostNotFound,   // DNS could not resolve the host of the base URL
        Refused,        // nothing listens on that host and port
        ConnectTimeout, // no connection within the connect timeout
        Proxy,          // the proxy could not be reached or refused to connect us
        ProxyAuth,      // the proxy wants credentials (407) or rejected them
        InsecureKey,    // Confab refused to send the key over plain http
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    QString detail; // what the server or the network layer said, verbatim

    bool isError() const { return kind != Kind::None; }
    // One or two sentences for the chat: what happened, and what to do.
    QString userMessage() const;

    // The error an HTTP status and its body stand for. The body is read for
    // the server's own message and code (OpenAI's {"error": {...}} shape).
    static ApiError fromHttp(int status, const QByteArray &body);
    // A failure reported inside a stream ("error" object or event).
    static ApiError fromStreamPayload(const QByteArray &json);
    // A failure of the connection itself, before any HTTP status arrived.
    static ApiError fromNetwork(QNetworkReply::NetworkError code, const QString &text);
};
