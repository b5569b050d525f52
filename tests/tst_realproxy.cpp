// Reaching the API through the proxies users really run, from Debian: squid
// (HTTP: forwarding, CONNECT, Basic authentication) and microsocks (SOCKS5,
// with and without a user name and password). Each test writes the proxy's
// configuration into a temporary directory, starts it on free loopback ports,
// waits until it accepts connections and streams a reply from the fake OpenAI
// server through it with the app's own client. The proxy's log must show the
// request, so a request that went around the proxy fails the test.
//
// Confab never sends loopback hosts through a proxy, so the requests must name
// the server otherwise:
// - squid resolves names through a hosts file of its own (hosts_file), which
//   the test writes: api.confab.test is 127.0.0.1 for squid alone, and the
//   request can go nowhere but through squid. TlsFrontend's certificate is for
//   that name, so https works end to end through a CONNECT tunnel.
// - microsocks resolves names with the system's resolver, so the test uses this
//   machine's own name (when it resolves) or else one of its non-loopback
//   addresses, and a relay listening there passes the connection on to the
//   fake server.
//
// A missing proxy program skips its tests, except under CI (CI=true), where it
// is a failure: packaging/install-deps.sh --test installs them.
#include "api/chatclient.h"
#include "api/proxycontroller.h"
#include "api/proxyfactory.h"
#include "fakeopenaiserver.h"
#include "secrets/memorysecretstore.h"
#include "settings/appsettings.h"
#include "socketpipe.h"
#include "tlsfrontend.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QProcess>
#include <QSettings>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <pwd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace {
struct Outcome
{
    bool done = false;
    QString content;
    int deltas = 0; // contentDelta signals: more than one means it streamed
    StreamResult result;
};

bool inCi()
{
    const QString ci = qEnvironmentVariable("CI").toLower();
    return !ci.isEmpty() && ci != u"false" && ci != u"0";
}

// squid lives in /usr/sbin, which a user's PATH may lack.
QString findProgram(const QString &name)
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
            name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    return path;
}

// A port nothing listens on a moment ago, for a program that cannot be told
// to take port 0 and report it.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(200);
}

// A proxy program run for one test: killed with the test, and with the test
// process should that die first.
class ProxyProcess
{
public:
    ProxyProcess()
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    }
    ~ProxyProcess() { stop(); }
    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill(); // its helpers end when their pipes close
            m_process.waitForFinished(5000);
        }
    }
    ProxyProcess(const ProxyProcess &) = delete;
    ProxyProcess &operator=(const ProxyProcess &) = delete;

    void start(const QString &program, const QStringList &arguments)
    {
        m_process.start(program, arguments);
        m_process.waitForStarted(10000);
    }
    bool running() const { return m_process.state() != QProcess::NotRunning; }
    // Everything it printed so far (the event loop must have run).
    QString output()
    {
        m_output += QString::fromLocal8Bit(m_process.readAll());
        return m_output;
    }
    QString describe()
    {
        return QStringLiteral("%1 (%2): %3")
            .arg(m_process.program(),
                 running() ? QStringLiteral("running")
                           : QStringLiteral("exited %1, %2")
                                 .arg(m_process.exitCode())
                                 .arg(m_process.errorString()),
                 output());
    }

private:
    QProcess m_process;
    QString m_output;
};

// squid on two loopback ports: `open` serves anyone, `authenticated` demands
// Basic credentials checked by Debian's basic_ncsa_auth against a password
// file. Names resolve through the test's hosts file only.
class Squid
{
public:
    static constexpr const char *kUser = "alice";
    static constexpr const char *kPassword = "sq-pa55";
    // Debian's place for it (package squid).
    static constexpr const char *kNcsaAuth = "/usr/lib/squid/basic_ncsa_auth";

    explicit Squid(const QString &program)
        : m_program(program)
    {
        // squid names its shared memory segments after the service name: one
        // of its own, so that no other squid (another test run, the system's)
        // is in the way.
        static int instances = 0;
        m_service = QStringLiteral("confabtest%1n%2")
                        .arg(QCoreApplication::applicationPid())
                        .arg(++instances);
    }
    ~Squid()
    {
        m_process.stop();
        // Killed, squid leaves its segments behind.
        const QStringList segments =
            QDir(QStringLiteral("/dev/shm"))
                .entryList({m_service + QStringLiteral("-*")}, QDir::Files);
        for (const QString &segment : segments)
            ::shm_unlink(QFile::encodeName(QLatin1Char('/') + segment).constData());
    }
    Squid(const Squid &) = delete;
    Squid &operator=(const Squid &) = delete;

