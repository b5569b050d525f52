#include "testproxy.h"

#include "socketpipe.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtEndian>

namespace {
// Per-connection state, kept on the socket itself.
const char kBuffer[] = "testproxy.buffer";
const char kStage[] = "testproxy.stage"; // SOCKS5: 0 greeting, 1 auth, 2 request; -1 piping
const char kAuthorized[] = "testproxy.authorized";

// "host:port" or "[v6]:port".
void splitAuthority(const QByteArray &authority, QByteArray &host, quint16 &port)
{
    const qsizetype colon = authority.lastIndexOf(':');
    host = authority.left(colon);
    port = quint16(authority.mid(colon + 1).toUInt());
    if (host.startsWith('[') && host.endsWith(']'))
        host = host.mid(1, host.size() - 2);
}
} // namespace

TestProxy::TestProxy(Protocol protocol, QObject *parent)
    : QObject(parent)
    , m_protocol(protocol)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &TestProxy::onNewConnection);
}

TestProxy::~TestProxy()
{
    // Cut every connection between the sockets first, so closing one does
    // not reach into another that is already half destroyed.
    const QList<QTcpSocket *> sockets = findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets)
        socket->disconnect();
    for (QTcpSocket *socket : sockets)
        socket->abort();
}

void TestProxy::requireCredentials(const QByteArray &user, const QByteArray &password)
{
    m_user = user;
    m_password = password;
}

bool TestProxy::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 TestProxy::port() const
{
    return m_server->serverPort();
}

void TestProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server->nextPendingConnection()) {
        client->setParent(this);
        client->setProperty(kStage, 0);
        connect(client, &QTcpSocket::readyRead, this, [this, client] { onReadyRead(client); });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    }
}

void TestProxy::onReadyRead(QTcpSocket *client)
{
    if (client->property(kStage).toInt() < 0)
        return; // piping; the tunnel reads
    QByteArray buffer = client->property(kBuffer).toByteArray() + client->readAll();
    const bool done =
        m_protocol == Protocol::Http ? handleHttp(client, buffer) : handleSocks(client, buffer);
    if (!done)
        client->setProperty(kBuffer, buffer);
}

bool TestProxy::handleHttp(QTcpSocket *client, QByteArray &buffer)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    const QList<QByteArray> first = lines.first().trimmed().split(' ');
    if (first.size() != 3) {
        client->abort();
        return true;
    }
    QByteArray authorization;
    qsizetype contentLength = 0;
    QByteArray headers;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "proxy-authorization") {
            authorization = value;
            continue;
        }
        if (name == "proxy-connection" || name == "connection")
            continue;
        if (name == "content-length")
            contentLength = value.toLongLong();
        headers += line + "\r\n";
    }
    const qsizetype total = end + 4 + contentLength;
    if (first.at(0) != "CONNECT" && buffer.size() < total)
        return false; // wait for the whole body

    const QByteArray expected = "Basic " + (m_user + ':' + m_password).toBase64();
    const bool authorized = !m_user.isEmpty() && authorization == expected;
    if (!m_user.isEmpty() && !authorized) {
        ++m_refusals;
        client->write("HTTP/1.1 407 Proxy Authentication Required\r\n"
                      "Proxy-Authenticate: Basic realm=\"confab-test\"\r\n"
                      "Content-Length: 0\r\nConnection: close\r\n\r\n");
        client->disconnectFromHost();
        return true;
    }

    Request request;
    request.method = first.at(0);
    request.authorized = authorized;
    if (request.method == "CONNECT") {
        splitAuthority(first.at(1), request.host, request.port);
        m_requests.append(request);
        tunnel(client, request.host, request.port, buffer.mid(end + 4),
               "HTTP/1.1 200 Connection established\r\n\r\n");
        return true;
    }
    // Forwarding: http://host:port/path -> /path, one request per connection
    // so that every request shows up here.
    const QByteArray target = first.at(1);
    if (!target.startsWith("http://")) {
        client->abort();
        return true;
    }
    const qsizetype pathStart = target.indexOf('/', 7);
    const QByteArray authority = target.mid(7, pathStart < 0 ? -1 : pathStart - 7);
    const QByteArray path = pathStart < 0 ? QByteArray("/") : target.mid(pathStart);
    splitAuthority(authority.contains(':') ? authority : authority + ":80", request.host,
                   request.port);
    m_requests.append(request);
    const QByteArray forwarded = first.at(0) + ' ' + path + ' ' + first.at(2) + "\r\n" + headers +
                                 "Connection: close\r\n\r\n" + buffer.mid(end + 4);
    tunnel(client, request.host, request.port, forwarded, {});
    return true;
}

