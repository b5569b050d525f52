// The first window with real parts behind it: the composer's keys, the
// accessible names assistive technology (and the end-to-end test) relies on,
// and a message that streams into the view.
#include "chatworld.h"
#include "composer.h"
#include "mainwindow.h"
#include "settingsdialog.h"

#include <QAccessible>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
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
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
