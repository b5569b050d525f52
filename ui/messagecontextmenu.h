#pragma once

#include "messageactionbar.h"
#include "messageinteraction.h"

#include <QMenu>

class ChatView;

// The context menu of one message in a ChatView: Copy (the text selected in
// it), Copy Message, Open Link and Copy Link Address (on a link), Copy Code,
// Select All, and the message's own actions (Edit and Resend, Regenerate,
// Continue generation), which it hands on as signals.
class MessageContextMenu : public QMenu
{
    Q_OBJECT
public:
    // `hit` is where the menu was asked for in the message; `hasSelection`
    // says whether text is selected in this message.
    MessageContextMenu(ChatView *view, const QModelIndex &index,
                       const MessageInteraction::BodyHit &hit, bool hasSelection,
                       MessageActionBar::Actions actions);

signals:
    void editRequested(qint64 messageId);
    void regenerateRequested(qint64 messageId);
    void continueRequested(qint64 messageId);

private:
    void addCopyCode(ChatView *view, const QModelIndex &index, const QPointF &point);
};
