#pragma once

#include <QObject>
#include <QPersistentModelIndex>

class NoAutoFetchProxyModel;
class QListView;
class QToolButton;

// Keeps a chat view's scroll position where the reader wants it. At the
// bottom, the view follows new text; scrolled up to read, it stays put and
// the "Jump to latest" button appears. When the top comes near, older
// messages are fetched, and the message the user was reading stays in place
// when they are inserted above it.
//
// The view calls the hooks below from the overrides of the same name.
class ScrollKeeper : public QObject
{
    Q_OBJECT
public:
    ScrollKeeper(QListView *view, NoAutoFetchProxyModel *model);

    bool isFollowingBottom() const { return m_followBottom; }
    QToolButton *jumpButton() const { return m_jumpButton; }
    void jumpToLatest();
    // A new conversation, or the same one loaded again: back to the bottom,
    // following.
    void followBottom();

    void updateGeometries();
    void verticalScrollbarValueChanged(int value);
    void resizeEvent();

private:
    void updateJumpButton();
    void fetchOlder();

    QListView *m_view;
    NoAutoFetchProxyModel *m_model;
    QToolButton *m_jumpButton;
    bool m_followBottom = true;
    bool m_fetchQueued = false;

    // Keeps the message the user was reading in place when older ones are
    // inserted above it.
    QPersistentModelIndex m_anchor;
    int m_anchorTop = 0;
};
