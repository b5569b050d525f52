#pragma once

#include "core/result.h"
#include "storageproblem.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

class QSqlError;

// One SQLite connection with Confab's pragmas and schema. Opening it runs
// every migration the file has not seen yet, each in its own transaction, and
// records progress in PRAGMA user_version, so a file from any earlier version
// is brought up to date and a failed step leaves the file as it was.
class SqliteDatabase
{
    Q_DECLARE_TR_FUNCTIONS(SqliteDatabase)

public:
    SqliteDatabase();
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase &) = delete;
    SqliteDatabase &operator=(const SqliteDatabase &) = delete;

    // Opens (creating if needed) the file at path, or ":memory:". Migrates up
    // to `targetVersion` (default: the latest); tests use a lower target to
    // build files as earlier versions wrote them.
    VoidResult open(const QString &path, int targetVersion = latestVersion());
    void close();
    bool isOpen() const;

    QSqlDatabase connection() const;
    QString path() const { return m_path; }
    int userVersion() const;

    // What a failed statement means for the user: a full disk, a read-only
    // file or file system, a file deleted under us, or something else. Looks
    // at the disk as it is now when SQLite's code alone does not tell.
    StorageProblem diagnose(const QSqlError &error) const;
    // The file at path() is no longer the one this connection writes to (it
    // was deleted or replaced): writes would go to a file nobody can find.
    bool fileIsGone() const;
    // Makes writing possible again after a failure, once the cause is gone.
    // A failed write on a full disk leaves the write-ahead log at its largest
    // (SQLite only checkpoints it at 1,000 pages and never shrinks it by
    // itself), so the next write needs more space than the last: the log is
    // checkpointed into the database and truncated. A file deleted while
    // open is written out again at its path from the open connection (VACUUM
    // INTO) and reopened, so nothing in it is lost.
    VoidResult recover();

    // The schema steps, in order; step i brings user_version from i to i+1.
    static const QList<QStringList> &migrations();
    static int latestVersion();

    // The standard place: $XDG_DATA_HOME/confab/confab.sqlite3 (through
    // QStandardPaths, which honours XDG_DATA_HOME).
    static QString defaultPath();

private:
    VoidResult exec(const QString &sql);
    VoidResult migrate(int targetVersion);

    void rememberFileIdentity();

    QString m_connectionName;
    QString m_path;
    // The device and inode of the file opened, to notice it being deleted.
    quint64 m_device = 0;
    quint64 m_inode = 0;
};
