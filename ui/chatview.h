#pragma once

#include "messageactionbar.h"

#include <QListView>
#include <QPointF>
#include <QTimer>

#include <functional>

class MessageActions;
class MessageDelegate;
class MessageInteraction;
class NoAutoFetchProxyModel;
class QToolButton;
class ScrollKeeper;

// The messages of one conversation. A QListView, so only visible messages are
// painted however long the conversation, and older messages are loaded in
// batches when the user scrolls near the top (the model's fetchMore).
//
// While a reply streams, its text changes are applied at most once per frame
// (kFrameIntervalMs): the growing message is laid out again only then, and
// only its last block. The view follows the bottom unless the user scrolled
// up to read; then a "Jump to latest" button appears.
//
// Text can be selected with the mouse within one message and copied (Ctrl+C,
// or the context menu); links open in the browser; code blocks have a Copy
// button; the message under the mouse (or the current one, or the last) gets
// its action buttons.
//
// Helpers do much of this: ScrollKeeper (following the bottom, Jump to
// latest, loading older messages), MessageInteraction (the selection, and
// what the mouse does on text, links and Copy buttons), MessageActions
// (which actions a message offers; the action bar) and MessageContextMenu.
class ChatView : public QListView
{
    Q_OBJECT
public:
    static constexpr int kFrameIntervalMs = 16;

    explicit ChatView(QWidget *parent = nullptr);
    ~ChatView() override;

    void setModel(QAbstractItemModel *model) override;
    bool isFollowingBottom() const;
    void jumpToLatest();

    MessageDelegate *messageDelegate() const { return m_delegate; }
    MessageActionBar *actionBar() const { return m_actionBar; }
    QToolButton *jumpToLatestButton() const;
    // What the session says (ChatSession::isStreaming, canContinue): edit and
    // regenerate are offered only while nothing streams, Continue generation
    // on a message only when it can be done; neither without these.
    void setSessionState(std::function<bool()> isStreaming,
                         std::function<bool(qint64 messageId)> canContinue);
    // Asks the session state again (after ChatSession::streamingChanged).
    void updateActionBar();

    bool hasTextSelection() const;
    QString selectedText() const;
    void clearTextSelection();
    void selectAllInMessage(const QModelIndex &index);
    void copySelection() const;
    // The whole message, as the Markdown it was written in.
    void copyMessage(const QModelIndex &index) const;
    void copyCode(const QModelIndex &index, int block);
    // Unfolds a reply's reasoning, or folds it again (a click on its line, or
    // the context menu).
    void toggleReasoning(const QModelIndex &index);

    // Applies the text changes that arrived since the last frame now (the
    // frame timer does this on its own).
    void flushPendingUpdates();
    // The message's row (in this view's model) by its id, or an invalid index.
    QModelIndex indexOfMessage(qint64 messageId) const;
    // Where a message's body starts, in viewport coordinates.
    QPointF bodyOrigin(const QModelIndex &index) const;

signals:
    void editRequested(qint64 messageId);
    void regenerateRequested(qint64 messageId);
    void continueRequested(qint64 messageId);

protected:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    void updateGeometries() override;
    void verticalScrollbarValueChanged(int value) override;
    void scrollContentsBy(int dx, int dy) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    void onFrame();

    MessageDelegate *m_delegate;
    NoAutoFetchProxyModel *m_proxy;
    MessageActionBar *m_actionBar;
    ScrollKeeper *m_scroll;
    MessageInteraction *m_interaction;
    MessageActions *m_actions;
    QTimer m_frameTimer;
    bool m_keyboardCurrent = false; // the current message was chosen with the keyboard
};
