// A damaged database must never stop Confab from starting, and must never be
// destroyed: it is moved aside, the user is told where, and a fresh one used.
#include "store/conversationstore.h"
#include "store/databaserecovery.h"
#include "store/sqlitedatabase.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
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

    // A database with one conversation, in a rollback journal: there, unlike
    // in WAL mode, another connection's exclusive lock keeps readers out.
    static bool openInRollbackMode(SqliteDatabase &db, const QString &path)
    {
        if (!db.open(path) || !ConversationStore(db).createConversation(QStringLiteral("keep me")))
            return false;
        QSqlQuery q(db.connection());
        return q.exec(QStringLiteral("PRAGMA journal_mode = DELETE")) && q.next() &&
               q.value(0).toString() == QLatin1String("delete");
    }

    // Another program holding the file: a connection of its own inside
    // BEGIN EXCLUSIVE, until this goes.
    class OtherProgramsLock
    {
    public:
        explicit OtherProgramsLock(const QString &path)
        {
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), kName);
            other.setDatabaseName(path);
            m_holds = other.open() && QSqlQuery(other).exec(QStringLiteral("BEGIN EXCLUSIVE"));
        }
        ~OtherProgramsLock()
        {
            {
                QSqlDatabase other = QSqlDatabase::database(kName, false);
                QSqlQuery(other).exec(QStringLiteral("ROLLBACK"));
                other.close();
            }
            QSqlDatabase::removeDatabase(kName);
        }
        bool holds() const { return m_holds; }

    private:
        static inline const QString kName = QStringLiteral("other-program");
        bool m_holds = false;
    };

private slots:
    void soundDatabaseIsOpenedAsIs()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite3"));
        {
            SqliteDatabase db;
            QVERIFY(db.open(path));
            ConversationStore store(db);
            QVERIFY(store.createConversation(QStringLiteral("keep me")));
        }
        SqliteDatabase db;
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
        SqliteDatabase db;
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
        QCOMPARE(db.userVersion(), SqliteDatabase::latestVersion());
    }

    void pageDamageFoundByQuickCheckIsMovedAside()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite3"));
        {
            SqliteDatabase db;
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
        SqliteDatabase db;
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
        SqliteDatabase db;
        QVERIFY(openInRollbackMode(db, path));
        // Gives up on a lock at once rather than after five seconds.
        QVERIFY(QSqlQuery(db.connection()).exec(QStringLiteral("PRAGMA busy_timeout = 50")));
        {
            OtherProgramsLock lock(path);
            QVERIFY(lock.holds());
            Result<DatabaseRecovery::Outcome> r = DatabaseRecovery::checkOpened(db);
            QVERIFY(!r);
            QVERIFY2(r.error().contains(QStringLiteral("locked")), qPrintable(r.error()));
            QVERIFY(r.error().contains(path));
            QVERIFY(damagedCopies(dir).isEmpty()); // not moved aside
            QVERIFY(QFileInfo::exists(path));
        }
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
            SqliteDatabase db;
            QVERIFY(openInRollbackMode(db, path));
        }
        // Another program holds the file for the whole start (which gives up
        // after SQLite's busy timeout of a few seconds).
        OtherProgramsLock lock(path);
        QVERIFY(lock.holds());
        SqliteDatabase db;
        Result<DatabaseRecovery::Outcome> r = DatabaseRecovery::open(db, path);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(QStringLiteral("locked")), qPrintable(r.error()));
        QVERIFY(damagedCopies(dir).isEmpty());
        QVERIFY(!db.isOpen());
    }

    void unusableFolderIsAnErrorNotDamage()
    {
        // A folder that cannot be created (its parent is a file) stands for
        // any place we may not write; unlike permissions, it stops root too.
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        SqliteDatabase db;
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
