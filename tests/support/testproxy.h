#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>

class QTcpServer;
class QTcpSocket;

// A small proxy server for tests on 127.0.0.1: HTTP (forwarding requests with
// an absolute URI, and CONNECT tunnels) or SOCKS5, optionally demanding a user
// name and password (Basic for HTTP, RFC 1929 for SOCKS5). Whatever host a
// client asks for is reached at 127.0.0.1 on the port it asked for, so tests
// can use names that resolve nowhere (api.confab.test:PORT) and still land on
// their fake server, and can tell that the request went through the proxy.
class TestProxy : public QObject
{
    Q_OBJECT
public:
    enum class Protocol { Http, Socks5 };

    // One connection a client asked the proxy for.
    struct Request
    {
        QByteArray method; // CONNECT, POST, ... or SOCKS5
        QByteArray host;   // as the client named it
        quint16 port = 0;
        bool authorized = false; // carried valid credentials
    };

    explicit TestProxy(Protocol protocol, QObject *parent = nullptr);
    ~TestProxy() override;

    // Credentials the proxy demands; empty user: none.
    void requireCredentials(const QByteArray &user, const QByteArray &password);
    bool listen();
    quint16 port() const;

    QList<Request> requests() const { return m_requests; } // served ones
    int refusals() const { return m_refusals; }            // asked for credentials

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *client);
    bool handleHttp(QTcpSocket *client, QByteArray &buffer);
    bool handleSocks(QTcpSocket *client, QByteArray &buffer);
    void tunnel(QTcpSocket *client, const QByteArray &host, quint16 port,
                const QByteArray &firstBytes, const QByteArray &greeting);

    Protocol m_protocol;
    QTcpServer *m_server;
    QByteArray m_user;
    QByteArray m_password;
    QList<Request> m_requests;
    int m_refusals = 0;
};
