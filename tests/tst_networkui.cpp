// The network parts of the interface with real parts behind them: the
// Network page of Settings (timeouts, retries, proxy, the proxy password in
// the keychain), the warning before a key goes out over plain http://, and
// Stop (button and Esc) ending a reply within 100 ms while keeping it.
#include "api/proxycontroller.h"
#include "chatview.h"
#include "chatworld.h"
#include "composer.h"
#include "mainwindow.h"
#include "settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

class TestNetworkUi : public QObject
{
    Q_OBJECT

private:
    ChatWorld m_world; // one for the whole test case
    std::unique_ptr<ProxyController> m_proxy;

    template<typename T> static T *named(QWidget *root, const QString &name)
    {
        for (T *w : root->findChildren<T *>()) {
            if (w->accessibleName() == name)
                return w;
        }
        return nullptr;
    }

    QString storedSecret(const QString &name)
    {
        QString value;
        bool done = false;
        m_world.secrets.read(name, this, [&](const Result<QString> &r) {
            value = r ? r.value() : QString();
            done = true;
        });
        [&] {
            QTRY_VERIFY(done);
        }();
        return value;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_world.setUp(), qPrintable(m_world.errorString()));
        m_proxy = std::make_unique<ProxyController>(&m_world.network, *m_world.settings,
                                                    m_world.secrets, QProcessEnvironment());
    }

    void init() { m_world.settings->setBaseUrl(m_world.server.baseUrl()); }

    void keyOverPlainHttpNeedsConsent()
    {
        SettingsDialog dialog(*m_world.settings, *m_world.keys, nullptr, m_proxy.get());
        auto *key = named<QLineEdit>(&dialog, QStringLiteral("API key"));
        auto *url = named<QLineEdit>(&dialog, QStringLiteral("Base URL"));
        auto *warning = named<QLabel>(&dialog, QStringLiteral("Unencrypted connection warning"));
        auto *allow = dialog.findChild<QCheckBox *>();
        QVERIFY(key && url && warning && allow);

        const QUrl lan(QStringLiteral("http://192.168.1.20:11434/v1"));
        url->setText(lan.toString());
        QVERIFY(warning->isHidden()); // no key, nothing to expose
        key->setText(QStringLiteral("sk-lan-key-123456"));
        QVERIFY(!warning->isHidden());
        QVERIFY(!allow->isHidden());
        QVERIFY(warning->text().contains(QStringLiteral("192.168.1.20")));

        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));                     // still open
        QCOMPARE(m_world.settings->storedBaseUrl(), m_world.server.baseUrl()); // nothing saved
        QVERIFY(!m_world.settings->keyInClearAllowed(lan));

        // Consent is per address: ticked for one, it does not carry to another.
        allow->setChecked(true);
        url->setText(QStringLiteral("http://10.0.0.9:8080/v1"));
        QVERIFY(!allow->isChecked());
        url->setText(lan.toString());
        allow->setChecked(true);
        key->setText(QStringLiteral("sk-lan-key-1234567")); // editing the key keeps the tick
        key->setText(QStringLiteral("sk-lan-key-123456"));
        QVERIFY(allow->isChecked());
        dialog.accept();
        QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(m_world.settings->storedBaseUrl(), lan);
        QVERIFY(m_world.settings->keyInClearAllowed(lan));
        QCOMPARE(storedSecret(ApiKeys::keychainName()), QStringLiteral("sk-lan-key-123456"));
    }

    void noWarningWhereTheKeyIsSafe_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("https") << "https://api.openai.com/v1";
        QTest::newRow("localhost") << "http://localhost:11434/v1";
        QTest::newRow("loopback") << "http://127.0.0.1:8080/v1";
    }
    void noWarningWhereTheKeyIsSafe()
    {
        QFETCH(QString, url);
        SettingsDialog dialog(*m_world.settings, *m_world.keys, nullptr, m_proxy.get());
        named<QLineEdit>(&dialog, QStringLiteral("API key"))
            ->setText(QStringLiteral("sk-abc-1234567"));
        named<QLineEdit>(&dialog, QStringLiteral("Base URL"))->setText(url);
        QVERIFY(
            named<QLabel>(&dialog, QStringLiteral("Unencrypted connection warning"))->isHidden());
    }

    void networkPageSavesTimeoutsRetriesAndProxy()
    {
        SettingsDialog dialog(*m_world.settings, *m_world.keys, nullptr, m_proxy.get());
        named<QSpinBox>(&dialog, QStringLiteral("Connect timeout"))->setValue(12);
        named<QSpinBox>(&dialog, QStringLiteral("Idle timeout"))->setValue(900);
        named<QSpinBox>(&dialog, QStringLiteral("Retries"))->setValue(4);
        auto *mode = named<QComboBox>(&dialog, QStringLiteral("Proxy"));
        auto *host = named<QLineEdit>(&dialog, QStringLiteral("Proxy host"));
        QVERIFY(mode && host);
        QVERIFY(!host->isEnabled()); // only for a manual proxy
        mode->setCurrentIndex(mode->findText(QStringLiteral("Manual")));
        QVERIFY(host->isEnabled());
        auto *type = named<QComboBox>(&dialog, QStringLiteral("Proxy type"));
        type->setCurrentIndex(type->findText(QStringLiteral("SOCKS5")));
        host->setText(QStringLiteral("socks.corp.example"));
        named<QSpinBox>(&dialog, QStringLiteral("Proxy port"))->setValue(1081);
        named<QLineEdit>(&dialog, QStringLiteral("Proxy user name"))
            ->setText(QStringLiteral("carol"));
        auto *password = named<QLineEdit>(&dialog, QStringLiteral("Proxy password"));
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        password->setText(QStringLiteral("proxy-pw-42"));
        dialog.accept();
        QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));

        QCOMPARE(m_world.settings->connectTimeoutSeconds(), 12);
        QCOMPARE(m_world.settings->idleTimeoutSeconds(), 900);
        QCOMPARE(m_world.settings->maxRetries(), 4);
        const ProxySettings p = m_world.settings->proxy();
        QCOMPARE(p.mode, ProxySettings::Mode::Manual);
        QCOMPARE(p.type, ProxySettings::Type::Socks5);
        QCOMPARE(p.host, QStringLiteral("socks.corp.example"));
        QCOMPARE(p.port, 1081);
        QCOMPARE(p.user, QStringLiteral("carol"));
        QTRY_COMPARE(storedSecret(ProxyController::keychainName()), QStringLiteral("proxy-pw-42"));
        m_world.qsettings->sync();
        QFile ini(m_world.settingsPath());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains("proxy-pw-42"));

        // Opened again, the page shows what was saved.
        SettingsDialog again(*m_world.settings, *m_world.keys, nullptr, m_proxy.get());
        QCOMPARE(named<QComboBox>(&again, QStringLiteral("Proxy"))->currentText(),
                 QStringLiteral("Manual"));
        QTRY_COMPARE(named<QLineEdit>(&again, QStringLiteral("Proxy password"))->text(),
                     QStringLiteral("proxy-pw-42"));
        named<QComboBox>(&again, QStringLiteral("Proxy"))->setCurrentIndex(0); // back to system
        again.accept();
        QCOMPARE(m_world.settings->proxy().mode, ProxySettings::Mode::System);
    }

    void manualProxyWithoutHostIsRefused()
    {
        SettingsDialog dialog(*m_world.settings, *m_world.keys, nullptr, m_proxy.get());
        auto *mode = named<QComboBox>(&dialog, QStringLiteral("Proxy"));
        mode->setCurrentIndex(mode->findText(QStringLiteral("Manual")));
        named<QLineEdit>(&dialog, QStringLiteral("Proxy host"))->clear();
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        auto *problem = named<QLabel>(&dialog, QStringLiteral("Network settings problem"));
        QVERIFY(!problem->isHidden());
        QVERIFY(problem->text().contains(QStringLiteral("host")));
        QCOMPARE(m_world.settings->proxy().mode, ProxySettings::Mode::System);
    }

    // Stop, by the button and by Esc: the reply ends within 100 ms and what
    // arrived stays, on screen and on disk.
    void stopButtonAndEscapeEndTheReplyAtOnce_data()
    {
        QTest::addColumn<bool>("escape");
        QTest::newRow("button") << false;
        QTest::newRow("Esc") << true;
    }
    void stopButtonAndEscapeEndTheReplyAtOnce()
    {
        QFETCH(bool, escape);
        FakeResponse response;
        response.steps = {{ChatWorld::delta(QStringLiteral("Words that must stay.")), 0}};
        response.end = FakeResponse::End::Stall;
        m_world.server.enqueue(response);
        MainWindow window(m_world.context());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *composer = named<Composer>(&window, QStringLiteral("Message"));
        auto *stop = named<QPushButton>(&window, QStringLiteral("Stop"));
        QTest::keyClicks(composer, QStringLiteral("talk"));
        QTest::keyClick(composer, Qt::Key_Return);
        ChatSession *session = window.currentSession();
        QTRY_COMPARE(session->model()->index(1).data(MessageListModel::ContentRole).toString(),
                     QStringLiteral("Words that must stay."));
        QVERIFY(session->isStreaming());
        QElapsedTimer clock;
        clock.start();
        if (escape)
            QTest::keyClick(composer, Qt::Key_Escape);
        else
            QTest::mouseClick(stop, Qt::LeftButton);
        const qint64 elapsed = clock.elapsed();
        QVERIFY(!session->isStreaming());
        QVERIFY2(elapsed < 100, qPrintable(QString::number(elapsed)));
        QVERIFY(!stop->isEnabled());
        QCOMPARE(MessageState(session->model()->index(1).data(MessageListModel::StateRole).toInt()),
                 MessageState::Stopped);
        Result<QList<ChatMessage>> stored = m_world.store->messages(session->conversationId());
        QVERIFY(stored);
        QCOMPARE(stored.value().at(1).content, QStringLiteral("Words that must stay."));
        QCOMPARE(stored.value().at(1).state, MessageState::Stopped);
    }

    // The wait before a retry shows under the pending reply, and goes.
    void retryNoteIsShownUnderThePendingReply()
    {
        MessageListModel model;
        ChatMessage m;
        m.id = 7;
        m.role = ChatMessage::Role::Assistant;
        m.content = QStringLiteral("Hello");
        m.state = MessageState::Streaming;
        model.append(m);
        ChatView view;
        view.resize(600, 400);
        view.setModel(&model);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // The view may wrap the model (a proxy): ask it for its own index.
        const QModelIndex index = view.model()->index(0, 0);
        QTRY_VERIFY(view.visualRect(index).height() > 0);
        const int plain = view.visualRect(index).height();
        QVERIFY(plain > 0);
        model.setTransientStatus(7, QStringLiteral("Retrying in 3 s (attempt 2 of 3)"));
        QTRY_VERIFY(view.visualRect(index).height() > plain);
        model.setTransientStatus(7, QString());
        QTRY_COMPARE(view.visualRect(index).height(), plain);
    }
};

QTEST_MAIN(TestNetworkUi)
#include "tst_networkui.moc"
