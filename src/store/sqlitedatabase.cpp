#include "sqlitedatabase.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

#include <cerrno>

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace {
// Each entry is one migration, a list of statements (QSqlQuery runs one at a
// time; listing them rather than splitting a script at ';' keeps a trigger
// body or a ';' in a string literal whole). Never edit a released entry,
// append a new one.
const QList<QStringList> kMigrations = {
    // 1: conversations and messages. Times are milliseconds since the epoch, UTC.
    {
        QStringLiteral(R"(CREATE TABLE conversations (
            id            INTEGER PRIMARY KEY,
            title         TEXT    NOT NULL DEFAULT '',
            model         TEXT    NOT NULL DEFAULT '',
            system_prompt TEXT    NOT NULL DEFAULT '',
            created_at    INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL
        ))"),
        QStringLiteral(R"(CREATE TABLE messages (
            id                INTEGER PRIMARY KEY,
            conversation_id   INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            role              TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
            content           TEXT    NOT NULL DEFAULT '',
            state             TEXT    NOT NULL DEFAULT 'complete',
            model             TEXT    NOT NULL DEFAULT '',
            error             TEXT    NOT NULL DEFAULT '',
            prompt_tokens     INTEGER,
            completion_tokens INTEGER,
            created_at        INTEGER NOT NULL,
            updated_at        INTEGER NOT NULL
        ))"),
        QStringLiteral("CREATE INDEX messages_by_conversation ON messages(conversation_id, id)"),
        QStringLiteral("CREATE INDEX conversations_by_activity ON conversations(updated_at DESC)"),
    },
    // 2: reasoning models (DeepSeek R1, o-series through compatible servers)
    // stream their reasoning apart from the answer; it is kept apart here too.
    {
        QStringLiteral("ALTER TABLE messages ADD COLUMN reasoning TEXT NOT NULL DEFAULT ''"),
    },
    // 3: when a server sends no usage, the tokenizer's estimate goes into the
    // token columns, marked here, so a reply's cost outlives the session.
    {
        QStringLiteral(
            "ALTER TABLE messages ADD COLUMN usage_estimated INTEGER NOT NULL DEFAULT 0"),
    },
};
} // namespace

SqliteDatabase::SqliteDatabase()
    : m_connectionName(QStringLiteral("confab-") +
                       QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

SqliteDatabase::~SqliteDatabase()
{
    close();
}

const QList<QStringList> &SqliteDatabase::migrations()
{
    return kMigrations;
}

int SqliteDatabase::latestVersion()
{
    return int(kMigrations.size());
}

QString SqliteDatabase::defaultPath()
{
    // GenericDataLocation is $XDG_DATA_HOME (default ~/.local/share); the
    // folder is named here rather than after the application name so that
    // tests and the app agree without QCoreApplication being set up.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return base + QStringLiteral("/confab/confab.sqlite3");
}

VoidResult SqliteDatabase::open(const QString &path, int targetVersion)
{
    close();
    m_path = path;
    if (path != QLatin1String(":memory:")) {
        const QString dir = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(dir))
            return VoidResult::failure(tr("Could not create the folder %1.").arg(dir));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(path);
    if (!db.open())
        return VoidResult::failure(
            tr("Could not open the database %1: %2").arg(path, db.lastError().text()));

    // WAL lets readers and the writer work at once and makes the frequent
    // small commits of a streaming reply cheap; NORMAL is durable across an
    // application crash in WAL mode, which is the failure we care about.
    // The write-ahead log is kept small: a streaming reply is written again
    // whole every 250 ms, so a long one adds its size to the log four times a
    // second. SQLite's default checkpoint at 1,000 pages (4 MiB) and a log
    // that never shrinks mean that on a nearly full disk the log takes the
    // last free space and a checkpoint, which needs room in the database file
    // for what it moves there, can never run again. A checkpoint every 100
    // pages and a log cut back to nothing after each keep the log under
    // half a megabyte.
    for (const char *pragma :
         {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON",
          "PRAGMA busy_timeout = 5000", "PRAGMA wal_autocheckpoint = 100",
          "PRAGMA journal_size_limit = 0"}) {
        if (VoidResult s = exec(QString::fromLatin1(pragma)); !s) {
            close();
            return s;
        }
    }
    // A file we cannot use is left closed, so isOpen() tells the truth.
    VoidResult migrated = migrate(targetVersion);
    if (!migrated)
        close();
    else
        rememberFileIdentity();
    return migrated;
}

void SqliteDatabase::close()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool SqliteDatabase::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) &&
           QSqlDatabase::database(m_connectionName, false).isOpen();
}

QSqlDatabase SqliteDatabase::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

