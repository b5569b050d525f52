#pragma once

#include "api/streamresult.h"
#include "api/tokenusage.h"
#include "continuationjoiner.h"
#include "retrynotice.h"
#include "store/chatmessage.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

class CompletionStream;
class ConversationStore;
class MessageListModel;

// One request's stream becoming a message: the one place that turns what a
// server sends into the text of a reply. It appends each delta to the
// message in the model (through the continuation joiner when the request
// continues a reply), commits the growing text every 250 ms, shows the retry
// countdown on the message while a retry waits, and when the stream ends
// decides the message's state from how it ended (ending()).
//
// A reply made of several requests (Continue generation today; tool rounds
// or a retry on another provider later) is several runs on one message, one
// after another: each starts from the text the last left. The session owns
// the run and does what concerns the conversation (usage, the ledger, the
// final save).
class ReplyRun : public QObject
{
    Q_OBJECT
public:
    static constexpr int kCommitIntervalMs = 250;

    // How the run ended, for the message: its state, the words under it,
    // and the usage the server reported (invalid if none).
    struct Ending
    {
        MessageState state = MessageState::Complete;
        QString error;
        TokenUsage usage;
    };

    // `continuing`: the message already has text, and what comes is its rest.
    ReplyRun(ConversationStore &store, MessageListModel &model, qint64 messageId, bool continuing,
             QObject *parent = nullptr);
    ~ReplyRun() override;

    // Takes the stream (made for this run) and follows it to its end.
    void start(CompletionStream *stream);
    // Ends the request; what arrived is kept. finished() follows.
    void stop();

    qint64 messageId() const { return m_messageId; }
    // Text that reached the model but not yet the disk.
    bool hasUnsavedProgress() const { return m_dirty; }

    // The rule from a stream's end to a message's state.
    static Ending endingOf(const StreamResult &result, bool hasText);

signals:
    void finished(const ReplyRun::Ending &ending);
    // A commit of the growing text failed (the text is kept and committed
    // again), or succeeded.
    void progressSaveFailed();
    void progressSaved();

private:
    void append(const QString &text);
    void commitProgress();
    void onFinished(const StreamResult &result);

    ConversationStore &m_store;
    MessageListModel &m_model;
    const qint64 m_messageId;
    std::optional<ContinuationJoiner> m_joiner;
    QPointer<CompletionStream> m_stream;
    QTimer m_commitTimer;
    bool m_dirty = false;
    RetryNotice m_retryNotice;
};
