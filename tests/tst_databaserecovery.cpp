// A damaged database must never stop Confab from starting, and must never be
// destroyed: it is moved aside, the user is told where, and a fresh one used.
#include "store/conversationstore.h"
#include "store/database.h"
#include "store/databaserecovery.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestDatabaseRecovery : public QObject
{
    Q_OBJECT

private:
    static QStringList damagedCopies(const QTemporaryDir &dir)
    {
        return QDir(dir.path()).entryList({QStringLiteral("*.damaged-*")}, QDir::Files);
    }

private slots:
    void soundDatabaseIsOpenedAsIs()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite3"));
        {
            Database db;
            QVERIFY(db.open(path));
            ConversationStore store(db);
            QVERIFY(store.createConversation(QStringLiteral("keep me")));
        }
        Database db;
        Result<DatabaseRecovery::Outcome> r = DatabaseRecovery::open(db, path);
        QVERIFY(r);
        QVERIFY(r.value().movedTo.isEmpty());
        QVERIFY(r.value().notice().isEmpty());
        QCOMPARE(ConversationStore(db).conversations().value().size(), 1);
        QVERIFY(damagedCopies(dir).isEmpty());
    }

    void garbageFileIsMovedAsideAndAFreshOneStarted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite3"));
        const QByteArray garbage(8192, 'x');
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(garbage);
        }
        Database db;
        Result<DatabaseRecovery::Outcome> r = DatabaseRecovery::open(db, path);
        QVERIFY2(r, qPrintable(r ? QString() : r.error()));
        QVERIFY(!r.value().movedTo.isEmpty());
        QVERIFY(r.value().notice().contains(r.value().movedTo));
        // The damaged file is kept byte for byte.
        QFile kept(r.value().movedTo);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), garbage);
        // The fresh database works.
        ConversationStore store(db);
        QVERIFY(store.createConversation(QStringLiteral("new life")));
        QCOMPARE(db.userVersion(), Database::latestVersion());
    }

    void pageDamageFoundByQuickCheckIsMovedAside()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite3"));
        {
            Database db;
            QVERIFY(db.open(path));
            ConversationStore store(db);
            Result<Conversation> c = store.createConversation(QStringLiteral("t"));
            QVERIFY(c);
            for (int i = 0; i < 200; ++i)
                QVERIFY(store.addExchange(c.value().id, QString(500, QLatin1Char('q')),
                                          QStringLiteral("m")));
            QVERIFY(
                QSqlQuery(db.connection()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        }
        {
            // Scribble over a few pages in the middle of the file.
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.size() > 16 * 4096);
            f.seek(8 * 4096);
            f.write(QByteArray(4 * 4096, '\xA5'));
        }
        Database db;
        Result<DatabaseRecovery::Outcome> r = DatabaseRecovery::open(db, path);
        QVERIFY2(r, qPrintable(r ? QString() : r.error()));
        QVERIFY(!r.value().movedTo.isEmpty());
        QCOMPARE(damagedCopies(dir).filter(QStringLiteral("-wal")).size(), 0);
        QVERIFY(ConversationStore(db).conversations().value().isEmpty());
    }

    void aCheckThatCannotRunLeavesTheFileAlone()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite3"));
        Database db;
        QVERIFY(db.open(path));
        QVERIFY(ConversationStore(db).createConversation(QStringLiteral("keep me")));
        {
            // In WAL mode nothing locks a reader out, so this connection goes
            // back to a rollback journal, where another connection's
            // exclusive lock does; and it gives up on the lock at once.
            QSqlQuery q(db.connection());
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode = DELETE")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("delete"));
            QVERIFY(q.exec(QStringLiteral("PRAGMA busy_timeout = 50")));
        }
        const QString locker = QStringLiteral("locker");
        {
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), locker);
            other.setDatabaseName(path);
            QVERIFY(other.open());
            QSqlQuery lock(other);
            QVERIFY2(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")),
                     qPrintable(lock.lastError().text()));

            Result<DatabaseRecovery::Outcome> r = DatabaseRecovery::checkOpened(db);
            QVERIFY(!r);
            QVERIFY2(r.error().contains(QStringLiteral("locked")), qPrintable(r.error()));
            QVERIFY(r.error().contains(path));
            QVERIFY(damagedCopies(dir).isEmpty()); // not moved aside
            QVERIFY(QFileInfo::exists(path));

            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        }
        QSqlDatabase::removeDatabase(locker);
        // Once the other program is gone, the same file opens with its data.
        Result<DatabaseRecovery::Outcome> r = DatabaseRecovery::open(db, path);
        QVERIFY2(r, qPrintable(r ? QString() : r.error()));
        QVERIFY(r.value().movedTo.isEmpty());
        QCOMPARE(ConversationStore(db).conversations().value().size(), 1);
    }

    void aDatabaseLockedAtStartIsAnErrorNotDamage()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite3"));
        {
            Database db;
            QVERIFY(db.open(path));
            QVERIFY(ConversationStore(db).createConversation(QStringLiteral("keep me")));
            QVERIFY(
                QSqlQuery(db.connection()).exec(QStringLiteral("PRAGMA journal_mode = DELETE")));
        }
        // Another program holds the file for the whole start (after SQLite's
        // busy timeout of a few seconds, the start gives up).
        const QString locker = QStringLiteral("locker");
        {
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), locker);
            other.setDatabaseName(path);
            QVERIFY(other.open());
            QSqlQuery lock(other);
            QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            Database db;
            Result<DatabaseRecovery::Outcome> r = DatabaseRecovery::open(db, path);
            QVERIFY(!r);
            QVERIFY2(r.error().contains(QStringLiteral("locked")), qPrintable(r.error()));
            QVERIFY(damagedCopies(dir).isEmpty());
            QVERIFY(!db.isOpen());
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        }
        QSqlDatabase::removeDatabase(locker);
    }

    void unusableFolderIsAnErrorNotDamage()
    {
        // A folder that cannot be created (its parent is a file) stands for
        // any place we may not write; unlike permissions, it stops root too.
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        Database db;
        Result<DatabaseRecovery::Outcome> r =
            DatabaseRecovery::open(db, dir.filePath(QStringLiteral("blocker/confab/c.sqlite3")));
        QVERIFY(!r);
        QVERIFY(r.error().contains(QStringLiteral("blocker")));
        QVERIFY(damagedCopies(dir).isEmpty());
        QVERIFY(QFileInfo(blocker.fileName()).isFile()); // untouched
    }
};

QTEST_GUILESS_MAIN(TestDatabaseRecovery)
#include "tst_databaserecovery.moc"