int SqliteDatabase::userVersion() const
{
    QSqlQuery q(connection());
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

VoidResult SqliteDatabase::exec(const QString &sql)
{
    QSqlQuery q(connection());
    if (!q.exec(sql))
        return VoidResult::failure(q.lastError().text());
    return Ok{};
}

VoidResult SqliteDatabase::migrate(int targetVersion)
{
    // There is no step to take beyond the last one (kMigrations.at() would read past the end).
    if (targetVersion < 0 || targetVersion > latestVersion())
        return VoidResult::failure(tr("There is no database schema %1; this version of Confab "
                                      "knows schemas up to %2.")
                                       .arg(targetVersion)
                                       .arg(latestVersion()));
    const int current = userVersion();
    if (current < 0)
        return VoidResult::failure(tr("The database %1 could not be read.").arg(m_path));
    if (current > latestVersion())
        return VoidResult::failure(
            tr("The database %1 was written by a newer version of Confab (schema %2; "
               "this version knows %3). Please update Confab.")
                .arg(m_path)
                .arg(current)
                .arg(latestVersion()));

    QSqlDatabase db = connection();
    for (int version = current; version < targetVersion; ++version) {
        if (!db.transaction())
            return VoidResult::failure(db.lastError().text());
        QString failure;
        for (const QString &statement : kMigrations.at(version)) {
            QSqlQuery q(db);
            if (!q.exec(statement)) {
                failure = q.lastError().text();
                break;
            }
        }
        if (failure.isEmpty()) {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(version + 1)))
                failure = q.lastError().text();
        }
        if (!failure.isEmpty()) {
            db.rollback();
            return VoidResult::failure(
                tr("Upgrading the database to schema %1 failed: %2").arg(version + 1).arg(failure));
        }
        if (!db.commit())
            return VoidResult::failure(db.lastError().text());
    }
    return Ok{};
}

void SqliteDatabase::rememberFileIdentity()
{
    struct stat st = {};
    if (m_path != QLatin1String(":memory:") &&
        ::stat(QFile::encodeName(m_path).constData(), &st) == 0) {
        m_device = st.st_dev;
        m_inode = st.st_ino;
    } else {
        m_device = m_inode = 0;
    }
}

bool SqliteDatabase::fileIsGone() const
{
    if (m_inode == 0 || !isOpen())
        return false;
    struct stat st = {};
    if (::stat(QFile::encodeName(m_path).constData(), &st) != 0)
        return errno == ENOENT || errno == ENOTDIR;
    return st.st_dev != m_device || st.st_ino != m_inode;
}

StorageProblem SqliteDatabase::diagnose(const QSqlError &error) const
{
    using Kind = StorageProblem::Kind;
    const QString detail = error.text();
    if (fileIsGone())
        return {Kind::FileGone, detail};
    // QSQLITE reports sqlite3_step's primary result code.
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    constexpr int kSqliteReadOnly = 8;
    constexpr int kSqliteFull = 13;
    if (ok && code == kSqliteFull)
        return {Kind::DiskFull, detail};
    if (ok && code == kSqliteReadOnly)
        return {Kind::ReadOnly, detail};
    // An I/O error says nothing of its cause: the disk does.
    if (m_path != QLatin1String(":memory:")) {
        const QByteArray dir = QFile::encodeName(QFileInfo(m_path).absolutePath());
        struct statvfs fs = {};
        if (::statvfs(dir.constData(), &fs) == 0) {
            if (fs.f_flag & ST_RDONLY)
                return {Kind::ReadOnly, detail};
            constexpr quint64 kNearlyFull = 64 * 1024;
            if (quint64(fs.f_bavail) * fs.f_frsize < kNearlyFull)
                return {Kind::DiskFull, detail};
        }
        if (::access(QFile::encodeName(m_path).constData(), W_OK) != 0 &&
            (errno == EACCES || errno == EROFS))
            return {Kind::ReadOnly, detail};
    }
    return {Kind::Other, detail};
}

VoidResult SqliteDatabase::recover()
{
    if (!isOpen())
        return VoidResult::failure(tr("The database is not open."));
    if (fileIsGone()) {
        // Everything is still readable through the open connection: write it
        // out as a new file at the old place and carry on with that one.
        const QString dir = QFileInfo(m_path).absolutePath();
        if (!QDir().mkpath(dir))
            return VoidResult::failure(tr("Could not create the folder %1.").arg(dir));
        const QString target = m_path + QStringLiteral(".rewrite");
        QFile::remove(target);
        QSqlQuery q(connection());
        q.prepare(QStringLiteral("VACUUM INTO ?"));
        q.addBindValue(target);
        if (!q.exec())
            return VoidResult::failure(q.lastError().text());
        q.finish();
        // A file that appeared at the path meanwhile (another program, or the
        // user restoring a backup) is not ours to replace.
        if (QFileInfo::exists(m_path)) {
            QFile::remove(target);
            return VoidResult::failure(
                tr("Another file now stands at %1; Confab will not replace it.").arg(m_path));
        }
        if (!QFile::rename(target, m_path))
            return VoidResult::failure(tr("Could not move %1 to %2.").arg(target, m_path));
        const QString path = m_path;
        return open(path);
    }
    QSqlQuery q(connection());
    if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")))
        return VoidResult::failure(q.lastError().text());
    return Ok{};
}
