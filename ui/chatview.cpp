#include "chatview.h"

#include "messagedelegate.h"
#include "models/messagelistmodel.h"
#include "noautofetchproxymodel.h"
#include "store/messagestate.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDesktopServices>
#include <QMenu>
#include <QMimeData>
#include <QResizeEvent>
#include <QScrollBar>
#include <QToolButton>
#include <QToolTip>

namespace {
// Near enough to the bottom to count as "at the bottom": a pixel or two of
// rounding must not stop the view from following.
constexpr int kBottomSlack = 4;

bool onlyTextChanged(const QList<int> &roles)
{
    if (roles.isEmpty())
        return false;
    for (int role : roles) {
        if (role != MessageListModel::ContentRole && role != Qt::DisplayRole &&
            role != MessageListModel::ReasoningRole)
            return false;
    }
    return true;
}

qint64 idOf(const QModelIndex &index)
{
    return index.data(MessageListModel::IdRole).toLongLong();
}
} // namespace

ChatView::ChatView(QWidget *parent)
    : QListView(parent)
    , m_delegate(new MessageDelegate(this))
    , m_proxy(new NoAutoFetchProxyModel(this))
    , m_actionBar(new MessageActionBar(viewport()))
    , m_jumpButton(new QToolButton(this))
{
    setItemDelegate(m_delegate);
    setAccessibleName(tr("Messages"));
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setResizeMode(QListView::Adjust);
    setSelectionMode(QAbstractItemView::NoSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setUniformItemSizes(false);
    setFrameShape(QFrame::NoFrame);
    // Moving the current message with the keyboard must not make the view
    // jump to the top of a long message on every click.
    setAutoScroll(false);
    setMouseTracking(true);
    verticalScrollBar()->setSingleStep(24);
    QListView::setModel(m_proxy);

    m_frameTimer.setSingleShot(true);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    m_frameTimer.setInterval(kFrameIntervalMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &ChatView::onFrame);
    m_copiedTimer.setSingleShot(true);
    m_copiedTimer.setInterval(1500);
    connect(&m_copiedTimer, &QTimer::timeout, this, [this] {
        m_copiedMessage = 0;
        m_copiedBlock = -1;
        pushInteraction();
    });

    m_jumpButton->setText(tr("Jump to latest ↓"));
    m_jumpButton->setAccessibleName(tr("Jump to latest"));
    m_jumpButton->setToolTip(tr("Scroll to the newest message (Ctrl+End)"));
    m_jumpButton->setCursor(Qt::PointingHandCursor);
    m_jumpButton->hide();
    connect(m_jumpButton, &QToolButton::clicked, this, &ChatView::jumpToLatest);

    m_actionBar->hide();
    connect(m_actionBar, &MessageActionBar::copyRequested, this,
            [this](qint64 id) { copyMessage(indexOfMessage(id)); });
    connect(m_actionBar, &MessageActionBar::editRequested, this, &ChatView::editRequested);
    connect(m_actionBar, &MessageActionBar::regenerateRequested, this,
            &ChatView::regenerateRequested);
    connect(m_actionBar, &MessageActionBar::continueRequested, this, &ChatView::continueRequested);

    // The user's scroll position decides whether we follow new text: at the
    // bottom means follow; anywhere else means they are reading.
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int max) {
        if (m_followBottom)
            verticalScrollBar()->setValue(max);
        updateJumpButton();
    });
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this](const QModelIndex &, int first, int) {
                // Older messages arrive above: remember what the user sees.
                if (first != 0 || m_followBottom || m_proxy->rowCount() == 0)
                    return;
                const QModelIndex top = indexAt(QPoint(viewport()->width() / 2, 0));
                if (top.isValid()) {
                    m_anchor = top;
                    m_anchorTop = visualRect(top).top();
                }
            });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        m_delegate->clearCache();
        clearTextSelection();
        m_followBottom = true;
        scrollToBottom();
    });
}

ChatView::~ChatView() = default;

