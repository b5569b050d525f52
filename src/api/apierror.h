#pragma once

#include <QCoreApplication>
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
        Network,        // DNS, refused, reset before any reply
        Tls,            // certificate or handshake failure
        Timeout,        // nothing arrived for too long
        Malformed,      // a body that is not what an OpenAI server sends
        Interrupted,    // the connection closed mid-reply
        StreamError,    // the server reported an error inside the stream
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
};
