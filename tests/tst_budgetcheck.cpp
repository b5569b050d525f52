// Once a daily or monthly budget is reached, every way of asking for a reply
// asks first: Send (and an edit sent again), Regenerate and Continue
// generation, in a real window against the fake server. Saying no sends
// nothing.
#include "budgetcheck.h"
#include "chatactions.h"
#include "chatworld.h"
#include "composer.h"
#include "costs/pricetable.h"
#include "costs/spendingledger.h"
#include "mainwindow.h"
#include "session/chatsession.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>
#include <QTimer>

class TestBudgetCheck : public QObject
{
    Q_OBJECT

private:
    struct World : ChatWorld
    {
        bool setUp()
        {
            if (!ChatWorld::setUp({.model = QStringLiteral("fake-model")}))
                return false;
            setPrices({{QStringLiteral("fake-model"), 1.0, 2.0}});
            return true;
        }
        // Today's spending reaches the daily budget.
        void reachBudget()
        {
            spending->setBudgets(0.5, 0);
            spending->record(1.0);
        }
    };
    std::unique_ptr<World> m_world;
    std::unique_ptr<MainWindow> m_window;

    Composer *composer() const { return m_window->findChild<Composer *>(); }
    ChatActions *actions() const { return m_window->findChild<ChatActions *>(); }
    qsizetype requests() const { return m_world->server.requests().size(); }

    // Answers the next question the actions ask, counting the questions.
    struct Answers
    {
        bool yes = false;
        int asked = 0;
        QString lastText;
    };
    void answerWith(Answers &answers)
    {
        actions()->budgetCheck().setQuestion([&answers](const QString &, const QString &text) {
            ++answers.asked;
            answers.lastText = text;
            return answers.yes;
        });
    }

    void sendFromTheComposer(const QString &text)
    {
        composer()->setFocus();
        QTest::keyClicks(composer(), text);
        QTest::keyClick(composer(), Qt::Key_Return);
    }

private slots:
    void init()
    {
        m_world = std::make_unique<World>();
        QVERIFY2(m_world->setUp(), qPrintable(m_world->errorString()));
        m_window = std::make_unique<MainWindow>(m_world->context());
        m_window->show();
    }
    void cleanup()
    {
        m_window.reset();
        m_world.reset();
    }

    void nothingIsAskedUnderBudget()
    {
        Answers answers;
        answerWith(answers);
        BudgetCheck check(nullptr);
        check.setQuestion([&answers](const QString &, const QString &) {
            ++answers.asked;
            return false;
        });
        QVERIFY(check.allowsSending(nullptr));                 // no ledger
        QVERIFY(check.allowsSending(m_world->spending.get())); // no budget
        m_world->spending->setBudgets(5, 50);
        m_world->spending->record(1.0);
        QVERIFY(check.allowsSending(m_world->spending.get())); // under it
        QCOMPARE(answers.asked, 0);

        m_world->enqueueReply({QStringLiteral("Hi")});
        sendFromTheComposer(QStringLiteral("hello"));
        QCOMPARE(answers.asked, 0);
        QTRY_VERIFY(!m_window->currentSession()->isStreaming());
        QCOMPARE(requests(), 1);
    }

    void sendAsksAndNoKeepsTheText()
    {
        m_world->reachBudget();
        Answers answers;
        answerWith(answers);
        sendFromTheComposer(QStringLiteral("hello"));
        QCOMPARE(answers.asked, 1);
        QVERIFY2(answers.lastText.contains(m_world->spending->reachedBudget()),
                 qPrintable(answers.lastText));
        QCOMPARE(composer()->toPlainText(), QStringLiteral("hello"));
        QCOMPARE(m_window->currentSession()->model()->rowCount(), 0);
        QTest::qWait(50);
        QCOMPARE(requests(), 0);

        answers.yes = true;
        m_world->enqueueReply({QStringLiteral("Hi")});
        QTest::keyClick(composer(), Qt::Key_Return);
        QCOMPARE(answers.asked, 2);
        QVERIFY(composer()->toPlainText().isEmpty());
        QTRY_VERIFY(!m_window->currentSession()->isStreaming());
        QCOMPARE(requests(), 1);
    }

    void regenerateAndContinueAskToo()
    {
        // A reply cut at the length limit: both Regenerate and Continue apply.
        m_world->enqueueReply({QStringLiteral("Once upon")}, QStringLiteral("length"));
        sendFromTheComposer(QStringLiteral("A story"));
        ChatSession *session = m_window->currentSession();
        QTRY_VERIFY(!session->isStreaming());
        const qint64 replyId = session->model()->messages().at(1).id;
        QVERIFY(session->canContinue(replyId));
        QCOMPARE(requests(), 1);

        m_world->reachBudget();
        Answers answers;
        answerWith(answers);
        actions()->regenerate();
        QCOMPARE(answers.asked, 1);
        actions()->continueGeneration(replyId);
        QCOMPARE(answers.asked, 2);
        QTest::qWait(50);
        QCOMPARE(requests(), 1); // nothing sent
        QVERIFY(!session->isStreaming());
        QCOMPARE(session->model()->messages().at(1).id, replyId); // the reply is still there
        QCOMPARE(session->model()->messages().at(1).content, QStringLiteral("Once upon"));

        answers.yes = true;
        m_world->enqueueReply({QStringLiteral(" a time.")});
        actions()->continueGeneration(replyId);
        QCOMPARE(answers.asked, 3);
        QTRY_VERIFY(!session->isStreaming());
        QCOMPARE(requests(), 2);
        QCOMPARE(session->model()->messages().at(1).content, QStringLiteral("Once upon a time."));

        m_world->enqueueReply({QStringLiteral("Another story.")});
        actions()->regenerate();
        QCOMPARE(answers.asked, 4);
        QTRY_VERIFY(!session->isStreaming());
        QCOMPARE(requests(), 3);
        QCOMPARE(session->model()->messages().at(1).content, QStringLiteral("Another story."));
    }

    // Without a question set, it is a message box over the window.
    void theQuestionIsAMessageBox()
    {
        m_world->reachBudget();
        QString asked;
        QTimer answerer;
        answerer.setInterval(10);
        connect(&answerer, &QTimer::timeout, this, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            answerer.stop();
            asked = box->text();
            box->button(QMessageBox::No)->click();
        });
        answerer.start();
        sendFromTheComposer(QStringLiteral("hello"));
        QVERIFY2(asked.contains(m_world->spending->reachedBudget()), qPrintable(asked));
        QCOMPARE(composer()->toPlainText(), QStringLiteral("hello"));
        QTest::qWait(50);
        QCOMPARE(requests(), 0);
    }
};

QTEST_MAIN(TestBudgetCheck)
#include "tst_budgetcheck.moc"
