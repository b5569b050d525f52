#pragma once

#include "chatrequest.h"
#include "completionstream.h"
#include "core/result.h"

#include <QByteArray>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

// Starts streaming chat completions against any OpenAI-compatible server:
// POST {base}/chat/completions with "stream": true. Shares the app's one
// QNetworkAccessManager so connections are kept alive between requests (and
// HTTP/2 is used where the server offers it).
class ChatClient : public QObject
{
    Q_OBJECT
public:
    explicit ChatClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    // The caller owns the stream (through `parent`); it ends with finished().
    // Failures before any reply are retried as request.maxRetries allows.
    CompletionStream *start(const ChatRequest &request, QObject *parent);

    // GET {base}/models: the ids the server offers, sorted ("Test connection"
    // in Settings). `done` runs once, unless `context` is gone by then; an
    // error comes as words for the user. Like a chat request, it refuses to
    // send a key over plain http to another host unless `allowKeyInClear`.
    using ModelsCallback = std::function<void(const Result<QStringList> &)>;
    void listModels(const QUrl &baseUrl, const QString &apiKey, bool allowKeyInClear,
                    QObject *context, ModelsCallback done);

    static QUrl endpoint(const QUrl &baseUrl, const QString &path);
    static QByteArray requestBody(const ChatRequest &request);
    // True when a key sent to this URL would cross the network unencrypted:
    // plain http:// to a host that is not this computer.
    static bool exposesKey(const QUrl &url);

private:
    // "host:port" of the proxy a request to `url` goes through, or empty.
    QString proxyFor(const QUrl &url) const;

    QNetworkAccessManager *m_network;
};
