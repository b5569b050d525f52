// The hand-over between a second start and the running instance, over a
// real local socket and a real lock file. The second start runs in a child
// process (this test binary itself), as it does in real life.
#include "ipc/singleinstance.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {
// The exit codes of the "--start" child: what SingleInstance::start decided.
constexpr int kHandedOver = 0;
constexpr int kFailed = 1;
constexpr int kBecamePrimary = 3;

QString socketPath(const SingleInstance &instance)
{
    return QDir::tempPath() + QLatin1Char('/') + instance.serverName();
}
} // namespace

class TestSingleInstance : public QObject
{
    Q_OBJECT

private:
    // A second start of confab: `--start DB ARGUMENT TIMEOUT_MS`. It prints
    // "starting" just before it asks, so a test can act while it waits.
    static void startSecond(QProcess &process, const QString &db, const QString &argument,
                            int timeoutMs)
    {
        process.start(QCoreApplication::applicationFilePath(),
                      {QStringLiteral("--start"), db, argument, QString::number(timeoutMs)});
    }

    // The exit code of a second start, waited for with this process's event
    // loop running (the instance must be free to answer it); -1 if it hangs.
    static int exitCodeOf(QProcess &process)
    {
        if (!QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, 15000))
            return -1;
        return process.exitCode();
    }

