#pragma once

#include "api/chatrequest.h"
#include "api/tokenusage.h"
#include "core/result.h"
#include "costs/conversationcost.h"
#include "models/messagelistmodel.h"
#include "replyrun.h"
#include "request/requestplan.h"
#include "sessionservices.h"
#include "store/conversation.h"
#include "store/storageproblem.h"
#include "tokenizer/requesttokencounter.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <optional>

// One conversation at work: what the user does to it (send, stop, continue,
// edit and resend, regenerate) and what lasts beyond one request (the
// conversation's settings, usage and spending, replies the disk refused).
// Each request is a ReplyRun writing into one message; what it carries is a
// RequestPlan. The user's message is stored before anything leaves the
// machine.
class ChatSession : public QObject
{
    Q_OBJECT
public:
    static constexpr int kCommitIntervalMs = ReplyRun::kCommitIntervalMs;

    // conversationId 0: a new chat, created in the store on the first send.
    ChatSession(SessionServices services, qint64 conversationId, QObject *parent = nullptr);
    ~ChatSession() override;

    VoidResult load();
    qint64 conversationId() const { return m_conversation.id; }
    const Conversation &conversation() const { return m_conversation; }
    MessageListModel *model() { return &m_model; }
    // The one answer to "is a reply being written?": from the moment a
    // request is asked for (the key may still be on its way) until the
    // reply's end is stored. The reply is streamingReplyId().
    bool isStreaming() const { return m_replyId != 0; }
    qint64 streamingReplyId() const { return m_replyId; }

    // Stores the message and asks for a reply. On failure nothing was sent
    // and the caller keeps the text where the user typed it.
    VoidResult send(const QString &text);
    // Stops the reply; everything received so far is kept, marked stopped.
    void stop();

    // Asks the model to go on with a reply that ended early (interrupted,
    // cut at the length limit, stopped, or failed after some text) and
    // appends what comes back to the same message, without the part the
    // model repeats. Works again and again, and after a restart.
    VoidResult continueGeneration(qint64 messageId);
    bool canContinue(qint64 messageId) const;

    // Asks again for the last reply: it is replaced by a new one.
    VoidResult regenerate();
    // The user's message gets new text, every later message goes, and a new
    // reply is asked for. On failure nothing changed.
    VoidResult editAndResend(qint64 userMessageId, const QString &text);
    // The user renamed the conversation (the store has the new title).
    void setTitle(const QString &title);
    // Model and system prompt for this conversation only (empty: the
    // defaults from Settings). A new chat keeps them until its first send.
    VoidResult setOptions(const QString &model, const QString &systemPrompt);

    // The model a send would go to: the conversation's, else Settings'.
    QString pendingModel() const;
    // What sending `draft` now would carry and take, counted with `counter`
    // (the caller's, so its cache follows the caller's texts).
    RequestPlan planFor(const QString &draft, RequestTokenCounter *counter) const;
    // Of planFor(""): the turns a send would carry before the new message,
    // and what the prompt may take (when the model's context is known).
    QList<ChatRequest::Turn> pendingHistory() const { return planFor({}, nullptr).turns; }
    std::optional<int> pendingPromptBudget() const { return planFor({}, nullptr).promptBudget; }
    // Every message of the conversation, oldest first: the model's pages and
    // the stored messages older than them (read from the store once).
    QList<ChatMessage> allMessages() const;
    // What the conversation's replies cost, every stored page included,
    // counted again only after something changed it (a reply ended, messages
    // went, the model, prompt or prices changed). Replies stored without
    // usage are estimated once the model's tokenizer is loaded. `counter`,
    // when given (the token label's), counts them, so texts it counted for
    // the plan are not tokenized again.
    const ConversationCost::Total &cost(RequestTokenCounter *counter = nullptr);

    // Replies whose text is only in memory because the disk refused it.
    int unsavedReplies() const;
    // Tries to write them now (the user freed space and asked; also every 2 s
    // while there are any).
    void saveUnsavedNow();

signals:
    // The conversation was created, renamed, had activity or new options.
    void conversationChanged(const Conversation &conversation);
    void streamingChanged(bool streaming);
    // Writing to the database failed; the text stays in memory and is
    // written again at the next commit (or every 2 s once the reply ended).
    void storageFailed(const StorageProblem &problem);
    // Everything that could not be written has been written.
    void storageRecovered();

private:
    void beginReply(qint64 replyId, const QString &model, qsizetype priorLength);
    void requestReply(qint64 replyId);
    void startRun(qint64 replyId, const QString &apiKey);
    void showTrimNote(const RequestPlan &plan, int maxTokens);
    void finishWith(const ReplyRun::Ending &ending);
    void addUsage(ChatMessage &reply, const TokenUsage &usage);
    std::optional<TokenUsage> estimateUsage(const QString &model,
                                            const QList<ChatRequest::Turn> &prompt,
                                            const QString &completion);
    void noteStorage(bool ok);
    QString systemPrompt() const;
    QList<ChatMessage> historyBefore(qint64 messageId) const;
    VoidResult restartFrom(qint64 userMessageId, const QString &userText);
    static QString titleFrom(const QString &text);

    SessionServices m_services;
    Conversation m_conversation;
    MessageListModel m_model;
    // Messages older than the model's first page, read once when a request
    // needs the whole history (the model loads them only when scrolled to).
    mutable std::optional<QList<ChatMessage>> m_olderMessages;
    RequestTokenCounter m_contextCounter; // keeps the history's counts between sends

    // The reply being written (0: none), across the key's fetch and every
    // request it takes.
    qint64 m_replyId = 0;
    QString m_replyModel;
    // How much of the reply's text earlier requests wrote (Continue
    // generation): their usage is stored and recorded already.
    qsizetype m_priorLength = 0;
    // What the current request carried, to estimate its prompt tokens when
    // the server reports no usage.
    QList<ChatRequest::Turn> m_requestTurns;
    QPointer<ReplyRun> m_run;

    ConversationCost::Total m_cost;
    RequestTokenCounter m_costCounter;
    bool m_costStale = true;
    bool m_costEstimated = false; // counted with a tokenizer

    // Replies whose final state could not be written (disk full, read-only):
    // kept in the model and written again until it works.
    QSet<qint64> m_unsaved;
    QTimer m_unsavedTimer;
    bool m_storageFailing = false; // storageFailed was emitted, storageRecovered not yet
};
