#include "conversationsidebar.h"

#include "models/conversationlistmodel.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

ConversationSidebar::ConversationSidebar(QAbstractItemModel *conversations, QWidget *parent)
    : QWidget(parent)
    , m_list(new QListView(this))
    , m_newChat(new QPushButton(tr("New chat"), this))
    , m_undoBar(new QWidget(this))
    , m_undoLabel(new QLabel(m_undoBar))
    , m_undoTimer(new QTimer(this))
{
    m_newChat->setAccessibleName(tr("New chat"));
    m_newChat->setIcon(QIcon::fromTheme(QStringLiteral("document-new")));
    m_list->setModel(conversations);
    m_list->setAccessibleName(tr("Conversations"));
    // F2 renames (when the model allows it); a click only opens.
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setUniformItemSizes(true);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);

    m_list->installEventFilter(this);

    m_undoLabel->setTextFormat(Qt::PlainText);
    m_undoLabel->setWordWrap(true);
    auto *undo = new QToolButton(m_undoBar);
    undo->setText(tr("Undo"));
    undo->setAccessibleName(tr("Undo delete"));
    undo->setToolTip(tr("Bring the conversation back (Ctrl+Z)"));
    undo->setShortcut(QKeySequence::Undo);
    auto *undoLayout = new QHBoxLayout(m_undoBar);
    undoLayout->setContentsMargins(4, 2, 0, 2);
    undoLayout->addWidget(m_undoLabel, 1);
    undoLayout->addWidget(undo);
    m_undoBar->hide();
    m_undoTimer->setSingleShot(true);
    m_undoTimer->setInterval(kUndoMs);
    connect(m_undoTimer, &QTimer::timeout, this, [this] {
        m_undoBar->hide();
        emit undoExpired();
    });
    connect(undo, &QToolButton::clicked, this, [this] {
        m_undoTimer->stop();
        m_undoBar->hide();
        emit undoRequested();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 0, 6);
    layout->addWidget(m_newChat);
    layout->addWidget(m_list);
    layout->addWidget(m_undoBar);

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
    if (index.flags() & Qt::ItemIsEditable) {
        QAction *rename = menu.addAction(QIcon::fromTheme(QStringLiteral("edit-rename")),
                                         tr("Rename"), this, [this, index] {
                                             m_list->setCurrentIndex(index);
                                             m_list->edit(index);
                                         });
        rename->setShortcut(QKeySequence(Qt::Key_F2));
    }
    menu.addAction(QIcon::fromTheme(QStringLiteral("window-new")), tr("Open in New Window"), this,
                   [this, id] { emit openInNewWindowRequested(id); });
    QAction *remove = menu.addAction(QIcon::fromTheme(QStringLiteral("edit-delete")), tr("Delete"),
                                     this, [this, id] { emit deleteRequested(id); });
    remove->setShortcut(QKeySequence::Delete);
    menu.exec(m_list->viewport()->mapToGlobal(pos));
}

void ConversationSidebar::renameCurrent()
{
    const QModelIndex index = m_list->currentIndex();
    if (index.isValid() && (index.flags() & Qt::ItemIsEditable))
        m_list->edit(index);
}

void ConversationSidebar::showUndo(const QString &title)
{
    // A second delete makes the first final (the registry does the same).
    if (m_undoTimer->isActive())
        emit undoExpired();
    m_undoLabel->setText(tr("Deleted “%1”.").arg(title));
    m_undoBar->show();
    m_undoTimer->start();
}

bool ConversationSidebar::eventFilter(QObject *watched, QEvent *event)
{
    // Delete removes the current conversation (with Undo, so no question).
    // (While a title is edited the keys go to the editor, not here.)
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        const QModelIndex current = m_list->currentIndex();
        if (key->matches(QKeySequence::Delete) && current.isValid()) {
            emit deleteRequested(current.data(ConversationListModel::IdRole).toLongLong());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
