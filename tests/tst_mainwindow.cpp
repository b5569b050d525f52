// The first window with real parts behind it: the composer's keys, the
// accessible names assistive technology (and the end-to-end test) relies on,
// and a message that streams into the view.
#include "chatworld.h"
#include "composer.h"
#include "mainwindow.h"
#include "session/sessionregistry.h"
#include "settingsdialog.h"
#include "tokencountlabel.h"

#include <QAccessible>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    ChatWorld m_world; // one for the whole test case

    template<typename T> static T *named(QWidget *root, const QString &name)
    {
        for (T *w : root->findChildren<T *>()) {
            if (w->accessibleName() == name)
                return w;
        }
        return nullptr;
    }

private slots:
    void initTestCase() { QVERIFY2(m_world.setUp(), qPrintable(m_world.errorString())); }

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
        MainWindow window(m_world.context());
        QVERIFY(named<Composer>(&window, QStringLiteral("Message")));
        QVERIFY(named<QPushButton>(&window, QStringLiteral("Send")));
        QVERIFY(named<QPushButton>(&window, QStringLiteral("Stop")));
        QVERIFY(named<QPushButton>(&window, QStringLiteral("New chat")));
        QVERIFY(named<QPushButton>(&window, QStringLiteral("Settings")));
        QVERIFY(named<QListView>(&window, QStringLiteral("Conversations")));
        SettingsDialog dialog(*m_world.settings, *m_world.keys, &window);
        QLineEdit *key = named<QLineEdit>(&dialog, QStringLiteral("API key"));
        QVERIFY(key);
        QCOMPARE(key->echoMode(), QLineEdit::Password);
    }

    // A label whose text tells something (the counts, a title, a notice)
    // is heard by a screen reader as that text, not as a fixed word.
    void labelsThatTellSomethingAreHeard()
    {
        MainWindow window(m_world.context());
        window.show();
        auto *count = window.findChild<TokenCountLabel *>();
        QVERIFY(count);
        QTRY_VERIFY(count->text().contains(QStringLiteral("tokens")));
        int heard = 0;
        for (QLabel *label : window.findChildren<QLabel *>()) {
            if (!label->isVisible() || label->text().isEmpty())
                continue;
            QAccessibleInterface *a = QAccessible::queryAccessibleInterface(label);
            QVERIFY(a);
            const QString spoken = a->text(QAccessible::Name) + a->text(QAccessible::Value);
            QVERIFY2(!spoken.isEmpty(), qPrintable(label->text()));
            ++heard;
        }
        QVERIFY(heard >= 2); // the title and the count at least
        QCOMPARE(QAccessible::queryAccessibleInterface(count)->text(QAccessible::Name),
                 count->text());
    }

    void enterStreamsAReplyAndStopIsOfferedMeanwhile()
    {
        FakeResponse response;
        response.steps = FakeOpenAiServer::split(
            FakeOpenAiServer::chatStream({QStringLiteral("Hi "), QStringLiteral("there")}), 40, 30);
        m_world.server.enqueue(response);
        MainWindow window(m_world.context());
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
        QCOMPARE(m_world.conversations.rowCount(), 1);
    }

    void aMessageThatCannotBeStoredStaysInTheComposer()
    {
        MainWindow window(m_world.context());
        auto *composer = named<Composer>(&window, QStringLiteral("Message"));
        // Make every write fail, as a read-only or full disk would.
        QSqlQuery(m_world.database.connection()).exec(QStringLiteral("PRAGMA query_only = 1"));
        QTest::keyClicks(composer, QStringLiteral("precious words"));
        QTest::keyClick(composer, Qt::Key_Return);
        QSqlQuery(m_world.database.connection()).exec(QStringLiteral("PRAGMA query_only = 0"));
        QCOMPARE(composer->toPlainText(), QStringLiteral("precious words"));
        auto *notice = window.findChild<QLabel *>(QStringLiteral("notice"));
        QVERIFY(notice);
        QVERIFY(!notice->isHidden());
        // It says what to do, and a screen reader hears exactly that.
        QVERIFY2(notice->text().contains(QStringLiteral("still in the box")),
                 qPrintable(notice->text()));
        QAccessibleInterface *spoken = QAccessible::queryAccessibleInterface(notice);
        QVERIFY(spoken);
        QCOMPARE(spoken->text(QAccessible::Name), notice->text());
    }

    // A session lives while a window shows it or it has a reply to finish;
    // then it is let go, and opening the conversation again reads it anew.
    void sessionsAreReleasedWhenNoWindowShowsThem()
    {
        const qint64 a = m_world.storeConversation(3, QStringLiteral("fake-model"));
        const qint64 b = m_world.storeConversation(3, QStringLiteral("fake-model"));
        QVERIFY(m_world.registry->loadConversations());
        const auto settle = [] {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        };
        SessionRegistry &registry = *m_world.registry;
        {
            MainWindow first(m_world.context(), a);
            settle();
            QCOMPARE(registry.sessionCount(), 1); // no new chat made and thrown away
            MainWindow second(m_world.context(), b);
            first.showConversation(b);
            settle();
            QCOMPARE(registry.sessionCount(), 1); // a went; b is shown twice, one session
            QCOMPARE(first.currentSession(), second.currentSession());
            first.newChat();
            settle();
            QCOMPARE(registry.sessionCount(), 2); // b stays while the second shows it

            // A streaming reply keeps its session until it is stored.
            FakeResponse slow;
            slow.steps = FakeOpenAiServer::split(
                FakeOpenAiServer::chatStream({QStringLiteral("slow "), QStringLiteral("reply")}),
                40, 40);
            m_world.server.enqueue(slow);
            QPointer<ChatSession> streaming = second.currentSession();
            QVERIFY(streaming->send(QStringLiteral("go on")));
            second.showConversation(a);
            settle();
            QVERIFY(streaming);
            QVERIFY(streaming->isStreaming());
            QTRY_VERIFY(!streaming); // let go once the reply is stored
            QCOMPARE(m_world.stored(b).last().content, QStringLiteral("slow reply"));
        }
        settle();
        QCOMPARE(registry.sessionCount(), 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
