// The hand-over between a second start and the running instance, over a
// real local socket. The second start runs in a child process (this test
// binary itself), as it does in real life.
#include "ipc/singleinstance.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void secondStartHandsItsArgumentsOver()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("a.sqlite3"));
        SingleInstance running(db);
        QVERIFY(running.listen());
        QSignalSpy activated(&running, &SingleInstance::activationRequested);

        QProcess second;
        second.start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--second-start"), db, QStringLiteral("--new-window")});
        QTRY_COMPARE_WITH_TIMEOUT(activated.size(), 1, 10000);
        QCOMPARE(activated.at(0).at(0).toStringList(),
                 QStringList({QStringLiteral("confab"), QStringLiteral("--new-window")}));
        QTRY_COMPARE_WITH_TIMEOUT(second.state(), QProcess::NotRunning, 10000);
        QCOMPARE(second.exitCode(), 0); // 0: the running instance took it
    }

    void noRunningInstanceMeansStartNormally()
    {
        QTemporaryDir dir;
        SingleInstance lone(dir.filePath(QStringLiteral("b.sqlite3")));
        QVERIFY(!lone.handOver({QStringLiteral("confab")}, 500));
        QVERIFY(lone.listen());
    }

    void separateDatabasesAreSeparateInstances()
    {
        QTemporaryDir dir;
        SingleInstance a(dir.filePath(QStringLiteral("a.sqlite3")));
        SingleInstance b(dir.filePath(QStringLiteral("b.sqlite3")));
        QVERIFY(a.serverName() != b.serverName());
        QVERIFY(a.listen());
        QVERIFY(!b.handOver({QStringLiteral("confab")}, 500));
    }

    void staleSocketFromAKilledInstanceIsReplaced()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.sqlite3"));
        // A child that listens and is then killed leaves its socket file.
        QProcess victim;
        victim.start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--listen-forever"), db});
        QVERIFY(victim.waitForReadyRead(10000));
        victim.kill();
        QVERIFY(victim.waitForFinished(10000));
        SingleInstance next(db);
        QVERIFY(!next.handOver({QStringLiteral("confab")}, 500));
        QVERIFY(next.listen());
    }
};

// The child-process roles of this test binary.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 3 && args.at(1) == QLatin1String("--second-start")) {
        SingleInstance instance(args.at(2));
        return instance.handOver({QStringLiteral("confab"), args.value(3)}) ? 0 : 1;
    }
    if (args.size() >= 3 && args.at(1) == QLatin1String("--listen-forever")) {
        SingleInstance instance(args.at(2));
        if (!instance.listen())
            return 1;
        fputs("listening\n", stdout);
        fflush(stdout);
        return app.exec();
    }
    TestSingleInstance test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_singleinstance.moc"