void ChatView::setModel(QAbstractItemModel *newModel)
{
    if (m_proxy->sourceModel() == newModel)
        return;
    m_delegate->clearCache();
    m_frameTimer.stop();
    m_hover = QPersistentModelIndex();
    m_selectionIndex = QPersistentModelIndex();
    m_followBottom = true;
    m_proxy->setSourceModel(newModel);
    scrollToBottom();
    updateActionBar();
}

void ChatView::setCanContinue(std::function<bool(qint64)> canContinue)
{
    m_canContinue = std::move(canContinue);
    updateActionBar();
}

QModelIndex ChatView::indexOfMessage(qint64 messageId) const
{
    // Streaming and recent messages are at the end: search from there.
    for (int row = m_proxy->rowCount() - 1; row >= 0; --row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (idOf(index) == messageId)
            return index;
    }
    return {};
}

QPointF ChatView::bodyOrigin(const QModelIndex &index) const
{
    return m_delegate->geometry(visualRect(index), index).body;
}

// --- streaming updates -------------------------------------------------------

void ChatView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles)
{
    if (onlyTextChanged(roles)) {
        // Text arrives far more often than the screen refreshes: note the
        // rows and lay them out once, at the next frame.
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
            m_delegate->defer(m_proxy->index(row, 0));
        if (!m_frameTimer.isActive())
            m_frameTimer.start();
        return;
    }
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
        m_delegate->invalidate(m_proxy->index(row, 0));
    QListView::dataChanged(topLeft, bottomRight, roles);
    updateActionBar();
}

void ChatView::onFrame()
{
    flushPendingUpdates();
}

void ChatView::flushPendingUpdates()
{
    m_frameTimer.stop();
    for (const QPersistentModelIndex &index : m_delegate->takeDeferred()) {
        // The text goes into the layout now; a block too costly to rebuild on
        // every frame may hold some back, so look again next frame.
        if (!m_delegate->advance(index)) {
            m_delegate->defer(index);
            m_frameTimer.start();
        }
        m_delegate->invalidate(index); // a new height, so the list lays out again
        QListView::dataChanged(index, index, {MessageListModel::ContentRole});
    }
}

void ChatView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QListView::rowsInserted(parent, start, end);
    updateActionBar();
}

void ChatView::updateGeometries()
{
    QListView::updateGeometries();
    if (m_anchor.isValid()) {
        const int moved = visualRect(m_anchor).top() - m_anchorTop;
        m_anchor = QPersistentModelIndex();
        if (moved != 0)
            verticalScrollBar()->setValue(verticalScrollBar()->value() + moved);
    }
    // Too few messages to scroll: there is no "near the top" to wait for.
    if (verticalScrollBar()->maximum() == 0 && m_proxy->sourceCanFetchMore())
        fetchOlder();
    updateJumpButton();
    updateActionBar();
}

void ChatView::verticalScrollbarValueChanged(int value)
{
    // Not the base class: it fetches when the *bottom* is reached.
    m_followBottom = value >= verticalScrollBar()->maximum() - kBottomSlack;
    if (value < viewport()->height() / 2 && m_proxy->sourceCanFetchMore())
        fetchOlder();
    updateJumpButton();
}

void ChatView::fetchOlder()
{
    if (m_fetchQueued)
        return;
    m_fetchQueued = true;
    // Not from inside a layout or a scroll: rows inserted there would
    // re-enter the view.
    QTimer::singleShot(0, this, [this] {
        m_fetchQueued = false;
        if (m_proxy->sourceCanFetchMore())
            m_proxy->sourceFetchMore();
    });
}

void ChatView::scrollContentsBy(int dx, int dy)
{
    QListView::scrollContentsBy(dx, dy);
    updateActionBar();
}

void ChatView::jumpToLatest()
{
    m_followBottom = true;
    scrollToBottom();
    updateJumpButton();
}

