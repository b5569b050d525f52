// The first window with real parts behind it: the composer's keys, the
// accessible names assistive technology (and the end-to-end test) relies on,
// and a message that streams into the view.
#include "api/chatclient.h"
#include "composer.h"
#include "fakeopenaiserver.h"
#include "mainwindow.h"
#include "models/conversationlistmodel.h"
#include "secrets/apikeys.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionregistry.h"
#include "settings/appsettings.h"
#include "settingsdialog.h"
#include "store/conversationstore.h"
#include "store/database.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_database;
    std::unique_ptr<ConversationStore> m_store;
    QNetworkAccessManager m_network;
    FakeOpenAiServer m_server;
    std::unique_ptr<ChatClient> m_client;
    MemorySecretStore m_secrets;
    std::unique_ptr<ApiKeys> m_keys;
    std::unique_ptr<QSettings> m_qsettings;
    std::unique_ptr<AppSettings> m_settings;
    ConversationListModel m_conversations;
    std::unique_ptr<SessionRegistry> m_registry;

    template<typename T> static T *named(QWidget *root, const QString &name)
    {
        for (T *w : root->findChildren<T *>()) {
            if (w->accessibleName() == name)
                return w;
        }
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.listen());
        QVERIFY(m_database.open(m_dir.filePath(QStringLiteral("db.sqlite3"))));
        m_store = std::make_unique<ConversationStore>(m_database);
        m_client = std::make_unique<ChatClient>(&m_network);
        m_keys = std::make_unique<ApiKeys>(m_secrets, QString());
        m_qsettings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("s.ini")),
                                                  QSettings::IniFormat);
        m_settings = std::make_unique<AppSettings>(m_qsettings.get(), QString());
        m_settings->setBaseUrl(m_server.baseUrl());
        m_registry = std::make_unique<SessionRegistry>(
            SessionServices{*m_store, *m_client, *m_keys, *m_settings}, m_conversations);
    }

    void composerEnterSendsShiftEnterAddsALine()
    {
        Composer composer;
        QSignalSpy submitted(&composer, &Composer::submitted);
        QTest::keyClicks(&composer, QStringLiteral("line one"));
        QTest::keyClick(&composer, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(&composer, QStringLiteral("line two"));
        QCOMPARE(submitted.size(), 0);
        QCOMPARE(composer.toPlainText(), QStringLiteral("line one\nline two"));
        QTest::keyClick(&composer, Qt::Key_Return);
        QCOMPARE(submitted.size(), 1);
        QCOMPARE(submitted.at(0).at(0).toString(), QStringLiteral("line one\nline two"));
        // An empty message is not sent.
        composer.clear();
        QTest::keyClick(&composer, Qt::Key_Enter);
        QCOMPARE(submitted.size(), 1);
    }

    void controlsHaveAccessibleNames()
    {
        MainWindow window(*m_registry, m_conversations, *m_settings, *m_keys);
        QVERIFY(named<Composer>(&window, QStringLiteral("Message")));
        QVERIFY(named<QPushButton>(&window, QStringLiteral("Send")));
        QVERIFY(named<QPushButton>(&window, QStringLiteral("Stop")));
        QVERIFY(named<QPushButton>(&window, QStringLiteral("New chat")));
        QVERIFY(named<QPushButton>(&window, QStringLiteral("Settings")));
        QVERIFY(named<QListView>(&window, QStringLiteral("Conversations")));
        SettingsDialog dialog(*m_settings, *m_keys, &window);
        QLineEdit *key = named<QLineEdit>(&dialog, QStringLiteral("API key"));
        QVERIFY(key);
        QCOMPARE(key->echoMode(), QLineEdit::Password);
    }

    void enterStreamsAReplyAndStopIsOfferedMeanwhile()
    {
        FakeResponse response;
        response.steps = FakeOpenAiServer::split(
            FakeOpenAiServer::chatStream({QStringLiteral("Hi "), QStringLiteral("there")}), 40, 30);
        m_server.enqueue(response);
        MainWindow window(*m_registry, m_conversations, *m_settings, *m_keys);
        window.show();
        auto *composer = named<Composer>(&window, QStringLiteral("Message"));
        auto *send = named<QPushButton>(&window, QStringLiteral("Send"));
        auto *stop = named<QPushButton>(&window, QStringLiteral("Stop"));
        QVERIFY(send->isEnabled());
        QVERIFY(!stop->isEnabled());
        QTest::keyClicks(composer, QStringLiteral("hello"));
        QTest::keyClick(composer, Qt::Key_Return);
        QVERIFY(composer->toPlainText().isEmpty()); // accepted, so cleared
        QVERIFY(stop->isEnabled());
        QVERIFY(!send->isEnabled());
        ChatSession *session = window.currentSession();
        QVERIFY(session);
        QTRY_VERIFY(!session->isStreaming());
        QCOMPARE(session->model()->index(1).data(MessageListModel::ContentRole).toString(),
                 QStringLiteral("Hi there"));
        QVERIFY(send->isEnabled());
        QCOMPARE(m_conversations.rowCount(), 1);
    }

    void aMessageThatCannotBeStoredStaysInTheComposer()
    {
        MainWindow window(*m_registry, m_conversations, *m_settings, *m_keys);
        auto *composer = named<Composer>(&window, QStringLiteral("Message"));
        // Make every write fail, as a read-only or full disk would.
        QSqlQuery(m_database.connection()).exec(QStringLiteral("PRAGMA query_only = 1"));
        QTest::keyClicks(composer, QStringLiteral("precious words"));
        QTest::keyClick(composer, Qt::Key_Return);
        QSqlQuery(m_database.connection()).exec(QStringLiteral("PRAGMA query_only = 0"));
        QCOMPARE(composer->toPlainText(), QStringLiteral("precious words"));
        auto *notice = window.findChild<QLabel *>();
        bool shown = false;
        for (QLabel *label : window.findChildren<QLabel *>())
            shown = shown || (label->accessibleName() == QStringLiteral("Notice") &&
                              !label->isHidden() && !label->text().isEmpty());
        QVERIFY(notice);
        QVERIFY(shown);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
