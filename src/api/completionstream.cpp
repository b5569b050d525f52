#include "completionstream.h"

#include "core/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTimer>

namespace {
// Bodies that are read whole (errors, non-streaming JSON) are capped: an
// error page has no business being megabytes long.
constexpr qsizetype kMaxBufferedBody = 1 << 20;
// Of an event stream, only a sample is kept: if no event ever comes, it
// explains why.
constexpr qsizetype kStreamSample = 4096;
} // namespace

CompletionStream::CompletionStream(Sender send, Timeouts timeouts, RetryPolicy policy,
                                   const QString &proxy, QObject *parent)
    : QObject(parent)
    , m_send(std::move(send))
    , m_timeouts(timeouts)
    , m_proxy(proxy)
    , m_policy(policy)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &CompletionStream::onTimeout);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &CompletionStream::startAttempt);
    startAttempt();
}

CompletionStream::CompletionStream(const ApiError &error, QObject *parent)
    : QObject(parent)
{
    QMetaObject::invokeMethod(
        this, [this, error] { end(failure(error)); }, Qt::QueuedConnection);
}

CompletionStream::~CompletionStream()
{
    releaseReply();
}

void CompletionStream::startAttempt()
{
    if (m_ended)
        return;
    m_phase = Phase::Connecting;
    m_body = Body::Unknown;
    m_contentType.clear();
    m_headers.clear();
    m_buffered.clear();
    m_bytes = 0;
    m_events = 0;
    m_httpStatus = 0;
    m_timedOut = false;
    m_parser = SseParser{};
    m_clock.start();

    QNetworkReply *reply = m_send();
    m_reply = reply;
    reply->setParent(this);
    connect(reply, &QNetworkReply::metaDataChanged, this, &CompletionStream::onMetaDataChanged);
    connect(reply, &QNetworkReply::readyRead, this, &CompletionStream::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &CompletionStream::onReplyFinished);
    // The connect phase ends once the request is on its way. Over HTTP/1
    // Qt says so with requestSent; the finished upload and the end of the
    // TLS handshake say it on every path.
    connect(reply, &QNetworkReply::requestSent, this, &CompletionStream::onConnected);
    connect(reply, &QNetworkReply::encrypted, this, &CompletionStream::onConnected);
    connect(reply, &QNetworkReply::uploadProgress, this, [this](qint64 sent, qint64 total) {
        if (total > 0 && sent == total)
            onConnected();
    });
    connect(reply, &QNetworkReply::sslErrors, this, [](const QList<QSslError> &errors) {
        // Never ignored: the handshake fails and the user is told.
        for (const QSslError &e : errors)
            qCDebug(lcApi) << "TLS error:" << e.errorString();
    });
    m_timer.start(m_timeouts.connectMs);
}

void CompletionStream::onConnected()
{
    if (m_phase != Phase::Connecting)
        return;
    m_phase = Phase::Waiting;
    m_timer.start(m_timeouts.idleMs);
}

void CompletionStream::abort()
{
    if (m_ended)
        return;
    StreamResult result;
    result.outcome = StreamResult::Outcome::Aborted;
    result.usage = m_usage;
    result.refusal = m_refusal;
    end(result);
}

void CompletionStream::onMetaDataChanged()
{
    if (!m_reply || m_body != Body::Unknown)
        return;
    onConnected();
    m_httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_contentType = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    m_headers = m_reply->rawHeaderPairs();
    qCDebug(lcApi) << "HTTP" << m_httpStatus << m_contentType << "after" << m_clock.elapsed()
                   << "ms";
    const QByteArray type = m_contentType.toLower();
    if (m_httpStatus < 200 || m_httpStatus >= 300)
        m_body = Body::Error;
    else if (type.contains("application/json"))
        m_body = Body::Json; // a server that ignored "stream": true
    else if (type.contains("text/html"))
        m_body = Body::WebPage; // a proxy, captive portal or web site answered
    else
        // text/event-stream, or no type at all (some local servers), or a
        // wrong one: try SSE; a body with no events ends as Malformed.
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
    // At most this much per turn of the event loop: a body that piled up
    // (Qt hands everything that arrived meanwhile to one readyRead) would
    // otherwise hold the GUI thread for as long as it takes to parse it all.
    constexpr qint64 kMaxBytesPerTurn = 32 * 1024;
    const QByteArray bytes = m_reply->read(kMaxBytesPerTurn);
    if (m_reply->bytesAvailable() > 0 && !m_drainQueued) {
        m_drainQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_drainQueued = false;
            onReadyRead();
            if (m_finishPending && !m_drainQueued && !m_ended)
                onReplyFinished();
        });
    }
    m_bytes += bytes.size();
    if (m_body != Body::EventStream) {
        if (m_buffered.size() < kMaxBufferedBody)
            m_buffered += bytes.left(kMaxBufferedBody - m_buffered.size());
        return;
    }
    if (m_buffered.size() < kStreamSample)
        m_buffered += bytes.left(kStreamSample - m_buffered.size());
    for (const SseEvent &event : m_parser.feed(bytes)) {
        ++m_events;
        handleEvent(event);
        if (m_ended)
            return;
    }
}

