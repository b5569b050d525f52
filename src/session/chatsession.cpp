#include "chatsession.h"

#include "api/chatclient.h"
#include "continuationrequest.h"
#include "core/logging.h"
#include "core/redaction.h"
#include "secrets/apikeys.h"
#include "settings/appsettings.h"
#include "store/conversationstore.h"
#include "tokenizer/contexttrimmer.h"
#include "tokenizer/contextwindows.h"
#include "tokenizer/pricetable.h"
#include "tokenizer/spendingledger.h"
#include "tokenizer/tokenizers.h"

#include <QLocale>

#include <limits>

ChatSession::ChatSession(SessionServices services, qint64 conversationId, QObject *parent)
    : QObject(parent)
    , m_services(services)
{
    m_conversation.id = conversationId;
    m_commitTimer.setSingleShot(true);
    m_commitTimer.setInterval(kCommitIntervalMs);
    connect(&m_commitTimer, &QTimer::timeout, this, &ChatSession::commitProgress);
    m_unsavedTimer.setInterval(2000);
    connect(&m_unsavedTimer, &QTimer::timeout, this, &ChatSession::retryUnsaved);
    // A reply's cost, shown with it: its usage priced, whether the server
    // reported it or the tokenizer estimated it (stored either way).
    m_model.setCostFunction([this](const Message &m) -> std::optional<MessageListModel::Cost> {
        if (m.role != Message::Role::Assistant || !m_services.prices)
            return std::nullopt;
        if (m.promptTokens < 0 || m.completionTokens < 0)
            return std::nullopt;
        const std::optional<double> dollars =
            m_services.prices->cost(m.model, m.promptTokens, m.completionTokens);
        if (!dollars)
            return std::nullopt;
        return MessageListModel::Cost{*dollars, m.usageEstimated};
    });
    connect(&m_retryNotice, &RetryNotice::textChanged, this,
            [this](const QString &text) { m_model.setTransientStatus(m_streamingId, text); });
}

ChatSession::~ChatSession()
{
    // The application is going away mid-reply: keep what arrived.
    if (isStreaming())
        stop();
}

Status ChatSession::load()
{
    if (m_conversation.id == 0) {
        m_model.setMessages({});
        return Ok{};
    }
    Result<Conversation> conversation = m_services.store.conversation(m_conversation.id);
    if (!conversation)
        return Status::failure(conversation.error());
    // The newest page only: a conversation of thousands of messages opens as
    // fast as a short one; the view fetches older pages as the user scrolls.
    constexpr int kPage = MessageListModel::kPageSize;
    Result<QList<Message>> messages = m_services.store.recentMessages(m_conversation.id, kPage + 1);
    if (!messages)
        return Status::failure(messages.error());
    m_conversation = conversation.value();
    QList<Message> page = messages.value();
    const bool hasOlder = page.size() > kPage;
    if (hasOlder)
        page.removeFirst();
    m_model.setMessages(page);
    m_olderMessages.reset();
    const qint64 id = m_conversation.id;
    m_model.setOlderLoader(
        [store = &m_services.store, id](qint64 beforeId, int limit) {
            return store->recentMessages(id, limit, beforeId);
        },
        hasOlder);
    return Ok{};
}

QString ChatSession::titleFrom(const QString &text)
{
    QString title = text.section(QLatin1Char('\n'), 0, 0, QString::SectionSkipEmpty).simplified();
    constexpr int kMaxTitle = 60;
    if (title.size() > kMaxTitle)
        title = title.left(kMaxTitle - 1).trimmed() + QChar(0x2026);
    return title;
}

Status ChatSession::send(const QString &text)
{
    const QString content = text.trimmed();
    if (content.isEmpty())
        return Status::failure(tr("The message is empty."));
    if (isStreaming())
        return Status::failure(tr("Wait for the reply to finish, or stop it, before sending."));

    ConversationStore &store = m_services.store;
    if (m_conversation.id == 0) {
        // Options chosen in the header before the first message come along.
        const Conversation chosen = m_conversation;
        Result<Conversation> created = store.createConversation(titleFrom(content), chosen.model);
        if (!created)
            return Status::failure(created.error());
        m_conversation = created.value();
        if (!chosen.systemPrompt.isEmpty()) {
            if (Status s = store.setConversationOptions(m_conversation.id, chosen.model,
                                                        chosen.systemPrompt);
                !s)
                qCWarning(lcSession) << "could not store the system prompt:" << s.error();
            else
                m_conversation.systemPrompt = chosen.systemPrompt;
        }
    }
    const QString model =
        m_conversation.model.isEmpty() ? m_services.settings.model() : m_conversation.model;
    Result<ConversationStore::Exchange> exchange =
        store.addExchange(m_conversation.id, content, model);
    if (!exchange)
        return Status::failure(exchange.error());

    m_conversation.updatedAt = exchange.value().user.createdAt;
    m_model.append(exchange.value().user);
    m_model.append(exchange.value().assistant);
    m_streamingId = exchange.value().assistant.id;
    m_streamingModel = model;
    m_priorLength = 0;
    emit conversationChanged(m_conversation);
    emit streamingChanged(true);
    requestReply(m_streamingId);
    return Ok{};
}

