#pragma once

#include <QWidget>

class QListView;
class QPushButton;
class QAbstractItemModel;

// The list of conversations with a New chat button above it.
class ConversationSidebar : public QWidget
{
    Q_OBJECT
public:
    explicit ConversationSidebar(QAbstractItemModel *conversations, QWidget *parent = nullptr);

    void selectConversation(qint64 id);
    QListView *list() const { return m_list; }

signals:
    void conversationActivated(qint64 id);
    void newChatRequested();
    void deleteRequested(qint64 id);
    void openInNewWindowRequested(qint64 id);

private:
    void showContextMenu(const QPoint &pos);

    QListView *m_list;
    QPushButton *m_newChat;
};
