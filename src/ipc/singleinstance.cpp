#include "singleinstance.h"

#include "core/logging.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDeadlineTimer>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QThread>
#include <QTimer>

namespace {
// Read from a second start: a length-prefixed QStringList. Small and local;
// a few seconds is plenty even on a loaded machine.
constexpr int kReadTimeoutMs = 3000;
// Between two tries at reaching an instance that holds the lock but is not
// listening yet (it started a moment ago) or is on its way out.
constexpr int kRetryMs = 100;

QString instanceName(const QString &databasePath)
{
    const QByteArray key = qgetenv("USER") + '\n' + databasePath.toUtf8();
    return QStringLiteral("confab-") +
           QString::fromLatin1(
               QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16));
}
} // namespace

// The lock lives where QLocalServer puts the socket of a relative name, so the
// pair is found (and cleaned up by the system) together.
SingleInstance::SingleInstance(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_name(instanceName(databasePath))
    , m_lock(QDir::tempPath() + QLatin1Char('/') + m_name + QStringLiteral(".lock"))
{
    // Held for as long as the instance runs, so age must never make it
    // stale (QLockFile's default is 30 s): only a holder that has died does.
    m_lock.setStaleLockTime(0);
}

SingleInstance::~SingleInstance()
{
    // The socket goes before the lock: whoever takes the lock next must not
    // find our socket still answering.
    if (m_server)
        m_server->close();
}

Result<SingleInstance::Role> SingleInstance::start(const QStringList &arguments, int timeoutMs)
{
    using R = Result<Role>;
    const QDeadlineTimer deadline(timeoutMs);
    forever
    {
        Result<bool> claimed = claim();
        if (!claimed)
            return R::failure(claimed.error());
        if (claimed.value()) {
            // The database is ours either way; without the channel only later
            // starts suffer (they explain that they could not reach us).
            if (VoidResult listening = listen(); !listening)
                qCWarning(lcUi) << "no single-instance channel:" << listening.error();
            return Role::Primary;
        }
        if (handOver(arguments, deadline))
            return Role::HandedOver;
        if (deadline.hasExpired())
            return R::failure(tr("Confab is already running but did not answer within %1 "
                                 "seconds. Wait a moment and try again, or close the running "
                                 "Confab first.")
                                  .arg(timeoutMs / 1000.0, 0, 'g', 2));
        // Not listening yet (it has only just started) or on its way out (the
        // lock is about to be free): both settle within moments.
        QThread::msleep(kRetryMs);
    }
}

Result<bool> SingleInstance::claim()
{
    if (m_lock.isLocked())
        return true;
    // Also takes over a lock whose holder died (a crash, kill -9): QLockFile
    // checks that the process named in it still runs.
    if (m_lock.tryLock(0))
        return true;
    if (m_lock.error() == QLockFile::LockFailedError)
        return false; // a live process holds it
    return Result<bool>::failure(
        tr("Confab could not create its lock file %1. Check that the folder is writable.")
            .arg(QDir::toNativeSeparators(m_lock.fileName())));
}

VoidResult SingleInstance::listen()
{
    if (!m_lock.isLocked())
        return VoidResult::failure(tr("Only the running instance may listen."));
    if (!m_server) {
        m_server = new QLocalServer(this);
        m_server->setSocketOptions(QLocalServer::UserAccessOption);
        connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    }
    // We hold the lock, so a socket file left behind belongs to an instance
    // that is gone: safe to remove. Without the lock it could be the live
    // instance's, and removing it would let a second process own the database.
    QLocalServer::removeServer(m_name);
    if (!m_server->listen(m_name))
        return VoidResult::failure(m_server->errorString());
    return Ok{};
}

bool SingleInstance::handOver(const QStringList &arguments, const QDeadlineTimer &deadline)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(int(deadline.remainingTime())))
        return false; // not listening yet, or gone
    QByteArray payload;
    QDataStream out(&payload, QIODevice::WriteOnly);
    out << arguments;
    QDataStream framed(&socket);
    framed << payload;
    if (!socket.waitForBytesWritten(int(deadline.remainingTime())))
        return false;
    // Wait for the running instance to acknowledge, so a dying instance that
    // accepted the connection does not swallow the request.
    if (!socket.waitForReadyRead(int(deadline.remainingTime())))
        return false;
    return socket.readAll().startsWith("ok");
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