void ChatView::updateJumpButton()
{
    const QScrollBar *bar = verticalScrollBar();
    const bool show =
        !m_followBottom && bar->maximum() > 0 && bar->value() < bar->maximum() - kBottomSlack;
    if (show) {
        m_jumpButton->adjustSize();
        const QRect area = viewport()->geometry();
        m_jumpButton->move(area.center().x() - m_jumpButton->width() / 2,
                           area.bottom() - m_jumpButton->height() - 12);
        m_jumpButton->raise();
    }
    m_jumpButton->setVisible(show);
}

void ChatView::resizeEvent(QResizeEvent *event)
{
    QListView::resizeEvent(event);
    // Heights depend on the width, but a top-to-bottom QListView only lays
    // out again when its height changes.
    if (event->size().width() != event->oldSize().width())
        scheduleDelayedItemsLayout();
    if (m_followBottom)
        scrollToBottom();
    updateJumpButton();
}

void ChatView::changeEvent(QEvent *event)
{
    QListView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        m_delegate->updateStyle();
        scheduleDelayedItemsLayout();
        viewport()->update();
    }
}

void ChatView::focusInEvent(QFocusEvent *event)
{
    QListView::focusInEvent(event);
    // Reached with Tab: the keyboard user's current message gets the actions.
    if (event->reason() == Qt::TabFocusReason || event->reason() == Qt::BacktabFocusReason)
        m_keyboardCurrent = true;
    if (!currentIndex().isValid() && m_proxy->rowCount() > 0)
        setCurrentIndex(m_proxy->index(m_proxy->rowCount() - 1, 0));
    updateActionBar();
}

void ChatView::focusOutEvent(QFocusEvent *event)
{
    QListView::focusOutEvent(event);
    updateActionBar();
}

// --- actions -----------------------------------------------------------------

bool ChatView::isStreaming() const
{
    const int rows = m_proxy->rowCount();
    return rows > 0 &&
           MessageState(m_proxy->index(rows - 1, 0).data(MessageListModel::StateRole).toInt()) ==
               MessageState::Streaming;
}

MessageActionBar::Actions ChatView::actionsFor(const QModelIndex &index) const
{
    MessageActionBar::Actions a;
    if (!index.isValid())
        return a;
    const QString role = index.data(MessageListModel::RoleRole).toString();
    const bool last = index.row() == m_proxy->rowCount() - 1;
    const bool hasText = !index.data(MessageListModel::ContentRole).toString().isEmpty();
    const bool streaming = isStreaming();
    a.copy = hasText;
    a.edit = role == QLatin1String("user") && !streaming;
    const bool reply = role == QLatin1String("assistant");
    a.regenerate = reply && last && !streaming;
    a.continueGeneration = reply && !streaming && m_canContinue && m_canContinue(idOf(index));
    return a;
}

void ChatView::updateActionBar()
{
    // The message under the mouse; else the one chosen with the keyboard;
    // else the last one, whose Regenerate and Continue are the usual wish.
    QModelIndex target = m_hover;
    if (!target.isValid() && hasFocus() && m_keyboardCurrent)
        target = currentIndex();
    if (!target.isValid() && m_proxy->rowCount() > 0)
        target = m_proxy->index(m_proxy->rowCount() - 1, 0);
    const MessageActionBar::Actions actions = actionsFor(target);
    const QRect item = target.isValid() ? visualRect(target) : QRect();
    if (!actions.any() || !item.intersects(viewport()->rect())) {
        m_actionBar->hide();
        return;
    }
    m_actionBar->setMessage(idOf(target), actions);
    const MessageDelegate::Geometry g = m_delegate->geometry(item, target);
    const int x = qMax(g.bubble.left(), g.header.right() + 6 - m_actionBar->width());
    // Stays in sight while the top of a long message is scrolled away.
    int y = g.header.center().y() - m_actionBar->height() / 2;
    y = qMin(qMax(y, 2), g.bubble.bottom() - m_actionBar->height());
    m_actionBar->move(x, y);
    m_actionBar->show();
    m_actionBar->raise();
}

