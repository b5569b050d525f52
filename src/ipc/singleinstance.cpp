#include "singleinstance.h"

#include "core/logging.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTimer>

namespace {
// Read from a second start: a length-prefixed QStringList. Small and local;
// a few seconds is plenty even on a loaded machine.
constexpr int kReadTimeoutMs = 3000;
} // namespace

SingleInstance::SingleInstance(const QString &databasePath, QObject *parent)
    : QObject(parent)
{
    const QByteArray key = qgetenv("USER") + '\n' + databasePath.toUtf8();
    m_name = QStringLiteral("confab-") +
             QString::fromLatin1(
                 QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16));
}

SingleInstance::~SingleInstance()
{
    if (m_server)
        m_server->close();
}

bool SingleInstance::handOver(const QStringList &arguments, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(timeoutMs))
        return false; // nobody there (or a stale socket file left by a crash)
    QByteArray payload;
    QDataStream out(&payload, QIODevice::WriteOnly);
    out << arguments;
    QDataStream framed(&socket);
    framed << payload;
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    // Wait for the running instance to acknowledge, so a dying instance that
    // accepted the connection does not swallow the request.
    if (!socket.waitForReadyRead(timeoutMs))
        return false;
    return socket.readAll().startsWith("ok");
}

Status SingleInstance::listen()
{
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_name)) {
        // A socket file left by a process that was killed: nobody answered
        // handOver(), so it is stale and safe to remove.
        QLocalServer::removeServer(m_name);
        if (!m_server->listen(m_name))
            return Status::failure(m_server->errorString());
    }
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    return Ok{};
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            QDataStream in(socket);
            in.startTransaction();
            QByteArray payload;
            in >> payload;
            if (!in.commitTransaction())
                return; // not all there yet
            QStringList arguments;
            QDataStream decode(payload);
            decode >> arguments;
            socket->write("ok");
            socket->flush();
            qCDebug(lcUi) << "another start handed over" << arguments;
            emit activationRequested(arguments);
        });
        // A peer that never sends is dropped.
        QTimer::singleShot(kReadTimeoutMs, socket, [socket] { socket->disconnectFromServer(); });
    }
}
