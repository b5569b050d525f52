#include "chatsession.h"

#include "api/chatclient.h"
#include "api/completionstream.h"
#include "catalogue/modelcatalogue.h"
#include "continuationrequest.h"
#include "core/logging.h"
#include "core/redaction.h"
#include "costs/replycost.h"
#include "costs/spendingledger.h"
#include "secrets/apikeys.h"
#include "settings/appsettings.h"
#include "store/conversationstore.h"
#include "tokenizer/tokenizers.h"

#include <QLocale>

#include <limits>

ChatSession::ChatSession(SessionServices services, qint64 conversationId, QObject *parent)
    : QObject(parent)
    , m_services(services)
{
    m_conversation.id = conversationId;
    m_unsavedTimer.setInterval(2000);
    connect(&m_unsavedTimer, &QTimer::timeout, this, &ChatSession::saveUnsavedNow);
    // A reply's cost, shown with it, is the one the chat's total counted
    // (ReplyCost either way); a reply the total has not seen yet (it is
    // streaming, or the total was not asked for) is priced from its own
    // stored usage.
    m_model.setCostFunction([this](const ChatMessage &m) -> std::optional<MessageListModel::Cost> {
        std::optional<ReplyCost::Cost> cost;
        if (!m_costStale && m_cost.perReply.contains(m.id))
            cost = m_cost.perReply.value(m.id);
        else if (m.state != MessageState::Streaming)
            cost = ReplyCost::of(m, m_services.catalogue.prices());
        if (!cost)
            return std::nullopt;
        return MessageListModel::Cost{cost->dollars, cost->estimated};
    });
    const auto costChanged = [this] {
        m_costStale = true;
    };
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, costChanged);
    connect(&m_model, &QAbstractItemModel::modelReset, this, costChanged);
    connect(this, &ChatSession::conversationChanged, this, costChanged);
    connect(&m_services.catalogue, &ModelCatalogue::changed, this, [this] {
        m_costStale = true;
        m_model.refreshCosts(); // every window shows the new prices
    });
}

ChatSession::~ChatSession()
{
    // The application is going away mid-reply: keep what arrived.
    if (isStreaming())
        stop();
}