void ChatSession::requestReply(qint64 assistantId)
{
    m_requestTurns.clear(); // nothing is sent until the key is there
    m_services.keys.fetch(this, [this, assistantId](const Result<QString> &key) {
        if (m_streamingId != assistantId)
            return; // stopped while the keychain was answering
        if (!key) {
            finishWith(
                MessageState::Failed,
                tr("The API key could not be read from the system keychain. %1").arg(key.error()),
                {});
            return;
        }
        startStream(assistantId, key.value());
    });
}

QString ChatSession::pendingModel() const
{
    return m_conversation.model.isEmpty() ? m_services.settings.model() : m_conversation.model;
}

std::optional<int> ChatSession::pendingPromptBudget() const
{
    if (!m_services.contextWindows)
        return std::nullopt;
    return m_services.contextWindows->promptBudgetFor(pendingModel(),
                                                      m_services.settings.maxTokens());
}

QList<ChatRequest::Turn> ChatSession::fitToContext(const QList<ChatRequest::Turn> &turns,
                                                   int keepLast, qint64 assistantId)
{
    if (!m_services.tokenizers || !m_services.contextWindows)
        return turns;
    const int maxTokens = m_services.settings.maxTokens();
    const std::optional<int> budget =
        m_services.contextWindows->promptBudgetFor(m_streamingModel, maxTokens);
    if (!budget)
        return turns; // a model we know no limit for: send everything
    auto tokenizer = m_services.tokenizers->forModel(m_streamingModel);
    if (!tokenizer) {
        qCWarning(lcSession) << "no tokenizer, the request is not fitted:" << tokenizer.error();
        return turns;
    }
    m_contextCounter.setTokenizer(tokenizer.value());
    const ContextTrimmer::Result fitted =
        ContextTrimmer::fit(turns, m_contextCounter, *budget, keepLast);
    // Said on the user's message the reply answers (never stored: it is
    // about this request only; a reply's retry note would overwrite it on
    // the reply itself).
    const int row = m_model.rowOf(assistantId);
    if (row > 0) {
        const qint64 userId = m_model.messages().at(row - 1).id;
        m_model.setTransientStatus(
            userId, fitted.omitted == 0
                        ? QString()
                        : tr("%n earlier message(s) not sent: the conversation is longer than "
                             "%1 can take (%2 tokens, less %3 kept for the reply).",
                             nullptr, fitted.omitted)
                              .arg(m_streamingModel,
                                   QLocale().toString(
                                       *m_services.contextWindows->contextFor(m_streamingModel)),
                                   QLocale().toString(
                                       m_services.contextWindows->replyReserveFor(maxTokens))));
    }
    return fitted.turns;
}

QList<Message> ChatSession::allMessages() const
{
    if (!m_model.canFetchMore({}) || m_model.messages().isEmpty())
        return m_model.messages();
    if (!m_olderMessages) {
        Result<QList<Message>> read = m_services.store.recentMessages(
            m_conversation.id, std::numeric_limits<int>::max(), m_model.messages().first().id);
        if (!read)
            qCWarning(lcSession) << "could not read the older messages:" << read.error();
        m_olderMessages = read ? read.value() : QList<Message>();
    }
    // Pages fetched since then are in the model, newer than the first loaded.
    QList<Message> all;
    const qint64 firstLoaded = m_model.messages().first().id;
    for (const Message &m : *m_olderMessages) {
        if (m.id < firstLoaded)
            all.append(m);
    }
    return all + m_model.messages();
}

