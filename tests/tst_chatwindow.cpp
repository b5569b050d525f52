// The whole chat window with real parts behind it (SQLite, the fake server):
// a long reply streamed into view while the view follows it, Regenerate,
// Continue generation, Edit and resend (from its button and from Up in an
// empty composer), rename with F2, delete with Undo, a composer that grows,
// and a window 480 px wide. CONFAB_SCREENSHOT_DIR=dir saves what it looks
// like, light and dark.
#include "chatheader.h"
#include "chatview.h"
#include "chatworld.h"
#include "composer.h"
#include "conversationsidebar.h"
#include "mainwindow.h"
#include "messagedelegate.h"
#include "replybar.h"
#include "settings/appsettings.h"
#include "settingsdialog.h"

#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

#include <functional>

class TestChatWindow : public QObject
{
    Q_OBJECT

private:
    ChatWorld m_world; // one for the whole test case; each test gets a new window
    std::unique_ptr<MainWindow> m_window;

    template<typename T> T *named(const QString &name) const
    {
        for (T *w : m_window->findChildren<T *>()) {
            if (w->accessibleName() == name)
                return w;
        }
        return nullptr;
    }
    Composer *composer() const { return named<Composer>(QStringLiteral("Message")); }
    ChatView *chat() const { return m_window->findChild<ChatView *>(); }
    ChatSession *session() const { return m_window->currentSession(); }

