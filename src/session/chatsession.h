#pragma once

#include "api/chatrequest.h"
#include "api/streamresult.h"
#include "continuationjoiner.h"
#include "core/result.h"
#include "models/messagelistmodel.h"
#include "retrynotice.h"
#include "sessionservices.h"
#include "store/conversation.h"
#include "store/storageproblem.h"
#include "tokenizer/requesttokencounter.h"

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <optional>

class CompletionStream;

// One conversation at work: the one class that knows the store, the client
// and the message model. It stores the user's message before anything leaves
// the machine, streams the reply into the model, commits the growing text
// every 250 ms and at every state change, and records how the reply ended.
class ChatSession : public QObject
{
    Q_OBJECT
public:
    static constexpr int kCommitIntervalMs = 250;

    // conversationId 0: a new chat, created in the store on the first send.
    ChatSession(SessionServices services, qint64 conversationId, QObject *parent = nullptr);
    ~ChatSession() override;

    Status load();
    qint64 conversationId() const { return m_conversation.id; }
    const Conversation &conversation() const { return m_conversation; }
    MessageListModel *model() { return &m_model; }
    bool isStreaming() const { return m_streamingId != 0; }

    // Stores the message and asks for a reply. On failure nothing was sent
    // and the caller keeps the text where the user typed it.
    Status send(const QString &text);
    // Stops the reply; everything received so far is kept, marked stopped.
    void stop();

    // Asks the model to go on with a reply that ended early (interrupted,
    // cut at the length limit, stopped, or failed after some text) and
    // appends what comes back to the same message, without the part the
    // model repeats. Works again and again, and after a restart.
    Status continueGeneration(qint64 messageId);
    bool canContinue(qint64 messageId) const;

    // Asks again for the last reply: it is replaced by a new one.
    Status regenerate();
    // The user's message gets new text, every later message goes, and a new
    // reply is asked for. On failure nothing changed.
    Status editAndResend(qint64 userMessageId, const QString &text);
    // The user renamed the conversation (the store has the new title).
    void setTitle(const QString &title);
    // Model and system prompt for this conversation only (empty: the
    // defaults from Settings). A new chat keeps them until its first send.
    Status setOptions(const QString &model, const QString &systemPrompt);

    // What a send would carry now before the new message (the system prompt
    // and every earlier message with text), and the model it would go to:
    // for counting a request's tokens before it is sent.
    QList<ChatRequest::Turn> pendingHistory() const { return history(0); }
    QString pendingModel() const;
    // The tokens a request to pendingModel() may take before the reply's
    // reserve (or the max tokens set for replies, if more), when its context
    // window is known (ContextWindows).
    std::optional<int> pendingPromptBudget() const;
    const SessionServices &services() const { return m_services; }
    // Every message of the conversation, oldest first: the model's pages and
    // the stored messages older than them (read from the store once).
    QList<Message> allMessages() const;
    // Replies whose text is only in memory because the disk refused it.
    int unsavedReplies() const;
    // Tries to write them now (the user freed space and asked).
    void saveUnsavedNow();

signals:
    // The conversation was created, renamed or had activity.
    void conversationChanged(const Conversation &conversation);
    void streamingChanged(bool streaming);
    // Writing to the database failed; the text stays in memory and is
    // written again at the next commit (or every 2 s once the reply ended).
    void storageFailed(const StorageProblem &problem);
    // Everything that could not be written has been written.
    void storageRecovered();

private:
    void requestReply(qint64 assistantId);
    void startStream(qint64 assistantId, const QString &apiKey);
    void onFinished(const StreamResult &result);
    void finishWith(MessageState state, const QString &error, const TokenUsage &usage);
    void addUsage(Message &reply, const TokenUsage &usage);
    std::optional<TokenUsage> estimateUsage(const QString &model,
                                            const QList<ChatRequest::Turn> &prompt,
                                            const QString &completion);
    void commitProgress();
    void appendReply(const QString &text);
    void retryUnsaved();
    void noteStorage(bool ok);
    QList<ChatRequest::Turn> history(qint64 upToMessageId) const;
    Status restartFrom(qint64 userMessageId, const QString &userText);
    QList<ChatRequest::Turn> fitToContext(const QList<ChatRequest::Turn> &turns, int keepLast,
                                          qint64 assistantId);
    static QString titleFrom(const QString &text);

    SessionServices m_services;
    Conversation m_conversation;
    MessageListModel m_model;
    // Messages older than the model's first page, read once when a request
    // needs the whole history (the model loads them only when scrolled to).
    mutable std::optional<QList<Message>> m_olderMessages;
    RequestTokenCounter m_contextCounter; // keeps the history's counts between sends
    // What the streaming reply's request carried, to estimate its prompt
    // tokens when the server reports no usage.
    QList<ChatRequest::Turn> m_requestTurns;
    // How much of the streaming reply's text earlier requests wrote (Continue
    // generation): their usage is stored and recorded already.
    qsizetype m_priorLength = 0;
    QPointer<CompletionStream> m_stream;
    qint64 m_streamingId = 0;
    QString m_streamingModel;
    QTimer m_commitTimer;
    bool m_dirty = false;
    RetryNotice m_retryNotice; // shown on the pending reply while a retry waits
    // Set while a Continue generation request streams into an existing reply.
    std::optional<ContinuationJoiner> m_joiner;
    // Replies whose final state could not be written (disk full, read-only):
    // kept in the model and written again until it works.
    QSet<qint64> m_unsaved;
    QTimer m_unsavedTimer;
    bool m_storageFailing = false; // storageFailed was emitted, storageRecovered not yet
};
