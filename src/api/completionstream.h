#pragma once

#include "sseparser.h"
#include "streamresult.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkReply;

// One streaming chat completion: reads its QNetworkReply as bytes arrive,
// turns Server-Sent Events into text deltas, and ends with exactly one
// finished() signal carrying how it ended. Text already emitted is never
// taken back, whatever happens later.
class CompletionStream : public QObject
{
    Q_OBJECT
public:
    struct Timeouts
    {
        int connectMs = 30'000; // until the response headers arrive
        int idleMs = 180'000;   // between two pieces of the body; reasoning models pause long
    };

    CompletionStream(QNetworkReply *reply, Timeouts timeouts, QObject *parent = nullptr);
    ~CompletionStream() override;

    // Stops at once; emits finished() with Outcome::Aborted before returning.
    void abort();
    bool isRunning() const { return !m_ended; }

signals:
    void contentDelta(const QString &text);
    void reasoningDelta(const QString &text);
    void finished(const StreamResult &result);

private:
    void onMetaDataChanged();
    void onReadyRead();
    void onReplyFinished();
    void onTimeout();
    void handleEvent(const SseEvent &event);
    void handleChunk(const QJsonObject &chunk);
    void handleWholeJson(const QByteArray &body);
    void end(StreamResult result);
    StreamResult failure(const ApiError &error) const;

    QPointer<QNetworkReply> m_reply;
    Timeouts m_timeouts;
    QTimer m_timer;
    SseParser m_parser;
    enum class Body { Unknown, EventStream, Json, Error };
    Body m_body = Body::Unknown;
    QByteArray m_buffered; // error or whole-JSON bodies, read at the end
    int m_httpStatus = 0;
    bool m_timedOut = false;
    bool m_ended = false;
    bool m_receivedText = false;
    QString m_finishReason;
    TokenUsage m_usage;
};
