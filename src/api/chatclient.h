#pragma once

#include "chatrequest.h"
#include "completionstream.h"

#include <QByteArray>
#include <QObject>
#include <QUrl>

class QNetworkAccessManager;

// Starts streaming chat completions against any OpenAI-compatible server:
// POST {base}/chat/completions with "stream": true. Shares the app's one
// QNetworkAccessManager so connections are kept alive between requests.
class ChatClient : public QObject
{
    Q_OBJECT
public:
    explicit ChatClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    void setTimeouts(CompletionStream::Timeouts timeouts) { m_timeouts = timeouts; }

    // The caller owns the stream (through `parent`); it ends with finished().
    CompletionStream *start(const ChatRequest &request, QObject *parent);

    static QUrl endpoint(const QUrl &baseUrl, const QString &path);
    static QByteArray requestBody(const ChatRequest &request);

private:
    QNetworkAccessManager *m_network;
    CompletionStream::Timeouts m_timeouts;
};