void CompletionStream::handleEvent(const SseEvent &event)
{
    if (event.type == QLatin1String("error")) {
        fail(ApiError::fromStreamPayload(event.data.toUtf8()));
        return;
    }
    if (event.data == QLatin1String("[DONE]")) {
        StreamResult result;
        result.finishReason = m_finishReason.isEmpty() ? QStringLiteral("stop") : m_finishReason;
        result.usage = m_usage;
        result.refusal = m_refusal;
        end(result); // anything after [DONE] is ignored
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(event.data.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        ApiError e;
        e.kind = ApiError::Kind::Malformed;
        e.detail = tr("invalid JSON in the stream: %1").arg(event.data.left(200));
        fail(e);
        return;
    }
    handleChunk(doc.object());
}

void CompletionStream::handleChunk(const QJsonObject &chunk)
{
    if (chunk.contains(QLatin1String("error"))) {
        fail(ApiError::fromStreamPayload(QJsonDocument(chunk).toJson()));
        return;
    }
    // "usage" is null on every chunk but the last one (include_usage).
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
        if (!text.isEmpty()) {
            m_emitted = true;
            emit reasoningDelta(text);
        }
    }
    const QString content = delta.value(QLatin1String("content")).toString();
    if (!content.isEmpty()) {
        m_emitted = true;
        emit contentDelta(content);
    }
    // A refusal is shown as the reply, and the result says it was one.
    const QString refusal = delta.value(QLatin1String("refusal")).toString();
    if (!refusal.isEmpty()) {
        m_emitted = true;
        m_refusal = true;
        emit contentDelta(refusal);
    }
    const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
    if (finish.isString())
        m_finishReason = finish.toString();
}

void CompletionStream::handleWholeJson(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject object = doc.object();
    if (object.contains(QLatin1String("error"))) {
        fail(ApiError::fromStreamPayload(body));
        return;
    }
    const QJsonArray choices = object.value(QLatin1String("choices")).toArray();
    if (parseError.error != QJsonParseError::NoError || choices.isEmpty()) {
        ApiError e = ApiError::fromHttp(m_httpStatus, body);
        e.kind = ApiError::Kind::Malformed;
        e.httpStatus = 0;
        if (parseError.error != QJsonParseError::NoError)
            e.detail =
                tr("the body is not valid JSON although the server said it was: %1").arg(e.detail);
        fail(e);
        return;
    }
    const QJsonObject choice = choices.first().toObject();
    const QJsonObject message = choice.value(QLatin1String("message")).toObject();
    const QString reasoning = message.value(QLatin1String("reasoning_content")).toString();
    if (!reasoning.isEmpty()) {
        m_emitted = true;
        emit reasoningDelta(reasoning);
    }
    const QString content = message.value(QLatin1String("content")).toString();
    if (!content.isEmpty()) {
        m_emitted = true;
        emit contentDelta(content);
    }
    const QString refusal = message.value(QLatin1String("refusal")).toString();
    if (!refusal.isEmpty()) {
        m_emitted = true;
        m_refusal = true;
        emit contentDelta(refusal);
    }
    handleChunk(QJsonObject{{QStringLiteral("usage"), object.value(QLatin1String("usage"))}});
    StreamResult result;
    result.finishReason =
        choice.value(QLatin1String("finish_reason")).toString(QStringLiteral("stop"));
    result.usage = m_usage;
    result.refusal = m_refusal;
    end(result);
}

void CompletionStream::onTimeout()
{
    if (m_ended || !m_reply)
        return;
    m_timedOut = true;
    qCDebug(lcApi) << "timed out" << (m_phase == Phase::Connecting ? "connecting" : "waiting")
                   << "after" << m_clock.elapsed() << "ms";
    m_reply->abort(); // leads to onReplyFinished
}

