#pragma once

#include "messagelayout.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPersistentModelIndex>
#include <QPoint>
#include <QTimer>

class MessageDelegate;
class QAbstractItemView;

// What the user does with the messages of a ChatView, and what the delegate
// shows of it (MessageDelegate::Interaction): the text selected with the
// mouse within one message (a drag, a double click for a word, a third click
// for the paragraph, Shift+click to extend), the message and the code
// block's Copy button under the mouse, a click on a link or a Copy button,
// and the "Copied" a button says for a moment afterwards.
//
// The view passes its left-button mouse events here; the rest of each event
// (focus, the current message, other buttons) stays with the view.
class MessageInteraction : public QObject
{
    Q_OBJECT
public:
    // What a point of the viewport falls on in a message.
    struct BodyHit
    {
        QModelIndex index;
        MessageLayout *layout = nullptr;
        QPointF point; // in body coordinates
        MessageLayout::Hit hit;
        bool inBody = false;
    };

    MessageInteraction(QAbstractItemView *view, MessageDelegate *delegate);

    // The message at `pos` (or `within`, wherever `pos` is) and the place in
    // its body.
    BodyHit bodyHitAt(const QPoint &pos, const QModelIndex &within = {}) const;
    QModelIndex hoveredMessage() const { return m_hover; }

    bool hasTextSelection() const;
    QString selectedText() const;
    // The message the selection is in, if any.
    QModelIndex selectionMessage() const { return m_selectionIndex; }
    void clearTextSelection();
    void selectAllInMessage(const QModelIndex &index);
    // Copies the code block's code, and its Copy button says so for a moment.
    void copyCode(const QModelIndex &index, int block);
    // Another model: the hovered and selected messages are gone.
    void forgetMessages();
    // Opens a link of a message in the browser or mail client, if it is one
    // they should open.
    static void openLink(const QString &href);

    void press(const BodyHit &h, const QPoint &pos, Qt::KeyboardModifiers modifiers);
    void move(const QPoint &pos, Qt::MouseButtons buttons);
    void release(const QPoint &pos);
    void doubleClick(const QPoint &pos);
    // The mouse left the viewport.
    void leave();
    // A link's tooltip says where it really goes.
    void showToolTip(const QPoint &pos, const QPoint &globalPos);

signals:
    // Another message is under the mouse (or none is).
    void hoverChanged();

private:
    // Hands the state to the delegate and repaints.
    void pushInteraction();

    QAbstractItemView *m_view;
    MessageDelegate *m_delegate;
    QTimer m_copiedTimer;

    QPersistentModelIndex m_hover;
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
