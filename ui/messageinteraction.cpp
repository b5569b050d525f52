#include "messageinteraction.h"

#include "messagedelegate.h"
#include "models/messagelistmodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QScrollBar>
#include <QToolTip>
#include <QUrl>

namespace {
qint64 idOf(const QModelIndex &index)
{
    return index.data(MessageListModel::IdRole).toLongLong();
}
} // namespace

MessageInteraction::MessageInteraction(QAbstractItemView *view, MessageDelegate *delegate)
    : QObject(view)
    , m_view(view)
    , m_delegate(delegate)
{
    m_copiedTimer.setSingleShot(true);
    m_copiedTimer.setInterval(1500);
    connect(&m_copiedTimer, &QTimer::timeout, this, [this] {
        m_copiedMessage = 0;
        m_copiedBlock = -1;
        pushInteraction();
    });
}

bool MessageInteraction::hasTextSelection() const
{
    return m_selectionIndex.isValid() && m_selectionAnchor.isValid() &&
           !(m_selectionAnchor == m_selectionCursor);
}

QString MessageInteraction::selectedText() const
{
    if (!hasTextSelection())
        return {};
    return m_delegate->layout(m_selectionIndex)->textBetween(m_selectionAnchor, m_selectionCursor);
}

void MessageInteraction::clearTextSelection()
{
    m_selectionIndex = QPersistentModelIndex();
    m_selectionAnchor = {};
    m_selectionCursor = {};
    pushInteraction();
}

void MessageInteraction::selectAllInMessage(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const MessageLayout *layout = m_delegate->layout(index);
    m_selectionIndex = index;
    m_selectionAnchor = layout->start();
    m_selectionCursor = layout->end();
    pushInteraction();
}

void MessageInteraction::copyCode(const QModelIndex &index, int block)
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

void MessageInteraction::forgetMessages()
{
    m_hover = QPersistentModelIndex();
    m_selectionIndex = QPersistentModelIndex();
}

void MessageInteraction::openLink(const QString &href)
{
    const QUrl url(href);
    // Model output is untrusted: only what a browser or mail client should
    // open leaves the app; file:, javascript: and friends never do.
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https") ||
        scheme == QLatin1String("mailto"))
        QDesktopServices::openUrl(url);
}

void MessageInteraction::pushInteraction()
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
    m_view->viewport()->update();
}

MessageInteraction::BodyHit MessageInteraction::bodyHitAt(const QPoint &pos,
                                                          const QModelIndex &within) const
{
    BodyHit h;
    h.index = within.isValid() ? QModelIndex(within) : m_view->indexAt(pos);
    if (!h.index.isValid())
        return h;
    h.layout = m_delegate->layout(h.index);
    const MessageDelegate::Geometry g = m_delegate->geometry(m_view->visualRect(h.index), h.index);
    h.point = QPointF(pos) - g.body;
    h.inBody = h.point.y() >= 0 && h.point.y() <= h.layout->height() && h.point.x() >= 0 &&
               h.point.x() <= h.layout->width();
    h.hit = h.layout->hitTest(h.point);
    return h;
}

void MessageInteraction::press(const BodyHit &h, const QPoint &pos, Qt::KeyboardModifiers modifiers)
{
    m_pressPos = pos;
    m_pressedAnchor.clear();
    m_pressedCopyButton = -1;
    if (!h.index.isValid()) {
        clearTextSelection();
        return;
    }
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
    if (modifiers & Qt::ShiftModifier && m_selectionIndex == h.index) {
        m_selectionCursor = h.hit.position;
    } else {
        m_selectionIndex = h.index;
        m_selectionAnchor = m_selectionCursor = h.hit.position;
    }
    m_selecting = true;
    pushInteraction();
}

void MessageInteraction::move(const QPoint &pos, Qt::MouseButtons buttons)
{
    if (m_selecting && (buttons & Qt::LeftButton)) {
        if ((pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance())
            m_pressedAnchor.clear(); // a drag, not a click on the link
        // The selection stays inside the message it started in.
        const BodyHit h = bodyHitAt(pos, m_selectionIndex);
        if (h.layout) {
            m_selectionCursor = h.hit.position;
            pushInteraction();
        }
        // Dragging past the edge scrolls.
        QScrollBar *bar = m_view->verticalScrollBar();
        if (pos.y() < 0)
            bar->setValue(bar->value() - 20);
        else if (pos.y() > m_view->viewport()->height())
            bar->setValue(bar->value() + 20);
        return;
    }
    const BodyHit h = bodyHitAt(pos);
    if (QPersistentModelIndex(h.index) != m_hover) {
        m_hover = h.index;
        emit hoverChanged();
    }
    const int copyButton = h.hit.copyButton;
    if (copyButton != m_hoveredCopyButton) {
        m_hoveredCopyButton = copyButton;
        pushInteraction();
    }
    if (copyButton >= 0 || (h.inBody && !h.hit.anchor.isEmpty()))
        m_view->viewport()->setCursor(Qt::PointingHandCursor);
    else if (h.inBody && h.hit.overText)
        m_view->viewport()->setCursor(Qt::IBeamCursor);
    else
        m_view->viewport()->unsetCursor();
}

void MessageInteraction::release(const QPoint &pos)
{
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

void MessageInteraction::doubleClick(const QPoint &pos)
{
    const BodyHit h = bodyHitAt(pos);
    if (!h.index.isValid() || h.hit.copyButton >= 0)
        return;
    m_selectionIndex = h.index;
    std::tie(m_selectionAnchor, m_selectionCursor) = h.layout->wordAt(h.hit.position);
    m_lastDoubleClick.start();
    pushInteraction();
}

void MessageInteraction::showToolTip(const QPoint &pos, const QPoint &globalPos)
{
    // A link's text can say anything: show where it really goes.
    const BodyHit h = bodyHitAt(pos);
    if (h.inBody && !h.hit.anchor.isEmpty())
        QToolTip::showText(globalPos, h.hit.anchor, m_view->viewport());
    else
        QToolTip::hideText();
}

void MessageInteraction::leave()
{
    m_hover = QPersistentModelIndex();
    m_hoveredCopyButton = -1;
    pushInteraction();
    emit hoverChanged();
}
