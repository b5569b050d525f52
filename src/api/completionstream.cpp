#include "completionstream.h"

#include "core/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace {
// Bodies that are read whole (errors, non-streaming JSON) are capped: an
// error page has no business being megabytes long.
constexpr qsizetype kMaxBufferedBody = 1 << 20;

ApiError networkError(QNetworkReply::NetworkError code, const QString &text)
{
    ApiError e;
    e.detail = text;
    switch (code) {
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::UnknownProxyError:
        e.kind = code == QNetworkReply::SslHandshakeFailedError ? ApiError::Kind::Tls
                                                                : ApiError::Kind::Network;
        break;
    case QNetworkReply::TimeoutError:
        e.kind = ApiError::Kind::Timeout;
        break;
    default:
        e.kind = ApiError::Kind::Network;
        break;
    }
    return e;
}
} // namespace

CompletionStream::CompletionStream(QNetworkReply *reply, Timeouts timeouts, QObject *parent)
    : QObject(parent)
    , m_reply(reply)
    , m_timeouts(timeouts)
{
    reply->setParent(this);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &CompletionStream::onTimeout);
    connect(reply, &QNetworkReply::metaDataChanged, this, &CompletionStream::onMetaDataChanged);
    connect(reply, &QNetworkReply::readyRead, this, &CompletionStream::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &CompletionStream::onReplyFinished);
    m_timer.start(m_timeouts.connectMs);
}

CompletionStream::~CompletionStream()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void CompletionStream::abort()
{
    if (m_ended)
        return;
    StreamResult result;
    result.outcome = StreamResult::Outcome::Aborted;
    result.usage = m_usage;
    end(result);
}

void CompletionStream::onMetaDataChanged()
{
    if (!m_reply || m_body != Body::Unknown)
        return;
    m_httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray type = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    qCDebug(lcApi) << "response" << m_httpStatus << type;
    if (m_httpStatus < 200 || m_httpStatus >= 300)
        m_body = Body::Error;
    else if (type.contains("application/json"))
        m_body = Body::Json; // a server that ignored "stream": true
    else
        // text/event-stream, or no type at all (some local servers): try SSE;
        // anything else shows up as a reply with no events (Malformed).
        m_body = Body::EventStream;
    m_timer.start(m_timeouts.idleMs);
}

void CompletionStream::onReadyRead()
{
    if (!m_reply || m_ended)
        return;
    if (m_body == Body::Unknown)
        onMetaDataChanged();
    m_timer.start(m_timeouts.idleMs);
    const QByteArray bytes = m_reply->readAll();
    if (m_body != Body::EventStream) {
        if (m_buffered.size() < kMaxBufferedBody)
            m_buffered += bytes.left(kMaxBufferedBody - m_buffered.size());
        return;
    }
    // Keep a sample of the raw body: if no event ever comes, it explains why.
    if (m_buffered.size() < 4096)
        m_buffered += bytes.left(4096 - m_buffered.size());
    for (const SseEvent &event : m_parser.feed(bytes)) {
        handleEvent(event);
        if (m_ended)
            return;
    }
}

