#pragma once

#include "costs/conversationcost.h"
#include "tokenizer/requesttokencounter.h"

#include <QLabel>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QTimer>

class ChatSession;
class ModelCatalogue;
class QPlainTextEdit;
class QThread;
class Tokenizers;

// The live token count under the composer: the draft, and the whole request
// a send would make (system prompt, the history that will be sent, the
// draft), with the tokenizer of the conversation's model. Counting waits for
// a pause in typing of a few tens of milliseconds, reuses the history's
// counts, and the vocabulary loads on a worker thread the first time, so
// typing never waits for it.
class TokenCountLabel : public QLabel
{
    Q_OBJECT
public:
    static constexpr int kDraftDelayMs = 40;
    static constexpr int kHistoryDelayMs = 250; // a streaming reply changes it many times a second

    // Both outlive the label. What is counted is the session's RequestPlan.
    TokenCountLabel(Tokenizers &tokenizers, ModelCatalogue &catalogue, QWidget *parent = nullptr);
    ~TokenCountLabel() override;
    void setDraftEditor(QPlainTextEdit *editor);
    void setSession(ChatSession *session);
    // Counts again soon (e.g. the model or the system prompt changed).
    void refresh();

    // The last count shown; -1 while there is none.
    qsizetype draftTokens() const { return m_shown ? m_last.draft : -1; }
    qsizetype requestTokens() const { return m_shown ? m_last.request : -1; }
    // Earlier messages a send would leave out to fit the model's context.
    int omittedMessages() const { return m_omitted; }
    // What the conversation's replies cost so far, all of them, not only the
    // loaded pages (see ConversationCost).
    ConversationCost::Total conversationCost() const { return m_cost; }

signals:
    void counted();

private:
    void schedule(int delayMs);
    void recount();
    void loadInBackground(Tokenizer::Encoding encoding);

    Tokenizers &m_tokenizers;
    RequestTokenCounter m_counter;
    QPointer<QPlainTextEdit> m_editor;
    QMetaObject::Connection m_editorConnection;
    QPointer<ChatSession> m_session;
    QList<QMetaObject::Connection> m_sessionConnections;
    QTimer m_timer;
    QThread *m_loader = nullptr;
    QSet<int> m_loadStarted; // encodings, by value
    RequestTokenCounter::Count m_last;
    bool m_shown = false;
    int m_omitted = 0;
    // The session's, copied when counted (ChatSession::cost()).
    ConversationCost::Total m_cost;
};
