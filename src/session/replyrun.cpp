#include "replyrun.h"

#include "api/completionstream.h"
#include "core/logging.h"
#include "models/messagelistmodel.h"
#include "store/conversationstore.h"

ReplyRun::ReplyRun(ConversationStore &store, MessageListModel &model, qint64 messageId,
                   bool continuing, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_model(model)
    , m_messageId(messageId)
{
    if (continuing) {
        const ChatMessage *m = m_model.find(messageId);
        m_joiner.emplace(m ? m->content : QString());
    }
    m_commitTimer.setSingleShot(true);
    m_commitTimer.setInterval(kCommitIntervalMs);
    connect(&m_commitTimer, &QTimer::timeout, this, &ReplyRun::commitProgress);
    connect(&m_retryNotice, &RetryNotice::textChanged, this,
            [this](const QString &text) { m_model.setTransientStatus(m_messageId, text); });
}

ReplyRun::~ReplyRun()
{
    if (m_stream) {
        m_stream->disconnect(this);
        m_stream->abort();
        m_stream->deleteLater();
    }
}

void ReplyRun::start(CompletionStream *stream)
{
    m_stream = stream;
    connect(stream, &CompletionStream::retrying, &m_retryNotice, &RetryNotice::start);
    connect(stream, &CompletionStream::contentDelta, this, [this](const QString &text) {
        m_retryNotice.clear();
        append(m_joiner ? m_joiner->feed(text) : text);
    });
    connect(stream, &CompletionStream::reasoningDelta, this, [this](const QString &text) {
        m_retryNotice.clear();
        m_model.appendReasoning(m_messageId, text);
        m_dirty = true;
        if (!m_commitTimer.isActive())
            m_commitTimer.start();
    });
    connect(stream, &CompletionStream::finished, this, &ReplyRun::onFinished);
}

void ReplyRun::stop()
{
    if (m_stream)
        m_stream->abort(); // emits finished(Aborted) -> onFinished
}

void ReplyRun::append(const QString &text)
{
    if (text.isEmpty())
        return;
    m_model.appendContent(m_messageId, text);
    m_dirty = true;
    if (!m_commitTimer.isActive())
        m_commitTimer.start();
}

void ReplyRun::commitProgress()
{
    if (!m_dirty)
        return;
    const ChatMessage *m = m_model.find(m_messageId);
    if (!m)
        return;
    if (VoidResult s = m_store.saveProgress(m->id, m->content, m->reasoning); !s) {
        qCWarning(lcSession) << "could not save progress:" << s.error();
        m_commitTimer.start(); // try again; the text is safe in memory meanwhile
        emit progressSaveFailed();
        return;
    }
    m_dirty = false;
    emit progressSaved();
}

void ReplyRun::onFinished(const StreamResult &result)
{
    if (m_stream)
        m_stream->deleteLater();
    m_stream = nullptr;
    if (m_joiner) {
        append(m_joiner->finish()); // a held-back start that was not a repeat
        m_joiner.reset();
    }
    m_commitTimer.stop();
    m_retryNotice.clear();
    m_dirty = false; // the session's final save writes everything
    const ChatMessage *m = m_model.find(m_messageId);
    emit finished(endingOf(result, m && !m->content.isEmpty()));
}

ReplyRun::Ending ReplyRun::endingOf(const StreamResult &result, bool hasText)
{
    switch (result.outcome) {
    case StreamResult::Outcome::Aborted:
        return {MessageState::Stopped, {}, result.usage};
    case StreamResult::Outcome::Finished:
        if (result.finishReason == QLatin1String("length"))
            return {MessageState::Truncated,
                    tr("The reply reached the length limit and was cut off."), result.usage};
        if (result.finishReason == QLatin1String("content_filter"))
            return {MessageState::Filtered, tr("The provider's content filter stopped the reply."),
                    result.usage};
        if (result.refusal)
            // Complete, but marked: the text is the model declining, not an answer.
            return {MessageState::Complete,
                    tr("Refusal: the model declined this request; the text above is its "
                       "explanation, not an answer."),
                    result.usage};
        return {MessageState::Complete, {}, result.usage};
    case StreamResult::Outcome::Failed: {
        const auto kind = result.error.kind;
        const bool dropped = kind == ApiError::Kind::Interrupted || kind == ApiError::Kind::Timeout;
        return {dropped && hasText ? MessageState::Interrupted : MessageState::Failed,
                result.error.userMessage(), result.usage};
    }
    }
    return {};
}
