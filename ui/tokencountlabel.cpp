#include "tokencountlabel.h"

#include "models/messagelistmodel.h"
#include "session/chatsession.h"
#include "tokenizer/contexttrimmer.h"
#include "tokenizer/conversationcost.h"
#include "tokenizer/pricetable.h"
#include "tokenizer/tokenizers.h"

#include <QLocale>
#include <QPlainTextEdit>
#include <QThread>

TokenCountLabel::TokenCountLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    setAccessibleName(tr("Token count"));
    setForegroundRole(QPalette::PlaceholderText);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    setFont(small);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &TokenCountLabel::recount);
}

TokenCountLabel::~TokenCountLabel()
{
    // The loader uses m_tokenizers, which outlives this label: let it finish
    // (it takes a fraction of a second) rather than destroy it running.
    if (m_loader) {
        m_loader->wait();
        delete m_loader;
    }
}

void TokenCountLabel::setTokenizers(Tokenizers *tokenizers)
{
    if (m_loader) { // it loads into the old set
        m_loader->wait();
        delete m_loader;
        m_loader = nullptr;
    }
    m_tokenizers = tokenizers;
    m_loadStarted.clear();
    schedule(0);
}

void TokenCountLabel::setDraftEditor(QPlainTextEdit *editor)
{
    disconnect(m_editorConnection);
    m_editor = editor;
    if (editor) {
        m_editorConnection = connect(editor, &QPlainTextEdit::textChanged, this,
                                     [this] { schedule(kDraftDelayMs); });
    }
    schedule(0);
}

void TokenCountLabel::setSession(ChatSession *session)
{
    for (const QMetaObject::Connection &c : std::as_const(m_sessionConnections))
        disconnect(c);
    m_sessionConnections.clear();
    m_session = session;
    m_costStale = true;
    if (session) {
        const auto later = [this] {
            schedule(kHistoryDelayMs);
        };
        // Replies gone (Regenerate, an edit sent again), a reply ended, or
        // another model or system prompt: the cost is counted again.
        const auto costChanged = [this] {
            m_costStale = true;
            schedule(kHistoryDelayMs);
        };
        MessageListModel *model = session->model();
        m_sessionConnections << connect(model, &QAbstractItemModel::rowsInserted, this, later)
                             << connect(model, &QAbstractItemModel::rowsRemoved, this, costChanged)
                             << connect(model, &QAbstractItemModel::modelReset, this, costChanged)
                             << connect(model, &QAbstractItemModel::dataChanged, this, later)
                             << connect(session, &ChatSession::conversationChanged, this,
                                        costChanged)
                             << connect(session, &ChatSession::streamingChanged, this,
                                        [costChanged](bool streaming) {
                                            if (!streaming)
                                                costChanged();
                                        });
    }
    schedule(0);
}

void TokenCountLabel::refresh()
{
    m_costStale = true; // the prices may have changed
    schedule(0);
}

void TokenCountLabel::schedule(int delayMs)
{
    // An earlier deadline wins: a key pressed while a reply streams is
    // counted after the short delay, not the long one.
    if (!m_timer.isActive() || m_timer.remainingTime() > delayMs)
        m_timer.start(delayMs);
}

void TokenCountLabel::loadInBackground(Tokenizer::Encoding encoding)
{
    if (m_loader)
        return; // one at a time; the next recount asks again
    m_loadStarted.insert(int(encoding));
    m_loader = QThread::create(
        [tokenizers = m_tokenizers, encoding] { (void)tokenizers->forEncoding(encoding); });
    connect(m_loader, &QThread::finished, this, [this] {
        m_loader->deleteLater();
        m_loader = nullptr;
        recount();
    });
    m_loader->start(QThread::LowPriority);
}

void TokenCountLabel::recount()
{
    if (!m_session || !m_tokenizers) {
        clear();
        m_shown = false;
        return;
    }
    const QString model = m_session->pendingModel();
    const Tokenizer::Encoding encoding = Tokenizer::encodingForModel(model);
    if (!m_tokenizers->isLoaded(encoding)) {
        if (!m_loadStarted.contains(int(encoding)) || m_loader) {
            loadInBackground(encoding);
            setText(tr("Counting tokens…"));
            return;
        }
        // Loaded once and failed: forEncoding below says why.
    }
    auto tokenizer = m_tokenizers->forEncoding(encoding);
    if (!tokenizer) {
        setText(tr("Token count unavailable"));
        setToolTip(tokenizer.error());
        m_shown = false;
        return;
    }
    m_counter.setTokenizer(tokenizer.value());
    const QString draft = m_editor ? m_editor->toPlainText() : QString();
    const QList<ChatRequest::Turn> history = m_session->pendingHistory();
    m_last = m_counter.count(history, draft);
    m_shown = true;
    // Over the model's context: say how much of the history a send leaves
    // out (ChatSession fits the request the same way).
    m_omitted = 0;
    const std::optional<int> budget = m_session->pendingPromptBudget();
    if (budget && m_last.request > *budget) {
        QList<ChatRequest::Turn> turns = history;
        if (!draft.trimmed().isEmpty())
            turns.append({QStringLiteral("user"), draft.trimmed()});
        m_trimCounter.setTokenizer(tokenizer.value());
        m_omitted = ContextTrimmer::fit(turns, m_trimCounter, *budget).omitted;
    }

    const QLocale locale;
    // Other makers' models have their own tokenizers: an OpenAI encoding
    // only estimates them.
    const bool exact = Tokenizer::knownEncodingForModel(model).has_value();
    const QString request = locale.toString(qlonglong(m_last.request));
    setText(exact ? tr("Message: %1 tokens · Request: %2 tokens")
                        .arg(locale.toString(qlonglong(m_last.draft)), request)
                  : tr("Message: ~%1 tokens · Request: ~%2 tokens")
                        .arg(locale.toString(qlonglong(m_last.draft)), request));
    // What the replies so far cost, when the model has a price.
    if (m_costStale) {
        const QString system = !history.isEmpty() && history.first().role == QLatin1String("system")
                                   ? history.first().content
                                   : QString();
        updateCost(tokenizer.value(), system);
    }
    if (m_cost.replies > 0) {
        const int decimals = m_cost.dollars < 0.1 ? 4 : 2;
        const QString dollars = locale.toString(m_cost.dollars, 'f', decimals);
        setText(text() + QStringLiteral(" · ") +
                (m_cost.estimated > 0 ? tr("Chat so far: ~$%1").arg(dollars)
                                      : tr("Chat so far: $%1").arg(dollars)));
    }
    if (m_omitted > 0) {
        setText(text() + QStringLiteral(" · ") +
                tr("%n earlier message(s) will not be sent", nullptr, m_omitted));
    }
    setToolTip(
        exact ? tr("Counted with %1, the tokenizer of %2: the system prompt, the earlier messages "
                   "that will be sent and this message, with the chat format's framing.")
                    .arg(Tokenizer::encodingName(encoding), model)
              : tr("%1 is not an OpenAI model, so this is an estimate made with %2.")
                    .arg(model, Tokenizer::encodingName(encoding)));
    emit counted();
}

void TokenCountLabel::updateCost(const std::shared_ptr<const Tokenizer> &tokenizer,
                                 const QString &systemPrompt)
{
    m_costStale = false;
    m_cost = {};
    const PriceTable *prices = m_session->services().prices;
    if (!prices)
        return;
    // Every message, not only the pages the model holds: a long chat's
    // older replies cost money too.
    m_costCounter.setTokenizer(tokenizer);
    m_cost = ConversationCost::of(m_session->allMessages(), systemPrompt, *prices, m_costCounter);
}