void ChatView::copyMessage(const QModelIndex &index) const
{
    if (!index.isValid())
        return;
    const QString markdown = index.data(MessageListModel::ContentRole).toString();
    auto *mime = new QMimeData;
    mime->setText(markdown);
    mime->setData(QStringLiteral("text/markdown"), markdown.toUtf8());
    QGuiApplication::clipboard()->setMimeData(mime);
}

void ChatView::copyCode(const QModelIndex &index, int block)
{
    MessageLayout *layout = index.isValid() ? m_delegate->layout(index) : nullptr;
    if (!layout || !layout->isCode(block))
        return;
    QGuiApplication::clipboard()->setText(layout->code(block));
    m_copiedMessage = idOf(index);
    m_copiedBlock = block;
    m_copiedTimer.start();
    pushInteraction();
}

void ChatView::openLink(const QString &href) const
{
    const QUrl url(href);
    // Model output is untrusted: only what a browser or mail client should
    // open leaves the app; file:, javascript: and friends never do.
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https") ||
        scheme == QLatin1String("mailto"))
        QDesktopServices::openUrl(url);
}

// --- selection ---------------------------------------------------------------

bool ChatView::hasTextSelection() const
{
    return m_selectionIndex.isValid() && m_selectionAnchor.isValid() &&
           !(m_selectionAnchor == m_selectionCursor);
}

QString ChatView::selectedText() const
{
    if (!hasTextSelection())
        return {};
    return m_delegate->layout(m_selectionIndex)->textBetween(m_selectionAnchor, m_selectionCursor);
}

void ChatView::clearTextSelection()
{
    m_selectionIndex = QPersistentModelIndex();
    m_selectionAnchor = {};
    m_selectionCursor = {};
    pushInteraction();
}

void ChatView::selectAllInMessage(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const MessageLayout *layout = m_delegate->layout(index);
    m_selectionIndex = index;
    m_selectionAnchor = layout->start();
    m_selectionCursor = layout->end();
    pushInteraction();
}

void ChatView::copySelection() const
{
    if (hasTextSelection())
        QGuiApplication::clipboard()->setText(selectedText());
}

void ChatView::pushInteraction()
{
    MessageDelegate::Interaction i;
    if (m_selectionIndex.isValid()) {
        i.selectionMessage = idOf(m_selectionIndex);
        i.selectionStart = m_selectionAnchor;
        i.selectionEnd = m_selectionCursor;
    }
    i.hoverMessage = m_hover.isValid() ? idOf(m_hover) : 0;
    i.hoveredCopyButton = m_hoveredCopyButton;
    i.copiedMessage = m_copiedMessage;
    i.copiedBlock = m_copiedBlock;
    m_delegate->setInteraction(i);
    viewport()->update();
}

ChatView::BodyHit ChatView::bodyHitAt(const QPoint &pos, const QModelIndex &within) const
{
    BodyHit h;
    h.index = within.isValid() ? QModelIndex(within) : indexAt(pos);
    if (!h.index.isValid())
        return h;
    h.layout = m_delegate->layout(h.index);
    const MessageDelegate::Geometry g = m_delegate->geometry(visualRect(h.index), h.index);
    h.point = QPointF(pos) - g.body;
    h.inBody = h.point.y() >= 0 && h.point.y() <= h.layout->height() && h.point.x() >= 0 &&
               h.point.x() <= h.layout->width();
    h.hit = h.layout->hitTest(h.point);
    return h;
}

