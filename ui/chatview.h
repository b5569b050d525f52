#pragma once

#include "messageactionbar.h"
#include "messagelayout.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QListView>
#include <QPersistentModelIndex>
#include <QTimer>

#include <functional>

class MessageDelegate;
class NoAutoFetchProxyModel;
class QToolButton;

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
class ChatView : public QListView
{
    Q_OBJECT
public:
    static constexpr int kFrameIntervalMs = 16;

    explicit ChatView(QWidget *parent = nullptr);
    ~ChatView() override;

    void setModel(QAbstractItemModel *model) override;
    bool isFollowingBottom() const { return m_followBottom; }
    void jumpToLatest();

    MessageDelegate *messageDelegate() const { return m_delegate; }
    MessageActionBar *actionBar() const { return m_actionBar; }
    QToolButton *jumpToLatestButton() const { return m_jumpButton; }
    // Continue generation is offered on a message when this says it can be
    // done (ChatSession::canContinue); never without it.
    void setCanContinue(std::function<bool(qint64 messageId)> canContinue);

    bool hasTextSelection() const;
    QString selectedText() const;
    void clearTextSelection();
    void selectAllInMessage(const QModelIndex &index);
    void copySelection() const;
    // The whole message, as the Markdown it was written in.
    void copyMessage(const QModelIndex &index) const;
    void copyCode(const QModelIndex &index, int block);

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
    struct BodyHit
    {
        QModelIndex index;
        MessageLayout *layout = nullptr;
        QPointF point; // in body coordinates
        MessageLayout::Hit hit;
        bool inBody = false;
    };
    BodyHit bodyHitAt(const QPoint &pos, const QModelIndex &within = {}) const;
    MessageActionBar::Actions actionsFor(const QModelIndex &index) const;
    bool isStreaming() const;
    void updateActionBar();
    void updateJumpButton();
    void fetchOlder();
    void openLink(const QString &href) const;
    void pushInteraction();
    void onFrame();

    MessageDelegate *m_delegate;
    NoAutoFetchProxyModel *m_proxy;
    MessageActionBar *m_actionBar;
    QToolButton *m_jumpButton;
    QTimer m_frameTimer;
    QTimer m_copiedTimer;
    bool m_followBottom = true;
    std::function<bool(qint64)> m_canContinue;
    bool m_fetchQueued = false;

    // Keeps the message the user was reading in place when older ones are
    // inserted above it.
    QPersistentModelIndex m_anchor;
    int m_anchorTop = 0;

    QPersistentModelIndex m_hover;
    bool m_keyboardCurrent = false; // the current message was chosen with the keyboard
    QPersistentModelIndex m_selectionIndex;
    MessageLayout::Position m_selectionAnchor;
    MessageLayout::Position m_selectionCursor;
    bool m_selecting = false;
    QPoint m_pressPos;
    QString m_pressedAnchor;
    int m_pressedCopyButton = -1;
    int m_hoveredCopyButton = -1;
    qint64 m_copiedMessage = 0;
    int m_copiedBlock = -1;
    QElapsedTimer m_lastDoubleClick;
};
