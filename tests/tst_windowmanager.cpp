// Several windows over one session registry, with every real part behind
// them: a conversation open twice streams live in both, replies in two
// windows stream at once, closed windows do not cut replies off, and the
// windows come back after a restart.
#include "api/chatclient.h"
#include "chatview.h"
#include "fakeopenaiserver.h"
#include "mainwindow.h"
#include "models/conversationlistmodel.h"
#include "secrets/apikeys.h"
#include "secrets/memorysecretstore.h"
#include "session/chatsession.h"
#include "session/sessionregistry.h"
#include "settings/appsettings.h"
#include "store/conversationstore.h"
#include "store/database.h"
#include "windowmanager.h"

#include <QApplication>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestWindowManager : public QObject
{
    Q_OBJECT

private:
    struct World
    {
        QTemporaryDir dir;
        Database database;
        std::unique_ptr<ConversationStore> store;
        QNetworkAccessManager network;
        FakeOpenAiServer server;
        std::unique_ptr<ChatClient> client;
        MemorySecretStore secrets;
        std::unique_ptr<ApiKeys> keys;
        std::unique_ptr<QSettings> qsettings;
        std::unique_ptr<AppSettings> settings;
        ConversationListModel conversations;
        std::unique_ptr<SessionRegistry> registry;
        std::unique_ptr<WindowManager> windows;

        bool setUp()
        {
            if (!dir.isValid() || !server.listen() ||
                !database.open(dir.filePath(QStringLiteral("db.sqlite3"))))
                return false;
            store = std::make_unique<ConversationStore>(database);
            client = std::make_unique<ChatClient>(&network);
            keys = std::make_unique<ApiKeys>(secrets, QString());
            qsettings = std::make_unique<QSettings>(dir.filePath(QStringLiteral("s.ini")),
                                                    QSettings::IniFormat);
            settings = std::make_unique<AppSettings>(qsettings.get(), QString());
            settings->setBaseUrl(server.baseUrl());
            restart();
            return true;
        }

        // A new registry and window manager over the same database and
        // settings, as after quitting and starting again.
        void restart()
        {
            windows.reset();
            registry = std::make_unique<SessionRegistry>(
                SessionServices{*store, *client, *keys, *settings}, conversations);
            registry->loadConversations();
            windows = std::make_unique<WindowManager>(*registry, conversations, *settings, *keys,
                                                      *qsettings);
        }

        FakeResponse slowReply(const QStringList &deltas)
        {
            FakeResponse r;
            r.steps = FakeOpenAiServer::split(FakeOpenAiServer::chatStream(deltas), 60, 40);
            return r;
        }
    };

    std::unique_ptr<World> m_world;

    static QString replyIn(ChatView *view)
    {
        const QAbstractItemModel *model = view->model();
        return model && model->rowCount() > 1
                   ? model->index(1, 0).data(MessageListModel::ContentRole).toString()
                   : QString();
    }

private slots:
    void init()
    {
        m_world = std::make_unique<World>();
        QVERIFY(m_world->setUp());
    }
    void cleanup()
    {
        for (MainWindow *w : m_world->windows->windows())
            delete w;
        m_world.reset();
    }

    void oneConversationInTwoWindowsStreamsInBoth()
    {
        World &w = *m_world;
        w.server.enqueue(w.slowReply({QStringLiteral("Seen "), QStringLiteral("in "),
                                      QStringLiteral("both "), QStringLiteral("windows.")}));
        MainWindow *first = w.windows->openWindow();
        ChatSession *session = first->currentSession();
        QVERIFY(session->send(QStringLiteral("hello")));
        MainWindow *second = w.windows->openWindow(session->conversationId());
        QCOMPARE(second->currentSession(), session); // one session, one model

        ChatView *viewA = first->findChild<ChatView *>();
        ChatView *viewB = second->findChild<ChatView *>();
        QVERIFY(viewA && viewB && viewA != viewB);
        // While it streams, both views show the same growing text.
        QTRY_VERIFY(!replyIn(viewB).isEmpty() && session->isStreaming());
        QCOMPARE(replyIn(viewA), replyIn(viewB));
        QTRY_VERIFY(!session->isStreaming());
        QCOMPARE(replyIn(viewA), QStringLiteral("Seen in both windows."));
        QCOMPARE(replyIn(viewB), QStringLiteral("Seen in both windows."));
    }

    void repliesInTwoWindowsStreamAtOnce()
    {
        World &w = *m_world;
        w.server.enqueue(w.slowReply({QStringLiteral("one "), QStringLiteral("two")}));
        w.server.enqueue(w.slowReply({QStringLiteral("three "), QStringLiteral("four")}));
        MainWindow *a = w.windows->openWindow();
        MainWindow *b = w.windows->openWindow();
        QVERIFY(a->currentSession() != b->currentSession());
        QVERIFY(a->currentSession()->send(QStringLiteral("first")));
        QVERIFY(b->currentSession()->send(QStringLiteral("second")));
        QVERIFY(a->currentSession()->isStreaming() && b->currentSession()->isStreaming());
        QTRY_VERIFY(!a->currentSession()->isStreaming() && !b->currentSession()->isStreaming());
        QCOMPARE(w.store->messages(a->currentSession()->conversationId()).value().at(1).content,
                 QStringLiteral("one two"));
        QCOMPARE(w.store->messages(b->currentSession()->conversationId()).value().at(1).content,
                 QStringLiteral("three four"));
    }

    void closingAWindowLetsItsReplyFinish()
    {
        World &w = *m_world;
        w.server.enqueue(w.slowReply({QStringLiteral("still "), QStringLiteral("arriving")}));
        MainWindow *a = w.windows->openWindow();
        w.windows->openWindow(); // another window stays open
        ChatSession *session = a->currentSession();
        QVERIFY(session->send(QStringLiteral("go")));
        const qint64 id = session->conversationId();
        a->close(); // deleted on close
        QTRY_COMPARE(w.windows->windows().size(), 1);
        QTRY_COMPARE(w.store->messages(id).value().at(1).state, MessageState::Complete);
        QCOMPARE(w.store->messages(id).value().at(1).content, QStringLiteral("still arriving"));
    }

    void windowsComeBackAfterARestart()
    {
        World &w = *m_world;
        Result<Conversation> c1 = w.store->createConversation(QStringLiteral("left"));
        Result<Conversation> c2 = w.store->createConversation(QStringLiteral("right"));
        QVERIFY(c1 && c2);
        w.registry->loadConversations();
        MainWindow *a = w.windows->openWindow(c1.value().id);
        MainWindow *b = w.windows->openWindow(c2.value().id);
        a->setGeometry(40, 50, 700, 500);
        b->setGeometry(300, 80, 640, 480);
        const QByteArray geometryB = b->saveGeometry();
        w.windows->quit();
        QTRY_VERIFY(w.windows->windows().isEmpty());

        w.restart();
        const QList<MainWindow *> restored = w.windows->restoreWindows();
        QCOMPARE(restored.size(), 2);
        QCOMPARE(restored.at(0)->currentSession()->conversationId(), c1.value().id);
        QCOMPARE(restored.at(1)->currentSession()->conversationId(), c2.value().id);
        QCOMPARE(restored.at(1)->saveGeometry(), geometryB);
    }

    void closingOneOfTwoWindowsForgetsIt()
    {
        World &w = *m_world;
        MainWindow *a = w.windows->openWindow();
        w.windows->openWindow();
        a->close();
        QTRY_COMPARE(w.windows->windows().size(), 1);
        w.restart();
        QCOMPARE(w.windows->restoreWindows().size(), 1);
    }
};

QTEST_MAIN(TestWindowManager)
#include "tst_windowmanager.moc"
