#pragma once

#include "chatrequest.h"
#include "retrypolicy.h"
#include "sseparser.h"
#include "streamresult.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

class QNetworkReply;

// One streaming chat completion: reads its QNetworkReply as bytes arrive,
// turns Server-Sent Events into text deltas, and ends with exactly one
// finished() signal carrying how it ended. Text already emitted is never
// taken back, whatever happens later.
//
// A failure before the first byte of a reply body (no connection, 429, 5xx,
// ...) is retried as the RetryPolicy says: the stream sends the request again
// itself, after announcing the wait with retrying(). Once any text has
// arrived nothing is ever retried: the caller keeps what came and decides.
class CompletionStream : public QObject
{
    Q_OBJECT
public:
    using Timeouts = ChatRequest::Timeouts;
    // Sends the request once more and returns its reply: one call per attempt.
    using Sender = std::function<QNetworkReply *()>;

    // `proxy` names the proxy the requests go through (empty: direct), so
    // that a proxy that cannot be reached is not reported as the server.
    CompletionStream(Sender send, Timeouts timeouts, RetryPolicy policy, const QString &proxy = {},
                     QObject *parent = nullptr);
    // A stream that fails at once (on the next turn of the event loop, so
    // the caller can still connect to it) without sending anything.
    CompletionStream(const ApiError &error, QObject *parent = nullptr);
    ~CompletionStream() override;

    // Stops at once, also while waiting to retry; emits finished() with
    // Outcome::Aborted before returning.
    void abort();
    bool isRunning() const { return !m_ended; }
    bool isWaitingToRetry() const { return m_retryTimer.isActive(); }

signals:
    void contentDelta(const QString &text);
    void reasoningDelta(const QString &text);
    // The attempt failed before any reply; attempt number `attempt` of at
    // most `attempts` starts in delayMs.
    void retrying(int delayMs, int attempt, int attempts);
    void finished(const StreamResult &result);

private:
    enum class Phase { Connecting, Waiting, Done };
    enum class Body { Unknown, EventStream, Json, WebPage, Error };

    void startAttempt();
    void onConnected();
    void onMetaDataChanged();
    void onReadyRead();
    void onReplyFinished();
    void onTimeout();
    void handleEvent(const SseEvent &event);
    void handleChunk(const QJsonObject &chunk);
    void handleWholeJson(const QByteArray &body);
    // Ends with this error, or retries if the policy allows it.
    void fail(const ApiError &error);
    void end(StreamResult result);
    void releaseReply();
    StreamResult failure(const ApiError &error) const;

    Sender m_send;
    Timeouts m_timeouts;
    QString m_proxy;
    RetryPolicy m_policy;
    int m_retries = 0;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timer; // connect, then idle
    QTimer m_retryTimer;
    QElapsedTimer m_clock; // since this attempt was sent, for the debug log
    Phase m_phase = Phase::Connecting;
    SseParser m_parser;
    Body m_body = Body::Unknown;
    QByteArray m_contentType;
    RetryPolicy::Headers m_headers;
    QByteArray m_buffered; // error or whole-JSON bodies, read at the end
    qint64 m_bytes = 0;
    int m_events = 0;
    int m_httpStatus = 0;
    bool m_timedOut = false;
    bool m_ended = false;
    bool m_drainQueued = false;   // a turn to read more of the body is queued
    bool m_finishPending = false; // the reply finished with body still unread
    bool m_emitted = false;       // any text (answer or reasoning) went out
    bool m_refusal = false;
    QString m_finishReason;
    TokenUsage m_usage;
};
