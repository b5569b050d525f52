// KeychainSecretStore against the real Secret Service (tests/run.sh provides one: a private D-Bus
// session with an unlocked gnome-keyring). Entries go under a service name of their own per run,
// so a user's real "confab" entry is never read, overwritten or deleted.
//
// Without a reachable Secret Service the test skips, unless CONFAB_REQUIRE_KEYCHAIN=1 (CI), where
// a skip would hide that the keychain was never tested.

#include "secretprobe.h"
#include "secrets/apikeys.h"
#include "secrets/keychainsecretstore.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMutex>
#include <QMutexLocker>
#include <QObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <cstdio>
#include <optional>

namespace {
using namespace SecretProbe;

// A Secret Service call may wait for D-Bus activation or an unlock; below ctest's TIMEOUT so a
// hang reports here instead.
constexpr int kTimeoutMs = 30'000;

VoidResult write(SecretStore &store, const QString &name, const QString &secret)
{
    return await<VoidResult>(
        [&](QObject *context, auto done) { store.write(name, secret, context, done); });
}

Result<QString> read(SecretStore &store, const QString &name)
{
    return await<Result<QString>>(
        [&](QObject *context, auto done) { store.read(name, context, done); });
}

VoidResult remove(SecretStore &store, const QString &name)
{
    return await<VoidResult>(
        [&](QObject *context, auto done) { store.remove(name, context, done); });
}

// Every log line of the run, to prove the key never reaches the log.
QMutex logMutex;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        logLines << message;
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

QString newKey(const char *kind)
{
    return QStringLiteral("sk-%1-%2")
        .arg(QLatin1StringView(kind), QUuid::createUuid().toString(QUuid::Id128));
}

} // namespace

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT
public:
    explicit TestKeychainSecretStore(const QString &home)
        : m_home(home)
    {}

private slots:
    void initTestCase();
    void readOfMissingEntryIsEmpty();
    void writeReadOverwriteRemove();
    void apiKeysSaveAndFetch();
    void cleanupTestCase();

private:
    // What secret-tool sees of our entries (stdout and stderr); nullopt without secret-tool.
    void searchKeyring(std::optional<QString> &found);
    void verifyKeyNowhere(const QString &key);

    const QString m_home;
    // Unique per run: parallel runs and the user's real "confab" entries stay apart.
    const QString m_service =
        QStringLiteral("confab-test-%1").arg(QCoreApplication::applicationPid());
    const QString m_name = QStringLiteral("test-entry");
    KeychainSecretStore m_store{m_service};
};

void TestKeychainSecretStore::initTestCase()
{
    // main() set these; if something reset them the file search would prove nothing.
    QVERIFY(
        QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation).startsWith(m_home));
    QVERIFY(
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation).startsWith(m_home));
    previousHandler = qInstallMessageHandler(recordMessage);

    // The first write tells whether this environment has a usable Secret Service. Without one
    // (no session bus: "Cannot autolaunch D-Bus without X11 $DISPLAY"; a bus but no unlocked
    // keyring and no way to prompt: "Object does not exist at path .../collection/login")
    // QtKeychain reports OtherError with GLib's text, so the message cannot tell an absent
    // keychain from a broken one. A bare run therefore skips on any failure here and shows why;
    // tests/run.sh and CI set CONFAB_REQUIRE_KEYCHAIN=1, where every failure counts.
    const VoidResult probe = write(m_store, QStringLiteral("probe"), newKey("probe"));
    if (!probe.ok()) {
        const QString why = QStringLiteral("no usable Secret Service: %1. Run the suite through "
                                           "tests/run.sh, which starts a private gnome-keyring.")
                                .arg(probe.error());
        if (qEnvironmentVariable("CONFAB_REQUIRE_KEYCHAIN") == u"1")
            QFAIL(qPrintable(QStringLiteral("CONFAB_REQUIRE_KEYCHAIN=1, but ") + why));
        QSKIP(qPrintable(why));
    }
    const VoidResult removed = remove(m_store, QStringLiteral("probe"));
    QVERIFY2(removed.ok(), qPrintable(errorOf(removed)));
}

void TestKeychainSecretStore::readOfMissingEntryIsEmpty()
{
    const Result<QString> result = read(m_store, QStringLiteral("never-written"));
    QVERIFY2(result.ok(), qPrintable(errorOf(result)));
    QCOMPARE(result.value(), QString());
}

void TestKeychainSecretStore::searchKeyring(std::optional<QString> &found)
{
    found.reset();
    const QString tool = QStandardPaths::findExecutable(QStringLiteral("secret-tool"));
    if (tool.isEmpty())
        return;
    // QtKeychain's libsecret schema (org.qt.keychain) files the service under "server" and the
    // entry name under "user"; there is no "service" attribute to search for.
    QProcess process;
    process.start(tool, {QStringLiteral("search"), QStringLiteral("--all"),
                         QStringLiteral("server"), m_service});
    QVERIFY2(process.waitForFinished(kTimeoutMs), qPrintable(process.errorString()));
    const QByteArray errors = process.readAllStandardError();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             errors.constData());
    // secret-tool prints the item (label, secret) to stdout but its attributes to stderr.
    found = QString::fromUtf8(process.readAllStandardOutput() + errors);
}

