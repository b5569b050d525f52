#include "chatclient.h"

#include "core/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
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
    for (const ChatRequest::Turn &turn : request.messages)
        messages.append(QJsonObject{{QStringLiteral("role"), turn.role},
                                    {QStringLiteral("content"), turn.content}});
    const QJsonObject body{
        {QStringLiteral("model"), request.model},
        {QStringLiteral("messages"), messages},
        {QStringLiteral("stream"), true},
        // The usage arrives in a last chunk with empty choices.
        {QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}}},
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

CompletionStream *ChatClient::start(const ChatRequest &request, QObject *parent)
{
    const QUrl url = endpoint(request.baseUrl, QStringLiteral("/chat/completions"));
    QNetworkRequest http(url);
    http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    http.setRawHeader("Accept", "text/event-stream");
    http.setRawHeader("User-Agent", "Confab/" CONFAB_VERSION);
    if (!request.apiKey.isEmpty())
        http.setRawHeader("Authorization", "Bearer " + request.apiKey.toUtf8());
    http.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    // Our own idle timer decides when a stream is dead; Qt's default transfer
    // timeout is off, and it stays off.
    http.setTransferTimeout(0);
    qCDebug(lcApi) << "POST" << url.toDisplayString() << "model" << request.model << "messages"
                   << request.messages.size();
    QNetworkReply *reply = m_network->post(http, requestBody(request));
    return new CompletionStream(reply, m_timeouts, parent);
}
