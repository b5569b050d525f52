#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

// One SQLite connection with Confab's pragmas and schema. Opening it runs
// every migration the file has not seen yet, each in its own transaction, and
// records progress in PRAGMA user_version, so a file from any earlier version
// is brought up to date and a failed step leaves the file as it was.
class Database
{
    Q_DECLARE_TR_FUNCTIONS(Database)

public:
    Database();
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens (creating if needed) the file at path, or ":memory:". Migrates up
    // to `targetVersion` (default: the latest); tests use a lower target to
    // build files as earlier versions wrote them.
    Status open(const QString &path, int targetVersion = latestVersion());
    void close();
    bool isOpen() const;

    QSqlDatabase connection() const;
    QString path() const { return m_path; }
    int userVersion() const;

    // The schema steps, in order; step i brings user_version from i to i+1.
    static const QList<QStringList> &migrations();
    static int latestVersion();

    // The standard place: $XDG_DATA_HOME/confab/confab.sqlite3 (through
    // QStandardPaths, which honours XDG_DATA_HOME).
    static QString defaultPath();

private:
    Status exec(const QString &sql);
    Status migrate(int targetVersion);

    QString m_connectionName;
    QString m_path;
};