void CompletionStream::onReplyFinished()
{
    if (m_ended || !m_reply)
        return;
    if (m_drainQueued) {
        m_finishPending = true; // once the rest of the body is read
        return;
    }
    m_finishPending = false;
    m_timer.stop();
    if (m_body == Body::Unknown &&
        m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
        onMetaDataChanged();
    const auto networkCode = m_reply->error();
    const QString networkText = m_reply->errorString();
    qCDebug(lcApi) << "reply finished: HTTP" << m_httpStatus << networkCode << m_bytes << "bytes"
                   << m_events << "events in" << m_clock.elapsed() << "ms";

    if (m_timedOut) {
        ApiError e;
        if (m_phase == Phase::Connecting) {
            e.kind = ApiError::Kind::ConnectTimeout;
            e.detail = tr("no connection within %1 s").arg(m_timeouts.connectMs / 1000.0);
        } else {
            e.kind = ApiError::Kind::Timeout;
            e.detail = tr("nothing arrived for %1 s").arg(m_timeouts.idleMs / 1000.0);
        }
        fail(e);
        return;
    }
    if (m_body == Body::Error && m_httpStatus >= 400) {
        fail(ApiError::fromHttp(m_httpStatus, m_buffered));
        return;
    }
    if (m_httpStatus == 0 && networkCode != QNetworkReply::NoError) {
        ApiError e = ApiError::fromNetwork(networkCode, networkText);
        // Through a forwarding proxy, Qt reports the proxy's own refusal or
        // unknown name like the server's: say which one failed.
        if (!m_proxy.isEmpty() &&
            (e.kind == ApiError::Kind::Refused || e.kind == ApiError::Kind::HostNotFound)) {
            e.kind = ApiError::Kind::Proxy;
            e.detail = tr("proxy %1: %2").arg(m_proxy, networkText);
        }
        fail(e);
        return;
    }
    if (m_body == Body::Json) {
        handleWholeJson(m_buffered);
        return;
    }
    if (m_body == Body::WebPage) {
        ApiError e;
        e.kind = ApiError::Kind::Malformed;
        e.detail = tr("a web page (Content-Type: %1) came instead of an API response; a proxy, a "
                      "network login page or a wrong base URL may be in the way")
                       .arg(QString::fromLatin1(m_contentType));
        fail(e);
        return;
    }
    if (m_body == Body::Error) { // 1xx/3xx that Qt did not follow
        fail(ApiError::fromHttp(m_httpStatus, m_buffered));
        return;
    }
    // An event stream that ended without [DONE]. Some servers end a final
    // "data: [DONE]" with no blank line; the parser hands it back here.
    if (m_parser.finish() == QLatin1String("[DONE]") || !m_finishReason.isEmpty()) {
        StreamResult result;
        result.finishReason = m_finishReason.isEmpty() ? QStringLiteral("stop") : m_finishReason;
        result.usage = m_usage;
        result.refusal = m_refusal;
        end(result);
        return;
    }
    ApiError e;
    if (m_events == 0 && networkCode == QNetworkReply::NoError) {
        // A 2xx that carried no events at all: plain text, an empty body...
        e.kind = ApiError::Kind::Malformed;
        const QString sample = ApiError::fromHttp(m_httpStatus, m_buffered).detail;
        e.detail = m_contentType.isEmpty() || m_contentType.contains("text/event-stream")
                       ? sample
                       : tr("Content-Type %1 instead of text/event-stream: %2")
                             .arg(QString::fromLatin1(m_contentType), sample);
    } else {
        e.kind = ApiError::Kind::Interrupted;
        if (networkCode != QNetworkReply::NoError)
            e.detail = networkText;
    }
    fail(e);
}

void CompletionStream::fail(const ApiError &error)
{
    // Only a request that produced no reply at all may be sent again: no
    // text went out and no successful response began.
    const bool untouched = !m_emitted && (m_httpStatus == 0 || m_httpStatus >= 300);
    if (!m_ended && untouched && m_policy.shouldRetry(error, m_headers, m_retries)) {
        const int delay = RetryPolicy::delayMs(m_retries, m_headers);
        ++m_retries;
        releaseReply();
        m_timer.stop();
        qCDebug(lcApi) << "retry" << m_retries << "of" << m_policy.maxRetries() << "in" << delay
                       << "ms after" << int(error.kind) << error.httpStatus;
        m_retryTimer.start(delay);
        emit retrying(delay, m_retries + 1, m_policy.maxRetries() + 1);
        return;
    }
    end(failure(error));
}

StreamResult CompletionStream::failure(const ApiError &error) const
{
    StreamResult result;
    result.outcome = StreamResult::Outcome::Failed;
    result.error = error;
    result.usage = m_usage;
    result.refusal = m_refusal;
    return result;
}

void CompletionStream::releaseReply()
{
    if (!m_reply)
        return;
    m_reply->disconnect(this);
    if (m_reply->isRunning())
        m_reply->abort();
    m_reply->deleteLater();
    m_reply = nullptr;
}

void CompletionStream::end(StreamResult result)
{
    if (m_ended)
        return;
    m_ended = true;
    m_phase = Phase::Done;
    m_timer.stop();
    m_retryTimer.stop();
    releaseReply();
    emit finished(result);
}