void ChatView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QListView::mousePressEvent(event);
        return;
    }
    setFocus(Qt::MouseFocusReason);
    const QPoint pos = event->position().toPoint();
    const BodyHit h = bodyHitAt(pos);
    m_pressPos = pos;
    m_pressedAnchor.clear();
    m_pressedCopyButton = -1;
    if (!h.index.isValid()) {
        clearTextSelection();
        return;
    }
    setCurrentIndex(h.index);
    m_keyboardCurrent = false;
    if (h.hit.copyButton >= 0) {
        m_pressedCopyButton = h.hit.copyButton;
        return;
    }
    if (h.inBody && !h.hit.anchor.isEmpty())
        m_pressedAnchor = h.hit.anchor;
    // A third click soon after a double click selects the paragraph.
    if (m_lastDoubleClick.isValid() && m_lastDoubleClick.elapsed() < qApp->doubleClickInterval() &&
        m_selectionIndex == h.index) {
        m_lastDoubleClick.invalidate();
        std::tie(m_selectionAnchor, m_selectionCursor) = h.layout->paragraphAt(h.hit.position);
        pushInteraction();
        return;
    }
    if (event->modifiers() & Qt::ShiftModifier && m_selectionIndex == h.index) {
        m_selectionCursor = h.hit.position;
    } else {
        m_selectionIndex = h.index;
        m_selectionAnchor = m_selectionCursor = h.hit.position;
    }
    m_selecting = true;
    pushInteraction();
}

void ChatView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_selecting && (event->buttons() & Qt::LeftButton)) {
        if ((pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance())
            m_pressedAnchor.clear(); // a drag, not a click on the link
        // The selection stays inside the message it started in.
        const BodyHit h = bodyHitAt(pos, m_selectionIndex);
        if (h.layout) {
            m_selectionCursor = h.hit.position;
            pushInteraction();
        }
        // Dragging past the edge scrolls.
        if (pos.y() < 0)
            verticalScrollBar()->setValue(verticalScrollBar()->value() - 20);
        else if (pos.y() > viewport()->height())
            verticalScrollBar()->setValue(verticalScrollBar()->value() + 20);
        return;
    }
    const BodyHit h = bodyHitAt(pos);
    if (QPersistentModelIndex(h.index) != m_hover) {
        m_hover = h.index;
        updateActionBar();
    }
    const int copyButton = h.hit.copyButton;
    if (copyButton != m_hoveredCopyButton) {
        m_hoveredCopyButton = copyButton;
        pushInteraction();
    }
    if (copyButton >= 0 || (h.inBody && !h.hit.anchor.isEmpty()))
        viewport()->setCursor(Qt::PointingHandCursor);
    else if (h.inBody && h.hit.overText)
        viewport()->setCursor(Qt::IBeamCursor);
    else
        viewport()->unsetCursor();
}

void ChatView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QListView::mouseReleaseEvent(event);
        return;
    }
    const QPoint pos = event->position().toPoint();
    m_selecting = false;
    if (m_pressedCopyButton >= 0) {
        const BodyHit h = bodyHitAt(pos);
        if (h.hit.copyButton == m_pressedCopyButton)
            copyCode(h.index, m_pressedCopyButton);
        m_pressedCopyButton = -1;
        return;
    }
    if (!m_pressedAnchor.isEmpty()) {
        const QString href = m_pressedAnchor;
        m_pressedAnchor.clear();
        clearTextSelection();
        openLink(href);
        return;
    }
    // X11 and Wayland: what is selected can be pasted with the middle button.
    QClipboard *clipboard = QGuiApplication::clipboard();
    if (hasTextSelection() && clipboard->supportsSelection())
        clipboard->setText(selectedText(), QClipboard::Selection);
}

void ChatView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QListView::mouseDoubleClickEvent(event);
        return;
    }
    const BodyHit h = bodyHitAt(event->position().toPoint());
    if (!h.index.isValid() || h.hit.copyButton >= 0)
        return;
    m_selectionIndex = h.index;
    std::tie(m_selectionAnchor, m_selectionCursor) = h.layout->wordAt(h.hit.position);
    m_lastDoubleClick.start();
    pushInteraction();
}

void ChatView::keyPressEvent(QKeyEvent *event)
{
    if (event == QKeySequence::Copy) {
        if (hasTextSelection())
            copySelection();
        else
            copyMessage(currentIndex());
        return;
    }
    if (event == QKeySequence::SelectAll) {
        selectAllInMessage(currentIndex().isValid() ? currentIndex()
                                                    : QModelIndex(m_selectionIndex));
        return;
    }
    if (event->key() == Qt::Key_End && (event->modifiers() & Qt::ControlModifier)) {
        jumpToLatest();
        return;
    }
    const QModelIndex before = currentIndex();
    QListView::keyPressEvent(event);
    if (currentIndex() != before && currentIndex().isValid()) {
        m_keyboardCurrent = true;
        scrollTo(currentIndex());
        updateActionBar();
    }
}

