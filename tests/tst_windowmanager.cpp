// Several windows over one session registry, with every real part behind
// them: a conversation open twice streams live in both, replies in two
// windows stream at once, closed windows do not cut replies off, and the
// windows come back after a restart.
#include "chatview.h"
#include "chatworld.h"
#include "mainwindow.h"
#include "session/chatsession.h"
#include "windowmanager.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>

class TestWindowManager : public QObject
{
    Q_OBJECT

private:
    // Derived, so the windows go before the registry they show.
    struct World : ChatWorld
    {
        std::unique_ptr<WindowManager> windows;

        bool setUp()
        {
            if (!ChatWorld::setUp())
                return false;
            start();
            return true;
        }

        // A new registry and window manager over the same database and
        // settings, as after quitting and starting again.
        void restart()
        {
            windows.reset();
            makeRegistry();
            start();
        }

        // What the application does at start-up, over the registry.
        void start()
        {
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
        QVERIFY2(m_world->setUp(), qPrintable(m_world->errorString()));
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
