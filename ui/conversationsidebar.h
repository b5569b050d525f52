#pragma once

#include <QWidget>

class QLabel;
class QListView;
class QPushButton;
class QAbstractItemModel;
class QTimer;

// The list of conversations with a New chat button above it. F2 (or Rename
// in the context menu) edits a title in place; Delete (or the menu) removes
// a conversation at once and offers Undo for a few seconds.
class ConversationSidebar : public QWidget
{
    Q_OBJECT
public:
    explicit ConversationSidebar(QAbstractItemModel *conversations, QWidget *parent = nullptr);

    static constexpr int kUndoMs = 8000;

    void selectConversation(qint64 id);
    QListView *list() const { return m_list; }
    // "Deleted “title”. Undo" under the list, until kUndoMs pass or Undo.
    void showUndo(const QString &title);
    void renameCurrent();

signals:
    void conversationActivated(qint64 id);
    void newChatRequested();
    void deleteRequested(qint64 id);
    void openInNewWindowRequested(qint64 id);
    void undoRequested();
    // The undo window passed: the deletion may be made final.
    void undoExpired();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showContextMenu(const QPoint &pos);

    QListView *m_list;
    QPushButton *m_newChat;
    QWidget *m_undoBar;
    QLabel *m_undoLabel;
    QTimer *m_undoTimer;
};
