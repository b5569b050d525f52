// Reaching the API through proxies, against real proxies written for the test
// (TestProxy: HTTP forwarding and CONNECT, SOCKS5, with credentials) on
// loopback, and the fake OpenAI server behind them. The requests name a host
// that resolves nowhere (api.confab.test): only a proxy can get them there.
#include "api/chatclient.h"
#include "api/proxycontroller.h"
#include "api/proxyfactory.h"
#include "fakeopenaiserver.h"
#include "secrets/memorysecretstore.h"
#include "settings/appsettings.h"
#include "testproxy.h"
#include "tlsfrontend.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Outcome
{
    bool done = false;
    QString content;
    StreamResult result;
};

QNetworkProxyQuery query(const QString &url)
{
    return QNetworkProxyQuery(QUrl(url));
}
} // namespace

class TestProxyUse : public QObject
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

    // A controller over a fresh manager; `environment` stands for the
    // process environment (all_proxy is read from it).
    void startController(const QProcessEnvironment &environment = QProcessEnvironment())
    {
        m_client.reset();
        m_proxy.reset();
        m_network = std::make_unique<QNetworkAccessManager>();
        m_proxy =
            std::make_unique<ProxyController>(m_network.get(), *m_settings, m_secrets, environment);
        m_client = std::make_unique<ChatClient>(m_network.get());
    }

    std::shared_ptr<Outcome> chat(const QUrl &base)
    {
        ChatRequest r;
        r.baseUrl = base;
        r.model = QStringLiteral("fake-model");
        r.messages = {{QStringLiteral("user"), QStringLiteral("Hello")}};
        r.maxRetries = 0;
        auto out = std::make_shared<Outcome>();
        CompletionStream *stream = m_client->start(r, this);
        connect(stream, &CompletionStream::contentDelta, this,
                [out](const QString &t) { out->content += t; });
        connect(stream, &CompletionStream::finished, this, [out](const StreamResult &result) {
            out->done = true;
            out->result = result;
        });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(out->done, 15000);
        }();
        stream->deleteLater();
        return out;
    }

    QUrl viaName(quint16 port, const QString &scheme = QStringLiteral("http")) const
    {
        return QUrl(QStringLiteral("%1://api.confab.test:%2/v1").arg(scheme).arg(port));
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

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
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
        m_secrets.setFailure(QString());
        startController();
    }

    void cleanup()
    {
        m_client.reset();
        m_proxy.reset();
        m_network.reset();
        m_server.reset();
        for (const char *name : {"http_proxy", "https_proxy", "no_proxy"})
            qunsetenv(name);
    }

    // ---- ProxyFactory, pure ------------------------------------------------

    void loopbackIsNeverProxied()
    {
        ProxySettings manual;
        manual.mode = ProxySettings::Mode::Manual;
        manual.host = QStringLiteral("proxy.example");
        manual.port = 3128;
        ProxyFactory factory(manual, {});
        for (const char *url :
             {"http://localhost:11434/v1", "http://127.0.0.1:8080/v1", "http://[::1]:1234/v1",
              "http://ollama.localhost/v1", "http://0.0.0.0:8080/v1", "http://[::]:8080/v1",
              "http://localhost.:11434/v1"}) {
            const QList<QNetworkProxy> proxies =
                factory.queryProxy(query(QString::fromLatin1(url)));
            QCOMPARE(proxies.first().type(), QNetworkProxy::NoProxy);
        }
        const QList<QNetworkProxy> remote =
            factory.queryProxy(query(QStringLiteral("https://api.openai.com/v1")));
        QCOMPARE(remote.first().type(), QNetworkProxy::HttpProxy);
        QCOMPARE(remote.first().hostName(), QStringLiteral("proxy.example"));
        QCOMPARE(remote.first().port(), quint16(3128));
    }

    void noProxyMeansDirect()
    {
        ProxySettings none;
        none.mode = ProxySettings::Mode::None;
        QProcessEnvironment env;
        env.insert(QStringLiteral("all_proxy"), QStringLiteral("socks5://127.0.0.1:1080"));
        ProxyFactory factory(none, {}, env);
        QCOMPARE(
            factory.queryProxy(query(QStringLiteral("https://api.openai.com/v1"))).first().type(),
            QNetworkProxy::NoProxy);
    }

    void manualProxyCarriesTheCredentials()
    {
        ProxySettings manual;
        manual.mode = ProxySettings::Mode::Manual;
        manual.type = ProxySettings::Type::Socks5;
        manual.host = QStringLiteral("socks.example");
        manual.port = 1080;
        manual.user = QStringLiteral("alice");
        ProxyFactory factory(manual, QStringLiteral("s3cret"));
        const QNetworkProxy p =
            factory.queryProxy(query(QStringLiteral("https://api.openai.com/v1"))).first();
        QCOMPARE(p.type(), QNetworkProxy::Socks5Proxy);
        QCOMPARE(p.user(), QStringLiteral("alice"));
        QCOMPARE(p.password(), QStringLiteral("s3cret"));
    }

    void noProxyMatching_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("noProxy");
        QTest::addColumn<bool>("excluded");
        QTest::newRow("empty") << "api.openai.com" << 443 << "" << false;
        QTest::newRow("star") << "api.openai.com" << 443 << "*" << true;
        QTest::newRow("exact") << "api.openai.com" << 443 << "api.openai.com" << true;
        QTest::newRow("suffix") << "api.openai.com" << 443 << "openai.com" << true;
        QTest::newRow("dot suffix") << "api.openai.com" << 443 << ".openai.com" << true;
        QTest::newRow("not a suffix") << "notopenai.com" << 443 << "openai.com" << false;
        QTest::newRow("list") << "internal.corp" << 443 << "localhost, .corp ,10.0.0.1" << true;
        QTest::newRow("case") << "API.Corp.Example" << 443 << "corp.example" << true;
        QTest::newRow("ip") << "10.0.0.1" << 80 << "10.0.0.1" << true;
        QTest::newRow("cidr") << "10.1.2.3" << 80 << "10.0.0.0/8" << true;
        QTest::newRow("cidr miss") << "11.1.2.3" << 80 << "10.0.0.0/8" << false;
        QTest::newRow("port match") << "corp.example" << 8080 << "corp.example:8080" << true;
        QTest::newRow("port miss") << "corp.example" << 443 << "corp.example:8080" << false;
    }
    void noProxyMatching()
    {
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, noProxy);
        QFETCH(bool, excluded);
        QCOMPARE(ProxyFactory::excluded(host, port, noProxy), excluded);
    }

    void proxyUrls_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::newRow("http") << "http://proxy:3128" << int(QNetworkProxy::HttpProxy) << "proxy"
                              << 3128 << "";
        QTest::newRow("bare") << "proxy:8080" << int(QNetworkProxy::HttpProxy) << "proxy" << 8080
                              << "";
        QTest::newRow("socks5h with user")
            << "socks5h://bob:pw@socks:1081" << int(QNetworkProxy::Socks5Proxy) << "socks" << 1081
            << "bob";
        QTest::newRow("socks default port")
            << "socks5://socks" << int(QNetworkProxy::Socks5Proxy) << "socks" << 1080 << "";
        QTest::newRow("socks4 unsupported")
            << "socks4://old:1080" << int(QNetworkProxy::NoProxy) << "" << 0 << "";
    }
    void proxyUrls()
    {
        QFETCH(QString, text);
        QFETCH(int, type);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, user);
        const QNetworkProxy p = ProxyFactory::fromUrl(text);
        QCOMPARE(int(p.type()), type);
        if (p.type() == QNetworkProxy::NoProxy)
            return;
        QCOMPARE(p.hostName(), host);
        QCOMPARE(int(p.port()), port);
        QCOMPARE(p.user(), user);
    }

    // ---- real proxies ------------------------------------------------------

    void manualHttpProxyForwardsPlainHttp()
    {
        TestProxy proxy(TestProxy::Protocol::Http);
        QVERIFY(proxy.listen());
        setManual(ProxySettings::Type::Http, proxy.port());
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("via the proxy")})));
        auto out = chat(viaName(m_server->port()));
        QCOMPARE(out->result.outcome, StreamResult::Outcome::Finished);
        QCOMPARE(out->content, QStringLiteral("via the proxy"));
        QCOMPARE(proxy.requests().size(), 1);
        QCOMPARE(proxy.requests().first().method, QByteArray("POST"));
        QCOMPARE(proxy.requests().first().host, QByteArray("api.confab.test"));
        QCOMPARE(m_server->requests().size(), 1);
    }

    void httpsGoesThroughAConnectTunnel()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        TlsFrontend tls(m_server->port());
        QVERIFY(tls.listen());
        TestProxy proxy(TestProxy::Protocol::Http);
        QVERIFY(proxy.listen());
        setManual(ProxySettings::Type::Http, proxy.port());
        const QSslConfiguration original = QSslConfiguration::defaultConfiguration();
        QSslConfiguration trusting = original;
        trusting.addCaCertificate(TlsFrontend::certificate());
        QSslConfiguration::setDefaultConfiguration(trusting);
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("tunnelled")})));
        auto out = chat(viaName(tls.port(), QStringLiteral("https")));
        QSslConfiguration::setDefaultConfiguration(original);
        QCOMPARE(out->content, QStringLiteral("tunnelled"));
        QCOMPARE(proxy.requests().size(), 1);
        QCOMPARE(proxy.requests().first().method, QByteArray("CONNECT"));
        QCOMPARE(proxy.requests().first().host, QByteArray("api.confab.test"));
        QCOMPARE(proxy.requests().first().port, tls.port());
        QCOMPARE(tls.handshakes(), 1); // TLS ran end to end, through the tunnel
    }

    // The password comes from the keychain entry "proxy-password" and never
    // reaches the settings file.
    void httpProxyCredentialsFromTheKeychain()
    {
        TestProxy proxy(TestProxy::Protocol::Http);
        proxy.requireCredentials("alice", "pa55-w0rd");
        QVERIFY(proxy.listen());
        bool saved = false;
        m_proxy->savePassword(QStringLiteral("pa55-w0rd"), this,
                              [&](const VoidResult &s) { saved = s.ok(); });
        QTRY_VERIFY(saved);
        setManual(ProxySettings::Type::Http, proxy.port(), QStringLiteral("alice"));
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("authorized")})));
        auto out = chat(viaName(m_server->port()));
        QCOMPARE(out->content, QStringLiteral("authorized"));
        QVERIFY(!proxy.requests().isEmpty());
        QVERIFY(proxy.requests().last().authorized);

        m_qsettings->sync();
        QFile ini(m_dir.filePath(QStringLiteral("s.ini")));
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QByteArray stored = ini.readAll();
        QVERIFY(stored.contains("alice"));
        QVERIFY(!stored.contains("pa55-w0rd"));
    }

    void wrongProxyPasswordIsProxyAuth()
    {
        TestProxy proxy(TestProxy::Protocol::Http);
        proxy.requireCredentials("alice", "right");
        QVERIFY(proxy.listen());
        bool saved = false;
        m_proxy->savePassword(QStringLiteral("wrong"), this,
                              [&](const VoidResult &s) { saved = s.ok(); });
        QTRY_VERIFY(saved);
        setManual(ProxySettings::Type::Http, proxy.port(), QStringLiteral("alice"));
        auto out = chat(viaName(m_server->port()));
        QCOMPARE(out->result.error.kind, ApiError::Kind::ProxyAuth);
        QVERIFY(out->result.error.userMessage().contains(QStringLiteral("407")));
        QVERIFY(proxy.refusals() >= 1);
        QVERIFY(m_server->requests().isEmpty());
    }

    void socks5WithCredentials()
    {
        TestProxy proxy(TestProxy::Protocol::Socks5);
        proxy.requireCredentials("bob", "socks-pw");
        QVERIFY(proxy.listen());
        bool saved = false;
        m_proxy->savePassword(QStringLiteral("socks-pw"), this,
                              [&](const VoidResult &s) { saved = s.ok(); });
        QTRY_VERIFY(saved);
        setManual(ProxySettings::Type::Socks5, proxy.port(), QStringLiteral("bob"));
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("socks ok")})));
        auto out = chat(viaName(m_server->port()));
        QCOMPARE(out->content, QStringLiteral("socks ok"));
        QCOMPARE(proxy.requests().size(), 1);
        QCOMPARE(proxy.requests().first().method, QByteArray("SOCKS5"));
        // The name goes to the proxy: this machine never had to resolve it.
        QCOMPARE(proxy.requests().first().host, QByteArray("api.confab.test"));
        QVERIFY(proxy.requests().first().authorized);
    }

    // The keychain entry is read when the controller starts (a restart).
    void passwordIsReadFromTheKeychainAtStart()
    {
        TestProxy proxy(TestProxy::Protocol::Socks5);
        proxy.requireCredentials("bob", "from-keychain");
        QVERIFY(proxy.listen());
        bool written = false;
        m_secrets.write(ProxyController::keychainName(), QStringLiteral("from-keychain"), this,
                        [&](const VoidResult &s) { written = s.ok(); });
        QTRY_VERIFY(written);
        setManual(ProxySettings::Type::Socks5, proxy.port(), QStringLiteral("bob"));
        startController(); // as after a restart
        QSignalSpy applied(m_proxy.get(), &ProxyController::applied);
        QTRY_VERIFY(applied.size() >= 1); // once the keychain answered
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("ok")})));
        auto out = chat(viaName(m_server->port()));
        QCOMPARE(out->content, QStringLiteral("ok"));
    }

    void keychainFailureForTheProxyPasswordIsReported()
    {
        m_secrets.setFailure(QStringLiteral("No Secret Service is running."));
        setManual(ProxySettings::Type::Http, 3128, QStringLiteral("alice"));
        startController();
        QSignalSpy problem(m_proxy.get(), &ProxyController::problem);
        QTRY_COMPARE(problem.size(), 1);
        QVERIFY(problem.first().first().toString().contains(QStringLiteral("No Secret Service")));
    }

    void unreachableProxyIsAProxyError()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close(); // nothing listens there now
        setManual(ProxySettings::Type::Http, port);
        auto out = chat(viaName(m_server->port()));
        QCOMPARE(out->result.error.kind, ApiError::Kind::Proxy);
        QVERIFY(out->result.error.userMessage().contains(QStringLiteral("proxy")));
    }

    // ---- the system's proxy: the environment -------------------------------

    void systemModeUsesHttpProxyVariables()
    {
        TestProxy proxy(TestProxy::Protocol::Http);
        QVERIFY(proxy.listen());
        qputenv("http_proxy",
                QByteArrayLiteral("http://127.0.0.1:") + QByteArray::number(proxy.port()));
        QCOMPARE(m_settings->proxy().mode, ProxySettings::Mode::System); // the default
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("env")})));
        auto out = chat(viaName(m_server->port()));
        QCOMPARE(out->content, QStringLiteral("env"));
        QCOMPARE(proxy.requests().size(), 1);

        // Loopback stays direct although http_proxy is set.
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("direct")})));
        auto local = chat(m_server->baseUrl());
        QCOMPARE(local->content, QStringLiteral("direct"));
        QCOMPARE(proxy.requests().size(), 1);

        // no_proxy excludes the host: then it is looked up here, and fails.
        qputenv("no_proxy", "localhost,.confab.test");
        auto excluded = chat(viaName(m_server->port()));
        QCOMPARE(excluded->result.error.kind, ApiError::Kind::HostNotFound);
        QCOMPARE(proxy.requests().size(), 1);
    }

    void systemModeUsesHttpsProxyForHttps()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        TlsFrontend tls(m_server->port());
        QVERIFY(tls.listen());
        TestProxy proxy(TestProxy::Protocol::Http);
        QVERIFY(proxy.listen());
        qputenv("https_proxy",
                QByteArrayLiteral("http://127.0.0.1:") + QByteArray::number(proxy.port()));
        const QSslConfiguration original = QSslConfiguration::defaultConfiguration();
        QSslConfiguration trusting = original;
        trusting.addCaCertificate(TlsFrontend::certificate());
        QSslConfiguration::setDefaultConfiguration(trusting);
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("secure env")})));
        auto out = chat(viaName(tls.port(), QStringLiteral("https")));
        QSslConfiguration::setDefaultConfiguration(original);
        QCOMPARE(out->content, QStringLiteral("secure env"));
        QCOMPARE(proxy.requests().size(), 1);
        QCOMPARE(proxy.requests().first().method, QByteArray("CONNECT"));
    }

    // Qt's system lookup ignores all_proxy; Confab does not.
    void systemModeUsesAllProxy()
    {
        TestProxy proxy(TestProxy::Protocol::Socks5);
        QVERIFY(proxy.listen());
        QProcessEnvironment env;
        env.insert(QStringLiteral("all_proxy"),
                   QStringLiteral("socks5://127.0.0.1:%1").arg(proxy.port()));
        startController(env);
        m_server->enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("all")})));
        auto out = chat(viaName(m_server->port()));
        QCOMPARE(out->content, QStringLiteral("all"));
        QCOMPARE(proxy.requests().size(), 1);
        QCOMPARE(proxy.requests().first().method, QByteArray("SOCKS5"));

        env.insert(QStringLiteral("NO_PROXY"), QStringLiteral("confab.test"));
        startController(env);
        auto excluded = chat(viaName(m_server->port()));
        QCOMPARE(excluded->result.error.kind, ApiError::Kind::HostNotFound);
        QCOMPARE(proxy.requests().size(), 1);
    }

    void noProxySettingIgnoresTheEnvironment()
    {
        TestProxy proxy(TestProxy::Protocol::Http);
        QVERIFY(proxy.listen());
        qputenv("http_proxy",
                QByteArrayLiteral("http://127.0.0.1:") + QByteArray::number(proxy.port()));
        ProxySettings none;
        none.mode = ProxySettings::Mode::None;
        m_settings->setProxy(none);
        auto out = chat(viaName(m_server->port()));
        QCOMPARE(out->result.error.kind, ApiError::Kind::HostNotFound);
        QVERIFY(proxy.requests().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProxyUse)
#include "tst_proxy.moc"
