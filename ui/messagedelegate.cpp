#include "messagedelegate.h"

#include "models/messagelistmodel.h"
#include "models/messagewords.h"
#include "store/messagestate.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace {
constexpr int kMarginX = 10; // around each message
constexpr int kMarginY = 5;
constexpr int kPadding = 12; // inside the bubble
constexpr int kHeaderGap = 6;
// The layout cache's budget, in MessageLayout::cost() units (about 64
// characters each): some megabytes of text, far more than a screen shows.
constexpr int kCacheBudget = 40'000;
constexpr int kReasoningIndent = 12; // room for the bar that sets reasoning off

bool isUser(const QModelIndex &index)
{
    return index.data(MessageListModel::RoleRole).toString() == QLatin1String("user");
}

bool isGrowing(const QModelIndex &index)
{
    return MessageState(index.data(MessageListModel::StateRole).toInt()) == MessageState::Streaming;
}
} // namespace

MessageDelegate::MessageDelegate(QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
    , m_style(MessageStyle::create(view->font(), view->palette()))
    , m_layouts(kCacheBudget)
{}

MessageDelegate::~MessageDelegate() = default;

QString MessageDelegate::noteFor(const QModelIndex &index) const
{
    ChatMessage m;
    m.state = MessageState(index.data(MessageListModel::StateRole).toInt());
    m.error = index.data(MessageListModel::ErrorRole).toString();
    m.content = index.data(MessageListModel::ContentRole).toString();
    return MessageWords::note(m, index.data(MessageListModel::TransientStatusRole).toString());
}

int MessageDelegate::bodyWidth() const
{
    return qMax(80, m_view->viewport()->width() - 2 * (kMarginX + kPadding));
}

MessageLayout *MessageDelegate::layout(const QModelIndex &index) const
{
    return layout(index, true);
}

MessageLayout *MessageDelegate::layout(const QModelIndex &index, bool update) const
{
    const qint64 id = index.data(MessageListModel::IdRole).toLongLong();
    const bool oversized = m_oversized && m_oversizedId == id;
    MessageLayout *layout = oversized ? m_oversized.get() : m_layouts.object(id);
    const bool fresh = !layout;
    if (fresh)
        layout = new MessageLayout(m_renderer, m_style);
    // A streaming row takes new text only in advance(), once per frame;
    // painting and measuring use what it has. So does a finished reply whose
    // stream left it behind (it catches up frame by frame, see isPaced()).
    // Anything else is brought up to date here.
    if (update &&
        (fresh || (!m_deferred.contains(id) && !isGrowing(index) && !layout->isPaced()))) {
        const QString content = index.data(MessageListModel::ContentRole).toString();
        if (isUser(index))
            layout->setPlainText(content);
        else
            layout->setMarkdown(content);
        reasoningLayout(index, true);
    }
    const bool tooBig = layout->cost() > kCacheBudget / 2;
    if (fresh || (tooBig && !oversized)) {
        if (!fresh)
            m_layouts.take(id); // ownership moves to m_oversized below
        if (tooBig) {
            m_oversized.reset(layout);
            m_oversizedId = id;
        } else {
            m_layouts.insert(id, layout, layout->cost());
        }
    }
    layout->setWidth(bodyWidth());
    return layout;
}

bool MessageDelegate::advance(const QModelIndex &index)
{
    m_deferred.remove(index.data(MessageListModel::IdRole).toLongLong());
    // Not brought up to date all at once first: the text comes in below, a
    // frame's worth at a time (a whole burst would be one long stall).
    MessageLayout *l = layout(index, false);
    const QString content = index.data(MessageListModel::ContentRole).toString();
    if (isUser(index))
        l->setPlainText(content);
    else if (isGrowing(index))
        l->setMarkdown(content, true);
    else
        l->catchUp(content); // the finished text, a frame's worth at a time
    reasoningLayout(index, true);
    return l->isUpToDate();
}

bool MessageDelegate::isPaced(const QModelIndex &index) const
{
    const qint64 id = index.data(MessageListModel::IdRole).toLongLong();
    const MessageLayout *l =
        m_oversized && m_oversizedId == id ? m_oversized.get() : m_layouts.object(id);
    return l && l->isPaced();
}

QString MessageDelegate::reasoningLabel(const QModelIndex &index) const
{
    const QString reasoning = index.data(MessageListModel::ReasoningRole).toString();
    if (reasoning.isEmpty())
        return {};
    const bool thinking =
        isGrowing(index) && index.data(MessageListModel::ContentRole).toString().isEmpty();
    const QString arrow = isReasoningUnfolded(index.data(MessageListModel::IdRole).toLongLong())
                              ? QStringLiteral("▾ ")
                              : QStringLiteral("▸ ");
    const QString size = QLocale().toString(reasoning.size());
    return arrow + (thinking ? tr("Thinking… (%1 characters)").arg(size)
                             : tr("Reasoning (%1 characters)").arg(size));
}

MessageLayout *MessageDelegate::reasoningLayout(const QModelIndex &index, bool update) const
{
    const qint64 id = index.data(MessageListModel::IdRole).toLongLong();
    if (!m_unfolded.contains(id))
        return nullptr;
    const QString reasoning = index.data(MessageListModel::ReasoningRole).toString();
    if (reasoning.isEmpty())
        return nullptr;
    std::shared_ptr<MessageLayout> &layout = m_reasoning[id];
    // Like the body, it takes new text only when the row is brought up to
    // date (once per frame while streaming), so it always fits the height the
    // row was measured with.
    if (!layout) {
        layout = std::make_shared<MessageLayout>(m_renderer, m_style);
        update = true;
    }
    // Shown as the model wrote it: reasoning is notes, not a document.
    if (update)
        layout->setPlainText(reasoning);
    layout->setWidth(bodyWidth() - kReasoningIndent);
    return layout.get();
}

int MessageDelegate::reasoningHeight(const QModelIndex &index) const
{
    if (index.data(MessageListModel::ReasoningRole).toString().isEmpty())
        return 0;
    int height = QFontMetrics(m_style.font).height() + kHeaderGap;
    if (const MessageLayout *reasoning = reasoningLayout(index))
        height += qCeil(reasoning->height()) + kHeaderGap;
    return height;
}

void MessageDelegate::setReasoningUnfolded(const QModelIndex &index, bool unfolded)
{
    const qint64 id = index.data(MessageListModel::IdRole).toLongLong();
    if (unfolded) {
        m_unfolded.insert(id);
    } else {
        m_unfolded.remove(id);
        m_reasoning.remove(id);
    }
    invalidate(index);
}

int MessageDelegate::heightFor(const QModelIndex &index, MessageLayout *layout) const
{
    const QFontMetrics fm(m_style.font);
    int height = 2 * kMarginY + 2 * kPadding + fm.height() + kHeaderGap;
    height += reasoningHeight(index);
    height += qCeil(layout->height());
    const QString note = noteFor(index);
    if (!note.isEmpty()) {
        const QRect r = fm.boundingRect(QRect(0, 0, bodyWidth(), 100000), Qt::TextWordWrap, note);
        height += (layout->height() > 0 ? kHeaderGap : 0) + r.height();
    }
    return height;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &index) const
{
    const qint64 id = index.data(MessageListModel::IdRole).toLongLong();
    const int width = m_view->viewport()->width();
    const auto cached = m_heights.constFind(id);
    // A deferred row keeps its height until the next frame.
    if (cached != m_heights.cend() && (cached->width == width || m_deferred.contains(id)))
        return {width, cached->height};
    const int height = heightFor(index, layout(index));
    m_heights.insert(id, {width, height});
    return {width, height};
}

MessageDelegate::Geometry MessageDelegate::geometry(const QRect &itemRect,
                                                    const QModelIndex &index) const
{
    Geometry g;
    const QFontMetrics fm(m_style.font);
    g.bubble = itemRect.adjusted(kMarginX, kMarginY, -kMarginX, -kMarginY);
    g.header = QRect(g.bubble.left() + kPadding, g.bubble.top() + kPadding,
                     g.bubble.width() - 2 * kPadding, fm.height());
    const int below = g.header.bottom() + 1 + kHeaderGap;
    if (!index.data(MessageListModel::ReasoningRole).toString().isEmpty()) {
        g.reasoningToggle = QRect(g.header.left(), below,
                                  fm.horizontalAdvance(reasoningLabel(index)) + 8, fm.height());
        g.reasoning = QPointF(g.header.left() + kReasoningIndent,
                              g.reasoningToggle.bottom() + 1 + kHeaderGap);
    }
    g.body = QPointF(g.header.left(), below + reasoningHeight(index));
    const MessageLayout *l = layout(index);
    const int noteTop = int(g.body.y() + qCeil(l->height())) + (l->height() > 0 ? kHeaderGap : 0);
    g.note = QRect(g.header.left(), noteTop, g.header.width(), g.bubble.bottom() - noteTop);
    return g;
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = m_style.palette;
    const qint64 id = index.data(MessageListModel::IdRole).toLongLong();
    const Geometry g = geometry(option.rect, index);

    QPainterPath path;
    path.addRoundedRect(QRectF(g.bubble), 10, 10);
    if (isUser(index))
        painter->fillPath(path, m_style.userBubble);
    if ((option.state & QStyle::State_HasFocus) && m_view->hasFocus()) {
        painter->setPen(QPen(pal.color(QPalette::Highlight), 1.5));
        painter->drawPath(path);
    }

    // Header: who and when.
    QFont headerFont = m_style.font;
    headerFont.setBold(true);
    painter->setFont(headerFont);
    painter->setPen(pal.color(QPalette::Text));
    const QString who = MessageWords::author(
        ChatMessage::roleFromString(index.data(MessageListModel::RoleRole).toString()));
    painter->drawText(g.header, Qt::AlignLeft | Qt::AlignVCenter, who);
    const QString model = index.data(MessageListModel::ModelRole).toString();
    const QDateTime when = index.data(MessageListModel::CreatedAtRole).toDateTime().toLocalTime();
    QString meta = QLocale().toString(when.time(), QLocale::ShortFormat);
    if (!isUser(index) && !model.isEmpty())
        meta += QStringLiteral(" · ") + model;
    if (const QVariant cost = index.data(MessageListModel::CostRole); cost.isValid()) {
        const double dollars = cost.toDouble();
        meta +=
            (index.data(MessageListModel::CostEstimatedRole).toBool() ? QStringLiteral(" · ~$")
                                                                      : QStringLiteral(" · $")) +
            QLocale().toString(dollars, 'f', dollars < 0.1 ? 4 : 2);
    }
    painter->setFont(m_style.font);
    painter->setPen(m_style.muted);
    const int whoWidth = QFontMetrics(headerFont).horizontalAdvance(who) + 8;
    painter->drawText(
        g.header.adjusted(whoWidth, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(m_style.font).elidedText(meta, Qt::ElideRight, g.header.width() - whoWidth));

    // Reasoning: one line, and the text under it when unfolded, muted and
    // set off by a bar so it never reads as part of the answer.
    const QRectF clip = QRectF(option.rect).intersected(QRectF(m_view->viewport()->rect()));
    if (g.reasoningToggle.isValid()) {
        painter->setPen(m_style.muted);
        painter->drawText(g.reasoningToggle, Qt::AlignLeft | Qt::AlignVCenter,
                          reasoningLabel(index));
        if (MessageLayout *reasoning = reasoningLayout(index)) {
            painter->fillRect(QRectF(g.header.left(), g.reasoning.y(), 3, reasoning->height()),
                              m_style.border);
            painter->save();
            painter->setOpacity(0.75);
            painter->translate(g.reasoning);
            reasoning->paint(painter, clip.translated(-g.reasoning), {});
            painter->restore();
        }
    }

    // Body.
    MessageLayout *body = layout(index);
    MessageLayout::PaintOptions options;
    if (m_interaction.selectionMessage == id) {
        options.selectionStart = m_interaction.selectionStart;
        options.selectionEnd = m_interaction.selectionEnd;
        if (options.selectionEnd < options.selectionStart)
            std::swap(options.selectionStart, options.selectionEnd);
    }
    if (m_interaction.hoverMessage == id)
        options.hoveredCopyButton = m_interaction.hoveredCopyButton;
    if (m_interaction.copiedMessage == id)
        options.copiedBlock = m_interaction.copiedBlock;
    painter->translate(g.body);
    body->paint(painter, clip.translated(-g.body), options);
    painter->translate(-g.body);

    // How it ended, if not normally.
    const QString note = noteFor(index);
    if (!note.isEmpty()) {
        const auto state = MessageState(index.data(MessageListModel::StateRole).toInt());
        const bool bad = state == MessageState::Failed || state == MessageState::Interrupted;
        painter->setPen(bad ? (m_style.dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x39, 0x2b))
                            : m_style.muted);
        painter->drawText(g.note, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, note);
    }
    painter->restore();
}

void MessageDelegate::defer(const QModelIndex &index)
{
    m_deferred.insert(index.data(MessageListModel::IdRole).toLongLong(), index);
}

QList<QPersistentModelIndex> MessageDelegate::takeDeferred()
{
    QList<QPersistentModelIndex> rows;
    for (auto it = m_deferred.cbegin(); it != m_deferred.cend(); ++it) {
        m_heights.remove(it.key());
        if (it.value().isValid())
            rows.append(it.value());
    }
    m_deferred.clear();
    return rows;
}

void MessageDelegate::invalidate(const QModelIndex &index)
{
    m_heights.remove(index.data(MessageListModel::IdRole).toLongLong());
    emit sizeHintChanged(index);
}

void MessageDelegate::clearCache()
{
    m_layouts.clear();
    m_reasoning.clear();
    m_oversized.reset();
    m_oversizedId = 0;
    m_heights.clear();
    m_deferred.clear();
}

void MessageDelegate::updateStyle()
{
    // Layouts hold a reference to the style: drop them before it changes.
    clearCache();
    m_style = MessageStyle::create(m_view->font(), m_view->palette());
}
