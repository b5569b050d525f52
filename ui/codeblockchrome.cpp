#include "codeblockchrome.h"

#include "messagestyle.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

namespace {
// In the "MessageLayout" context, where the translations already are.
QString copyLabel()
{
    return QCoreApplication::translate("MessageLayout", "Copy code");
}
QString copiedLabel()
{
    return QCoreApplication::translate("MessageLayout", "Copied");
}
} // namespace

CodeBlockChrome::CodeBlockChrome(const MessageStyle &style)
    : m_style(style)
{}

QRectF CodeBlockChrome::copyButtonRect(const QRectF &block) const
{
    const QFontMetricsF fm(m_style.font);
    const qreal w =
        qMax(fm.horizontalAdvance(copyLabel()), fm.horizontalAdvance(copiedLabel())) + fm.height();
    const qreal h = m_style.codeHeaderHeight - 6;
    return {block.right() - w - 3, block.top() + 3, w, h};
}

void CodeBlockChrome::paint(QPainter *painter, const QRectF &rect, const QString &language,
                            bool hovered, bool copied) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(rect, 6, 6);
    painter->fillPath(path, m_style.codeBackground);
    // The header: language on the left, Copy on the right.
    QPainterPath header;
    header.addRoundedRect(QRectF(rect.left(), rect.top(), rect.width(), m_style.codeHeaderHeight),
                          6, 6);
    painter->setClipRect(QRectF(rect.left(), rect.top(), rect.width(), m_style.codeHeaderHeight));
    painter->fillPath(header, m_style.codeHeader);
    painter->setClipping(false);
    painter->setPen(m_style.muted);
    painter->setFont(m_style.font);
    const QRectF labelRect(rect.left() + m_style.codePadding, rect.top(), rect.width() / 2,
                           m_style.codeHeaderHeight);
    painter->drawText(labelRect, Qt::AlignVCenter | Qt::AlignLeft,
                      language.isEmpty() ? QCoreApplication::translate("MessageLayout", "code")
                                         : language);
    const QRectF button = copyButtonRect(rect);
    if (hovered) {
        QPainterPath hover;
        hover.addRoundedRect(button, 4, 4);
        painter->fillPath(hover, m_style.border);
    }
    painter->setPen(m_style.palette.color(QPalette::Text));
    painter->drawText(button, Qt::AlignCenter, copied ? copiedLabel() : copyLabel());
    painter->restore();
}
