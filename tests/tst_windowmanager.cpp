// Several windows over one session registry, with every real part behind
// them: a conversation open twice streams live in both, replies in two
// windows stream at once, closed windows do not cut replies off, and the
// windows come back after a restart.
#include "chatview.h"
#include "chatworld.h"
#include "conversationsidebar.h"
#include "ipc/singleinstance.h"
#include "mainwindow.h"
#include "session/chatsession.h"
#include "windowmanager.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QListView>
#include <QMenu>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

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
            QVERIFY(registry->loadConversations());
            windows = std::make_unique<WindowManager>(context(), *qsettings);
        }

        FakeResponse slowReply(const QStringList &deltas)
        {
            FakeResponse r;
            r.steps = FakeOpenAiServer::split(FakeOpenAiServer::chatStream(deltas), 60, 40);
            return r;
        }

        // The windows as the settings file on disk has them: what the next
        // start would read, even if this process died now.
        QList<qint64> savedConversations() const
        {
            QSettings onDisk(settingsPath(), QSettings::IniFormat);
            QList<qint64> ids;
            for (const QVariant &entry : onDisk.value(QStringLiteral("windows/open")).toList())
                ids.append(entry.toMap().value(QStringLiteral("conversation")).toLongLong());
            return ids;
        }

        // A stored conversation (no messages yet), listed.
        qint64 storedConversation(const QString &title)
        {
            Result<Conversation> c = store->createConversation(title);
            if (!c || !registry->loadConversations())
                return 0;
            return c.value().id;
        }
    };

    std::unique_ptr<World> m_world;

    // The index of a conversation in a window's sidebar list.
    static QModelIndex rowOf(MainWindow *window, qint64 conversationId)
    {
        const QAbstractItemModel *model =
            window->findChild<ConversationSidebar *>()->list()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 0);
            if (index.data(ConversationListModel::IdRole).toLongLong() == conversationId)
                return index;
        }
        return {};
    }

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
        QVERIFY(w.registry->loadConversations());
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

    void windowsComeBackAfterACrash()
    {
        World &w = *m_world;
        const qint64 c1 = w.storedConversation(QStringLiteral("left"));
        const qint64 c2 = w.storedConversation(QStringLiteral("right"));
        QVERIFY(c1 && c2);
        MainWindow *a = w.windows->openWindow(c1);
        MainWindow *b = w.windows->openWindow(); // a new chat at first
        MainWindow *c = w.windows->openWindow();
        b->showConversation(c2); // then the user switches
        a->setGeometry(40, 50, 700, 500);
        const QByteArray geometryA = a->saveGeometry();
        // A new chat becomes a conversation with its first message.
        w.enqueueReply({QStringLiteral("hi")});
        QVERIFY(c->currentSession()->send(QStringLiteral("hello")));
        const qint64 c3 = c->currentSession()->conversationId();
        QVERIFY(c3 != 0);

        // Written down soon after, without a quit or a close.
        QTRY_COMPARE_WITH_TIMEOUT(w.savedConversations(), QList<qint64>({c1, c2, c3}),
                                  WindowManager::kSaveDelayMs * 5);
        QTRY_VERIFY(!c->currentSession()->isStreaming());

        // The process dies: its windows vanish without a close event.
        for (MainWindow *window : w.windows->windows())
            delete window;
        w.restart();
        const QList<MainWindow *> restored = w.windows->restoreWindows();
        QCOMPARE(restored.size(), 3);
        QCOMPARE(restored.at(0)->currentSession()->conversationId(), c1);
        QCOMPARE(restored.at(1)->currentSession()->conversationId(), c2);
        QCOMPARE(restored.at(2)->currentSession()->conversationId(), c3);
        QCOMPARE(restored.at(0)->saveGeometry(), geometryA);
    }

    void theLastReplyIsStoredBeforeTheApplicationQuits_data()
    {
        QTest::addColumn<bool>("byQuit");
        QTest::newRow("the only window closed") << false;
        QTest::newRow("Quit") << true;
    }

    void theLastReplyIsStoredBeforeTheApplicationQuits()
    {
        QFETCH(bool, byQuit);
        World &w = *m_world;
        // Slow enough (about a second) to be still arriving when the last
        // window goes, even on a loaded machine.
        FakeResponse slow;
        slow.steps = FakeOpenAiServer::split(
            FakeOpenAiServer::chatStream({QStringLiteral("finished "), QStringLiteral("after "),
                                          QStringLiteral("the "), QStringLiteral("window")}),
            30, 60);
        w.server.enqueue(slow);
        MainWindow *only = w.windows->openWindow();
        ChatSession *session = only->currentSession();
        QVERIFY(session->send(QStringLiteral("go")));
        const qint64 id = session->conversationId();
        QTRY_VERIFY(!w.store->messages(id).value().at(1).content.isEmpty()); // under way

        // What the store holds at the moment the application is let go.
        QList<ChatMessage> storedAtQuit;
        connect(w.windows.get(), &WindowManager::readyToQuit, this,
                [&] { storedAtQuit = w.store->messages(id).value(); });
        if (byQuit)
            w.windows->quit();
        else
            only->close();
        QTRY_VERIFY(w.windows->windows().isEmpty());
        QVERIFY(session->isStreaming()); // still arriving, with no window
        QVERIFY(storedAtQuit.isEmpty());

        QTRY_COMPARE_WITH_TIMEOUT(storedAtQuit.size(), 2, 10000);
        QCOMPARE(storedAtQuit.at(1).state, MessageState::Complete);
        QCOMPARE(storedAtQuit.at(1).content, QStringLiteral("finished after the window"));
        // And the window comes back at the next start.
        QCOMPARE(w.savedConversations(), QList<qint64>({id}));
    }

    void ctrlShiftNOpensANewChatInANewWindow()
    {
        World &w = *m_world;
        const qint64 c1 = w.storedConversation(QStringLiteral("open"));
        MainWindow *first = w.windows->openWindow(c1);
        QVERIFY(QTest::qWaitForWindowActive(first));
        QTest::keyClick(first, Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(w.windows->windows().size(), 2);
        MainWindow *second = w.windows->windows().at(1);
        QVERIFY(second != first && second->isVisible());
        QCOMPARE(second->currentSession()->conversationId(), 0); // a new chat
        QCOMPARE(first->currentSession()->conversationId(), c1); // the first one stays put
    }

    void openInNewWindowFromTheConversationList()
    {
        World &w = *m_world;
        const qint64 c1 = w.storedConversation(QStringLiteral("here"));
        const qint64 c2 = w.storedConversation(QStringLiteral("over there"));
        MainWindow *first = w.windows->openWindow(c1);
        QListView *list = first->findChild<ConversationSidebar *>()->list();
        const QModelIndex row = rowOf(first, c2);
        QVERIFY(row.isValid());

        // The menu runs its own event loop: pick the item once it is up.
        bool picked = false;
        QTimer picker;
        connect(&picker, &QTimer::timeout, this, [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            picker.stop();
            for (QAction *action : menu->actions()) {
                if (action->text() == QLatin1String("Open in New Window")) {
                    menu->setActiveAction(action);
                    picked = true;
                }
            }
            QTest::keyClick(menu, picked ? Qt::Key_Return : Qt::Key_Escape);
        });
        picker.start(10);
        const QPoint pos = list->visualRect(row).center();
        QContextMenuEvent event(QContextMenuEvent::Mouse, pos, list->viewport()->mapToGlobal(pos));
        QApplication::sendEvent(list->viewport(), &event);
        QVERIFY(picked);

        QTRY_COMPARE(w.windows->windows().size(), 2);
        QCOMPARE(w.windows->windows().at(1)->currentSession()->conversationId(), c2);
        QCOMPARE(first->currentSession()->conversationId(), c1);
        // One conversation, one session, wherever it is shown.
        QCOMPARE(w.windows->windows().at(1)->currentSession(), w.registry->session(c2).value());
    }

    void aSecondStartOpensAWindowInTheRunningInstance()
    {
        World &w = *m_world;
        // Wired as main() wires it.
        SingleInstance instance(w.database.path());
        Result<SingleInstance::Role> role = instance.start({QStringLiteral("confab")});
        QVERIFY(role);
        QCOMPARE(role.value(), SingleInstance::Role::Primary);
        connect(&instance, &SingleInstance::activationRequested, w.windows.get(),
                &WindowManager::handleArguments);
        const qint64 c1 = w.storedConversation(QStringLiteral("busy"));
        MainWindow *first = w.windows->openWindow(c1);

        QProcess second; // `confab --new-window` from a terminal or the desktop file
        second.start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--hand-over"), w.database.path()});
        QTRY_COMPARE_WITH_TIMEOUT(w.windows->windows().size(), 2, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(second.state(), QProcess::NotRunning, 15000);
        QCOMPARE(second.exitCode(), 0); // handed over, did not start on its own
        MainWindow *opened = w.windows->windows().at(1);
        QVERIFY(opened != first && opened->isVisible());
        QCOMPARE(opened->currentSession()->conversationId(), 0);
    }
};

// The child-process role of this test binary: a second start of confab.
int main(int argc, char **argv)
{
    if (argc >= 3 && qstrcmp(argv[1], "--hand-over") == 0) {
        QCoreApplication app(argc, argv);
        SingleInstance instance(QString::fromLocal8Bit(argv[2]));
        const Result<SingleInstance::Role> role =
            instance.start({QStringLiteral("confab"), QStringLiteral("--new-window")}, 10000);
        return role && role.value() == SingleInstance::Role::HandedOver ? 0 : 1;
    }
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    TestWindowManager test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_windowmanager.moc"