    bool start(QString *why)
    {
        if (!m_dir.isValid()) {
            *why = QStringLiteral("no temporary directory");
            return false;
        }
        if (!QFileInfo(QString::fromLatin1(kNcsaAuth)).isExecutable()) {
            *why = QStringLiteral("%1 is missing").arg(QString::fromLatin1(kNcsaAuth));
            return false;
        }
        m_open = freePort();
        do
            m_authenticated = freePort();
        while (m_authenticated == m_open);
        const QString dir = m_dir.path();
        if (!write(QStringLiteral("hosts"), "127.0.0.1 api.confab.test\n") ||
            // basic_ncsa_auth takes an unsalted MD5 digest among its formats.
            !write(QStringLiteral("passwd"),
                   QByteArray(kUser) + ':' +
                       QCryptographicHash::hash(kPassword, QCryptographicHash::Md5).toHex() +
                       '\n')) {
            *why = QStringLiteral("cannot write into ") + dir;
            return false;
        }
        QString conf = QStringLiteral("http_port 127.0.0.1:%1\n"
                                      "http_port 127.0.0.1:%2\n"
                                      "acl open_port localport %1\n"
                                      "acl auth_port localport %2\n"
                                      "auth_param basic program %3 %4/passwd\n"
                                      "auth_param basic realm confab-test\n"
                                      "acl authenticated proxy_auth REQUIRED\n"
                                      "http_access allow open_port\n"
                                      "http_access allow auth_port authenticated\n"
                                      "http_access deny all\n"
                                      "hosts_file %4/hosts\n"
                                      // Never the network's DNS: a name not in hosts fails here.
                                      "dns_nameservers 127.0.0.1\n"
                                      "dns_timeout 1 seconds\n"
                                      "access_log stdio:%4/access.log\n"
                                      "buffered_logs off\n"
                                      "cache_log %4/cache.log\n"
                                      "coredump_dir %4\n"
                                      "pid_filename none\n"
                                      "netdb_filename none\n"
                                      "pinger_enable off\n"
                                      "cache deny all\n"
                                      "cache_mem 8 MB\n"
                                      "visible_hostname confab-test\n"
                                      "shutdown_lifetime 0 seconds\n")
                           .arg(m_open)
                           .arg(m_authenticated)
                           .arg(QString::fromLatin1(kNcsaAuth), dir);
        // Started as root, squid works as an unprivileged user (Debian's
        // default is proxy), which must be able to write its logs here.
        if (::geteuid() == 0) {
            const passwd *user = ::getpwnam("proxy");
            if (!user)
                user = ::getpwnam("nobody");
            if (!user) {
                *why = QStringLiteral("running as root, but no user proxy or nobody for squid");
                return false;
            }
            conf += QStringLiteral("cache_effective_user %1\n")
                        .arg(QString::fromLocal8Bit(user->pw_name));
            for (const QString &path : {dir, m_dir.filePath(QStringLiteral("hosts")),
                                        m_dir.filePath(QStringLiteral("passwd"))}) {
                if (::chown(QFile::encodeName(path).constData(), user->pw_uid, user->pw_gid) != 0) {
                    *why = QStringLiteral("cannot hand %1 to squid's user").arg(path);
                    return false;
                }
            }
        }
        if (!write(QStringLiteral("squid.conf"), conf.toUtf8())) {
            *why = QStringLiteral("cannot write squid.conf");
            return false;
        }
        m_process.start(m_program,
                        {QStringLiteral("-N"), QStringLiteral("-n"), m_service,
                         QStringLiteral("-f"), m_dir.filePath(QStringLiteral("squid.conf"))});
        return true;
    }

    bool ready() { return accepts(m_open) && accepts(m_authenticated); }
    bool running() const { return m_process.running(); }
    QString describe()
    {
        QFile cacheLog(m_dir.filePath(QStringLiteral("cache.log")));
        QString text = m_process.describe();
        if (cacheLog.open(QIODevice::ReadOnly))
            text += QStringLiteral("\ncache.log:\n") + QString::fromLocal8Bit(cacheLog.readAll());
        return text;
    }

    quint16 openPort() const { return m_open; }
    quint16 authenticatedPort() const { return m_authenticated; }

