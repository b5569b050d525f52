// The real KeychainSecretStore when no Secret Service can be reached: every call must fail with a
// message the user can act on, and the key must never end up anywhere else (a file, the log).
// Only the session-only path of ApiKeys may then hold it, in memory.

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

// A D-Bus address nobody listens on. A missing socket fails at once; a socket that hangs
// would only test timeouts.
constexpr char kDeadBus[] = "unix:path=/nonexistent/confab-test/bus";

// Far above a failed connect; below ctest's TIMEOUT so a hang reports here instead.
constexpr int kTimeoutMs = 30'000;

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

} // namespace

class TestKeychainUnavailable : public QObject
{
    Q_OBJECT
public:
    explicit TestKeychainUnavailable(const QString &home)
        : m_home(home)
    {}

private slots:
    void initTestCase();
    void writeFailsAndSaysWhy();
    void readFailsInsteadOfReturningNoKey();
    void nothingWrittenToDisk();
    void apiKeysFallBackToSessionOnly();
    void cleanupTestCase();

private:
    // The user must learn what is missing and what they can still do.
    static bool mentionsKeychain(const QString &message)
    {
        return message.contains(QStringLiteral("No system keychain could be reached")) &&
               message.contains(QStringLiteral("Secret Service")) &&
               message.contains(QStringLiteral("this session only"));
    }
    void verifyKeyNowhere(const QString &key);

    const QString m_home;
    const QString m_service =
        QStringLiteral("confab-test-%1").arg(QCoreApplication::applicationPid());
    const QString m_key =
        QStringLiteral("sk-unavailable-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
};

void TestKeychainUnavailable::initTestCase()
{
    // main() set these; if something reset them the test would prove nothing.
    QCOMPARE(qgetenv("DBUS_SESSION_BUS_ADDRESS"), QByteArray(kDeadBus));
    QVERIFY(
        QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation).startsWith(m_home));
    QVERIFY(
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation).startsWith(m_home));
    previousHandler = qInstallMessageHandler(recordMessage);
}

void TestKeychainUnavailable::writeFailsAndSaysWhy()
{
    KeychainSecretStore store(m_service);
    const VoidResult status = await<VoidResult>([&](QObject *context, auto done) {
        store.write(ApiKeys::keychainName(), m_key, context, done);
    });
    QVERIFY2(!status.ok(), "a write without a Secret Service must not report success");
    qInfo().noquote() << "write error:" << status.error();
    QVERIFY2(mentionsKeychain(status.error()), qPrintable(errorOf(status)));
    QVERIFY2(!status.error().contains(m_key), "the error message must not echo the key");
}

void TestKeychainUnavailable::readFailsInsteadOfReturningNoKey()
{
    // An empty key would mean "none saved" and the app would silently go without one.
    KeychainSecretStore store(m_service);
    const Result<QString> result = await<Result<QString>>(
        [&](QObject *context, auto done) { store.read(ApiKeys::keychainName(), context, done); });
    if (result.ok())
        QFAIL(qPrintable(QStringLiteral("read succeeded with \"%1\"").arg(result.value())));
    qInfo().noquote() << "read error:" << result.error();
    QVERIFY2(mentionsKeychain(result.error()), qPrintable(errorOf(result)));
}

void TestKeychainUnavailable::verifyKeyNowhere(const QString &key)
{
    const QStringList files = filesContaining(m_home, key);
    QVERIFY2(files.isEmpty(), qPrintable(QStringLiteral("key found in: ") + files.join(u", ")));
    QMutexLocker lock(&logMutex);
    for (const QString &line : std::as_const(logLines))
        QVERIFY2(!line.contains(key), qPrintable(QStringLiteral("key logged: ") + line));
}

void TestKeychainUnavailable::nothingWrittenToDisk()
{
    // The failed write above is where a plaintext fallback would have struck.
    verifyKeyNowhere(m_key);
}

void TestKeychainUnavailable::apiKeysFallBackToSessionOnly()
{
    const QString key =
        QStringLiteral("sk-session-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    KeychainSecretStore store(m_service);
    ApiKeys keys(store, QString());
    QSignalSpy changed(&keys, &ApiKeys::keyChanged);

    const VoidResult saved =
        await<VoidResult>([&](QObject *context, auto done) { keys.save(key, context, done); });
    QVERIFY(!saved.ok());
    QVERIFY2(mentionsKeychain(saved.error()), qPrintable(errorOf(saved)));
    QCOMPARE(changed.count(), 0);
    QVERIFY(!keys.sessionOnly());

    // What the app offers after the failed save.
    keys.useForSession(key);
    QCOMPARE(changed.count(), 1);
    QVERIFY(keys.sessionOnly());
    const Result<QString> fetched =
        await<Result<QString>>([&](QObject *context, auto done) { keys.fetch(context, done); });
    QVERIFY2(fetched.ok(), qPrintable(errorOf(fetched)));
    QCOMPARE(fetched.value(), key);

    // The session key lives in ApiKeys only: the store still has nothing to give.
    const Result<QString> stored = await<Result<QString>>(
        [&](QObject *context, auto done) { store.read(ApiKeys::keychainName(), context, done); });
    QVERIFY(!stored.ok());
    verifyKeyNowhere(key);
}

void TestKeychainUnavailable::cleanupTestCase()
{
    qInstallMessageHandler(previousHandler);
}

int main(int argc, char *argv[])
{
    // Before QCoreApplication and any QtKeychain/D-Bus use: a bus connection, once made, is
    // cached for the life of the process, and Qt reads the XDG paths from the environment.
    QTemporaryDir home;
    if (!home.isValid()) {
        std::fprintf(stderr, "cannot create a temporary HOME: %s\n",
                     qPrintable(home.errorString()));
        return 1;
    }
    redirectHome(home.path());
    qputenv("DBUS_SESSION_BUS_ADDRESS", kDeadBus);

    QCoreApplication app(argc, argv);
    TestKeychainUnavailable test(home.path());
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychainunavailable.moc"