VoidResult ChatSession::load()
{
    if (m_conversation.id == 0) {
        m_model.setMessages({});
        return Ok{};
    }
    Result<Conversation> conversation = m_services.store.conversation(m_conversation.id);
    if (!conversation)
        return VoidResult::failure(conversation.error());
    // The newest page only: a conversation of thousands of messages opens as
    // fast as a short one; the view fetches older pages as the user scrolls.
    constexpr int kPage = MessageListModel::kPageSize;
    Result<QList<ChatMessage>> messages =
        m_services.store.recentMessages(m_conversation.id, kPage + 1);
    if (!messages)
        return VoidResult::failure(messages.error());
    m_conversation = conversation.value();
    QList<ChatMessage> page = messages.value();
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

VoidResult ChatSession::send(const QString &text)
{
    const QString content = text.trimmed();
    if (content.isEmpty())
        return VoidResult::failure(tr("The message is empty."));
    if (isStreaming())
        return VoidResult::failure(tr("Wait for the reply to finish, or stop it, before sending."));

    ConversationStore &store = m_services.store;
    if (m_conversation.id == 0) {
        // Options chosen in the header before the first message come along.
        const Conversation chosen = m_conversation;
        Result<Conversation> created = store.createConversation(titleFrom(content), chosen.model);
        if (!created)
            return VoidResult::failure(created.error());
        m_conversation = created.value();
        if (!chosen.systemPrompt.isEmpty()) {
            if (VoidResult s = store.setConversationOptions(m_conversation.id, chosen.model,
                                                            chosen.systemPrompt);
                !s)
                qCWarning(lcSession) << "could not store the system prompt:" << s.error();
            else
                m_conversation.systemPrompt = chosen.systemPrompt;
        }
    }
    const QString model = pendingModel();
    Result<ConversationStore::Exchange> exchange =
        store.addExchange(m_conversation.id, content, model);
    if (!exchange)
        return VoidResult::failure(exchange.error());

    m_conversation.updatedAt = exchange.value().user.createdAt;
    m_model.append(exchange.value().user);
    m_model.append(exchange.value().assistant);
    emit conversationChanged(m_conversation);
    beginReply(exchange.value().assistant.id, model, 0);
    return Ok{};
}

void ChatSession::beginReply(qint64 replyId, const QString &model, qsizetype priorLength)
{
    m_replyId = replyId;
    m_replyModel = model;
    m_priorLength = priorLength;
    emit streamingChanged(true);
    requestReply(replyId);
}

void ChatSession::requestReply(qint64 replyId)
{
    m_requestTurns.clear(); // nothing is sent until the key is there
    m_services.keys.fetch(this, [this, replyId](const Result<QString> &key) {
        if (m_replyId != replyId)
            return; // stopped while the keychain was answering
        if (!key) {
            finishWith(
                {MessageState::Failed,
                 tr("The API key could not be read from the system keychain. %1").arg(key.error()),
                 {}});
            return;
        }
        startRun(replyId, key.value());
    });
}

QString ChatSession::pendingModel() const
{
    return m_conversation.model.isEmpty() ? m_services.settings.model() : m_conversation.model;
}

QString ChatSession::systemPrompt() const
{
    return m_conversation.systemPrompt.isEmpty() ? m_services.settings.systemPrompt()
                                                 : m_conversation.systemPrompt;
}

RequestPlan ChatSession::planFor(const QString &draft, RequestTokenCounter *counter) const
{
    RequestPlan::Input input;
    input.model = pendingModel();
    input.systemPrompt = systemPrompt();
    input.history = allMessages();
    input.draft = draft;
    input.maxTokens = m_services.settings.maxTokens();
    return RequestPlan::make(input, m_services.catalogue, counter);
}

QList<ChatMessage> ChatSession::allMessages() const
{
    if (!m_model.canFetchMore({}) || m_model.messages().isEmpty())
        return m_model.messages();
    if (!m_olderMessages) {
        Result<QList<ChatMessage>> read = m_services.store.recentMessages(
            m_conversation.id, std::numeric_limits<int>::max(), m_model.messages().first().id);
        if (!read)
            qCWarning(lcSession) << "could not read the older messages:" << read.error();
        m_olderMessages = read ? read.value() : QList<ChatMessage>();
    }
    // Pages fetched since then are in the model, newer than the first loaded.
    QList<ChatMessage> all;
    const qint64 firstLoaded = m_model.messages().first().id;
    for (const ChatMessage &m : *m_olderMessages) {
        if (m.id < firstLoaded)
            all.append(m);
    }
    return all + m_model.messages();
}

QList<ChatMessage> ChatSession::historyBefore(qint64 messageId) const
{
    QList<ChatMessage> history = allMessages();
    for (qsizetype i = 0; i < history.size(); ++i) {
        if (history.at(i).id == messageId)
            return history.mid(0, i);
    }
    return history;
}

void ChatSession::startRun(qint64 replyId, const QString &apiKey)
{
    const AppSettings &settings = m_services.settings;
    RequestPlan::Input input;
    input.model = m_replyModel;
    input.systemPrompt = systemPrompt();
    input.history = historyBefore(replyId);
    input.maxTokens = settings.maxTokens();
    ChatRequest request;
    request.baseUrl = settings.baseUrl();
    const bool continuing = m_priorLength > 0; // the reply has text: ask for the rest
    if (continuing) {
        const ChatMessage *partial = m_model.find(replyId);
        input.continuation = ContinuationRequest::turns(
            ContinuationRequest::modeFor(request.baseUrl, settings.continuation()),
            partial ? partial->content : QString());
    }
    auto tokenizer = m_services.tokenizers.forModel(m_replyModel);
    if (tokenizer)
        m_contextCounter.setTokenizer(tokenizer.value());
    else
        qCWarning(lcSession) << "no tokenizer, the request is not fitted:" << tokenizer.error();
    const RequestPlan plan =
        RequestPlan::make(input, m_services.catalogue, tokenizer ? &m_contextCounter : nullptr);
    showTrimNote(plan, input.maxTokens);

    request.apiKey = apiKey;
    request.model = m_replyModel;
    request.messages = plan.turns;
    m_requestTurns = plan.turns;
    if (const double t = settings.temperature(); t >= 0)
        request.temperature = t;
    request.maxTokens = settings.maxTokens();
    request.timeouts.connectMs = settings.connectTimeoutSeconds() * 1000;
    request.timeouts.idleMs = settings.idleTimeoutSeconds() * 1000;
    request.maxRetries = settings.maxRetries();
    request.allowKeyInClear = settings.keyInClearAllowed(request.baseUrl);

    auto *run = new ReplyRun(m_services.store, m_model, replyId, continuing, this);
    m_run = run;
    connect(run, &ReplyRun::progressSaveFailed, this, [this] { noteStorage(false); });
    connect(run, &ReplyRun::progressSaved, this, [this] { noteStorage(true); });
    connect(run, &ReplyRun::finished, this, [this, run](const ReplyRun::Ending &ending) {
        run->deleteLater();
        if (m_run == run)
            m_run = nullptr;
        finishWith(ending);
    });
    run->start(m_services.client.start(request, run));
}

void ChatSession::showTrimNote(const RequestPlan &plan, int maxTokens)
{
    // Said on the user's message the reply answers (never stored: it is
    // about this request only; a reply's retry note would overwrite it on
    // the reply itself).
    const int row = m_model.rowOf(m_replyId);
    if (row <= 0)
        return;
    const qint64 userId = m_model.messages().at(row - 1).id;
    const ContextLimits &limits = m_services.catalogue.limits();
    m_model.setTransientStatus(
        userId, plan.omitted == 0
                    ? QString()
                    : tr("%n earlier message(s) not sent: the conversation is longer than %1 can "
                         "take (%2 tokens, less %3 kept for the reply).",
                         nullptr, plan.omitted)
                          .arg(m_replyModel,
                               QLocale().toString(limits.contextFor(m_replyModel).value_or(0)),
                               QLocale().toString(limits.replyReserveFor(maxTokens))));
}

bool ChatSession::canContinue(qint64 messageId) const
{
    const QList<ChatMessage> &all = m_model.messages();
    if (isStreaming() || all.isEmpty() || all.last().id != messageId)
        return false; // only the last reply: later turns would not follow from it
    const ChatMessage &m = all.last();
    if (m.role != ChatMessage::Role::Assistant)
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

VoidResult ChatSession::continueGeneration(qint64 messageId)
{
    if (!canContinue(messageId))
        return VoidResult::failure(tr("Only the last reply can be continued, once it has stopped "
                                      "early."));
    ChatMessage m = *m_model.find(messageId);
    m.state = MessageState::Streaming;
    m.error.clear();
    // The new state goes to disk first: if the app dies now, start-up turns
    // it back into an interrupted reply that can be continued again.
    if (VoidResult s = m_services.store.saveMessage(m); !s)
        return s;
    m_model.update(m);
    beginReply(messageId, m.model.isEmpty() ? m_services.settings.model() : m.model,
               m.content.size());
    return Ok{};
}

VoidResult ChatSession::regenerate()
{
    if (isStreaming())
        return VoidResult::failure(tr("Wait for the reply to finish, or stop it, first."));
    const QList<ChatMessage> &messages = m_model.messages();
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        if (messages.at(i).role == ChatMessage::Role::User)
            return restartFrom(messages.at(i).id, QString());
    }
    return VoidResult::failure(tr("There is no reply to regenerate."));
}

VoidResult ChatSession::editAndResend(qint64 userMessageId, const QString &text)
{
    const QString content = text.trimmed();
    if (content.isEmpty())
        return VoidResult::failure(tr("The message is empty."));
    if (isStreaming())
        return VoidResult::failure(tr("Wait for the reply to finish, or stop it, before sending."));
    const ChatMessage *m = m_model.find(userMessageId);
    if (!m || m->role != ChatMessage::Role::User)
        return VoidResult::failure(tr("Only your own messages can be edited."));
    return restartFrom(userMessageId, content);
}

VoidResult ChatSession::restartFrom(qint64 userMessageId, const QString &userText)
{
    const QString model = pendingModel();
    // One transaction: the new text, the later messages gone and the new
    // empty reply, so the store never holds half of an edit.
    Result<ChatMessage> reply =
        m_services.store.restartReply(m_conversation.id, userMessageId, userText, model);
    if (!reply)
        return VoidResult::failure(reply.error());
    if (!userText.isNull()) {
        ChatMessage user = *m_model.find(userMessageId);
        user.content = userText;
        m_model.update(user);
    }
    m_model.removeAfter(userMessageId);
    m_model.append(reply.value());
    m_conversation.updatedAt = reply.value().createdAt;
    emit conversationChanged(m_conversation);
    beginReply(reply.value().id, model, 0);
    return Ok{};
}

void ChatSession::setTitle(const QString &title)
{
    m_conversation.title = title;
    emit conversationChanged(m_conversation);
}

VoidResult ChatSession::setOptions(const QString &model, const QString &systemPrompt)
{
    if (m_conversation.id != 0) {
        if (VoidResult s = m_services.store.setConversationOptions(m_conversation.id,
                                                                   model.trimmed(), systemPrompt);
            !s)
            return s;
    }
    m_conversation.model = model.trimmed();
    m_conversation.systemPrompt = systemPrompt;
    // Every window on this conversation shows the new options (a new chat's
    // too: it has no id yet, and only its own window shows it).
    emit conversationChanged(m_conversation);
    return Ok{};
}

void ChatSession::stop()
{
    if (!isStreaming())
        return;
    if (m_run) {
        m_run->stop(); // finished(Stopped) -> finishWith
        return;
    }
    finishWith({MessageState::Stopped, {}, {}}); // the key had not come yet
}

const ConversationCost::Total &ChatSession::cost(RequestTokenCounter *counter)
{
    const Tokenizer::Encoding encoding = Tokenizer::encodingForModel(pendingModel());
    const bool canEstimate = m_services.tokenizers.isLoaded(encoding);
    if (!m_costStale && (m_costEstimated || !canEstimate))
        return m_cost;
    if (!counter || !counter->tokenizer() || counter->tokenizer()->encoding() != encoding)
        counter = &m_costCounter;
    if (canEstimate && counter == &m_costCounter) {
        if (auto tokenizer = m_services.tokenizers.forEncoding(encoding))
            m_costCounter.setTokenizer(tokenizer.value());
    }
    // Every message, not only the pages the model holds: a long chat's
    // older replies cost money too.
    RequestTokenCounter none;
    m_cost = ConversationCost::of(allMessages(), systemPrompt(), m_services.catalogue.prices(),
                                  canEstimate ? *counter : none);
    m_costStale = false;
    m_costEstimated = canEstimate;
    m_model.refreshCosts();
    return m_cost;
}

void ChatSession::saveUnsavedNow()
{
    for (auto it = m_unsaved.begin(); it != m_unsaved.end();) {
        const ChatMessage *m = m_model.find(*it);
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
    if (m_storageFailing && m_unsaved.isEmpty() && !(m_run && m_run->hasUnsavedProgress())) {
        m_storageFailing = false;
        emit storageRecovered();
    }
}

int ChatSession::unsavedReplies() const
{
    const bool streamingUnsaved = m_storageFailing && m_run && m_run->hasUnsavedProgress();
    return int(m_unsaved.size()) + (streamingUnsaved ? 1 : 0);
}

std::optional<TokenUsage> ChatSession::estimateUsage(const QString &model,
                                                     const QList<ChatRequest::Turn> &prompt,
                                                     const QString &completion)
{
    auto tokenizer = m_services.tokenizers.forModel(model);
    if (!tokenizer)
        return std::nullopt;
    m_contextCounter.setTokenizer(tokenizer.value());
    TokenUsage usage;
    usage.promptTokens = int(m_contextCounter.count(prompt, QString()).request);
    usage.completionTokens = int(tokenizer.value()->count(completion));
    usage.totalTokens = usage.promptTokens + usage.completionTokens;
    return usage;
}

void ChatSession::addUsage(ChatMessage &reply, const TokenUsage &usage)
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
    if (!ReplyCost::hasStoredUsage(reply)) {
        // Nothing stored yet. For a continued reply, that is text from a
        // process that died mid-reply or from before estimates were stored:
        // estimated now so the reply's total covers all of it.
        TokenUsage earlier{0, 0, 0};
        if (m_priorLength > 0) {
            estimated = true;
            earlier = estimateUsage(reply.model,
                                    RequestPlan::turnsOf(systemPrompt(), historyBefore(reply.id)),
                                    reply.content.left(m_priorLength))
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
    if (const std::optional<double> dollars = m_services.catalogue.prices().cost(
            reply.model, part->promptTokens, part->completionTokens))
        m_services.spending.record(*dollars);
}

void ChatSession::finishWith(const ReplyRun::Ending &ending)
{
    const ChatMessage *current = m_model.find(m_replyId);
    m_replyId = 0;
    if (current) {
        ChatMessage m = *current;
        m.state = ending.state;
        // A server may echo the key back in its error ("Incorrect API key
        // provided: sk-..."); the error is stored and shown, so it goes
        // through the same redaction as the logs.
        m.error = Redaction::redact(ending.error);
        addUsage(m, ending.usage);
        m_costStale = true;
        m_model.update(m); // the row repaints with its cost
        if (VoidResult s = m_services.store.saveMessage(m); !s) {
            qCWarning(lcSession) << "could not save the reply:" << s.error();
            m_unsaved.insert(m.id);
            m_unsavedTimer.start();
            noteStorage(false);
        }
    }
    if (m_unsaved.isEmpty())
        noteStorage(true);
    emit streamingChanged(false);
}
