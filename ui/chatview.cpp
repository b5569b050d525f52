#include "chatview.h"

#include "messagedelegate.h"

#include <QScrollBar>

ChatView::ChatView(QWidget *parent)
    : QListView(parent)
    , m_delegate(new MessageDelegate(this))
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
    verticalScrollBar()->setSingleStep(24);

    // The user's scroll position decides whether we follow new text: at the
    // bottom means follow; anywhere else means they are reading.
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this](int value) { m_followBottom = value >= verticalScrollBar()->maximum() - 4; });
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int max) {
        if (m_followBottom)
            verticalScrollBar()->setValue(max);
    });
}

void ChatView::setModel(QAbstractItemModel *newModel)
{
    if (model() == newModel)
        return;
    disconnect(m_dataChanged);
    m_delegate->clearCache();
    QListView::setModel(newModel);
    m_followBottom = true;
    if (newModel)
        m_dataChanged =
            connect(newModel, &QAbstractItemModel::dataChanged, this, &ChatView::onRowsChanged);
    scrollToBottom();
}

void ChatView::onRowsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    // The text of these rows changed, so their height may have: relayout.
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
        m_delegate->invalidate(model()->index(row, 0));
}

void ChatView::resizeEvent(QResizeEvent *event)
{
    QListView::resizeEvent(event);
    if (m_followBottom)
        scrollToBottom();
}
