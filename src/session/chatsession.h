#pragma once

#include "api/chatrequest.h"
#include "api/streamresult.h"
#include "core/result.h"
#include "models/messagelistmodel.h"
#include "sessionservices.h"
#include "store/conversation.h"

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QTimer>

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

signals:
    // The conversation was created, renamed or had activity.
    void conversationChanged(const Conversation &conversation);
    void streamingChanged(bool streaming);
    // Writing to the database failed; the text stays in memory and is
    // written again at the next commit.
    void storageFailed(const QString &message);

private:
    void requestReply(qint64 assistantId);
    void startStream(qint64 assistantId, const QString &apiKey);
    void onFinished(const StreamResult &result);
    void finishWith(MessageState state, const QString &error, const TokenUsage &usage);
    void commitProgress();
    QList<ChatRequest::Turn> history(qint64 upToMessageId) const;
    static QString titleFrom(const QString &text);

    SessionServices m_services;
    Conversation m_conversation;
    MessageListModel m_model;
    QPointer<CompletionStream> m_stream;
    qint64 m_streamingId = 0;
    QString m_streamingModel;
    QTimer m_commitTimer;
    bool m_dirty = false;
};