void TestKeychainSecretStore::writeReadOverwriteRemove()
{
    const QString first = newKey("first");
    const QString second = newKey("second");

    VoidResult status = write(m_store, m_name, first);
    QVERIFY2(status.ok(), qPrintable(errorOf(status)));
    Result<QString> result = read(m_store, m_name);
    QVERIFY2(result.ok(), qPrintable(errorOf(result)));
    QCOMPARE(result.value(), first);

    // Seen from outside the process: the entry is in the keyring, not only in some cache.
    std::optional<QString> found;
    searchKeyring(found);
    if (QTest::currentTestFailed())
        return;
    if (found) {
        QVERIFY2(found->contains(QStringLiteral("attribute.user = ") + m_name), qPrintable(*found));
        QVERIFY2(found->contains(QStringLiteral("secret = ") + first), qPrintable(*found));
    } else {
        qInfo("secret-tool not installed: keyring not inspected from outside");
    }

    status = write(m_store, m_name, second);
    QVERIFY2(status.ok(), qPrintable(errorOf(status)));
    result = read(m_store, m_name);
    QVERIFY2(result.ok(), qPrintable(errorOf(result)));
    QCOMPARE(result.value(), second);
    searchKeyring(found);
    if (QTest::currentTestFailed())
        return;
    if (found) {
        // Replaced, not stored a second time beside the old one.
        QCOMPARE(found->count(QStringLiteral("attribute.user = ")), 1);
        QVERIFY2(!found->contains(first), qPrintable(*found));
    }

    status = remove(m_store, m_name);
    QVERIFY2(status.ok(), qPrintable(errorOf(status)));
    result = read(m_store, m_name);
    QVERIFY2(result.ok(), qPrintable(errorOf(result)));
    QCOMPARE(result.value(), QString());
    searchKeyring(found);
    if (QTest::currentTestFailed())
        return;
    if (found)
        QVERIFY2(!found->contains(QStringLiteral("attribute.user = ")), qPrintable(*found));

    // Removing what is not there is not an error: "forget my key" twice must not complain.
    status = remove(m_store, m_name);
    QVERIFY2(status.ok(), qPrintable(errorOf(status)));

    verifyKeyNowhere(first);
    verifyKeyNowhere(second);
}

void TestKeychainSecretStore::apiKeysSaveAndFetch()
{
    const QString key = newKey("apikeys");
    {
        ApiKeys keys(m_store, QString());
        QSignalSpy changed(&keys, &ApiKeys::keyChanged);
        const VoidResult saved =
            await<VoidResult>([&](QObject *context, auto done) { keys.save(key, context, done); });
        QVERIFY2(saved.ok(), qPrintable(errorOf(saved)));
        QCOMPARE(changed.count(), 1);
        QVERIFY(!keys.sessionOnly());
        const Result<QString> fetched =
            await<Result<QString>>([&](QObject *context, auto done) { keys.fetch(context, done); });
        QVERIFY2(fetched.ok(), qPrintable(errorOf(fetched)));
        QCOMPARE(fetched.value(), key);
    }
    verifyKeyNowhere(key);

    // A fresh ApiKeys and store (the next app start) have no cache: the key comes from the keyring.
    KeychainSecretStore store(m_service);
    ApiKeys keys(store, QString());
    Result<QString> fetched =
        await<Result<QString>>([&](QObject *context, auto done) { keys.fetch(context, done); });
    QVERIFY2(fetched.ok(), qPrintable(errorOf(fetched)));
    QCOMPARE(fetched.value(), key);

    const VoidResult forgotten =
        await<VoidResult>([&](QObject *context, auto done) { keys.forget(context, done); });
    QVERIFY2(forgotten.ok(), qPrintable(errorOf(forgotten)));
    ApiKeys afterRestart(store, QString());
    fetched = await<Result<QString>>(
        [&](QObject *context, auto done) { afterRestart.fetch(context, done); });
    QVERIFY2(fetched.ok(), qPrintable(errorOf(fetched)));
    QCOMPARE(fetched.value(), QString());
}

void TestKeychainSecretStore::verifyKeyNowhere(const QString &key)
{
    const QStringList files = filesContaining(m_home, key);
    QVERIFY2(files.isEmpty(), qPrintable(QStringLiteral("key found in: ") + files.join(u", ")));
    QMutexLocker lock(&logMutex);
    for (const QString &line : std::as_const(logLines))
        QVERIFY2(!line.contains(key), qPrintable(QStringLiteral("key logged: ") + line));
}

void TestKeychainSecretStore::cleanupTestCase()
{
    // A failed test may have left entries behind; leave the keyring as we found it.
    // (Entries that are not there fail to go: nothing to check.)
    for (const QString &name : {m_name, ApiKeys::keychainName(), QStringLiteral("probe")})
        (void)remove(m_store, name);
    qInstallMessageHandler(previousHandler);
}

int main(int argc, char *argv[])
{
    // Before QCoreApplication: Qt (and GLib, inside QtKeychain) read HOME and the XDG paths
    // from the environment, and may cache them on first use.
    QTemporaryDir home;
    if (!home.isValid()) {
        std::fprintf(stderr, "cannot create a temporary HOME: %s\n",
                     qPrintable(home.errorString()));
        return 1;
    }
    redirectHome(home.path());

    QCoreApplication app(argc, argv);
    TestKeychainSecretStore test(home.path());
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychainsecretstore.moc"
