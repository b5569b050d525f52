#pragma once

#include "core/result.h"

#include <QObject>
#include <QStringList>

class QLocalServer;

// One Confab process per database: a second start hands its command line to
// the running process (which opens a window) and exits, so only one process
// ever writes the conversations. The channel is a QLocalServer named after
// the user and the database path, so separate data folders (tests, profiles)
// get separate instances.
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstance(const QString &databasePath, QObject *parent = nullptr);
    ~SingleInstance() override;

    // True if a running instance took the arguments: this process should exit.
    bool handOver(const QStringList &arguments, int timeoutMs = 3000);
    // Becomes the running instance; later starts reach activationRequested.
    Status listen();

    QString serverName() const { return m_name; }

signals:
    void activationRequested(const QStringList &arguments);

private:
    void onNewConnection();

    QString m_name;
    QLocalServer *m_server = nullptr;
};
