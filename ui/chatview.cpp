#include "chatview.h"

#include "messageactions.h"
#include "messagecontextmenu.h"
#include "messagedelegate.h"
#include "messageinteraction.h"
#include "models/messagelistmodel.h"
#include "noautofetchproxymodel.h"
#include "scrollkeeper.h"

#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QHelpEvent>
#include <QMimeData>
#include <QResizeEvent>
#include <QScrollBar>
#include <QToolButton>

namespace {
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
    , m_scroll(new ScrollKeeper(this, m_proxy))
    , m_interaction(new MessageInteraction(this, m_delegate))
    , m_actions(new MessageActions(this, m_delegate, m_actionBar))
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

    m_frameTimer.setObjectName(QStringLiteral("ChatView frame"));
    m_frameTimer.setSingleShot(true);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    m_frameTimer.setInterval(kFrameIntervalMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &ChatView::onFrame);
    connect(m_interaction, &MessageInteraction::hoverChanged, this, &ChatView::updateActionBar);

    m_actionBar->hide();
    connect(m_actionBar, &MessageActionBar::copyRequested, this,
            [this](qint64 id) { copyMessage(indexOfMessage(id)); });
    connect(m_actionBar, &MessageActionBar::editRequested, this, &ChatView::editRequested);
    connect(m_actionBar, &MessageActionBar::regenerateRequested, this,
            &ChatView::regenerateRequested);
    connect(m_actionBar, &MessageActionBar::continueRequested, this, &ChatView::continueRequested);

    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        m_delegate->clearCache();
        clearTextSelection();
        m_scroll->followBottom();
    });
}

ChatView::~ChatView() = default;

void ChatView::setModel(QAbstractItemModel *newModel)
{
    if (m_proxy->sourceModel() == newModel)
        return;
    m_delegate->clearCache();
    m_frameTimer.stop();
    m_interaction->forgetMessages();
    // Resets the proxy: back to the bottom, following (see modelReset).
    m_proxy->setSourceModel(newModel);
    m_scroll->followBottom();
    updateActionBar();
}

void ChatView::setSessionState(std::function<bool()> isStreaming,
                               std::function<bool(qint64)> canContinue)
{
    m_actions->setSessionState(std::move(isStreaming), std::move(canContinue));
    updateActionBar();
}

bool ChatView::isFollowingBottom() const
{
    return m_scroll->isFollowingBottom();
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
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        m_delegate->invalidate(index);
        // A reply that has just finished may not be laid out whole yet: it
        // goes on frame by frame rather than all at once.
        if (m_delegate->isPaced(index)) {
            m_delegate->defer(index);
            if (!m_frameTimer.isActive())
                m_frameTimer.start();
        }
    }
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
    m_scroll->updateGeometries();
    updateActionBar();
}

void ChatView::verticalScrollbarValueChanged(int value)
{
    // Not the base class: it fetches when the *bottom* is reached.
    m_scroll->verticalScrollbarValueChanged(value);
}

void ChatView::scrollContentsBy(int dx, int dy)
{
    QListView::scrollContentsBy(dx, dy);
    updateActionBar();
}

QToolButton *ChatView::jumpToLatestButton() const
{
    return m_scroll->jumpButton();
}

void ChatView::jumpToLatest()
{
    m_scroll->jumpToLatest();
}

void ChatView::resizeEvent(QResizeEvent *event)
{
    QListView::resizeEvent(event);
    // Heights depend on the width, but a top-to-bottom QListView only lays
    // out again when its height changes.
    if (event->size().width() != event->oldSize().width())
        scheduleDelayedItemsLayout();
    m_scroll->resizeEvent();
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

void ChatView::updateActionBar()
{
    // The message under the mouse; else the one chosen with the keyboard;
    // else the last one, whose Regenerate and Continue are the usual wish.
    QModelIndex target = m_interaction->hoveredMessage();
    if (!target.isValid() && hasFocus() && m_keyboardCurrent)
        target = currentIndex();
    const bool chosen = target.isValid();
    if (!target.isValid() && m_proxy->rowCount() > 0)
        target = m_proxy->index(m_proxy->rowCount() - 1, 0);
    m_actions->showBarOn(target, chosen);
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
    m_interaction->copyCode(index, block);
}

// --- selection ---------------------------------------------------------------

bool ChatView::hasTextSelection() const
{
    return m_interaction->hasTextSelection();
}

QString ChatView::selectedText() const
{
    return m_interaction->selectedText();
}

void ChatView::clearTextSelection()
{
    m_interaction->clearTextSelection();
}

void ChatView::selectAllInMessage(const QModelIndex &index)
{
    m_interaction->selectAllInMessage(index);
}

void ChatView::copySelection() const
{
    if (hasTextSelection())
        QGuiApplication::clipboard()->setText(selectedText());
}

// --- mouse -------------------------------------------------------------------
// The left button's text selection, links and Copy buttons are
// MessageInteraction's; focus and the current message are the view's.

void ChatView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QListView::mousePressEvent(event);
        return;
    }
    setFocus(Qt::MouseFocusReason);
    const QPoint pos = event->position().toPoint();
    if (const QModelIndex under = indexAt(pos);
        under.isValid() &&
        m_delegate->geometry(visualRect(under), under).reasoningToggle.contains(pos)) {
        setCurrentIndex(under);
        toggleReasoning(under);
        return;
    }
    const MessageInteraction::BodyHit h = m_interaction->bodyHitAt(pos);
    if (h.index.isValid()) {
        setCurrentIndex(h.index);
        m_keyboardCurrent = false;
    }
    m_interaction->press(h, pos, event->modifiers());
}

void ChatView::mouseMoveEvent(QMouseEvent *event)
{
    m_interaction->move(event->position().toPoint(), event->buttons());
}

void ChatView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        m_interaction->release(event->position().toPoint());
    else
        QListView::mouseReleaseEvent(event);
}

void ChatView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        m_interaction->doubleClick(event->position().toPoint());
    else
        QListView::mouseDoubleClickEvent(event);
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
                                                    : m_interaction->selectionMessage());
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
    MessageContextMenu menu(this, index, m_interaction->bodyHitAt(pos, index),
                            hasTextSelection() && m_interaction->selectionMessage() == index,
                            m_actions->actionsFor(index));
    connect(&menu, &MessageContextMenu::editRequested, this, &ChatView::editRequested);
    connect(&menu, &MessageContextMenu::regenerateRequested, this, &ChatView::regenerateRequested);
    connect(&menu, &MessageContextMenu::continueRequested, this, &ChatView::continueRequested);
    menu.exec(viewport()->mapToGlobal(pos));
}

void ChatView::toggleReasoning(const QModelIndex &index)
{
    if (!index.isValid() || index.data(MessageListModel::ReasoningRole).toString().isEmpty())
        return;
    const qint64 id = index.data(MessageListModel::IdRole).toLongLong();
    m_delegate->setReasoningUnfolded(index, !m_delegate->isReasoningUnfolded(id));
    // A new height: the rows below move.
    scheduleDelayedItemsLayout();
    viewport()->update();
}

bool ChatView::viewportEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::ToolTip: {
        auto *help = static_cast<QHelpEvent *>(event);
        m_interaction->showToolTip(help->pos(), help->globalPos());
        return true;
    }
    case QEvent::Leave:
        m_interaction->leave(); // and updateActionBar(), through hoverChanged
        break;
    default:
        break;
    }
    return QListView::viewportEvent(event);
}
