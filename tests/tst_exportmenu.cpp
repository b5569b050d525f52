// File > Export Conversation… (Ctrl+E) and File > Export All Conversations…
// in a real window over a real SQLite file, answering the real file dialogs
// (Qt's own, as on a desktop without a native one).
#include "api/chatclient.h"
#include "exportfixture.h"
#include "mainwindow.h"
#include "models/conversationlistmodel.h"
#include "secrets/apikeys.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionregistry.h"
#include "settings/appsettings.h"
#include "store/conversationstore.h"
#include "store/database.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {
QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

QString golden(const QString &name)
{
    return QFINDTESTDATA(QStringLiteral("data/export/markdown/") + name);
}
} // namespace

class TestExportMenu : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_database;
    std::unique_ptr<ConversationStore> m_store;
    QNetworkAccessManager m_network;
    std::unique_ptr<ChatClient> m_client;
    MemorySecretStore m_secrets;
    std::unique_ptr<ApiKeys> m_keys;
    std::unique_ptr<QSettings> m_qsettings;
    std::unique_ptr<AppSettings> m_settings;
    ConversationListModel m_conversations;
    std::unique_ptr<SessionRegistry> m_registry;
    std::unique_ptr<MainWindow> m_window;
    int m_dialogsAnswered = 0;

    QAction *action(const QString &text) const
    {
        for (QAction *a : m_window->findChildren<QAction *>()) {
            if (a->text() == text)
                return a;
        }
        return nullptr;
    }

    // Waits for the next file dialog to open, then chooses `path` in it.
    void answerNextFileDialog(const QString &path)
    {
        auto *poll = new QTimer(this);
        connect(poll, &QTimer::timeout, this, [this, poll, path] {
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            auto *name =
                dialog ? dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit")) : nullptr;
            if (!dialog || !dialog->isVisible() || !name)
                return;
            poll->stop();
            poll->deleteLater();
            // Typed as a user would: selectFile() leaves a focused name field alone.
            name->setText(path);
            static_cast<QDialog *>(dialog)->accept(); // as the Save button does
            ++m_dialogsAnswered;
        });
        poll->start(10);
    }

private slots:
    void initTestCase()
    {
        QApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
        QVERIFY(m_dir.isValid());
        QVERIFY(m_database.open(m_dir.filePath(QStringLiteral("db.sqlite3"))));
        const QString created = ExportFixture::create(m_database.connection());
        QVERIFY2(created.isEmpty(), qPrintable(created));
        m_store = std::make_unique<ConversationStore>(m_database);
        m_client = std::make_unique<ChatClient>(&m_network);
        m_keys = std::make_unique<ApiKeys>(m_secrets, QString());
        m_qsettings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("s.ini")),
                                                  QSettings::IniFormat);
        m_settings = std::make_unique<AppSettings>(m_qsettings.get(), QString());
        m_registry = std::make_unique<SessionRegistry>(
            SessionServices{*m_store, *m_client, *m_keys, *m_settings}, m_conversations);
        QVERIFY(m_registry->loadConversations());
        m_window = std::make_unique<MainWindow>(*m_registry, m_conversations, *m_settings, *m_keys);
        m_window->show();
    }

    void exportConversationIsCtrlE()
    {
        QAction *exportOne = action(QStringLiteral("&Export Conversation…"));
        QVERIFY(exportOne);
        QCOMPARE(exportOne->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    }

    void emptyChatSaysThereIsNothingToExport()
    {
        m_window->newChat();
        const int before = m_dialogsAnswered;
        action(QStringLiteral("&Export Conversation…"))->trigger();
        QCOMPARE(m_dialogsAnswered, before);
        bool noticeShown = false;
        for (QLabel *label : m_window->findChildren<QLabel *>())
            noticeShown |=
                label->isVisible() && label->text().contains(QStringLiteral("nothing to export"));
        QVERIFY(noticeShown);
    }

    void exportsTheShownConversation_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("written");
        QTest::newRow("markdown suffix added")
            << QStringLiteral("trip") << QStringLiteral("trip.md");
        QTest::newRow("json by its suffix")
            << QStringLiteral("trip.json") << QStringLiteral("trip.json");
    }
    void exportsTheShownConversation()
    {
        QFETCH(QString, typed);
        QFETCH(QString, written);
        m_window->showConversation(1);
        const QString folder =
            m_dir.filePath(QStringLiteral("one-") + QString::fromUtf8(QTest::currentDataTag()));
        QVERIFY(QDir().mkpath(folder));
        answerNextFileDialog(folder + u'/' + typed);
        const int before = m_dialogsAnswered;
        action(QStringLiteral("&Export Conversation…"))->trigger();
        QCOMPARE(m_dialogsAnswered, before + 1);
        QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList{written});
        const QByteArray data = readAll(folder + u'/' + written);
        if (written.endsWith(QStringLiteral(".md"))) {
            QCOMPARE(data, readAll(golden(QStringLiteral("trip-plan-東京-spring-notes-1.md"))));
        } else {
            QCOMPARE(data, readAll(QFINDTESTDATA(QStringLiteral(
                               "data/export/json/trip-plan-東京-spring-notes-1.json"))));
        }
    }

    void exportsAllConversationsToAFolder()
    {
        const QString folder = m_dir.filePath(QStringLiteral("all"));
        QVERIFY(QDir().mkpath(folder));
        answerNextFileDialog(folder);
        const int before = m_dialogsAnswered;
        action(QStringLiteral("Export &All Conversations…"))->trigger();
        QCOMPARE(m_dialogsAnswered, before + 1);
        const QStringList files = QDir(folder).entryList(QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 3);
        for (const QString &name : files)
            QCOMPARE(readAll(folder + u'/' + name), readAll(golden(name)));
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestExportMenu)
#include "tst_exportmenu.moc"