    // A reply streamed in small pieces, as a real server sends it.
    void enqueueReply(const QString &text, int perDelta = 40, int delayMs = 1)
    {
        QStringList deltas;
        for (qsizetype i = 0; i < text.size(); i += perDelta)
            deltas << text.mid(i, perDelta);
        FakeResponse response;
        response.steps =
            FakeOpenAiServer::split(FakeOpenAiServer::chatStream(deltas), 512, delayMs);
        m_world.server.enqueue(response);
    }
    bool sendAndWait(const QString &text)
    {
        QTest::keyClicks(composer(), text);
        QTest::keyClick(composer(), Qt::Key_Return);
        return QTest::qWaitFor([this] { return session() && !session()->isStreaming(); }, 20000);
    }
    void shoot(const QString &name)
    {
        const QString dir = qEnvironmentVariable("CONFAB_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            m_window->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }
    // A showing button of that name, found the way assistive technology
    // walks the window: through QAccessible, not through widget children.
    QAccessibleInterface *accessibleButton(const QString &name) const
    {
        std::function<QAccessibleInterface *(QAccessibleInterface *)> walk =
            [&](QAccessibleInterface *node) -> QAccessibleInterface * {
            if (!node || node->state().invisible)
                return nullptr;
            if (node->role() == QAccessible::Button && node->text(QAccessible::Name) == name)
                return node;
            for (int i = 0; i < node->childCount(); ++i) {
                if (QAccessibleInterface *hit = walk(node->child(i)))
                    return hit;
            }
            return nullptr;
        };
        return walk(QAccessible::queryAccessibleInterface(m_window.get()));
    }
    static QString reply()
    {
        QFile file(QFINDTESTDATA("benchmarks/data/streaming_reply.md"));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).left(9000)
                                              : QString();
    }

private slots:
    void initTestCase() { QVERIFY2(m_world.setUp(), qPrintable(m_world.errorString())); }
    void init()
    {
        m_window = std::make_unique<MainWindow>(m_world.context());
        m_window->resize(1000, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    void cleanup() { m_window.reset(); }

    void aLongReplyStreamsIntoViewAndTheViewFollowsIt()
    {
        const QString text = reply();
        QVERIFY(!text.isEmpty());
        enqueueReply(text);
        QVERIFY(sendAndWait(QStringLiteral("Write a long guide")));
        QCOMPARE(session()->model()->messages().last().content, text);
        QScrollBar *bar = chat()->verticalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());
        QVERIFY(chat()->isFollowingBottom());
        shoot(QStringLiteral("long-reply"));
    }

    void regenerateAndContinueFromTheirButtons()
    {
        enqueueReply(QStringLiteral("First answer."));
        QVERIFY(sendAndWait(QStringLiteral("A question")));
        auto *regenerate = named<QToolButton>(QStringLiteral("Regenerate"));
        QVERIFY(regenerate);
        QTRY_VERIFY(regenerate->isVisible());
        enqueueReply(QStringLiteral("Second answer, cut short"));
        // A stream that ends at the length limit can be continued.
        FakeResponse cut;
        cut.steps = {{FakeOpenAiServer::chatStream({QStringLiteral("Second answer, cut")},
                                                   QStringLiteral("length")),
                      0}};
        QTest::mouseClick(regenerate, Qt::LeftButton);
        QTRY_VERIFY(!session()->isStreaming());
        QCOMPARE(session()->model()->messages().size(), 2);
        QCOMPARE(session()->model()->messages().last().content,
                 QStringLiteral("Second answer, cut short"));

        m_world.server.enqueue(cut);
        QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier); // Regenerate, by key
        QTRY_VERIFY(!session()->isStreaming());
        QCOMPARE(session()->model()->messages().last().state, MessageState::Truncated);
        auto *continueButton = named<QToolButton>(QStringLiteral("Continue generation"));
        QVERIFY(continueButton);
        QTRY_VERIFY(continueButton->isVisible());
        enqueueReply(QStringLiteral(" short, and now complete."));
        QTest::mouseClick(continueButton, Qt::LeftButton);
        QTRY_VERIFY(!session()->isStreaming());
        QCOMPARE(session()->model()->messages().last().content,
                 QStringLiteral("Second answer, cut short, and now complete."));
        QTRY_VERIFY(continueButton->isHidden());
    }

    // Buttons inside the chat list's viewport are not in the accessibility
    // tree (item views expose their items, not their viewport's widgets), so
    // the last reply's actions also sit in a row above the composer.
    void theLastReplysActionsAreButtonsAScreenReaderFinds()
    {
        auto *bar = m_window->findChild<ReplyBar *>();
        QVERIFY(bar);
        QVERIFY(!bar->isVisible()); // nothing to regenerate yet
        FakeResponse cut;
        cut.steps = {
            {FakeOpenAiServer::chatStream({QStringLiteral("Half an")}, QStringLiteral("length")),
             0}};
        m_world.server.enqueue(cut);
        QVERIFY(sendAndWait(QStringLiteral("Tell me")));
        QCOMPARE(session()->model()->messages().last().state, MessageState::Truncated);
        QTRY_VERIFY(bar->isVisible());
        QVERIFY(bar->continueButton()->isVisible());
        QVERIFY(bar->regenerateButton()->isVisible());
        QVERIFY(accessibleButton(QStringLiteral("Continue generation")));
        QVERIFY(accessibleButton(QStringLiteral("Regenerate")));

        enqueueReply(QStringLiteral(" answer, complete."));
        QAccessibleInterface *button = accessibleButton(QStringLiteral("Continue generation"));
        QVERIFY(button && button->actionInterface());
        button->actionInterface()->doAction(QAccessibleActionInterface::pressAction());
        QTRY_VERIFY(!session()->isStreaming());
        QCOMPARE(session()->model()->messages().last().content,
                 QStringLiteral("Half an answer, complete."));
        QTRY_VERIFY(!bar->continueButton()->isVisible());
        QVERIFY(bar->regenerateButton()->isVisible());
        QVERIFY(!accessibleButton(QStringLiteral("Continue generation")));
        shoot(QStringLiteral("reply-bar"));
    }

    void upInAnEmptyComposerEditsTheLastMessage()
    {
        enqueueReply(QStringLiteral("About cats."));
        QVERIFY(sendAndWait(QStringLiteral("Tell me about cats")));
        Composer *box = composer();
        box->setFocus();
        QTest::keyClick(box, Qt::Key_Up);
        QCOMPARE(box->toPlainText(), QStringLiteral("Tell me about cats"));
        QVERIFY(box->editingMessage() != 0);
        QWidget *bar = named<QWidget>(QStringLiteral("Editing"));
        QVERIFY(bar && bar->isVisible());
        // Esc gives the edit up, and does not stop anything.
        QTest::keyClick(box, Qt::Key_Escape);
        QCOMPARE(box->editingMessage(), 0);
        QVERIFY(box->toPlainText().isEmpty());
        // Edit again and resend: the reply is replaced.
        QTest::keyClick(box, Qt::Key_Up);
        box->selectAll();
        enqueueReply(QStringLiteral("About dogs."));
        QVERIFY(sendAndWait(QStringLiteral("Tell me about dogs")));
        const QList<ChatMessage> &messages = session()->model()->messages();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).content, QStringLiteral("Tell me about dogs"));
        QCOMPARE(messages.at(1).content, QStringLiteral("About dogs."));
        QCOMPARE(box->editingMessage(), 0);
        QVERIFY(!bar->isVisible());
        QCOMPARE(m_world.store->messages(session()->conversationId()).value().size(), 2);
    }

    void renameWithF2AndDeleteWithUndo()
    {
        enqueueReply(QStringLiteral("ok"));
        QVERIFY(sendAndWait(QStringLiteral("Old title")));
        const qint64 id = session()->conversationId();
        auto *list = named<QListView>(QStringLiteral("Conversations"));
        const int row = m_world.conversations.rowOf(id);
        list->setFocus();
        list->setCurrentIndex(list->model()->index(row, 0));
        QTest::keyClick(list, Qt::Key_F2);
        auto *editor = list->findChild<QLineEdit *>();
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("New title"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(m_world.store->conversation(id).value().title, QStringLiteral("New title"));

        // Delete: gone from the list at once, no question asked, Undo offered.
        list->setFocus();
        list->setCurrentIndex(list->model()->index(m_world.conversations.rowOf(id), 0));
        QTest::keyClick(list, Qt::Key_Delete);
        QCOMPARE(m_world.conversations.rowOf(id), -1);
        QVERIFY(QApplication::activeModalWidget() == nullptr);
        auto *undo = named<QToolButton>(QStringLiteral("Undo delete"));
        QVERIFY(undo && undo->isVisible());
        QVERIFY(session()->conversationId() != id); // the window moved on
        QTest::mouseClick(undo, Qt::LeftButton);
        QVERIFY(m_world.conversations.rowOf(id) >= 0);
        QCOMPARE(session()->conversationId(), id);

        // Deleted for good when the undo window passes.
        list->setCurrentIndex(list->model()->index(m_world.conversations.rowOf(id), 0));
        QTest::keyClick(list, Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(!m_world.store->conversation(id),
                                 ConversationSidebar::kUndoMs + 3000);
        QVERIFY(!undo->isVisible());
    }

    void theComposerGrowsWithItsText()
    {
        Composer *box = composer();
        const int before = box->height();
        for (int i = 0; i < 6; ++i) {
            QTest::keyClicks(box, QStringLiteral("line %1").arg(i));
            QTest::keyClick(box, Qt::Key_Return, Qt::ShiftModifier);
        }
        QTRY_VERIFY(box->height() > before);
        const int grown = box->height();
        for (int i = 0; i < 40; ++i)
            QTest::keyClick(box, Qt::Key_Return, Qt::ShiftModifier);
        QTRY_VERIFY(box->height() >= grown);
        // Up to a limit, then it scrolls.
        QVERIFY(box->height() <= box->fontMetrics().lineSpacing() * (Composer::kMaxLines + 2));
        box->clear();
        QTRY_COMPARE(box->height(), before);
    }

    void aWindow480PixelsWideStillWorks()
    {
        enqueueReply(reply().left(3000));
        QVERIFY(sendAndWait(QStringLiteral("A narrow window")));
        m_window->resize(480, 700);
        QTRY_VERIFY(m_window->width() <= 500);
        QTest::qWait(50);
        ChatView *view = chat();
        // The chat keeps most of the width; the message box and Send are reachable.
        QVERIFY(view->width() > 300);
        QVERIFY(composer()->isVisible() && composer()->width() > 200);
        auto *send = named<QPushButton>(QStringLiteral("Send"));
        QVERIFY(send->isVisible());
        QVERIFY(m_window->rect().contains(send->mapTo(m_window.get(), send->rect().bottomRight())));
        // The reply fills the view, re-laid out for the new width, still at its end.
        QTRY_VERIFY(view->indexAt(view->viewport()->rect().center()).isValid());
        QScrollBar *bar = view->verticalScrollBar();
        QTRY_COMPARE(bar->value(), bar->maximum());
        const QImage shot = view->viewport()->grab().toImage();
        int ink = 0; // pixels that are not background: text was drawn
        for (int y = 0; y < shot.height(); y += 4) {
            for (int x = 0; x < shot.width(); x += 4)
                ink += QColor(shot.pixel(x, y)).lightnessF() < 0.5f ? 1 : 0;
        }
        QVERIFY2(ink > 200, qPrintable(QString::number(ink)));
        shoot(QStringLiteral("narrow"));
    }

    // Alt+letter reaches every field: a label with a mnemonic must have a buddy,
    // or it shows its "&" and the letter does nothing.
    void everySettingsLabelWithAMnemonicHasItsField()
    {
        SettingsDialog dialog(*m_world.settings, *m_world.keys, m_window.get());
        int labels = 0;
        for (QLabel *label : dialog.findChildren<QLabel *>()) {
            if (!label->text().contains(QLatin1Char('&')) || label->textFormat() == Qt::RichText)
                continue;
            ++labels;
            QVERIFY2(label->buddy(), qPrintable(label->text()));
        }
        QVERIFY(labels >= 5);
    }

    void settingsChooseHowToContinueAReply()
    {
        SettingsDialog dialog(*m_world.settings, *m_world.keys, m_window.get());
        QComboBox *how = nullptr;
        for (QComboBox *c : dialog.findChildren<QComboBox *>()) {
            if (c->accessibleName() == QStringLiteral("How to continue a reply"))
                how = c;
        }
        QVERIFY(how);
        QCOMPARE(how->currentData().toInt(), int(AppSettings::Continuation::Automatic));
        how->setCurrentIndex(how->findData(int(AppSettings::Continuation::TrailingAssistant)));
        dialog.accept();
        QCOMPARE(m_world.settings->continuation(), AppSettings::Continuation::TrailingAssistant);
        m_world.settings->setContinuation(AppSettings::Continuation::Automatic);
    }

    void settingsSendTemperatureAndMaxTokensAndListModels()
    {
        SettingsDialog dialog(*m_world.settings, *m_world.keys, m_window.get());
        dialog.setChatClient(m_world.client.get());
        QDoubleSpinBox *temperature = nullptr;
        for (QDoubleSpinBox *b : dialog.findChildren<QDoubleSpinBox *>()) {
            if (b->accessibleName() == QStringLiteral("Temperature"))
                temperature = b;
        }
        QSpinBox *maxTokens = nullptr;
        for (QSpinBox *b : dialog.findChildren<QSpinBox *>()) {
            if (b->accessibleName() == QStringLiteral("Max tokens"))
                maxTokens = b;
        }
        QVERIFY(temperature && maxTokens);
        temperature->setValue(0.3);
        maxTokens->setValue(512);

        // Test connection: GET {base}/models, the ids fill the model list.
        FakeResponse models;
        models.contentType = "application/json";
        models.framing = FakeResponse::Framing::ContentLength;
        models.steps = {
            {QJsonDocument(
                 QJsonObject{
                     {QStringLiteral("data"),
                      QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("zeta-1")}},
                                 QJsonObject{{QStringLiteral("id"), QStringLiteral("alpha-2")}}}}})
                 .toJson(),
             0}};
        m_world.server.enqueue(models);
        const int before = int(m_world.server.requests().size());
        QPushButton *test = nullptr;
        for (QPushButton *b : dialog.findChildren<QPushButton *>()) {
            if (b->accessibleName() == QStringLiteral("Test connection"))
                test = b;
        }
        QVERIFY(test && test->isEnabled());
        test->click();
        QComboBox *model = nullptr;
        for (QComboBox *c : dialog.findChildren<QComboBox *>()) {
            if (c->accessibleName() == QStringLiteral("Model"))
                model = c;
        }
        QVERIFY(model);
        QLabel *status = nullptr;
        for (QLabel *l : dialog.findChildren<QLabel *>()) {
            if (l->accessibleName() == QStringLiteral("Connection status"))
                status = l;
        }
        QVERIFY(status);
        QTRY_VERIFY2(model->findText(QStringLiteral("alpha-2")) >= 0, qPrintable(status->text()));
        QVERIFY(status->text().contains(QStringLiteral("2")));
        QCOMPARE(m_world.server.requests().at(before).method, QByteArray("GET"));
        QVERIFY(m_world.server.requests().at(before).path.endsWith("/models"));
        QCOMPARE(m_world.settings->knownModels(),
                 (QStringList{QStringLiteral("alpha-2"), QStringLiteral("zeta-1")}));
        model->setCurrentText(QStringLiteral("zeta-1"));
        dialog.accept();
        QCOMPARE(m_world.settings->temperature(), 0.3);
        QCOMPARE(m_world.settings->maxTokens(), 512);

        // The next request carries them.
        enqueueReply(QStringLiteral("ok"));
        QVERIFY(sendAndWait(QStringLiteral("With options")));
        const QJsonObject body = m_world.server.requests().last().json();
        QCOMPARE(body.value(QStringLiteral("temperature")).toDouble(), 0.3);
        QCOMPARE(body.value(QStringLiteral("max_tokens")).toInt(), 512);
        QCOMPARE(body.value(QStringLiteral("model")).toString(), QStringLiteral("zeta-1"));
        m_world.settings->setTemperature(-1);
        m_world.settings->setMaxTokens(0);
        m_world.settings->setModel(QStringLiteral("gpt-4o-mini"));
    }

    void theChatHeaderChoosesThisConversationsModel()
    {
        enqueueReply(QStringLiteral("ok"));
        QVERIFY(sendAndWait(QStringLiteral("First")));
        auto *header = m_window->findChild<ChatHeader *>();
        QVERIFY(header);
        QComboBox *box = header->modelBox();
        const int special = box->findText(QStringLiteral("o4-mini"));
        QVERIFY(special > 0);
        box->setCurrentIndex(special);
        emit box->activated(special);
        QCOMPARE(m_world.store->conversation(session()->conversationId()).value().model,
                 QStringLiteral("o4-mini"));
        enqueueReply(QStringLiteral("ok"));
        QVERIFY(sendAndWait(QStringLiteral("Second")));
        QCOMPARE(m_world.server.requests().last().json().value(QStringLiteral("model")).toString(),
                 QStringLiteral("o4-mini"));
        // Back to the default.
        box->setCurrentIndex(0);
        emit box->activated(0);
        QCOMPARE(m_world.store->conversation(session()->conversationId()).value().model, QString());
    }

    void darkPalette()
    {
        const QPalette light = QApplication::palette();
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2e));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x21));
        dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x29));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Button, QColor(0x33, 0x33, 0x37));
        dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        dark.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
        dark.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x95));
        QApplication::setPalette(dark);
        enqueueReply(reply().left(2500));
        QVERIFY(sendAndWait(QStringLiteral("Dark mode, please")));
        QTRY_VERIFY(chat()->messageDelegate()->style().dark);
        // The message area is dark, as the palette says.
        const QImage shot = chat()->viewport()->grab().toImage();
        QVERIFY(QColor(shot.pixel(2, shot.height() / 2)).lightnessF() < 0.3f);
        shoot(QStringLiteral("dark"));
        QApplication::setPalette(light);
    }
};

QTEST_MAIN(TestChatWindow)
#include "tst_chatwindow.moc"
