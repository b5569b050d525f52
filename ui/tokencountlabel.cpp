#include "tokencountlabel.h"

#include "catalogue/modelcatalogue.h"
#include "models/messagelistmodel.h"
#include "request/requestplan.h"
#include "session/chatsession.h"
#include "tokenizer/tokenizers.h"

#include <QLocale>
#include <QPlainTextEdit>
#include <QThread>

TokenCountLabel::TokenCountLabel(Tokenizers &tokenizers, ModelCatalogue &catalogue, QWidget *parent)
    : QLabel(parent)
    , m_tokenizers(tokenizers)
{
    setTextFormat(Qt::PlainText);
    setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // No fixed accessible name: a screen reader hears the counts themselves
    // (the label's text); the description says what they are.
    setAccessibleDescription(tr("Token count"));
    // Prices or limits edited in any window: counted and priced again here.
    connect(&catalogue, &ModelCatalogue::changed, this, &TokenCountLabel::refresh);
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
    if (session) {
        // The history changed (a reply grew, ended, messages went) or the
        // conversation's model or prompt did: counted again, a little later
        // than a key press, since a streaming reply changes it many times a
        // second.
        const auto later = [this] {
            schedule(kHistoryDelayMs);
        };
        MessageListModel *model = session->model();
        m_sessionConnections << connect(model, &QAbstractItemModel::rowsInserted, this, later)
                             << connect(model, &QAbstractItemModel::rowsRemoved, this, later)
                             << connect(model, &QAbstractItemModel::modelReset, this, later)
                             << connect(model, &QAbstractItemModel::dataChanged, this, later)
                             << connect(session, &ChatSession::conversationChanged, this, later)
                             << connect(session, &ChatSession::streamingChanged, this, later);
    }
    schedule(0);
}

void TokenCountLabel::refresh()
{
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
        [tokenizers = &m_tokenizers, encoding] { (void)tokenizers->forEncoding(encoding); });
    connect(m_loader, &QThread::finished, this, [this] {
        m_loader->deleteLater();
        m_loader = nullptr;
        recount();
    });
    m_loader->start(QThread::LowPriority);
}

void TokenCountLabel::recount()
{
    if (!m_session) {
        clear();
        m_shown = false;
        return;
    }
    const QString model = m_session->pendingModel();
    const Tokenizer::Encoding encoding = Tokenizer::encodingForModel(model);
    if (!m_tokenizers.isLoaded(encoding)) {
        if (!m_loadStarted.contains(int(encoding)) || m_loader) {
            loadInBackground(encoding);
            setText(tr("Counting tokens…"));
            return;
        }
        // Loaded once and failed: forEncoding below says why.
    }
    auto tokenizer = m_tokenizers.forEncoding(encoding);
    if (!tokenizer) {
        setText(tr("Token count unavailable"));
        setToolTip(tokenizer.error());
        m_shown = false;
        return;
    }
    m_counter.setTokenizer(tokenizer.value());
    const QString draft = m_editor ? m_editor->toPlainText() : QString();
    // The request a send would make, as the session will make it.
    const RequestPlan plan = m_session->planFor(draft, &m_counter);
    m_last = {plan.draftTokens, plan.requestTokens};
    m_shown = true;
    m_omitted = plan.omitted;

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
    m_cost = m_session->cost(&m_counter); // the texts the plan counted are counted once
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
