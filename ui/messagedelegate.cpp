#include "messagedelegate.h"

#include "models/messagelistmodel.h"
#include "store/messagestate.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QTextDocument>

namespace {
constexpr int kMargin = 10;  // around each message
constexpr int kPadding = 12; // inside the bubble
constexpr int kHeaderGap = 4;

QString stateLabel(MessageState state)
{
    switch (state) {
    case MessageState::Streaming:
        return MessageDelegate::tr("Writing…");
    case MessageState::Stopped:
        return MessageDelegate::tr("Stopped");
    case MessageState::Interrupted:
        return MessageDelegate::tr("Interrupted");
    case MessageState::Truncated:
        return MessageDelegate::tr("Cut off at the length limit");
    case MessageState::Failed:
        return MessageDelegate::tr("Failed");
    case MessageState::Filtered:
        return MessageDelegate::tr("Stopped by the content filter");
    case MessageState::Complete:
        break;
    }
    return {};
}
} // namespace

struct MessageDelegate::Layout
{
    QString content;
    int width = 0;
    QTextDocument document;
};

MessageDelegate::MessageDelegate(QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
    , m_cache(400)
{}

MessageDelegate::~MessageDelegate() = default;

int MessageDelegate::contentWidth() const
{
    return qMax(120, m_view->viewport()->width() - 2 * (kMargin + kPadding));
}

MessageDelegate::Layout *MessageDelegate::layoutFor(const QModelIndex &index, int width) const
{
    const qint64 id = index.data(MessageListModel::IdRole).toLongLong();
    const QString content = index.data(MessageListModel::ContentRole).toString();
    Layout *layout = m_cache.object(id);
    if (layout && layout->content == content && layout->width == width)
        return layout;
    if (!layout || layout->content != content) {
        layout = new Layout;
        layout->content = content;
        layout->document.setDocumentMargin(0);
        layout->document.setDefaultFont(m_view->font());
        layout->document.setDefaultStyleSheet(
            QStringLiteral("pre, code { font-family: monospace; } "
                           "pre { background-color: rgba(127,127,127,0.12); } "
                           "table { border-collapse: collapse; } th, td { padding: 2px 6px; }"));
        layout->document.setHtml(m_renderer.toHtml(content));
        m_cache.insert(id, layout);
    }
    layout->width = width;
    layout->document.setTextWidth(width);
    return layout;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int width = contentWidth();
    const Layout *layout = layoutFor(index, width);
    const QFontMetrics fm(option.font);
    int height = kPadding + fm.height() + kHeaderGap + int(layout->document.size().height());
    const auto state = MessageState(index.data(MessageListModel::StateRole).toInt());
    if (state != MessageState::Complete) {
        const QString note = index.data(MessageListModel::ErrorRole).toString();
        const QRect r = fm.boundingRect(QRect(0, 0, width, 10000), Qt::TextWordWrap,
                                        stateLabel(state) + QStringLiteral(" — ") + note);
        height += kHeaderGap + r.height();
    }
    height += kPadding + 2 * kMargin;
    return {width + 2 * (kMargin + kPadding), height};
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = option.palette;
    const bool isUser = index.data(MessageListModel::RoleRole).toString() == QLatin1String("user");
    const QRect bubble = option.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);

    QColor fill = isUser ? pal.color(QPalette::AlternateBase) : pal.color(QPalette::Base);
    if (isUser)
        fill = QColor::fromRgbF(pal.highlight().color().redF(), pal.highlight().color().greenF(),
                                pal.highlight().color().blueF(), 0.12f);
    QPainterPath path;
    path.addRoundedRect(bubble, 8, 8);
    painter->fillPath(path, fill);
    painter->setPen(QPen(pal.color(QPalette::Mid), 0.5));
    painter->drawPath(path);

    // Header: who and when.
    QFont headerFont = option.font;
    headerFont.setBold(true);
    painter->setFont(headerFont);
    painter->setPen(pal.color(QPalette::Text));
    const QFontMetrics fm(option.font);
    const int x = bubble.left() + kPadding;
    int y = bubble.top() + kPadding;
    const QString who = isUser ? tr("You") : tr("Assistant");
    painter->drawText(QPoint(x, y + fm.ascent()), who);
    const QString model = index.data(MessageListModel::ModelRole).toString();
    const QDateTime when = index.data(MessageListModel::CreatedAtRole).toDateTime().toLocalTime();
    QString meta = QLocale().toString(when.time(), QLocale::ShortFormat);
    if (!isUser && !model.isEmpty())
        meta += QStringLiteral(" · ") + model;
    painter->setFont(option.font);
    painter->setPen(pal.color(QPalette::PlaceholderText));
    painter->drawText(
        QPoint(x + QFontMetrics(headerFont).horizontalAdvance(who) + 8, y + fm.ascent()), meta);
    y += fm.height() + kHeaderGap;

    // Body.
    Layout *layout = layoutFor(index, contentWidth());
    painter->translate(x, y);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = pal;
    context.palette.setColor(QPalette::Text, pal.color(QPalette::Text));
    layout->document.documentLayout()->draw(painter, context);
    painter->translate(-x, -y);
    y += int(layout->document.size().height());

    // How it ended, if not normally.
    const auto state = MessageState(index.data(MessageListModel::StateRole).toInt());
    if (state != MessageState::Complete) {
        const QString error = index.data(MessageListModel::ErrorRole).toString();
        QString note = stateLabel(state);
        if (!error.isEmpty())
            note += QStringLiteral(" — ") + error;
        const bool bad = state == MessageState::Failed || state == MessageState::Interrupted;
        painter->setPen(bad ? QColor(0xc0, 0x39, 0x2b) : pal.color(QPalette::PlaceholderText));
        painter->drawText(QRect(x, y + kHeaderGap, contentWidth(), 10000),
                          Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, note);
    }
    painter->restore();
}

void MessageDelegate::invalidate(const QModelIndex &index)
{
    emit sizeHintChanged(index);
}

void MessageDelegate::clearCache()
{
    m_cache.clear();
}
