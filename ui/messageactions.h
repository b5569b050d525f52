#pragma once

#include "messageactionbar.h"

#include <QObject>

#include <functional>

class MessageDelegate;
class QAbstractItemView;
class QModelIndex;

// Which actions each message of a ChatView offers (Copy, Edit and Resend,
// Regenerate, Continue generation), for its action bar and its context menu;
// and the action bar itself, shown over one message's header.
class MessageActions : public QObject
{
    Q_OBJECT
public:
    MessageActions(QAbstractItemView *view, MessageDelegate *delegate, MessageActionBar *bar);

    // The session's state (ChatSession::isStreaming, canContinue): without it
    // the view offers neither edits nor Continue generation.
    void setSessionState(std::function<bool()> isStreaming,
                         std::function<bool(qint64 messageId)> canContinue);
    MessageActionBar::Actions actionsFor(const QModelIndex &index) const;
    // Shows the bar with the message's actions over its header; hides it if
    // the message offers none or is out of sight.
    // `chosen`: the user points at the message (mouse or keyboard); only then
    // does the bar stay in sight when the message's header is scrolled away.
    void showBarOn(const QModelIndex &index, bool chosen);

private:
    QAbstractItemView *m_view;
    MessageDelegate *m_delegate;
    MessageActionBar *m_bar;
    std::function<bool()> m_isStreaming;
    std::function<bool(qint64)> m_canContinue;
};
