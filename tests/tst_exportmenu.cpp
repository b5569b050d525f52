// File > Export Conversation… (Ctrl+E) and File > Export All Conversations…
// in a real window over a real SQLite file, answering the real file dialogs
// (Qt's own, as on a desktop without a native one).
#include "chatworld.h"
#include "exportfixture.h"
#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
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
    ChatWorld m_world;
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
        // Nothing is sent: no server, and the default base URL.
        QVERIFY2(m_world.setUp({.listen = false}), qPrintable(m_world.errorString()));
        const QString created = ExportFixture::create(m_world.database.connection());
        QVERIFY2(created.isEmpty(), qPrintable(created));
        QVERIFY(m_world.registry->loadConversations());
        m_window = std::make_unique<MainWindow>(m_world.context());
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
        const QString folder = m_world.dir.filePath(QStringLiteral("one-") +
                                                    QString::fromUtf8(QTest::currentDataTag()));
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
        const QString folder = m_world.dir.filePath(QStringLiteral("all"));
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
