// The chat view as the user meets it: Markdown rendered in blocks, code blocks
// with a Copy button, text selected with the mouse and copied, links opened,
// updates coalesced to one per frame, following the bottom unless the user
// scrolled up, older messages loaded at the top, the message actions, and a
// dark palette followed.
#include "chatview.h"
#include "messageactionbar.h"
#include "messagedelegate.h"
#include "messagelayout.h"
#include "models/messagelistmodel.h"

#include "markdown/markdownrenderer.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFile>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

namespace {
ChatMessage message(qint64 id, ChatMessage::Role role, const QString &content,
                    MessageState state = MessageState::Complete)
{
    ChatMessage m;
    m.id = id;
    m.role = role;
    m.content = content;
    m.state = state;
    m.createdAt = QDateTime::currentDateTimeUtc();
    return m;
}

const QString kCode = QStringLiteral("int main()\n{\n\treturn 0; // exit  \n}");
const QString kReply = QStringLiteral("Some **bold** text and a [link](https://example.org/x).\n\n"
                                      "```cpp\n") +
                       kCode + QStringLiteral("\n```\n\nAfter the code.\n");
} // namespace

class LinkCatcher : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public slots:
    void open(const QUrl &url) { opened << url; }
};

class TestChatView : public QObject
{
    Q_OBJECT

private:
    MessageListModel m_model;
    std::unique_ptr<ChatView> m_view;

    QModelIndex row(int r) const { return m_view->model()->index(r, 0); }
    // A point inside a message's body, in viewport coordinates.
    QPoint bodyPoint(int r, QPointF inBody) const
    {
        return (m_view->bodyOrigin(row(r)) + inBody).toPoint();
    }
    MessageLayout *layout(int r) const { return m_view->messageDelegate()->layout(row(r)); }

    template<typename T> static T *named(QWidget *root, const QString &name)
    {
        for (T *w : root->findChildren<T *>()) {
            if (w->accessibleName() == name)
                return w;
        }
        return nullptr;
    }

private slots:
    void init()
    {
        m_model.setMessages({message(1, ChatMessage::Role::User, QStringLiteral("Show me code")),
                             message(2, ChatMessage::Role::Assistant, kReply)});
        m_view = std::make_unique<ChatView>();
        m_view->resize(700, 500);
        m_view->setModel(&m_model);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }
    void cleanup() { m_view.reset(); }