bool TestProxy::handleSocks(QTcpSocket *client, QByteArray &buffer)
{
    for (;;) {
        const int stage = client->property(kStage).toInt();
        if (stage == 0) { // VER NMETHODS METHODS...
            if (buffer.size() < 2 || buffer.size() < 2 + quint8(buffer.at(1)))
                return false;
            const QByteArray methods = buffer.mid(2, quint8(buffer.at(1)));
            buffer.remove(0, 2 + methods.size());
            const char wanted = m_user.isEmpty() ? 0x00 : 0x02;
            if (!methods.contains(wanted)) {
                ++m_refusals;
                client->write(QByteArray::fromHex("05ff"));
                client->disconnectFromHost();
                return true;
            }
            client->write(QByteArray("\x05") + wanted);
            client->setProperty(kStage, m_user.isEmpty() ? 2 : 1);
        } else if (stage == 1) { // VER ULEN UNAME PLEN PASSWD
            if (buffer.size() < 2)
                return false;
            const int userLength = quint8(buffer.at(1));
            if (buffer.size() < 3 + userLength)
                return false;
            const int passwordLength = quint8(buffer.at(2 + userLength));
            if (buffer.size() < 3 + userLength + passwordLength)
                return false;
            const QByteArray user = buffer.mid(2, userLength);
            const QByteArray password = buffer.mid(3 + userLength, passwordLength);
            buffer.remove(0, 3 + userLength + passwordLength);
            if (user != m_user || password != m_password) {
                ++m_refusals;
                client->write(QByteArray::fromHex("0101"));
                client->disconnectFromHost();
                return true;
            }
            client->setProperty(kAuthorized, true);
            client->write(QByteArray::fromHex("0100"));
            client->setProperty(kStage, 2);
        } else { // VER CMD RSV ATYP DST.ADDR DST.PORT
            if (buffer.size() < 5)
                return false;
            const char type = buffer.at(3);
            qsizetype addressLength = type == 0x01   ? 4
                                      : type == 0x04 ? 16
                                                     : 1 + quint8(buffer.at(4));
            if (buffer.size() < 4 + addressLength + 2)
                return false;
            Request request;
            request.method = "SOCKS5";
            request.authorized = client->property(kAuthorized).toBool();
            if (type == 0x03)
                request.host = buffer.mid(5, addressLength - 1);
            else if (type == 0x01)
                request.host = QHostAddress(qFromBigEndian<quint32>(buffer.constData() + 4))
                                   .toString()
                                   .toLatin1();
            else
                request.host =
                    QHostAddress(reinterpret_cast<const quint8 *>(buffer.constData() + 4))
                        .toString()
                        .toLatin1();
            request.port = quint16((quint8(buffer.at(4 + addressLength)) << 8) |
                                   quint8(buffer.at(5 + addressLength)));
            const QByteArray rest = buffer.mid(4 + addressLength + 2);
            buffer.clear();
            m_requests.append(request);
            tunnel(client, request.host, request.port, rest,
                   QByteArray::fromHex("05000001000000000000"));
            return true;
        }
    }
}

void TestProxy::tunnel(QTcpSocket *client, const QByteArray &, quint16 port,
                       const QByteArray &firstBytes, const QByteArray &greeting)
{
    client->setProperty(kStage, -1);
    client->setProperty(kBuffer, QByteArray());
    client->disconnect(this); // from now on the pipe reads
    auto *upstream = new QTcpSocket(this);
    upstream->connectToHost(QHostAddress::LocalHost, port);
    pipeSockets(client, upstream);
    if (!greeting.isEmpty())
        client->write(greeting);
    if (!firstBytes.isEmpty())
        upstream->write(firstBytes);
}
