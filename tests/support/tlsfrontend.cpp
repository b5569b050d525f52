#include "tlsfrontend.h"

#include "socketpipe.h"

#include <QHostAddress>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpSocket>

namespace {
// Made once for these tests (EC P-256, self-signed, CA:TRUE so it can be its
// own trust anchor). It protects nothing: it only ever serves loopback.
const char kCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIBeDCCAR6gAwIBAgIUN/obSO06g0YOh7TEllmTNjHQDJ8wCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPYXBpLmNvbmZhYi50ZXN0MCAXDTAwMDEwMTAwMDAwMFoYDzIw
OTkxMjMxMDAwMDAwWjAaMRgwFgYDVQQDDA9hcGkuY29uZmFiLnRlc3QwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAATZQrfERMG4U9RD5Kz7E+tdzAVKKGXnDVkjTYEE
ygJAo0Cque5NEpThlKJvhdWBjzo3IwANsstzEdoxP8tmGgKgo0AwPjAPBgNVHRMB
Af8EBTADAQH/MCsGA1UdEQQkMCKCD2FwaS5jb25mYWIudGVzdIIJbG9jYWxob3N0
hwR/AAABMAoGCCqGSM49BAMCA0gAMEUCIB+DcPfkGHqrG+WlJWpkRP4KpKsvlwhJ
463JRiU/tS+oAiEA/UQ4kATG5mnbwrVrQuzU+Jx0eR0A1CfHyzX5fjabKK4=
-----END CERTIFICATE-----
)";
const char kPrivateKey[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZE3OdRs3ifACLtf9
LMbrhwna/QhxW2jfVCri4ewRO56hRANCAATZQrfERMG4U9RD5Kz7E+tdzAVKKGXn
DVkjTYEEygJAo0Cque5NEpThlKJvhdWBjzo3IwANsstzEdoxP8tmGgKg
-----END PRIVATE KEY-----
)";

// The client's socket goes with the connection, as the server's does.
void pipe(QTcpSocket *a, QTcpSocket *b)
{
    pipeSockets(a, b);
    QObject::connect(a, &QTcpSocket::disconnected, a, &QObject::deleteLater);
}
} // namespace

TlsFrontend::TlsFrontend(quint16 backendPort, QObject *parent)
    : QObject(parent)
    , m_server(new QSslServer(this))
    , m_backendPort(backendPort)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(certificate());
    config.setPrivateKey(QSslKey(QByteArray(kPrivateKey), QSsl::Ec));
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients bring no certificate
    m_server->setSslConfiguration(config);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &TlsFrontend::onNewConnection);
}

TlsFrontend::~TlsFrontend()
{
    // As in TestProxy: cut the pipes before the sockets go, one by one.
    const QList<QTcpSocket *> sockets = findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets)
        socket->disconnect();
    for (QTcpSocket *socket : sockets)
        socket->abort();
}

QSslCertificate TlsFrontend::certificate()
{
    return QSslCertificate(QByteArray(kCertificate));
}

bool TlsFrontend::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 TlsFrontend::port() const
{
    return m_server->serverPort();
}

void TlsFrontend::onNewConnection()
{
    while (QTcpSocket *client = m_server->nextPendingConnection()) {
        ++m_handshakes;
        auto *backend = new QTcpSocket(this);
        client->setParent(this);
        backend->connectToHost(QHostAddress::LocalHost, m_backendPort);
        pipe(client, backend); // writes wait in the buffer until it is connected
        if (client->bytesAvailable() > 0)
            backend->write(client->readAll());
    }
}