QList<ChatRequest::Turn> ChatSession::history(qint64 upToMessageId) const
{
    QList<ChatRequest::Turn> turns;
    const QString system = m_conversation.systemPrompt.isEmpty()
                               ? m_services.settings.systemPrompt()
                               : m_conversation.systemPrompt;
    if (!system.trimmed().isEmpty())
        turns.append({QStringLiteral("system"), system});
    for (const Message &m : allMessages()) {
        if (m.id == upToMessageId)
            break;
        // A reply that failed before any text carries nothing worth sending.
        if (m.content.isEmpty())
            continue;
        turns.append({Message::roleToString(m.role), m.content});
    }
    return turns;
}

void ChatSession::startStream(qint64 assistantId, const QString &apiKey)
{
    ChatRequest request;
    request.baseUrl = m_services.settings.baseUrl();
    request.apiKey = apiKey;
    request.model = m_streamingModel;
    request.messages = history(assistantId);
    if (const double t = m_services.settings.temperature(); t >= 0)
        request.temperature = t;
    request.maxTokens = m_services.settings.maxTokens();
    int keepLast = 1; // the new message
    if (m_joiner) {
        const Message *partial = m_model.find(assistantId);
        const QList<ChatRequest::Turn> continuation = ContinuationRequest::turns(
            ContinuationRequest::modeFor(request.baseUrl, m_services.settings.continuation()),
            partial ? partial->content : QString());
        request.messages += continuation;
        keepLast += int(continuation.size());
    }
    request.messages = fitToContext(request.messages, keepLast, assistantId);
    m_requestTurns = request.messages;
    const AppSettings &settings = m_services.settings;
    request.timeouts.connectMs = settings.connectTimeoutSeconds() * 1000;
    request.timeouts.idleMs = settings.idleTimeoutSeconds() * 1000;
    request.maxRetries = settings.maxRetries();
    request.allowKeyInClear = settings.keyInClearAllowed(request.baseUrl);

    CompletionStream *stream = m_services.client.start(request, this);
    m_stream = stream;
    connect(stream, &CompletionStream::retrying, &m_retryNotice, &RetryNotice::start);
    connect(stream, &CompletionStream::contentDelta, this, [this](const QString &text) {
        m_retryNotice.clear();
        appendReply(m_joiner ? m_joiner->feed(text) : text);
    });
    connect(stream, &CompletionStream::reasoningDelta, this, [this](const QString &text) {
        m_retryNotice.clear();
        m_model.appendReasoning(m_streamingId, text);
        m_dirty = true;
        if (!m_commitTimer.isActive())
            m_commitTimer.start();
    });
    connect(stream, &CompletionStream::finished, this, &ChatSession::onFinished);
}

void ChatSession::appendReply(const QString &text)
{
    if (text.isEmpty())
        return;
    m_model.appendContent(m_streamingId, text);
    m_dirty = true;
    if (!m_commitTimer.isActive())
        m_commitTimer.start();
}

bool ChatSession::canContinue(qint64 messageId) const
{
    const QList<Message> &all = m_model.messages();
    if (isStreaming() || all.isEmpty() || all.last().id != messageId)
        return false; // only the last reply: later turns would not follow from it
    const Message &m = all.last();
    if (m.role != Message::Role::Assistant)
        return false;
    switch (m.state) {
    case MessageState::Interrupted:
    case MessageState::Truncated:
    case MessageState::Stopped:
        return true;
    case MessageState::Failed:
        return !m.content.isEmpty();
    default:
        return false;
    }
}

Status ChatSession::continueGeneration(qint64 messageId)
{
    if (!canContinue(messageId))
        return Status::failure(tr("Only the last reply can be continued, once it has stopped "
                                  "early."));
    Message m = *m_model.find(messageId);
    m.state = MessageState::Streaming;
    m.error.clear();
    // The new state goes to disk first: if the app dies now, start-up turns
    // it back into an interrupted reply that can be continued again.
    if (Status s = m_services.store.saveMessage(m); !s)
        return s;
    m_model.update(m);
    m_joiner.emplace(m.content);
    m_priorLength = m.content.size();
    m_streamingId = messageId;
    m_streamingModel = m.model.isEmpty() ? m_services.settings.model() : m.model;
    emit streamingChanged(true);
    requestReply(messageId);
    return Ok{};
}

Status ChatSession::regenerate()
{
    if (isStreaming())
        return Status::failure(tr("Wait for the reply to finish, or stop it, first."));
    const QList<Message> &messages = m_model.messages();
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        if (messages.at(i).role == Message::Role::User)
            return restartFrom(messages.at(i).id, QString());
    }
    return Status::failure(tr("There is no reply to regenerate."));
}

