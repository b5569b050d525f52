#include "chatactions.h"

#include "chatview.h"
#include "composer.h"
#include "models/messagelistmodel.h"
#include "replybar.h"
#include "session/chatsession.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>

namespace {
const ChatMessage *lastOf(const ChatSession *session, ChatMessage::Role role)
{
    const QList<ChatMessage> &messages = const_cast<ChatSession *>(session)->model()->messages();
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        if (messages.at(i).role == role)
            return &messages.at(i);
    }
    return nullptr;
}
} // namespace

ChatActions::ChatActions(ChatView *view, Composer *composer, const SpendingLedger &spending,
                         QWidget *window)
    : QObject(window)
    , m_view(view)
    , m_composer(composer)
    , m_menu(new QMenu(tr("&Chat"), window))
    , m_editBar(new QWidget(window))
    , m_editLabel(new QLabel(m_editBar))
    , m_replyBar(new ReplyBar(window))
    , m_spending(spending)
    , m_budgetCheck(window)
{
    m_regenerate = m_menu->addAction(tr("&Regenerate Reply"), this, &ChatActions::regenerate);
    m_regenerate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_continue = m_menu->addAction(tr("C&ontinue Generation"), this, [this] {
        if (m_session) {
            if (const ChatMessage *reply = lastOf(m_session, ChatMessage::Role::Assistant))
                continueGeneration(reply->id);
        }
    });
    m_continue->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    m_editLast = m_menu->addAction(tr("&Edit Last Message"), this, &ChatActions::editLast);
    m_editLast->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up));
    m_menu->addSeparator();
    m_copyLast = m_menu->addAction(tr("&Copy Last Reply"), this, &ChatActions::copyLastReply);
    m_copyLast->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    QAction *jump = m_menu->addAction(tr("&Jump to Latest"), view, &ChatView::jumpToLatest);
    jump->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_End));
    // The menu's shortcuts work with the menu closed, from anywhere in the window.
    window->addActions(m_menu->actions());

    m_editLabel->setText(tr("Editing your message: Enter sends it again and replaces the "
                            "replies after it. Esc gives it up."));
    m_editLabel->setWordWrap(true);
    m_editLabel->setTextFormat(Qt::PlainText);
    auto *cancel = new QToolButton(m_editBar);
    cancel->setText(tr("Cancel edit"));
    cancel->setAccessibleName(tr("Cancel edit"));
    cancel->setAutoRaise(true);
    auto *layout = new QHBoxLayout(m_editBar);
    layout->setContentsMargins(8, 2, 2, 2);
    layout->addWidget(m_editLabel, 1);
    layout->addWidget(cancel);
    m_editBar->setAccessibleName(tr("Editing"));
    m_editBar->hide();
    connect(cancel, &QToolButton::clicked, composer, &Composer::cancelEdit);
    connect(composer, &Composer::editingChanged, this,
            [this](qint64 id) { m_editBar->setVisible(id != 0); });
    connect(composer, &Composer::editLastRequested, this, &ChatActions::editLast);

    connect(m_replyBar, &ReplyBar::regenerateClicked, m_regenerate, &QAction::trigger);
    connect(m_replyBar, &ReplyBar::continueClicked, m_continue, &QAction::trigger);
    connect(view, &ChatView::editRequested, this, &ChatActions::edit);
    connect(view, &ChatView::regenerateRequested, this, [this](qint64) { regenerate(); });
    connect(view, &ChatView::continueRequested, this, &ChatActions::continueGeneration);
    updateActions();
}

void ChatActions::setSession(ChatSession *session)
{
    disconnect(m_streamingConnection);
    m_composer->cancelEdit(); // an edit belongs to the conversation it began in
    m_session = session;
    const QPointer<ChatSession> guarded(session);
    m_view->setSessionState([guarded] { return guarded && guarded->isStreaming(); },
                            [guarded](qint64 id) { return guarded && guarded->canContinue(id); });
    if (session)
        m_streamingConnection = connect(session, &ChatSession::streamingChanged, this, [this] {
            updateActions();
            m_view->updateActionBar();
        });
    updateActions();
}

void ChatActions::updateActions()
{
    const bool idle = m_session && !m_session->isStreaming();
    const ChatMessage *reply =
        m_session ? lastOf(m_session, ChatMessage::Role::Assistant) : nullptr;
    m_regenerate->setEnabled(idle && reply);
    m_continue->setEnabled(idle && reply && m_session->canContinue(reply->id));
    m_editLast->setEnabled(idle && m_session && lastOf(m_session, ChatMessage::Role::User));
    m_copyLast->setEnabled(reply && !reply->content.isEmpty());
    m_replyBar->setAvailable(m_regenerate->isEnabled(), m_continue->isEnabled());
}

bool ChatActions::budgetAllows() const
{
    return m_budgetCheck.allowsSending(&m_spending);
}

Result<bool> ChatActions::submit(const QString &text)
{
    if (!m_session)
        return Result<bool>::failure(tr("There is no conversation to send to."));
    if (!budgetAllows())
        return false;
    const qint64 editing = m_composer->editingMessage();
    const VoidResult done =
        editing != 0 ? m_session->editAndResend(editing, text) : m_session->send(text);
    if (done) {
        if (editing != 0)
            m_composer->finishEdit();
        m_view->jumpToLatest();
    }
    updateActions();
    if (!done)
        return Result<bool>::failure(done.error());
    return true;
}

void ChatActions::regenerate()
{
    if (!m_session || !budgetAllows())
        return;
    if (VoidResult s = m_session->regenerate(); !s)
        emit failed(s.error());
    else
        m_view->jumpToLatest();
    updateActions();
}

void ChatActions::continueGeneration(qint64 messageId)
{
    if (!m_session || !budgetAllows())
        return;
    if (VoidResult s = m_session->continueGeneration(messageId); !s)
        emit failed(s.error());
    else
        m_view->jumpToLatest();
    updateActions();
}

void ChatActions::edit(qint64 messageId)
{
    if (!m_session)
        return;
    const ChatMessage *m = m_session->model()->find(messageId);
    if (!m || m->role != ChatMessage::Role::User)
        return;
    if (m_session->isStreaming()) {
        emit failed(tr("Wait for the reply to finish, or stop it, before editing."));
        return;
    }
    m_composer->beginEdit(messageId, m->content);
}

void ChatActions::editLast()
{
    if (!m_session)
        return;
    if (const ChatMessage *m = lastOf(m_session, ChatMessage::Role::User))
        edit(m->id);
}

void ChatActions::copyLastReply()
{
    if (!m_session)
        return;
    if (const ChatMessage *reply = lastOf(m_session, ChatMessage::Role::Assistant))
        m_view->copyMessage(m_view->indexOfMessage(reply->id));
}
