#include "chatclient.h"

#include "core/logging.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>

ChatClient::ChatClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

QUrl ChatClient::endpoint(const QUrl &baseUrl, const QString &path)
{
    QUrl url = baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + path);
    return url;
}

QByteArray ChatClient::requestBody(const ChatRequest &request)
{
    QJsonArray messages;
    for (const ChatRequest::Turn &turn : request.messages) {
        QJsonObject message{{QStringLiteral("role"), turn.role},
                            {QStringLiteral("content"), turn.content}};
        if (turn.prefix)
            message.insert(QStringLiteral("prefix"), true);
        messages.append(message);
    }
    QJsonObject body{
        {QStringLiteral("model"), request.model},
        {QStringLiteral("messages"), messages},
        {QStringLiteral("stream"), true},
        // The usage arrives in a last chunk with empty choices.
        {QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}}},
    };
    if (request.temperature)
        body.insert(QStringLiteral("temperature"), *request.temperature);
    // max_tokens, not max_completion_tokens: the one every compatible server knows.
    if (request.maxTokens > 0)
        body.insert(QStringLiteral("max_tokens"), request.maxTokens);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QString ChatClient::proxyFor(const QUrl &url) const
{
    QNetworkProxy proxy = m_network->proxy();
    if (QNetworkProxyFactory *factory = m_network->proxyFactory())
        proxy = factory->queryProxy(QNetworkProxyQuery(url)).value(0);
    if (proxy.type() == QNetworkProxy::NoProxy || proxy.type() == QNetworkProxy::DefaultProxy)
        return {};
    return proxy.hostName() + QLatin1Char(':') + QString::number(proxy.port());
}

bool ChatClient::exposesKey(const QUrl &url)
{
    if (url.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) != 0)
        return false;
    const QString host = url.host().toLower();
    if (host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost")))
        return false;
    const QHostAddress address(host);
    return address.isNull() || !address.isLoopback();
}

CompletionStream *ChatClient::start(const ChatRequest &request, QObject *parent)
{
    const QUrl url = endpoint(request.baseUrl, QStringLiteral("/chat/completions"));
    if (!request.apiKey.isEmpty() && !request.allowKeyInClear && exposesKey(url)) {
        qCDebug(lcApi) << "refused to send the key in clear to" << url.host();
        ApiError refused;
        refused.kind = ApiError::Kind::InsecureKey;
        return new CompletionStream(refused, parent);
    }
    QNetworkRequest http(url);
    http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    http.setRawHeader("Accept", "text/event-stream");
    http.setRawHeader("User-Agent", "Confab/" CONFAB_VERSION);
    if (!request.apiKey.isEmpty())
        http.setRawHeader("Authorization", "Bearer " + request.apiKey.toUtf8());
    http.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    // Our own timers decide when a stream is dead; Qt's transfer timeout is
    // off, and it stays off: a reply may take as long as it likes in total.
    http.setTransferTimeout(0);
    const QByteArray body = requestBody(request);
    // Neither headers nor bodies are ever logged: they carry the key and the
    // user's words. The URL without user info or query is enough.
    const QString shownUrl = url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    QNetworkAccessManager *network = m_network;
    auto send = [network, http, body, shownUrl, attempt = 0]() mutable {
        qCDebug(lcApi) << "POST" << shownUrl << "attempt" << ++attempt << body.size() << "bytes";
        return network->post(http, body);
    };
    qCDebug(lcApi) << "model" << request.model << "messages" << request.messages.size();
    return new CompletionStream(send, request.timeouts, RetryPolicy(request.maxRetries),
                                proxyFor(url), parent);
}

void ChatClient::listModels(const QUrl &baseUrl, const QString &apiKey, bool allowKeyInClear,
                            QObject *context, ModelsCallback done)
{
    const QUrl url = endpoint(baseUrl, QStringLiteral("/models"));
    if (!apiKey.isEmpty() && !allowKeyInClear && exposesKey(url)) {
        qCDebug(lcApi) << "refused to send the key in clear to" << url.host();
        ApiError refused;
        refused.kind = ApiError::Kind::InsecureKey;
        // Asynchronously, as every other answer comes.
        QMetaObject::invokeMethod(
            context,
            [done = std::move(done), message = refused.userMessage()] {
                done(Result<QStringList>::failure(message));
            },
            Qt::QueuedConnection);
        return;
    }
    QNetworkRequest http(url);
    http.setRawHeader("Accept", "application/json");
    http.setRawHeader("User-Agent", "Confab/" CONFAB_VERSION);
    if (!apiKey.isEmpty())
        http.setRawHeader("Authorization", "Bearer " + apiKey.toUtf8());
    http.setTransferTimeout(30'000);
    QNetworkReply *reply = m_network->get(http);
    connect(reply, &QNetworkReply::finished, context, [reply, done = std::move(done)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (status == 0) {
            done(Result<QStringList>::failure(
                tr("The server could not be reached: %1").arg(reply->errorString())));
            return;
        }
        if (status < 200 || status >= 300) {
            done(Result<QStringList>::failure(ApiError::fromHttp(status, body).userMessage()));
            return;
        }
        QStringList ids;
        const QJsonArray data =
            QJsonDocument::fromJson(body).object().value(QLatin1String("data")).toArray();
        for (const QJsonValue &model : data) {
            const QString id = model.toObject().value(QLatin1String("id")).toString();
            if (!id.isEmpty())
                ids << id;
        }
        if (ids.isEmpty()) {
            done(Result<QStringList>::failure(tr("The server answered, but listed no models.")));
            return;
        }
        ids.sort(Qt::CaseInsensitive);
        done(ids);
    });
}