void CompletionStream::handleEvent(const SseEvent &event)
{
    if (event.type == QLatin1String("error")) {
        end(failure(ApiError::fromStreamPayload(event.data.toUtf8())));
        return;
    }
    if (event.data == QLatin1String("[DONE]")) {
        StreamResult result;
        result.finishReason = m_finishReason.isEmpty() ? QStringLiteral("stop") : m_finishReason;
        result.usage = m_usage;
        end(result); // anything after [DONE] is ignored
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(event.data.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        ApiError e;
        e.kind = ApiError::Kind::Malformed;
        e.detail = tr("invalid JSON in the stream: %1").arg(event.data.left(200));
        end(failure(e));
        return;
    }
    handleChunk(doc.object());
}

void CompletionStream::handleChunk(const QJsonObject &chunk)
{
    if (chunk.contains(QLatin1String("error"))) {
        end(failure(ApiError::fromStreamPayload(QJsonDocument(chunk).toJson())));
        return;
    }
    const QJsonValue usage = chunk.value(QLatin1String("usage"));
    if (usage.isObject()) {
        const QJsonObject u = usage.toObject();
        m_usage.promptTokens = u.value(QLatin1String("prompt_tokens")).toInt(-1);
        m_usage.completionTokens = u.value(QLatin1String("completion_tokens")).toInt(-1);
        m_usage.totalTokens = u.value(QLatin1String("total_tokens")).toInt(-1);
    }
    // Azure's first chunk has no choices (prompt filter results): nothing to do.
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    if (choices.isEmpty())
        return;
    const QJsonObject choice = choices.first().toObject();
    const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
    for (const char *key : {"reasoning_content", "reasoning"}) {
        const QString text = delta.value(QLatin1String(key)).toString();
        if (!text.isEmpty())
            emit reasoningDelta(text);
    }
    for (const char *key : {"content", "refusal"}) {
        const QString text = delta.value(QLatin1String(key)).toString();
        if (!text.isEmpty()) {
            m_receivedText = true;
            emit contentDelta(text);
        }
    }
    const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
    if (finish.isString())
        m_finishReason = finish.toString();
}

void CompletionStream::handleWholeJson(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonObject object = doc.object();
    if (object.contains(QLatin1String("error"))) {
        end(failure(ApiError::fromStreamPayload(body)));
        return;
    }
    const QJsonArray choices = object.value(QLatin1String("choices")).toArray();
    if (choices.isEmpty()) {
        ApiError e;
        e.kind = ApiError::Kind::Malformed;
        e.detail = QString::fromUtf8(body.left(200));
        end(failure(e));
        return;
    }
    const QJsonObject choice = choices.first().toObject();
    const QJsonObject message = choice.value(QLatin1String("message")).toObject();
    const QString reasoning = message.value(QLatin1String("reasoning_content")).toString();
    if (!reasoning.isEmpty())
        emit reasoningDelta(reasoning);
    const QString content = message.value(QLatin1String("content")).toString();
    if (!content.isEmpty()) {
        m_receivedText = true;
        emit contentDelta(content);
    }
    handleChunk(QJsonObject{{QStringLiteral("usage"), object.value(QLatin1String("usage"))}});
    StreamResult result;
    result.finishReason =
        choice.value(QLatin1String("finish_reason")).toString(QStringLiteral("stop"));
    result.usage = m_usage;
    end(result);
}

void CompletionStream::onTimeout()
{
    if (m_ended)
        return;
    m_timedOut = true;
    qCDebug(lcApi) << "timed out waiting for the server";
    if (m_reply)
        m_reply->abort(); // leads to onReplyFinished
}

void CompletionStream::onReplyFinished()
{
    if (m_ended || !m_reply)
        return;
    m_timer.stop();
    if (m_body == Body::Unknown)
        onMetaDataChanged();
    const auto networkCode = m_reply->error();
    const QString networkText = m_reply->errorString();
    qCDebug(lcApi) << "reply finished" << m_httpStatus << networkCode;

    if (m_timedOut) {
        ApiError e;
        e.kind = ApiError::Kind::Timeout;
        end(failure(e));
        return;
    }
    if (m_body == Body::Error && m_httpStatus >= 400) {
        end(failure(ApiError::fromHttp(m_httpStatus, m_buffered)));
        return;
    }
    if (m_httpStatus == 0 && networkCode != QNetworkReply::NoError) {
        end(failure(networkError(networkCode, networkText)));
        return;
    }
    if (m_body == Body::Json) {
        handleWholeJson(m_buffered);
        return;
    }
    if (m_body == Body::Error) { // 1xx/3xx that Qt did not follow
        end(failure(ApiError::fromHttp(m_httpStatus, m_buffered)));
        return;
    }
    // An event stream that ended without [DONE]. Some servers end a final
    // "data: [DONE]" with no blank line; the parser hands it back here.
    if (m_parser.finish() == QLatin1String("[DONE]") || !m_finishReason.isEmpty()) {
        StreamResult result;
        result.finishReason = m_finishReason.isEmpty() ? QStringLiteral("stop") : m_finishReason;
        result.usage = m_usage;
        end(result);
        return;
    }
    ApiError e;
    if (!m_receivedText && networkCode == QNetworkReply::NoError) {
        // A 200 that carried no events at all: an HTML page, plain text, ...
        e.kind = ApiError::Kind::Malformed;
        e.detail = ApiError::fromHttp(m_httpStatus, m_buffered).detail;
    } else {
        e.kind = ApiError::Kind::Interrupted;
        if (networkCode != QNetworkReply::NoError)
            e.detail = networkText;
    }
    end(failure(e));
}

StreamResult CompletionStream::failure(const ApiError &error) const
{
    StreamResult result;
    result.outcome = StreamResult::Outcome::Failed;
    result.error = error;
    result.usage = m_usage;
    return result;
}

void CompletionStream::end(StreamResult result)
{
    if (m_ended)
        return;
    m_ended = true;
    m_timer.stop();
    if (m_reply) {
        m_reply->disconnect(this);
        if (m_reply->isRunning())
            m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    emit finished(result);
}
