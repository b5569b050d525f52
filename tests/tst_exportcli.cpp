// `confab --export-markdown DIR [--conversation ID]` and `--export-json DIR`,
// run as the real binary the way a user runs it from a terminal: no display
// (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM unset, so creating the GUI
// would abort), the database found through XDG_DATA_HOME, an API key in the
// environment that must not reach any output.
#include "exportfixture.h"
#include "store/sqlitedatabase.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kKey = QStringLiteral("sk-cli-test-0123456789abcdefSECRET");

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

QStringList filesIn(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
} // namespace

class TestExportCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_dataHome;

    Run confab(const QStringList &arguments, const QString &dataHome = {}) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dataHome.isEmpty() ? m_dataHome : dataHome);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("OPENAI_API_KEY"), kKey);
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(CONFAB_BINARY), arguments);
        Run run;
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit) {
            process.kill();
            run.err = "did not finish normally: " + process.readAllStandardError();
            return run;
        }
        run.exitCode = process.exitCode();
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    QString freshFolder(const QString &name) const
    {
        const QString path = m_dir.filePath(name);
        QDir(path).removeRecursively();
        return path;
    }

    static QString golden(const QString &kind)
    {
        return QFINDTESTDATA(QStringLiteral("data/export/") + kind);
    }

    static void verifyNoSecret(const QByteArray &data, const QString &where)
    {
        QVERIFY2(!data.contains(kKey.toUtf8()), qPrintable(where));
        QVERIFY2(!data.contains(ExportFixture::leakedKey().toUtf8()), qPrintable(where));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dataHome = m_dir.filePath(QStringLiteral("data"));
        // The binary finds the database at Database::defaultPath(); building it
        // here through the same function checks that both agree on XDG_DATA_HOME.
        qputenv("XDG_DATA_HOME", m_dataHome.toLocal8Bit());
        const QString path = SqliteDatabase::defaultPath();
        QVERIFY2(path.startsWith(m_dataHome), qPrintable(path));
        SqliteDatabase database;
        QVERIFY(database.open(path));
        const QString created = ExportFixture::create(database.connection());
        QVERIFY2(created.isEmpty(), qPrintable(created));
    }

    void exportsEveryConversationWithoutADisplay_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("kind");
        QTest::newRow("markdown") << QStringLiteral("--export-markdown")
                                  << QStringLiteral("markdown");
        QTest::newRow("json") << QStringLiteral("--export-json") << QStringLiteral("json");
    }
    void exportsEveryConversationWithoutADisplay()
    {
        QFETCH(QString, option);
        QFETCH(QString, kind);
        // A folder that does not exist yet is created.
        const QString out = freshFolder(QStringLiteral("all/") + kind);
        const Run run = confab({option, out});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.err.isEmpty(), run.err.constData());
        QCOMPARE(filesIn(out), filesIn(golden(kind)));
        QStringList listed;
        for (const QString &name : filesIn(out)) {
            QCOMPARE(readAll(out + u'/' + name), readAll(golden(kind) + u'/' + name));
            verifyNoSecret(readAll(out + u'/' + name), name);
            listed << out + u'/' + name;
        }
        // Each file written, one per line, most recent conversation first.
        QStringList printed = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(printed.size(), 3);
        printed.sort();
        listed.sort();
        QCOMPARE(printed, listed);
        verifyNoSecret(run.out + run.err, QStringLiteral("output"));
    }

    void exportsOneConversation()
    {
        const QString out = freshFolder(QStringLiteral("one"));
        const Run run = confab({QStringLiteral("--export-markdown"), out,
                                QStringLiteral("--conversation"), QStringLiteral("2")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QStringList files = filesIn(out);
        QCOMPARE(files, QStringList{QStringLiteral("conversation-2.md")});
        QCOMPARE(readAll(out + u'/' + files.constFirst()),
                 readAll(golden(QStringLiteral("markdown")) + u'/' + files.constFirst()));
        QCOMPARE(run.out, (out + QStringLiteral("/conversation-2.md\n")).toUtf8());
    }

    void bothFormatsAtOnce()
    {
        const QString md = freshFolder(QStringLiteral("both-md"));
        const QString json = freshFolder(QStringLiteral("both-json"));
        const Run run =
            confab({QStringLiteral("--export-json=") + json, QStringLiteral("--export-markdown"),
                    md, QStringLiteral("--conversation=1")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(filesIn(md).size(), 1);
        QCOMPARE(filesIn(json).size(), 1);
    }

    void failsClearly_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString out = m_dir.filePath(QStringLiteral("failing"));
        const QString file = m_dir.filePath(QStringLiteral("plain-file"));
        QTest::newRow("unknown id")
            << QStringList{QStringLiteral("--export-markdown"), out,
                           QStringLiteral("--conversation"), QStringLiteral("99")}
            << 1 << QStringLiteral("The conversation 99 does not exist.");
        QTest::newRow("id not a number")
            << QStringList{QStringLiteral("--export-markdown"), out,
                           QStringLiteral("--conversation"), QStringLiteral("abc")}
            << 2 << QStringLiteral("not \"abc\"");
        QTest::newRow("folder is a file") << QStringList{QStringLiteral("--export-markdown"), file}
                                          << 1 << QStringLiteral("it is a file, not a folder");
        QTest::newRow("folder cannot be created")
            << QStringList{QStringLiteral("--export-json"), file + QStringLiteral("/sub")} << 1
            << QStringLiteral("the folder could not be created");
        QTest::newRow("no folder given") << QStringList{QStringLiteral("--export-markdown")} << 2
                                         << QStringLiteral("Missing value after");
        QTest::newRow("empty folder given")
            << QStringList{QStringLiteral("--export-markdown"), QString()} << 2
            << QStringLiteral("needs a folder");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--export-markdown"), out, QStringLiteral("--bogus")} << 2
            << QStringLiteral("Unknown option 'bogus'");
    }
    void failsClearly()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QFile plain(m_dir.filePath(QStringLiteral("plain-file")));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        QDir(m_dir.filePath(QStringLiteral("failing"))).removeRecursively();

        const Run run = confab(arguments);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.startsWith("confab: "), run.err.constData());
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
        QVERIFY(run.out.isEmpty());
        QVERIFY(filesIn(m_dir.filePath(QStringLiteral("failing"))).isEmpty());
    }

    void missingDatabaseIsAnErrorAndNotCreated()
    {
        const QString emptyHome = freshFolder(QStringLiteral("empty-home"));
        const Run run =
            confab({QStringLiteral("--export-markdown"), m_dir.filePath(QStringLiteral("none"))},
                   emptyHome);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("There is no Confab database at " + emptyHome.toUtf8() +
                                  "/confab/confab.sqlite3"),
                 run.err.constData());
        QVERIFY(!QFile::exists(emptyHome + QStringLiteral("/confab/confab.sqlite3")));
    }

    void unreadableDatabaseIsAnError()
    {
        const QString home = freshFolder(QStringLiteral("garbage-home"));
        QVERIFY(QDir().mkpath(home + QStringLiteral("/confab")));
        QFile garbage(home + QStringLiteral("/confab/confab.sqlite3"));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, 'x'));
        garbage.close();
        const Run run = confab(
            {QStringLiteral("--export-markdown"), m_dir.filePath(QStringLiteral("none"))}, home);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("cannot be read"), run.err.constData());
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("none"))));
    }
};

QTEST_GUILESS_MAIN(TestExportCli)
#include "tst_exportcli.moc"
