#pragma once

#include "budgetcheck.h"
#include "core/result.h"

#include <QObject>
#include <QPointer>

class ChatSession;
class ChatView;
class SpendingLedger;
class Composer;
class QAction;
class QLabel;
class QMenu;
class QWidget;
class ReplyBar;

// What can be done to the messages of the conversation in view: send or
// resend an edit, Regenerate, Continue generation, Edit (from a message's
// button, or Up in an empty composer), Copy the last reply. One place that
// wires the chat view, the composer and the session together, with a Chat
// menu of the same actions and their shortcuts, a bar above the composer
// while a message is being edited, and one for the last reply.
class ChatActions : public QObject
{
    Q_OBJECT
public:
    // `spending`: the budgets every way of sending checks first.
    ChatActions(ChatView *view, Composer *composer, const SpendingLedger &spending,
                QWidget *window);

    void setSession(ChatSession *session);
    QMenu *menu() const { return m_menu; }
    // "Editing your message…", shown while an edit is in the composer.
    QWidget *editBar() const { return m_editBar; }
    // Regenerate and Continue generation for the last reply, above the composer.
    ReplyBar *replyBar() const { return m_replyBar; }

    // Every way of sending below asks this first (a budget may be reached).
    BudgetCheck &budgetCheck() { return m_budgetCheck; }

    // The composer's text: a new message, or the edit in progress. True once
    // sent; false when the user chose not to send over a budget.
    Result<bool> submit(const QString &text);
    void regenerate();
    void continueGeneration(qint64 messageId);
    void edit(qint64 messageId);
    void editLast();
    void copyLastReply();

signals:
    // Something could not be done; words for the user.
    void failed(const QString &message);

private:
    void updateActions();
    bool budgetAllows() const;

    ChatView *m_view;
    Composer *m_composer;
    QPointer<ChatSession> m_session;
    QMetaObject::Connection m_streamingConnection;
    QMenu *m_menu;
    QAction *m_regenerate;
    QAction *m_continue;
    QAction *m_editLast;
    QAction *m_copyLast;
    QWidget *m_editBar;
    QLabel *m_editLabel;
    ReplyBar *m_replyBar;
    const SpendingLedger &m_spending;
    BudgetCheck m_budgetCheck;
};