private slots:
    void secondStartHandsItsArgumentsOver()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("a.sqlite3"));
        SingleInstance running(db);
        Result<SingleInstance::Role> role = running.start({QStringLiteral("confab")});
        QVERIFY(role);
        QCOMPARE(role.value(), SingleInstance::Role::Primary);
        QSignalSpy activated(&running, &SingleInstance::activationRequested);

        QProcess second;
        startSecond(second, db, QStringLiteral("--new-window"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(activated.size(), 1, 10000);
        QCOMPARE(activated.at(0).at(0).toStringList(),
                 QStringList({QStringLiteral("confab"), QStringLiteral("--new-window")}));
        QCOMPARE(exitCodeOf(second), kHandedOver);
    }

    void noRunningInstanceMeansStartNormally()
    {
        QTemporaryDir dir;
        SingleInstance lone(dir.filePath(QStringLiteral("b.sqlite3")));
        QElapsedTimer timer;
        timer.start();
        Result<SingleInstance::Role> role = lone.start({QStringLiteral("confab")});
        QVERIFY(role);
        QCOMPARE(role.value(), SingleInstance::Role::Primary);
        QVERIFY(timer.elapsed() < SingleInstance::kHandOverTimeoutMs); // no waiting for nobody
        QVERIFY(QFileInfo::exists(lone.lockFilePath()));
        QVERIFY(QFileInfo::exists(socketPath(lone)));
    }

    void separateDatabasesAreSeparateInstances()
    {
        QTemporaryDir dir;
        SingleInstance a(dir.filePath(QStringLiteral("a.sqlite3")));
        SingleInstance b(dir.filePath(QStringLiteral("b.sqlite3")));
        QVERIFY(a.serverName() != b.serverName());
        QVERIFY(a.lockFilePath() != b.lockFilePath());
        QCOMPARE(a.start({QStringLiteral("confab")}).value(), SingleInstance::Role::Primary);
        QCOMPARE(b.start({QStringLiteral("confab")}).value(), SingleInstance::Role::Primary);
    }

    void lockAndSocketOfAKilledInstanceAreTakenOver()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.sqlite3"));
        // A child that becomes the instance and is then killed leaves its
        // lock file and its socket file behind.
        QProcess victim;
        victim.start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--listen-forever"), db});
        QVERIFY(victim.waitForReadyRead(10000));
        QCOMPARE(victim.readAll(), QByteArray("listening\n"));
        victim.kill();
        QVERIFY(victim.waitForFinished(10000));

        SingleInstance next(db);
        QVERIFY(QFileInfo::exists(next.lockFilePath()));
        QVERIFY(QFileInfo::exists(socketPath(next)));
        QElapsedTimer timer;
        timer.start();
        Result<SingleInstance::Role> role = next.start({QStringLiteral("confab")});
        QVERIFY2(role, qPrintable(role ? QString() : role.error()));
        QCOMPARE(role.value(), SingleInstance::Role::Primary);
        // Taken over because its holder is dead, not after waiting in vain.
        QVERIFY(timer.elapsed() < SingleInstance::kHandOverTimeoutMs);

        // And the new instance is reachable.
        QSignalSpy activated(&next, &SingleInstance::activationRequested);
        QProcess second;
        startSecond(second, db, QStringLiteral("--new-window"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(activated.size(), 1, 10000);
        QCOMPARE(exitCodeOf(second), kHandedOver);
    }

    void aStartThatCannotReachABusyInstanceLeavesItsSocketAlone()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("d.sqlite3"));
        SingleInstance running(db);
        QCOMPARE(running.start({QStringLiteral("confab")}).value(), SingleInstance::Role::Primary);
        QSignalSpy activated(&running, &SingleInstance::activationRequested);

        // The running instance is busy (this thread blocks, its event loop
        // does not run) for longer than the second start is willing to wait.
        QProcess impatient;
        startSecond(impatient, db, QStringLiteral("--impatient"), 1000);
        QVERIFY(impatient.waitForFinished(20000));
        QCOMPARE(impatient.exitCode(), kFailed); // neither handed over nor the instance
        QVERIFY(impatient.readAllStandardError().contains("did not answer"));

        // The running instance's socket survived: a later start reaches it.
        QVERIFY(QFileInfo::exists(socketPath(running)));
        QProcess patient;
        startSecond(patient, db, QStringLiteral("--patient"), 10000);
        QCOMPARE(exitCodeOf(patient), kHandedOver);
        QVERIFY(!activated.isEmpty());
        QCOMPARE(activated.last().at(0).toStringList().value(1), QStringLiteral("--patient"));
    }

    void aStartWhileTheInstanceIsStillStartingWaitsForIt()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.sqlite3"));
        // The first of two starts at once (a double click): it holds the
        // lock but is not listening yet.
        SingleInstance first(db);
        Result<bool> claimed = first.claim();
        QVERIFY(claimed && claimed.value());
        QSignalSpy activated(&first, &SingleInstance::activationRequested);

        QProcess second;
        startSecond(second, db, QStringLiteral("--new-window"), 10000);
        QVERIFY(second.waitForReadyRead(10000)); // "starting": it is asking now
        // Some time later the first start is ready to listen.
        QTimer::singleShot(300, &first, [&first] { QVERIFY(first.listen()); });
        QTRY_COMPARE_WITH_TIMEOUT(activated.size(), 1, 10000);
        // Handed over rather than becoming a second owner of the database.
        QCOMPARE(exitCodeOf(second), kHandedOver);
    }

    void aLockHolderThatNeverAnswersIsAFailureWithAReason()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("f.sqlite3"));
        SingleInstance holder(db); // holds the lock, never listens
        QVERIFY(holder.claim().value());

        SingleInstance other(db);
        QCOMPARE(other.claim().value(), false);
        QElapsedTimer timer;
        timer.start();
        Result<SingleInstance::Role> role = other.start({QStringLiteral("confab")}, 400);
        QVERIFY(!role);
        QVERIFY(timer.elapsed() >= 400); // it kept trying until its time was up
        QVERIFY(role.error().contains(QStringLiteral("already running")));
        QVERIFY(!other.listen()); // without the lock it may not take the channel
        QVERIFY(!QFileInfo::exists(socketPath(other)));
    }
};

// The child-process roles of this test binary.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 5 && args.at(1) == QLatin1String("--start")) {
        SingleInstance instance(args.at(2));
        fputs("starting\n", stdout);
        fflush(stdout);
        Result<SingleInstance::Role> role =
            instance.start({QStringLiteral("confab"), args.at(3)}, args.at(4).toInt());
        if (!role) {
            fprintf(stderr, "%s\n", qPrintable(role.error()));
            return kFailed;
        }
        return role.value() == SingleInstance::Role::HandedOver ? kHandedOver : kBecamePrimary;
    }
    if (args.size() >= 3 && args.at(1) == QLatin1String("--listen-forever")) {
        SingleInstance instance(args.at(2));
        Result<SingleInstance::Role> role = instance.start({QStringLiteral("confab")});
        if (!role || role.value() != SingleInstance::Role::Primary)
            return kFailed;
        fputs("listening\n", stdout);
        fflush(stdout);
        return app.exec();
    }
    TestSingleInstance test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_singleinstance.moc"