    // access.log's lines, one per transaction once it has ended (a CONNECT
    // tunnel once it is closed).
    QStringList accessLog() const
    {
        QFile log(m_dir.filePath(QStringLiteral("access.log")));
        if (!log.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }
    QStringList accessLogWith(const QString &words) const { return accessLog().filter(words); }

private:
    bool write(const QString &name, const QByteArray &bytes)
    {
        QFile file(m_dir.filePath(name));
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
               file.write(bytes) == bytes.size();
    }

    QString m_program;
    QString m_service;
    QTemporaryDir m_dir;
    ProxyProcess m_process;
    quint16 m_open = 0;
    quint16 m_authenticated = 0;
};

// Passes every connection it accepts on to 127.0.0.1:backendPort.
class Relay : public QObject
{
public:
    explicit Relay(quint16 backendPort)
        : m_backendPort(backendPort)
    {}
    ~Relay() override
    {
        // Cut the pipes before the sockets go, as TlsFrontend does.
        const QList<QTcpSocket *> sockets = findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets)
            socket->disconnect();
        for (QTcpSocket *socket : sockets)
            socket->abort();
    }

    // On every address, on one port (chosen on the first).
    bool listen(const QList<QHostAddress> &addresses)
    {
        for (const QHostAddress &address : addresses) {
            auto *server = new QTcpServer(this);
            if (!server->listen(address, m_port)) {
                delete server;
                continue;
            }
            m_port = server->serverPort();
            connect(server, &QTcpServer::pendingConnectionAvailable, this,
                    [this, server] { accept(server); });
        }
        return m_port != 0;
    }
    quint16 port() const { return m_port; }
    int connections() const { return m_connections; }

private:
    void accept(QTcpServer *server)
    {
        while (QTcpSocket *client = server->nextPendingConnection()) {
            ++m_connections;
            client->setParent(this);
            auto *backend = new QTcpSocket(this);
            backend->connectToHost(QHostAddress::LocalHost, m_backendPort);
            pipeSockets(client, backend);
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            if (client->bytesAvailable() > 0)
                backend->write(client->readAll());
        }
    }

    quint16 m_backendPort;
    quint16 m_port = 0;
    int m_connections = 0;
};

// How a program on this machine that resolves names the usual way (microsocks)
// reaches the fake server under a host that Confab does not take for loopback,
// and so sends through the proxy.
struct Route
{
    QString host; // in the URL: a name or an IPv4 address
    std::unique_ptr<Relay> relay;
    QString how; // for messages

    QUrl baseUrl() const
    {
        return QUrl(QStringLiteral("http://%1:%2/v1").arg(host).arg(relay->port()));
    }
};

Route findRoute(quint16 backendPort)
{
    Route route;
    // This machine's name, where it resolves (Debian: 127.0.1.1 in /etc/hosts;
    // containers: their address or 127.0.0.1).
    const QString name = QHostInfo::localHostName();
    if (!name.isEmpty() && !ProxyFactory::isLoopback(name)) {
        const QList<QHostAddress> addresses = QHostInfo::fromName(name).addresses();
        auto relay = std::make_unique<Relay>(backendPort);
        if (!addresses.isEmpty() && relay->listen(addresses)) {
            route.host = name;
            route.relay = std::move(relay);
            route.how = QStringLiteral("this machine's name");
            return route;
        }
    }
    // Else an address of a network interface.
    const QList<QHostAddress> all = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : all) {
        if (address.protocol() != QAbstractSocket::IPv4Protocol || address.isLoopback() ||
            address.isLinkLocal())
            continue;
        auto relay = std::make_unique<Relay>(backendPort);
        if (relay->listen({address})) {
            route.host = address.toString();
            route.relay = std::move(relay);
            route.how = QStringLiteral("a network interface's address");
            return route;
        }
    }
    return route;
}
} // namespace

// Finds the program or ends the test: a failure under CI, else a skip.
#define REQUIRE_PROGRAM(variable, name)                                                            \
    const QString variable = findProgram(QStringLiteral(name));                                    \
    do {                                                                                           \
        if (variable.isEmpty()) {                                                                  \
            if (inCi())                                                                            \
                QFAIL(name " is not installed (packaging/install-deps.sh --test installs it)");    \
            QSKIP(name " is not installed (packaging/install-deps.sh --test installs it)");        \
        }                                                                                          \
    } while (false)

