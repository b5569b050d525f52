#pragma once

#include <QRectF>
#include <QString>

class QPainter;
struct MessageStyle;

// What a code block is drawn in: a rounded background, and a header with the
// language on the left and a Copy button on the right. The block's code is
// drawn on top of it by MessageLayout.
class CodeBlockChrome
{
public:
    explicit CodeBlockChrome(const MessageStyle &style);

    // The Copy button of a code block that fills `block`.
    QRectF copyButtonRect(const QRectF &block) const;
    // The chrome of a code block that fills `rect`. `hovered` highlights the
    // Copy button; `copied` makes it say "Copied".
    void paint(QPainter *painter, const QRectF &rect, const QString &language, bool hovered,
               bool copied) const;

private:
    const MessageStyle &m_style;
};