Status ChatSession::editAndResend(qint64 userMessageId, const QString &text)
{
    const QString content = text.trimmed();
    if (content.isEmpty())
        return Status::failure(tr("The message is empty."));
    if (isStreaming())
        return Status::failure(tr("Wait for the reply to finish, or stop it, before sending."));
    const Message *m = m_model.find(userMessageId);
    if (!m || m->role != Message::Role::User)
        return Status::failure(tr("Only your own messages can be edited."));
    return restartFrom(userMessageId, content);
}

Status ChatSession::restartFrom(qint64 userMessageId, const QString &userText)
{
    const QString model = pendingModel();
    // One transaction: the new text, the later messages gone and the new
    // empty reply, so the store never holds half of an edit.
    Result<Message> reply =
        m_services.store.restartReply(m_conversation.id, userMessageId, userText, model);
    if (!reply)
        return Status::failure(reply.error());
    if (!userText.isNull()) {
        Message user = *m_model.find(userMessageId);
        user.content = userText;
        m_model.update(user);
    }
    m_model.removeAfter(userMessageId);
    m_model.append(reply.value());
    m_conversation.updatedAt = reply.value().createdAt;
    m_streamingId = reply.value().id;
    m_streamingModel = model;
    m_priorLength = 0;
    emit conversationChanged(m_conversation);
    emit streamingChanged(true);
    requestReply(m_streamingId);
    return Ok{};
}

void ChatSession::setTitle(const QString &title)
{
    m_conversation.title = title;
}

Status ChatSession::setOptions(const QString &model, const QString &systemPrompt)
{
    if (m_conversation.id != 0) {
        if (Status s = m_services.store.setConversationOptions(m_conversation.id, model.trimmed(),
                                                               systemPrompt);
            !s)
            return s;
    }
    m_conversation.model = model.trimmed();
    m_conversation.systemPrompt = systemPrompt;
    if (m_conversation.id != 0)
        emit conversationChanged(m_conversation);
    return Ok{};
}

void ChatSession::commitProgress()
{
    if (!m_dirty || m_streamingId == 0)
        return;
    const Message *m = m_model.find(m_streamingId);
    if (!m)
        return;
    if (Status s = m_services.store.saveProgress(m->id, m->content, m->reasoning); !s) {
        qCWarning(lcSession) << "could not save progress:" << s.error();
        noteStorage(false);
        m_commitTimer.start(); // try again; the text is safe in memory meanwhile
        return;
    }
    m_dirty = false;
    noteStorage(true);
}

void ChatSession::stop()
{
    if (!isStreaming())
        return;
    if (m_stream) {
        m_stream->abort(); // emits finished(Aborted) -> onFinished
        return;
    }
    finishWith(MessageState::Stopped, {}, {});
}

void ChatSession::onFinished(const StreamResult &result)
{
    if (m_stream)
        m_stream->deleteLater();
    m_stream = nullptr;
    if (m_joiner) {
        appendReply(m_joiner->finish()); // a held-back start that was not a repeat
        m_joiner.reset();
    }
    const Message *m = m_model.find(m_streamingId);
    const bool hasText = m && !m->content.isEmpty();
    switch (result.outcome) {
    case StreamResult::Outcome::Aborted:
        finishWith(MessageState::Stopped, {}, result.usage);
        return;
    case StreamResult::Outcome::Finished:
        if (result.finishReason == QLatin1String("length"))
            finishWith(MessageState::Truncated,
                       tr("The reply reached the length limit and was cut off."), result.usage);
        else if (result.finishReason == QLatin1String("content_filter"))
            finishWith(MessageState::Filtered,
                       tr("The provider's content filter stopped the reply."), result.usage);
        else if (result.refusal)
            // Complete, but marked: the text is the model declining, not an answer.
            finishWith(MessageState::Complete,
                       tr("Refusal: the model declined this request; the text above is its "
                          "explanation, not an answer."),
                       result.usage);
        else
            finishWith(MessageState::Complete, {}, result.usage);
        return;
    case StreamResult::Outcome::Failed: {
        const auto kind = result.error.kind;
        const bool dropped = kind == ApiError::Kind::Interrupted || kind == ApiError::Kind::Timeout;
        finishWith(dropped && hasText ? MessageState::Interrupted : MessageState::Failed,
                   result.error.userMessage(), result.usage);
        return;
    }
    }
}