// Finds a Route to the fake server or ends the test as above.
#define REQUIRE_ROUTE(variable)                                                                    \
    const Route variable = findRoute(m_server->port());                                            \
    do {                                                                                           \
        if (!variable.relay) {                                                                     \
            const char *why = "this machine has no name or address other than loopback by which "  \
                              "the SOCKS proxy could reach the test server";                       \
            if (inCi())                                                                            \
                QFAIL(why);                                                                        \
            QSKIP(why);                                                                            \
        }                                                                                          \
    } while (false)

class TestRealProxy : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<QSettings> m_qsettings;
    std::unique_ptr<AppSettings> m_settings;
    MemorySecretStore m_secrets;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<ProxyController> m_proxy;
    std::unique_ptr<ChatClient> m_client;
    QSslConfiguration m_originalSsl;

    std::shared_ptr<Outcome> chat(const QUrl &base, const QString &apiKey = {})
    {
        ChatRequest r;
        r.baseUrl = base;
        r.apiKey = apiKey;
        r.model = QStringLiteral("fake-model");
        r.messages = {{QStringLiteral("user"), QStringLiteral("Hello")}};
        r.maxRetries = 0;
        auto out = std::make_shared<Outcome>();
        CompletionStream *stream = m_client->start(r, this);
        connect(stream, &CompletionStream::contentDelta, this, [out](const QString &t) {
            out->content += t;
            ++out->deltas;
        });
        connect(stream, &CompletionStream::finished, this, [out](const StreamResult &result) {
            out->done = true;
            out->result = result;
        });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(out->done, 20000);
        }();
        if (out->done) {
            stream->deleteLater();
        } else {
            // Gone now, while its manager still exists.
            stream->disconnect(this);
            delete stream;
        }
        return out;
    }

    // Three pieces, 100 ms apart: a proxy that held the reply back until the
    // end would hand them over as one.
    void enqueueSlowly(const QStringList &deltas)
    {
        FakeResponse response;
        const QByteArray all = FakeOpenAiServer::chatStream(deltas);
        // One event per step: chatStream's events end with a blank line.
        qsizetype from = 0;
        while (from < all.size()) {
            const qsizetype end = all.indexOf("\n\n", from);
            const qsizetype to = end < 0 ? all.size() : end + 2;
            response.steps.append({all.mid(from, to - from), from == 0 ? 0 : 100});
            from = to;
        }
        m_server->enqueue(response);
    }

    void setManual(ProxySettings::Type type, quint16 port, const QString &user = {})
    {
        ProxySettings p;
        p.mode = ProxySettings::Mode::Manual;
        p.type = type;
        p.host = QStringLiteral("127.0.0.1");
        p.port = port;
        p.user = user;
        m_settings->setProxy(p);
    }

    void savePassword(const QString &password)
    {
        bool saved = false;
        m_proxy->savePassword(password, this, [&](const VoidResult &s) { saved = s.ok(); });
        QTRY_VERIFY(saved);
    }

    void trustTheTlsFrontend()
    {
        QSslConfiguration trusting = m_originalSsl;
        trusting.addCaCertificate(TlsFrontend::certificate());
        QSslConfiguration::setDefaultConfiguration(trusting);
    }

    QUrl viaName(quint16 port, const QString &scheme = QStringLiteral("http")) const
    {
        return QUrl(QStringLiteral("%1://api.confab.test:%2/v1").arg(scheme).arg(port));
    }

    // Closes the manager's connections, which ends CONNECT tunnels: squid
    // logs a tunnel when it closes.
    void closeConnections() { m_network->clearConnectionCache(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_originalSsl = QSslConfiguration::defaultConfiguration();
        // The proxy chosen in each test, not the environment's.
        for (const char *name : {"http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY",
                                 "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"})
            qunsetenv(name);
    }

    void init()
    {
        m_server = std::make_unique<FakeOpenAiServer>();
        QVERIFY(m_server->listen());
        QFile::remove(m_dir.filePath(QStringLiteral("s.ini")));
        m_qsettings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("s.ini")),
                                                  QSettings::IniFormat);
        m_settings = std::make_unique<AppSettings>(m_qsettings.get(), QString());
        m_network = std::make_unique<QNetworkAccessManager>();
        m_proxy = std::make_unique<ProxyController>(m_network.get(), *m_settings, m_secrets,
                                                    QProcessEnvironment());
        m_client = std::make_unique<ChatClient>(m_network.get());
    }

    void cleanup()
    {
        QSslConfiguration::setDefaultConfiguration(m_originalSsl);
        m_client.reset();
        m_proxy.reset();
        m_network.reset();
        m_server.reset();
    }

    // ---- squid -------------------------------------------------------------

    void squidForwardsPlainHttp()
    {
        REQUIRE_PROGRAM(program, "squid");
        Squid squid(program);
        QString why;
        QVERIFY2(squid.start(&why), qPrintable(why));
        QTRY_VERIFY2_WITH_TIMEOUT(squid.ready() || !squid.running(), qPrintable(squid.describe()),
                                  15000);
        QVERIFY2(squid.running(), qPrintable(squid.describe()));

        setManual(ProxySettings::Type::Http, squid.openPort());
        enqueueSlowly({QStringLiteral("through "), QStringLiteral("squid, "),
                       QStringLiteral("piece by piece")});
        auto out = chat(viaName(m_server->port()));
        QCOMPARE(out->result.outcome, StreamResult::Outcome::Finished);
        QCOMPARE(out->content, QStringLiteral("through squid, piece by piece"));
        QVERIFY2(out->deltas > 1, "squid held the stream back");

        // The server heard squid: it names itself in Via.
        QCOMPARE(m_server->requests().size(), 1);
        QVERIFY2(m_server->requests().first().headers.value("via").contains("squid"),
                 m_server->requests().first().headers.value("via").constData());
        const QString url = QStringLiteral("POST http://api.confab.test:%1/v1/chat/completions")
                                .arg(m_server->port());
        QTRY_COMPARE(squid.accessLogWith(url).size(), 1);
        QVERIFY2(squid.accessLogWith(url).first().contains(QStringLiteral("TCP_MISS/200")),
                 qPrintable(squid.accessLog().join(QLatin1Char('\n'))));
    }

    void squidTunnelsHttps()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        REQUIRE_PROGRAM(program, "squid");
        Squid squid(program);
        QString why;
        QVERIFY2(squid.start(&why), qPrintable(why));
        TlsFrontend tls(m_server->port());
        QVERIFY(tls.listen());
        trustTheTlsFrontend();
        QTRY_VERIFY2_WITH_TIMEOUT(squid.ready() || !squid.running(), qPrintable(squid.describe()),
                                  15000);
        QVERIFY2(squid.running(), qPrintable(squid.describe()));

        setManual(ProxySettings::Type::Http, squid.openPort());
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("tunnelled")})));
        auto out = chat(viaName(tls.port(), QStringLiteral("https")), QStringLiteral("sk-tunnel"));
        QCOMPARE(out->result.outcome, StreamResult::Outcome::Finished);
        QCOMPARE(out->content, QStringLiteral("tunnelled"));
        QCOMPARE(tls.handshakes(), 1); // TLS ran end to end, through the tunnel
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(m_server->requests().first().headers.value("authorization"),
                 QByteArray("Bearer sk-tunnel"));

        closeConnections();
        const QString connect = QStringLiteral("CONNECT api.confab.test:%1").arg(tls.port());
        QTRY_COMPARE(squid.accessLogWith(connect).size(), 1);
        const QString log = squid.accessLog().join(QLatin1Char('\n'));
        QVERIFY2(log.contains(QStringLiteral("TCP_TUNNEL/200")), qPrintable(log));
        // squid saw a tunnel, not the request inside it.
        QVERIFY2(!log.contains(QStringLiteral("chat/completions")), qPrintable(log));
    }

    void squidBasicAuthentication_data()
    {
        QTest::addColumn<bool>("https");
        QTest::newRow("http") << false;
        QTest::newRow("https (CONNECT)") << true;
    }
    // The password comes from the keychain; squid's helper checks it.
    void squidBasicAuthentication()
    {
        QFETCH(bool, https);
        if (https && !QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        REQUIRE_PROGRAM(program, "squid");
        Squid squid(program);
        QString why;
        QVERIFY2(squid.start(&why), qPrintable(why));
        TlsFrontend tls(m_server->port());
        QVERIFY(tls.listen());
        trustTheTlsFrontend();
        QTRY_VERIFY2_WITH_TIMEOUT(squid.ready() || !squid.running(), qPrintable(squid.describe()),
                                  15000);
        QVERIFY2(squid.running(), qPrintable(squid.describe()));
        const QUrl base =
            https ? viaName(tls.port(), QStringLiteral("https")) : viaName(m_server->port());

        savePassword(QString::fromLatin1(Squid::kPassword));
        setManual(ProxySettings::Type::Http, squid.authenticatedPort(),
                  QString::fromLatin1(Squid::kUser));
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("authorized")})));
        auto out = chat(base);
        QCOMPARE(out->result.outcome, StreamResult::Outcome::Finished);
        QCOMPARE(out->content, QStringLiteral("authorized"));
        QCOMPARE(m_server->requests().size(), 1);
        closeConnections();
        // Logged with the user squid's helper accepted.
        const QString served =
            https ? QStringLiteral("TCP_TUNNEL/200") : QStringLiteral("TCP_MISS/200");
        QTRY_COMPARE(squid.accessLogWith(served).size(), 1);
        QVERIFY2(squid.accessLogWith(served).first().contains(QStringLiteral(" alice ")),
                 qPrintable(squid.accessLog().join(QLatin1Char('\n'))));
    }

    void squidRejectsAWrongPassword_data() { squidBasicAuthentication_data(); }
    void squidRejectsAWrongPassword()
    {
        QFETCH(bool, https);
        if (https && !QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        REQUIRE_PROGRAM(program, "squid");
        Squid squid(program);
        QString why;
        QVERIFY2(squid.start(&why), qPrintable(why));
        TlsFrontend tls(m_server->port());
        QVERIFY(tls.listen());
        QTRY_VERIFY2_WITH_TIMEOUT(squid.ready() || !squid.running(), qPrintable(squid.describe()),
                                  15000);
        QVERIFY2(squid.running(), qPrintable(squid.describe()));
        const QUrl base =
            https ? viaName(tls.port(), QStringLiteral("https")) : viaName(m_server->port());

        savePassword(QStringLiteral("not-the-password"));
        setManual(ProxySettings::Type::Http, squid.authenticatedPort(),
                  QString::fromLatin1(Squid::kUser));
        auto out = chat(base);
        QCOMPARE(out->result.outcome, StreamResult::Outcome::Failed);
        QCOMPARE(out->result.error.kind, ApiError::Kind::ProxyAuth);
        QVERIFY(out->result.error.userMessage().contains(QStringLiteral("407")));
        QVERIFY(m_server->requests().isEmpty());
        QCOMPARE(tls.handshakes(), 0);
        QTRY_VERIFY(!squid.accessLogWith(QStringLiteral("TCP_DENIED/407")).isEmpty());
    }

    // A user name left out where the proxy wants one.
    void squidAsksForCredentials()
    {
        REQUIRE_PROGRAM(program, "squid");
        Squid squid(program);
        QString why;
        QVERIFY2(squid.start(&why), qPrintable(why));
        QTRY_VERIFY2_WITH_TIMEOUT(squid.ready() || !squid.running(), qPrintable(squid.describe()),
                                  15000);
        QVERIFY2(squid.running(), qPrintable(squid.describe()));

        setManual(ProxySettings::Type::Http, squid.authenticatedPort());
        auto out = chat(viaName(m_server->port()));
        QCOMPARE(out->result.error.kind, ApiError::Kind::ProxyAuth);
        QVERIFY(m_server->requests().isEmpty());
        QTRY_VERIFY(!squid.accessLogWith(QStringLiteral("TCP_DENIED/407")).isEmpty());
    }

    // The proxy works, the server's port is closed. squid says so: 503 with
    // its page ERR_CONNECT_FAIL for http, 503 to the CONNECT for https, which
    // Qt reports as ConnectionRefusedError (not ProxyConnectionRefusedError).
    // Confab tells the user that the API server had a problem (http), or that
    // the proxy could not be reached and to choose "No proxy" (https). Neither
    // is true; see the report of the real-proxy tests.
    void squidCannotReachTheServer_data() { squidBasicAuthentication_data(); }
    void squidCannotReachTheServer()
    {
        QFETCH(bool, https);
        REQUIRE_PROGRAM(program, "squid");
        Squid squid(program);
        QString why;
        QVERIFY2(squid.start(&why), qPrintable(why));
        QTRY_VERIFY2_WITH_TIMEOUT(squid.ready() || !squid.running(), qPrintable(squid.describe()),
                                  15000);
        QVERIFY2(squid.running(), qPrintable(squid.describe()));

        setManual(ProxySettings::Type::Http, squid.openPort());
        const quint16 closed = freePort();
        auto out = chat(viaName(closed, https ? QStringLiteral("https") : QStringLiteral("http")));
        QCOMPARE(out->result.outcome, StreamResult::Outcome::Failed);
        QTRY_VERIFY(!squid.accessLogWith(QStringLiteral("/503 ")).isEmpty());
        const ApiError::Kind kind = out->result.error.kind;
        QEXPECT_FAIL("",
                     "a closed port behind a working proxy is blamed on the proxy or the server",
                     Continue);
        QVERIFY2(kind != ApiError::Kind::Proxy && kind != ApiError::Kind::Server,
                 qPrintable(out->result.error.userMessage()));
    }

    // ---- microsocks --------------------------------------------------------

    void microsocks_data()
    {
        QTest::addColumn<bool>("credentials");
        QTest::newRow("no authentication") << false;
        QTest::newRow("user and password") << true;
    }
    void microsocks()
    {
        QFETCH(bool, credentials);
        REQUIRE_PROGRAM(program, "microsocks");
        REQUIRE_ROUTE(route);
        const quint16 port = freePort();
        QStringList arguments = {QStringLiteral("-i"), QStringLiteral("127.0.0.1"),
                                 QStringLiteral("-p"), QString::number(port)};
        if (credentials)
            arguments << QStringLiteral("-u") << QStringLiteral("bob") << QStringLiteral("-P")
                      << QStringLiteral("socks-pw");
        ProxyProcess socks;
        socks.start(program, arguments);
        QTRY_VERIFY2_WITH_TIMEOUT(accepts(port) || !socks.running(), qPrintable(socks.describe()),
                                  15000);
        QVERIFY2(socks.running(), qPrintable(socks.describe()));

        if (credentials)
            savePassword(QStringLiteral("socks-pw"));
        setManual(ProxySettings::Type::Socks5, port,
                  credentials ? QStringLiteral("bob") : QString());
        enqueueSlowly({QStringLiteral("through "), QStringLiteral("microsocks")});
        auto out = chat(route.baseUrl());
        QVERIFY2(out->result.outcome == StreamResult::Outcome::Finished,
                 qPrintable(out->result.error.userMessage() + QLatin1Char(' ') + route.how +
                            QLatin1Char(' ') + route.host + QLatin1Char('\n') + socks.describe()));
        QCOMPARE(out->content, QStringLiteral("through microsocks"));
        QVERIFY2(out->deltas > 1, "the SOCKS proxy held the stream back");
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(route.relay->connections(), 1);
        // microsocks logs each connection it made for a client. The host goes
        // to it by name: it resolves it, not Confab.
        const QString made =
            QStringLiteral("connected to %1:%2").arg(route.host).arg(route.relay->port());
        QTRY_VERIFY2(socks.output().contains(made), qPrintable(socks.describe()));
        QCOMPARE(socks.output().count(QStringLiteral("connected to")), 1);
    }

    void microsocksRejectsWrongCredentials_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::newRow("wrong password") << "bob"
                                        << "not-the-password";
        QTest::newRow("none given") << ""
                                    << "";
    }
    void microsocksRejectsWrongCredentials()
    {
        QFETCH(QString, user);
        QFETCH(QString, password);
        REQUIRE_PROGRAM(program, "microsocks");
        REQUIRE_ROUTE(route);
        const quint16 port = freePort();
        ProxyProcess socks;
        socks.start(program,
                    {QStringLiteral("-i"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                     QString::number(port), QStringLiteral("-u"), QStringLiteral("bob"),
                     QStringLiteral("-P"), QStringLiteral("socks-pw")});
        QTRY_VERIFY2_WITH_TIMEOUT(accepts(port) || !socks.running(), qPrintable(socks.describe()),
                                  15000);
        QVERIFY2(socks.running(), qPrintable(socks.describe()));

        if (!password.isEmpty())
            savePassword(password);
        setManual(ProxySettings::Type::Socks5, port, user);
        auto out = chat(route.baseUrl());
        QCOMPARE(out->result.outcome, StreamResult::Outcome::Failed);
        QCOMPARE(out->result.error.kind, ApiError::Kind::ProxyAuth);
        QCOMPARE(route.relay->connections(), 0);
        QVERIFY(m_server->requests().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRealProxy)
#include "tst_realproxy.moc"