    void codeBlocksAreApartAndCopyCodeCopiesThemExactly()
    {
        MessageLayout *l = layout(1);
        QCOMPARE(l->blockCount(), 3);
        QVERIFY(l->isCode(1));
        QCOMPARE(l->language(1), QStringLiteral("cpp"));
        QGuiApplication::clipboard()->clear();
        const QPoint button = bodyPoint(1, l->copyButtonRect(1).center());
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, button);
        QCOMPARE(QGuiApplication::clipboard()->text(), kCode);
        // The user message is shown as typed, not as Markdown.
        QCOMPARE(layout(0)->blockCount(), 1);
        QVERIFY(!layout(0)->isCode(0));
    }

    void textIsSelectedWithTheMouseAndCopied()
    {
        MessageLayout *l = layout(1);
        const QRectF first = l->blockRect(0);
        const QPoint from = bodyPoint(1, {1, first.center().y()});
        const QPoint to = bodyPoint(1, {first.width() * 0.6, first.center().y()});
        QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, from);
        QMouseEvent move(QEvent::MouseMove, QPointF(to),
                         m_view->viewport()->mapToGlobal(QPointF(to)), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(m_view->viewport(), &move);
        QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, to);
        const QString selected = m_view->selectedText();
        QVERIFY2(selected.startsWith(QStringLiteral("Some bold text")), qPrintable(selected));
        QGuiApplication::clipboard()->clear();
        QTest::keyClick(m_view.get(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), selected);

        // Double click selects a word.
        m_view->clearTextSelection();
        QTest::mouseDClick(m_view->viewport(), Qt::LeftButton, {},
                           bodyPoint(1, {3, first.center().y()}));
        QCOMPARE(m_view->selectedText(), QStringLiteral("Some"));

        // Select all in the message covers every block, code included.
        m_view->selectAllInMessage(row(1));
        QVERIFY(m_view->selectedText().contains(QStringLiteral("return 0;")));
        QVERIFY(m_view->selectedText().endsWith(QStringLiteral("After the code.")));
    }

    void copyMessageCopiesTheMarkdown()
    {
        QGuiApplication::clipboard()->clear();
        m_view->copyMessage(row(1));
        QCOMPARE(QGuiApplication::clipboard()->text(), kReply);
    }

    void linksOpenInTheBrowser()
    {
        LinkCatcher catcher;
        QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "open");
        MessageLayout *l = layout(1);
        // Find the link's position by probing the first block.
        QPointF at;
        const QRectF first = l->blockRect(0);
        for (qreal x = 0; x < first.width() && at.isNull(); x += 3) {
            if (!l->hitTest({x, first.center().y()}).anchor.isEmpty())
                at = {x + 1, first.center().y()};
        }
        QVERIFY(!at.isNull());
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, bodyPoint(1, at));
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
        QCOMPARE(catcher.opened, QList<QUrl>{QUrl(QStringLiteral("https://example.org/x"))});
    }

    void textUpdatesAreAppliedOncePerFrame()
    {
        m_model.append(
            message(3, ChatMessage::Role::Assistant, QString(), MessageState::Streaming));
        QTRY_VERIFY(m_view->visualRect(row(2)).height() > 0);
        MessageLayout *l = layout(2);
        for (int i = 0; i < 200; ++i)
            m_model.appendContent(3, QStringLiteral("word "));
        // Nothing was laid out for each of the 200 changes...
        QCOMPARE(layout(2)->source(), QString());
        // ...but all of it at the next frame.
        QTRY_COMPARE(layout(2)->source().size(), 200 * 5);
        QCOMPARE(layout(2), l); // the same layout, updated in place
    }

    void followsTheBottomUnlessTheUserScrolledUp()
    {
        m_model.append(
            message(3, ChatMessage::Role::Assistant, QString(), MessageState::Streaming));
        QScrollBar *bar = m_view->verticalScrollBar();
        for (int i = 0; i < 40; ++i) {
            m_model.appendContent(3,
                                  QStringLiteral("A line of streaming text number %1.\n\n").arg(i));
            m_view->flushPendingUpdates();
            m_view->doItemsLayout();
        }
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());
        QVERIFY(m_view->isFollowingBottom());
        QVERIFY(m_view->jumpToLatestButton()->isHidden());

        // The user scrolls up to read: new text no longer moves the view.
        bar->setValue(bar->maximum() / 3);
        const int reading = bar->value();
        QVERIFY(!m_view->isFollowingBottom());
        for (int i = 0; i < 10; ++i) {
            m_model.appendContent(3, QStringLiteral("More text %1.\n\n").arg(i));
            m_view->flushPendingUpdates();
            m_view->doItemsLayout();
        }
        QCOMPARE(bar->value(), reading);
        QTRY_VERIFY(m_view->jumpToLatestButton()->isVisible());

        // Jump to latest: at the bottom, and following again.
        QTest::mouseClick(m_view->jumpToLatestButton(), Qt::LeftButton);
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(m_view->isFollowingBottom());
        QVERIFY(m_view->jumpToLatestButton()->isHidden());
        m_model.appendContent(3, QStringLiteral("Yet more.\n\n"));
        m_view->flushPendingUpdates();
        m_view->doItemsLayout();
        QTRY_COMPARE(bar->value(), bar->maximum());
    }

    void olderMessagesLoadAtTheTopWithoutMovingTheView()
    {
        QList<ChatMessage> all;
        for (int i = 1; i <= 300; ++i)
            all << message(i, i % 2 ? ChatMessage::Role::User : ChatMessage::Role::Assistant,
                           QStringLiteral("Message number %1\n\nwith a second paragraph.").arg(i));
        m_model.setMessages(all.mid(240));
        int loads = 0;
        m_model.setOlderLoader(
            [&](qint64 beforeId, int limit) -> Result<QList<ChatMessage>> {
                ++loads;
                QList<ChatMessage> page;
                for (const ChatMessage &m : all) {
                    if (m.id < beforeId)
                        page << m;
                }
                return page.mid(qMax<qsizetype>(0, page.size() - limit));
            },
            true);
        m_view->doItemsLayout();
        QScrollBar *bar = m_view->verticalScrollBar();
        QTRY_COMPARE(bar->value(), bar->maximum());
        QCOMPARE(loads, 0); // at the bottom, nothing older is read
        // Scroll to the top: older messages arrive above what is shown.
        const QModelIndex first = row(0);
        const qint64 firstId = first.data(MessageListModel::IdRole).toLongLong();
        bar->setValue(0);
        QTRY_VERIFY(loads > 0);
        QTRY_VERIFY(m_model.rowCount() > 60);
        const QModelIndex shown = m_view->indexAt(QPoint(10, 10));
        QVERIFY(shown.isValid());
        // What was at the top is still at the top (give or take a message).
        QVERIFY(qAbs(shown.data(MessageListModel::IdRole).toLongLong() - firstId) <= 1);
    }

    void actionBarOffersTheActionsByName()
    {
        QSignalSpy regenerate(m_view.get(), &ChatView::regenerateRequested);
        QSignalSpy continued(m_view.get(), &ChatView::continueRequested);
        QSignalSpy edit(m_view.get(), &ChatView::editRequested);
        m_view->setSessionState([] { return false; }, [](qint64 id) { return id == 2; });
        MessageActionBar *bar = m_view->actionBar();
        // Nothing hovered: the bar is on the last reply.
        QTRY_VERIFY(bar->isVisible());
        QCOMPARE(bar->messageId(), 2);
        auto *regen = named<QToolButton>(bar, QStringLiteral("Regenerate"));
        auto *cont = named<QToolButton>(bar, QStringLiteral("Continue generation"));
        QVERIFY(regen && cont);
        QVERIFY(regen->isVisible());
        QVERIFY(cont->isVisible());
        QTest::mouseClick(regen, Qt::LeftButton);
        QTest::mouseClick(cont, Qt::LeftButton);
        QCOMPARE(regenerate.size(), 1);
        QCOMPARE(continued.size(), 1);
        QCOMPARE(continued.at(0).at(0).toLongLong(), 2);
        // A reply that cannot be continued gets no such button.
        m_view->setSessionState([] { return false; }, [](qint64) { return false; });
        QVERIFY(cont->isHidden());

        // Hovering the user's message brings its Edit.
        QTest::mouseMove(m_view->viewport(), m_view->visualRect(row(0)).center());
        QTRY_COMPARE(bar->messageId(), 1);
        auto *editButton = named<QToolButton>(bar, QStringLiteral("Edit"));
        QVERIFY(editButton->isVisible());
        QVERIFY(regen->isHidden());
        QTest::mouseClick(editButton, Qt::LeftButton);
        QCOMPARE(edit.size(), 1);
        QCOMPARE(edit.at(0).at(0).toLongLong(), 1);

        // While the session streams, nothing is edited or regenerated, even
        // where every row looks finished (a reply of several requests).
        m_view->setSessionState([] { return true; }, [](qint64) { return true; });
        QVERIFY(editButton->isHidden());
        QTest::mouseMove(m_view->viewport(), m_view->visualRect(row(1)).center());
        QTRY_COMPARE(bar->messageId(), 2);
        QVERIFY(regen->isHidden());
        QVERIFY(cont->isHidden());
    }

    // Unasked, the last reply's bar would cover its text once its header is
    // scrolled away, so it goes; pointing at the message brings it back,
    // pinned at the top of the view.
    void theLastReplysBarLeavesWithItsHeaderUnlessPointedAt()
    {
        m_model.setMessages({message(1, ChatMessage::Role::User, QStringLiteral("Long, please")),
                             message(2, ChatMessage::Role::Assistant,
                                     QStringLiteral("A paragraph.\n\n").repeated(80))});
        m_view->doItemsLayout();
        MessageActionBar *bar = m_view->actionBar();
        QScrollBar *scroll = m_view->verticalScrollBar();
        QTRY_COMPARE(scroll->value(), scroll->maximum()); // following the bottom
        QVERIFY(m_view->visualRect(row(1)).top() < 0);    // the header is above the view
        QTRY_VERIFY(!bar->isVisible());

        QTest::mouseMove(m_view->viewport(), m_view->viewport()->rect().center());
        QTRY_VERIFY(bar->isVisible());
        QCOMPARE(bar->messageId(), 2);
        QVERIFY(bar->y() >= 0);
    }

    // What streaming builds piece by piece reads exactly like the finished
    // text laid out at once, at every step where a line is complete.
    void streamedLayoutEqualsTheOneShotLayout()
    {
        QFile file(QFINDTESTDATA("benchmarks/data/streaming_reply.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll()).left(12000);
        const MessageDelegate *delegate = m_view->messageDelegate();
        MarkdownRenderer renderer;
        MessageLayout streamed(renderer, delegate->style());
        streamed.setWidth(600);
        qsizetype at = 0;
        auto *random = QRandomGenerator::global();
        while (at < text.size()) {
            at = qMin(text.size(), at + 1 + random->bounded(60));
            const QString prefix = text.first(at);
            streamed.setMarkdown(prefix, true);
            if (!prefix.endsWith(QLatin1Char('\n')))
                continue;
            streamed.setMarkdown(prefix); // as the finished text would be
            MessageLayout once(renderer, delegate->style());
            once.setWidth(600);
            once.setMarkdown(prefix);
            QCOMPARE(streamed.blockCount(), once.blockCount());
            QCOMPARE(streamed.textBetween(streamed.start(), streamed.end()),
                     once.textBetween(once.start(), once.end()));
            QCOMPARE(streamed.height(), once.height());
        }
    }

    // C8 in the chat: reasoning is folded under one line, apart from the
    // answer, and a click unfolds it (and folds it again).
    void reasoningIsFoldedUnderOneLineAndUnfoldsOnClick()
    {
        ChatMessage reply = message(2, ChatMessage::Role::Assistant, QStringLiteral("The answer."));
        reply.reasoning = QStringLiteral("First I considered the question. ").repeated(20);
        m_model.setMessages({message(1, ChatMessage::Role::User, QStringLiteral("Why?")), reply});
        m_view->doItemsLayout();
        MessageDelegate *delegate = m_view->messageDelegate();
        const auto geometry = [&] {
            return delegate->geometry(m_view->visualRect(row(1)), row(1));
        };
        const QRect toggle = geometry().reasoningToggle;
        QVERIFY(toggle.isValid());
        QVERIFY(geometry().body.y() > toggle.bottom()); // the answer comes after the line
        QCOMPARE(layout(1)->textBetween(layout(1)->start(), layout(1)->end()),
                 QStringLiteral("The answer."));
        const int folded = m_view->visualRect(row(1)).height();

        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, toggle.center());
        QVERIFY(delegate->isReasoningUnfolded(2));
        QTRY_VERIFY(m_view->visualRect(row(1)).height() > folded + 40);
        QVERIFY(geometry().body.y() > geometry().reasoning.y() + 40);
        QVERIFY(!m_view->hasTextSelection()); // a click on the line is not a selection

        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {},
                          geometry().reasoningToggle.center());
        QVERIFY(!delegate->isReasoningUnfolded(2));
        QTRY_COMPARE(m_view->visualRect(row(1)).height(), folded);

        // A reply without reasoning has no such line.
        QVERIFY(!delegate->geometry(m_view->visualRect(row(0)), row(0)).reasoningToggle.isValid());
    }

    // Unfolded while it streams, the reasoning grows once per frame, with the
    // row's height, never between frames.
    void unfoldedReasoningGrowsOncePerFrame()
    {
        ChatMessage reply =
            message(2, ChatMessage::Role::Assistant, QString(), MessageState::Streaming);
        reply.reasoning = QStringLiteral("Let me think.");
        m_model.setMessages({message(1, ChatMessage::Role::User, QStringLiteral("Why?")), reply});
        m_view->doItemsLayout();
        MessageDelegate *delegate = m_view->messageDelegate();
        m_view->toggleReasoning(row(1));
        QVERIFY(delegate->isReasoningUnfolded(2));
        const auto top = [&] {
            return delegate->geometry(m_view->visualRect(row(1)), row(1)).body.y();
        };
        const qreal before = top();
        m_model.appendReasoning(2, QStringLiteral("\nAnd then some more.").repeated(10));
        QCOMPARE(top(), before); // held until the frame
        m_view->flushPendingUpdates();
        m_view->doItemsLayout();
        QVERIFY(top() > before + 40);
    }

    void followsADarkPalette()
    {
        const QPalette light = QApplication::palette();
        QPalette dark = light;
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x22));
        dark.setColor(QPalette::Base, QColor(0x18, 0x18, 0x1a));
        dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xea));
        dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xea));
        QVERIFY(!m_view->messageDelegate()->style().dark);
        QApplication::setPalette(dark);
        QTRY_VERIFY(m_view->messageDelegate()->style().dark);
        // Code blocks sit on a dark background, and the body text is light.
        QVERIFY(m_view->messageDelegate()->style().codeBackground.lightnessF() < 0.3f);
        const QImage shot = m_view->viewport()->grab().toImage();
        const QPoint code = bodyPoint(1, layout(1)->blockRect(1).topLeft() +
                                             QPointF(4, layout(1)->blockRect(1).height() - 4));
        QVERIFY(QColor(shot.pixel(code)).lightnessF() < 0.3f);
        if (qEnvironmentVariableIsSet("CONFAB_SCREENSHOT_DIR"))
            shot.save(qEnvironmentVariable("CONFAB_SCREENSHOT_DIR") +
                      QStringLiteral("/chatview-dark.png"));
        QApplication::setPalette(light);
    }

    void aNarrowViewStillShowsEverything()
    {
        m_view->resize(480 - 2 * 6, 500);
        QTRY_VERIFY(m_view->viewport()->width() < 480);
        MessageLayout *l = layout(1);
        QVERIFY(l->width() <= m_view->viewport()->width());
        // The action bar stays inside the view.
        QTRY_VERIFY(m_view->actionBar()->isVisible());
        QVERIFY(m_view->viewport()->rect().contains(m_view->actionBar()->geometry()));
    }
};

QTEST_MAIN(TestChatView)
#include "tst_chatview.moc"
