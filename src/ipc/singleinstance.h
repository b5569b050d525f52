#pragma once

#include "core/result.h"

#include <QLockFile>
#include <QObject>
#include <QStringList>

class QDeadlineTimer;
class QLocalServer;

// One Confab process per database: a second start hands its command line to
// the running process (which opens a window) and exits, so only one process
// ever writes the conversations. The channel is a QLocalServer named after
// the user and the database path, so separate data folders (tests, profiles)
// get separate instances.
//
// Who is the running instance is decided by a lock file beside the socket,
// held for the life of the process, not by whether the socket answers: a
// running instance can be too busy to answer, and two starts at once (a
// double click) can both find nobody listening yet. Only the lock holder may
// remove a socket file (its owner held the lock and is gone) and listen;
// everyone else keeps trying to hand over.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    enum class Role {
        Primary,   // this process is the instance: open the database, show windows
        HandedOver // the running instance took the arguments: exit
    };

    // Long enough for a running instance busy for a moment (a large
    // quick_check at its start-up, a window being built) to answer.
    static constexpr int kHandOverTimeoutMs = 5000;

    explicit SingleInstance(const QString &databasePath, QObject *parent = nullptr);
    ~SingleInstance() override;

    // Becomes the instance, or hands `arguments` to the one that holds the
    // lock, retrying until timeoutMs has passed. A failure means another
    // process holds the lock but could not be reached (or the lock file
    // cannot be made): this process must not open the database, only show
    // the message and exit.
    Result<Role> start(const QStringList &arguments, int timeoutMs = kHandOverTimeoutMs);

    // The two steps start() takes to become the instance; tests take them
    // apart to play a start that holds the lock but is not listening yet.
    // claim(): true if this process now holds the lock (free, or left by a
    // process that died), false if a live process holds it.
    Result<bool> claim();
    // Needs the lock: removes a socket file left by a dead instance, listens.
    VoidResult listen();

    QString serverName() const { return m_name; }
    QString lockFilePath() const { return m_lock.fileName(); }

signals:
    void activationRequested(const QStringList &arguments);

private:
    // One try at giving the arguments to the running instance: true once it
    // acknowledged them.
    bool handOver(const QStringList &arguments, const QDeadlineTimer &deadline);
    void onNewConnection();

    QString m_name;
    QLockFile m_lock;
    QLocalServer *m_server = nullptr;
};