void ChatSession::retryUnsaved()
{
    for (auto it = m_unsaved.begin(); it != m_unsaved.end();) {
        const Message *m = m_model.find(*it);
        if (!m || m_services.store.saveMessage(*m)) {
            it = m_unsaved.erase(it);
            continue;
        }
        ++it;
    }
    if (m_unsaved.isEmpty())
        m_unsavedTimer.stop();
    noteStorage(m_unsaved.isEmpty());
}

void ChatSession::noteStorage(bool ok)
{
    if (!ok) {
        m_storageFailing = true;
        emit storageFailed(m_services.store.lastProblem());
        return;
    }
    // Recovered only once nothing of this session waits for the disk.
    if (m_storageFailing && m_unsaved.isEmpty() && !(m_dirty && isStreaming())) {
        m_storageFailing = false;
        emit storageRecovered();
    }
}

int ChatSession::unsavedReplies() const
{
    return int(m_unsaved.size()) + (m_storageFailing && m_dirty && isStreaming() ? 1 : 0);
}

void ChatSession::saveUnsavedNow()
{
    retryUnsaved();
}

std::optional<TokenUsage> ChatSession::estimateUsage(const QString &model,
                                                     const QList<ChatRequest::Turn> &prompt,
                                                     const QString &completion)
{
    if (!m_services.tokenizers)
        return std::nullopt;
    auto tokenizer = m_services.tokenizers->forModel(model);
    if (!tokenizer)
        return std::nullopt;
    m_contextCounter.setTokenizer(tokenizer.value());
    TokenUsage usage;
    usage.promptTokens = int(m_contextCounter.count(prompt, QString()).request);
    usage.completionTokens = int(tokenizer.value()->count(completion));
    usage.totalTokens = usage.promptTokens + usage.completionTokens;
    return usage;
}

void ChatSession::addUsage(Message &reply, const TokenUsage &usage)
{
    // This request's usage: the server's, or else the tokenizer's count of
    // what was sent and of the text this request added (a continuation's
    // earlier text was counted when its own request ended).
    const QString added = reply.content.mid(m_priorLength);
    std::optional<TokenUsage> part = usage;
    if (!usage.isValid())
        part = added.isEmpty() ? std::nullopt : estimateUsage(reply.model, m_requestTurns, added);
    if (!part)
        return;
    bool estimated = !usage.isValid() || reply.usageEstimated;
    if (reply.promptTokens < 0 || reply.completionTokens < 0) {
        // Nothing stored yet. For a continued reply, that is text from a
        // process that died mid-reply or from before estimates were stored:
        // estimated now so the reply's total covers all of it.
        TokenUsage earlier{0, 0, 0};
        if (m_priorLength > 0) {
            estimated = true;
            earlier =
                estimateUsage(reply.model, history(reply.id), reply.content.left(m_priorLength))
                    .value_or(earlier);
        }
        reply.promptTokens = earlier.promptTokens;
        reply.completionTokens = earlier.completionTokens;
    }
    // Continue generation appends to the same message: its usage adds up.
    reply.promptTokens += part->promptTokens;
    reply.completionTokens += part->completionTokens;
    reply.usageEstimated = estimated;
    // Only this request goes to the ledger: an earlier request of the same
    // reply was recorded when it ended. (Whether text stored without usage
    // was recorded cannot be told, so it is not recorded again here.)
    if (m_services.prices && m_services.spending) {
        if (const std::optional<double> dollars =
                m_services.prices->cost(reply.model, part->promptTokens, part->completionTokens))
            m_services.spending->record(*dollars);
    }
}

void ChatSession::finishWith(MessageState state, const QString &error, const TokenUsage &usage)
{
    m_commitTimer.stop();
    m_retryNotice.clear(); // while m_streamingId still names the reply
    const Message *current = m_model.find(m_streamingId);
    m_streamingId = 0;
    if (current) {
        Message m = *current;
        m.state = state;
        // A server may echo the key back in its error ("Incorrect API key
        // provided: sk-..."); the error is stored and shown, so it goes
        // through the same redaction as the logs.
        m.error = Redaction::redact(error);
        addUsage(m, usage);
        m_model.update(m); // the row repaints with its cost
        if (Status s = m_services.store.saveMessage(m); !s) {
            qCWarning(lcSession) << "could not save the reply:" << s.error();
            m_unsaved.insert(m.id);
            m_unsavedTimer.start();
            noteStorage(false);
        }
    }
    m_joiner.reset();
    m_dirty = false;
    if (m_unsaved.isEmpty())
        noteStorage(true);
    emit streamingChanged(false);
}