void ChatView::contextMenuEvent(QContextMenuEvent *event)
{
    QPoint pos = event->pos();
    QModelIndex index = indexAt(pos);
    if (event->reason() == QContextMenuEvent::Keyboard || !index.isValid()) {
        index = currentIndex();
        if (index.isValid())
            pos = visualRect(index).topLeft() + QPoint(20, 20);
    }
    if (!index.isValid())
        return;
    const BodyHit h = bodyHitAt(pos, index);
    QMenu menu(this);
    if (hasTextSelection() && m_selectionIndex == index) {
        QAction *copy = menu.addAction(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("&Copy"),
                                       this, &ChatView::copySelection);
        copy->setShortcut(QKeySequence::Copy);
    }
    menu.addAction(tr("Copy &Message"), this, [this, index] { copyMessage(index); });
    if (h.inBody && !h.hit.anchor.isEmpty()) {
        const QString href = h.hit.anchor;
        menu.addAction(tr("&Open Link"), this, [this, href] { openLink(href); });
        menu.addAction(tr("Copy &Link Address"), this,
                       [href] { QGuiApplication::clipboard()->setText(href); });
    }
    // Every code block of the message can be copied from here, so the Copy
    // buttons have a keyboard equivalent.
    const MessageLayout *layout = m_delegate->layout(index);
    const int under = layout->codeBlockAt(h.point);
    int codeBlocks = 0;
    for (int b = 0; b < layout->blockCount(); ++b)
        codeBlocks += layout->isCode(b) ? 1 : 0;
    if (codeBlocks > 0) {
        if (under >= 0) {
            menu.addAction(tr("Copy Code"), this, [this, index, under] { copyCode(index, under); });
        } else {
            QMenu *codes = menu.addMenu(tr("Copy Code"));
            int n = 0;
            for (int b = 0; b < layout->blockCount(); ++b) {
                if (!layout->isCode(b))
                    continue;
                const QString lang = layout->language(b);
                const QString label = lang.isEmpty() ? tr("Block %1").arg(++n)
                                                     : tr("Block %1 (%2)").arg(++n).arg(lang);
                codes->addAction(label, this, [this, index, b] { copyCode(index, b); });
            }
        }
    }
    QAction *selectAll =
        menu.addAction(tr("Select &All"), this, [this, index] { selectAllInMessage(index); });
    selectAll->setShortcut(QKeySequence::SelectAll);
    const MessageActionBar::Actions actions = actionsFor(index);
    const qint64 id = idOf(index);
    if (actions.edit || actions.regenerate || actions.continueGeneration)
        menu.addSeparator();
    if (actions.edit)
        menu.addAction(tr("&Edit and Resend"), this, [this, id] { emit editRequested(id); });
    if (actions.regenerate)
        menu.addAction(tr("&Regenerate"), this, [this, id] { emit regenerateRequested(id); });
    if (actions.continueGeneration)
        menu.addAction(tr("C&ontinue Generation"), this,
                       [this, id] { emit continueRequested(id); });
    menu.exec(viewport()->mapToGlobal(pos));
}

bool ChatView::viewportEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::ToolTip: {
        // A link's text can say anything: show where it really goes.
        auto *help = static_cast<QHelpEvent *>(event);
        const BodyHit h = bodyHitAt(help->pos());
        if (h.inBody && !h.hit.anchor.isEmpty())
            QToolTip::showText(help->globalPos(), h.hit.anchor, viewport());
        else
            QToolTip::hideText();
        return true;
    }
    case QEvent::Leave:
        m_hover = QPersistentModelIndex();
        m_hoveredCopyButton = -1;
        pushInteraction();
        updateActionBar();
        break;
    default:
        break;
    }
    return QListView::viewportEvent(event);
}
