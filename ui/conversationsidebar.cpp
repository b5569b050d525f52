#include "conversationsidebar.h"

#include "models/conversationlistmodel.h"

#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QVBoxLayout>

ConversationSidebar::ConversationSidebar(QAbstractItemModel *conversations, QWidget *parent)
    : QWidget(parent)
    , m_list(new QListView(this))
    , m_newChat(new QPushButton(tr("New chat"), this))
{
    m_newChat->setAccessibleName(tr("New chat"));
    m_newChat->setIcon(QIcon::fromTheme(QStringLiteral("document-new")));
    m_list->setModel(conversations);
    m_list->setAccessibleName(tr("Conversations"));
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setUniformItemSizes(true);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 0, 6);
    layout->addWidget(m_newChat);
    layout->addWidget(m_list);

    connect(m_newChat, &QPushButton::clicked, this, &ConversationSidebar::newChatRequested);
    // Selecting with the keyboard or the mouse opens the conversation.
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    emit conversationActivated(
                        current.data(ConversationListModel::IdRole).toLongLong());
            });
    connect(m_list, &QListView::customContextMenuRequested, this,
            &ConversationSidebar::showContextMenu);
}

void ConversationSidebar::selectConversation(qint64 id)
{
    auto *model = m_list->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(ConversationListModel::IdRole).toLongLong() == id) {
            const QSignalBlocker blocker(m_list->selectionModel());
            m_list->setCurrentIndex(index);
            return;
        }
    }
    const QSignalBlocker blocker(m_list->selectionModel());
    m_list->clearSelection();
    m_list->setCurrentIndex({});
}

void ConversationSidebar::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_list->indexAt(pos);
    if (!index.isValid())
        return;
    const qint64 id = index.data(ConversationListModel::IdRole).toLongLong();
    QMenu menu(this);
    menu.addAction(QIcon::fromTheme(QStringLiteral("window-new")), tr("Open in New Window"), this,
                   [this, id] { emit openInNewWindowRequested(id); });
    menu.addAction(QIcon::fromTheme(QStringLiteral("edit-delete")), tr("Delete"), this,
                   [this, id] { emit deleteRequested(id); });
    menu.exec(m_list->viewport()->mapToGlobal(pos));
}
