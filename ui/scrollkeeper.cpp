#include "scrollkeeper.h"

#include "noautofetchproxymodel.h"

#include <QCoreApplication>
#include <QListView>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>

namespace {
// Near enough to the bottom to count as "at the bottom": a pixel or two of
// rounding must not stop the view from following.
constexpr int kBottomSlack = 4;
} // namespace

ScrollKeeper::ScrollKeeper(QListView *view, NoAutoFetchProxyModel *model)
    : QObject(view)
    , m_view(view)
    , m_model(model)
    , m_jumpButton(new QToolButton(view))
{
    // Translated as part of ChatView, where these words were written first.
    m_jumpButton->setText(QCoreApplication::translate("ChatView", "Jump to latest ↓"));
    m_jumpButton->setAccessibleName(QCoreApplication::translate("ChatView", "Jump to latest"));
    m_jumpButton->setToolTip(
        QCoreApplication::translate("ChatView", "Scroll to the newest message (Ctrl+End)"));
    m_jumpButton->setCursor(Qt::PointingHandCursor);
    m_jumpButton->hide();
    connect(m_jumpButton, &QToolButton::clicked, this, &ScrollKeeper::jumpToLatest);

    // The user's scroll position decides whether we follow new text: at the
    // bottom means follow; anywhere else means they are reading.
    connect(m_view->verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int max) {
        if (m_followBottom)
            m_view->verticalScrollBar()->setValue(max);
        updateJumpButton();
    });
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this](const QModelIndex &, int first, int) {
                // Older messages arrive above: remember what the user sees.
                if (first != 0 || m_followBottom || m_model->rowCount() == 0)
                    return;
                const QModelIndex top = m_view->indexAt(QPoint(m_view->viewport()->width() / 2, 0));
                if (top.isValid()) {
                    m_anchor = top;
                    m_anchorTop = m_view->visualRect(top).top();
                }
            });
}

void ScrollKeeper::followBottom()
{
    m_followBottom = true;
    m_view->scrollToBottom();
}

void ScrollKeeper::jumpToLatest()
{
    followBottom();
    updateJumpButton();
}

void ScrollKeeper::updateGeometries()
{
    QScrollBar *bar = m_view->verticalScrollBar();
    if (m_anchor.isValid()) {
        const int moved = m_view->visualRect(m_anchor).top() - m_anchorTop;
        m_anchor = QPersistentModelIndex();
        if (moved != 0)
            bar->setValue(bar->value() + moved);
    }
    // Too few messages to scroll: there is no "near the top" to wait for.
    if (bar->maximum() == 0 && m_model->sourceCanFetchMore())
        fetchOlder();
    updateJumpButton();
}

void ScrollKeeper::verticalScrollbarValueChanged(int value)
{
    m_followBottom = value >= m_view->verticalScrollBar()->maximum() - kBottomSlack;
    if (value < m_view->viewport()->height() / 2 && m_model->sourceCanFetchMore())
        fetchOlder();
    updateJumpButton();
}

void ScrollKeeper::resizeEvent()
{
    if (m_followBottom)
        m_view->scrollToBottom();
    updateJumpButton();
}

void ScrollKeeper::fetchOlder()
{
    if (m_fetchQueued)
        return;
    m_fetchQueued = true;
    // Not from inside a layout or a scroll: rows inserted there would
    // re-enter the view.
    QTimer::singleShot(0, this, [this] {
        m_fetchQueued = false;
        if (m_model->sourceCanFetchMore())
            m_model->sourceFetchMore();
    });
}

void ScrollKeeper::updateJumpButton()
{
    const QScrollBar *bar = m_view->verticalScrollBar();
    const bool show =
        !m_followBottom && bar->maximum() > 0 && bar->value() < bar->maximum() - kBottomSlack;
    if (show) {
        m_jumpButton->adjustSize();
        const QRect area = m_view->viewport()->geometry();
        m_jumpButton->move(area.center().x() - m_jumpButton->width() / 2,
                           area.bottom() - m_jumpButton->height() - 12);
        m_jumpButton->raise();
    }
    m_jumpButton->setVisible(show);
}
