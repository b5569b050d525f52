#include "database.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

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

Database::Database()
    : m_connectionName(QStringLiteral("confab-") +
                       QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

Database::~Database()
{
    close();
}

const QList<QStringList> &Database::migrations()
{
    return kMigrations;
}

int Database::latestVersion()
{
    return int(kMigrations.size());
}

QString Database::defaultPath()
{
    // GenericDataLocation is $XDG_DATA_HOME (default ~/.local/share); the
    // folder is named here rather than after the application name so that
    // tests and the app agree without QCoreApplication being set up.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return base + QStringLiteral("/confab/confab.sqlite3");
}

Status Database::open(const QString &path, int targetVersion)
{
    close();
    m_path = path;
    if (path != QLatin1String(":memory:")) {
        const QString dir = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(dir))
            return Status::failure(tr("Could not create the folder %1.").arg(dir));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(path);
    if (!db.open())
        return Status::failure(
            tr("Could not open the database %1: %2").arg(path, db.lastError().text()));

    // WAL lets readers and the writer work at once and makes the frequent
    // small commits of a streaming reply cheap; NORMAL is durable across an
    // application crash in WAL mode, which is the failure we care about.
    for (const char *pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                               "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000"}) {
        if (Status s = exec(QString::fromLatin1(pragma)); !s) {
            close();
            return s;
        }
    }
    // A file we cannot use is left closed, so isOpen() tells the truth.
    Status migrated = migrate(targetVersion);
    if (!migrated)
        close();
    return migrated;
}

void Database::close()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool Database::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) &&
           QSqlDatabase::database(m_connectionName, false).isOpen();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

int Database::userVersion() const
{
    QSqlQuery q(connection());
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

Status Database::exec(const QString &sql)
{
    QSqlQuery q(connection());
    if (!q.exec(sql))
        return Status::failure(q.lastError().text());
    return Ok{};
}

Status Database::migrate(int targetVersion)
{
    // There is no step to take beyond the last one (kMigrations.at() would read past the end).
    if (targetVersion < 0 || targetVersion > latestVersion())
        return Status::failure(tr("There is no database schema %1; this version of Confab "
                                  "knows schemas up to %2.")
                                   .arg(targetVersion)
                                   .arg(latestVersion()));
    const int current = userVersion();
    if (current < 0)
        return Status::failure(tr("The database %1 could not be read.").arg(m_path));
    if (current > latestVersion())
        return Status::failure(
            tr("The database %1 was written by a newer version of Confab (schema %2; "
               "this version knows %3). Please update Confab.")
                .arg(m_path)
                .arg(current)
                .arg(latestVersion()));

    QSqlDatabase db = connection();
    for (int version = current; version < targetVersion; ++version) {
        if (!db.transaction())
            return Status::failure(db.lastError().text());
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
            return Status::failure(
                tr("Upgrading the database to schema %1 failed: %2").arg(version + 1).arg(failure));
        }
        if (!db.commit())
            return Status::failure(db.lastError().text());
    }
    return Ok{};
}
