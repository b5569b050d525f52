#include "databaserecovery.h"

#include "core/logging.h"
#include "sqlitedatabase.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace {
// A file that exists but is not a readable SQLite database. Anything else
// (a read-only folder, a full disk, a lock) is not damage and must not
// cause the file to be moved.
bool looksDamaged(const QString &error)
{
    return error.contains(QLatin1String("not a database"), Qt::CaseInsensitive) ||
           error.contains(QLatin1String("malformed"), Qt::CaseInsensitive) ||
           error.contains(QLatin1String("corrupt"), Qt::CaseInsensitive);
}

Result<QString> moveAside(const QString &path)
{
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const QString target = path + QStringLiteral(".damaged-") + stamp;
    if (!QFile::rename(path, target))
        return Result<QString>::failure(
            DatabaseRecovery::tr("The damaged database %1 could not be moved aside.").arg(path));
    // The write-ahead log belongs to the damaged file; keep it beside it.
    for (const char *suffix : {"-wal", "-shm"}) {
        const QString extra = path + QLatin1String(suffix);
        if (QFile::exists(extra))
            QFile::rename(extra, target + QLatin1String(suffix));
    }
    return target;
}
} // namespace

QString DatabaseRecovery::Outcome::notice() const
{
    if (movedTo.isEmpty())
        return {};
    return tr("Your conversation database was damaged. It has been kept as %1 and Confab "
              "started with a new, empty one.")
        .arg(movedTo);
}

Result<QString> DatabaseRecovery::quickCheck(SqliteDatabase &database)
{
    QSqlQuery q(database.connection());
    if (!q.exec(QStringLiteral("PRAGMA quick_check")))
        return Result<QString>::failure(q.lastError().text());
    QStringList problems;
    while (q.next())
        problems << q.value(0).toString();
    return problems.join(QLatin1Char('\n'));
}

Result<DatabaseRecovery::Outcome> DatabaseRecovery::open(SqliteDatabase &database,
                                                         const QString &path)
{
    VoidResult opened = database.open(path);
    if (opened)
        return checkOpened(database);
    if (!looksDamaged(opened.error()))
        return Result<Outcome>::failure(opened.error());
    return replaceDamaged(database, path, opened.error());
}

Result<DatabaseRecovery::Outcome> DatabaseRecovery::checkOpened(SqliteDatabase &database)
{
    Result<QString> check = quickCheck(database);
    // A query that fails with a lock or an I/O error says nothing about the
    // file's health; only SQLite's own word for damage does.
    if (!check && !looksDamaged(check.error())) {
        const QString path = database.path();
        database.close(); // not known to be usable: isOpen() tells the truth
        return Result<Outcome>::failure(
            tr("The database %1 could not be checked (%2). It was left as it is; if another "
               "program is using it, close that program.")
                .arg(path, check.error()));
    }
    const QString problem = check ? check.value() : check.error();
    if (problem == QLatin1String("ok"))
        return Outcome{};
    return replaceDamaged(database, database.path(), problem);
}

Result<DatabaseRecovery::Outcome> DatabaseRecovery::replaceDamaged(SqliteDatabase &database,
                                                                   const QString &path,
                                                                   const QString &problem)
{
    using R = Result<Outcome>;
    qCWarning(lcStore) << "database failed its check:" << problem;
    database.close();
    Result<QString> moved = moveAside(path);
    if (!moved)
        return R::failure(moved.error());
    if (VoidResult fresh = database.open(path); !fresh)
        return R::failure(fresh.error());
    return Outcome{moved.value()};
}
