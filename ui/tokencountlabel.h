#pragma once

#include "tokenizer/conversationcost.h"
#include "tokenizer/requesttokencounter.h"

#include <QLabel>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QTimer>

class ChatSession;
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

    explicit TokenCountLabel(QWidget *parent = nullptr);
    ~TokenCountLabel() override;

    // Nothing is counted (and the label stays empty) until this is set; the
    // tokenizers must outlive the label.
    void setTokenizers(Tokenizers *tokenizers);
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
    void updateCost(const std::shared_ptr<const Tokenizer> &tokenizer, const QString &systemPrompt);

    Tokenizers *m_tokenizers = nullptr;
    RequestTokenCounter m_counter;
    RequestTokenCounter m_trimCounter; // sees only the newest turns: a cache of its own
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
    // Over every message of the conversation: counted again only when a
    // reply ends, messages go, or the model, prompt or prices change, not as
    // the user types or a reply streams.
    ConversationCost::Total m_cost;
    RequestTokenCounter m_costCounter;
    bool m_costStale = true;
};
