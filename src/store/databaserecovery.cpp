#include "databaserecovery.h"

#include "core/logging.h"
#include "database.h"

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

QString DatabaseRecovery::quickCheck(Database &database)
{
    QSqlQuery q(database.connection());
    if (!q.exec(QStringLiteral("PRAGMA quick_check")))
        return q.lastError().text();
    QStringList problems;
    while (q.next())
        problems << q.value(0).toString();
    return problems.join(QLatin1Char('\n'));
}

Result<DatabaseRecovery::Outcome> DatabaseRecovery::open(Database &database, const QString &path)
{
    using R = Result<Outcome>;
    Status opened = database.open(path);
    QString problem;
    if (!opened && looksDamaged(opened.error()))
        problem = opened.error();
    else if (!opened)
        return R::failure(opened.error());
    else if (const QString check = quickCheck(database); check != QLatin1String("ok"))
        problem = check;
    if (problem.isEmpty())
        return Outcome{};

    qCWarning(lcStore) << "database failed its check:" << problem;
    database.close();
    Result<QString> moved = moveAside(path);
    if (!moved)
        return R::failure(moved.error());
    if (Status fresh = database.open(path); !fresh)
        return R::failure(fresh.error());
    return Outcome{moved.value()};
}
