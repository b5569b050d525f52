#pragma once

#include "markdown/codetokenizer.h"

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QString>
#include <QTextCharFormat>

#include <utility>

#include <array>

// How messages look, derived from the widget's font and the system palette,
// so light and dark themes and the user's font size are followed. Rebuilt when
// either changes; every cached layout is then thrown away.
struct MessageStyle
{
    QFont font;
    QFont monoFont;
    QPalette palette;
    bool dark = false;
    QColor codeBackground;
    QColor codeHeader;
    QColor border;
    QColor muted;
    QColor userBubble;
    std::array<QTextCharFormat, 5> tokenFormats; // indexed by CodeTokenizer::Kind
    // Element -> attributes added to it, e.g. "<code" -> " style=\"...\"".
    QList<std::pair<QString, QString>> htmlAttributes;
    qreal blockGap = 8; // between two blocks of a message
    qreal codePadding = 8;
    qreal codeHeaderHeight = 24;

    static MessageStyle create(const QFont &font, const QPalette &palette);
    // The renderer's HTML with this style's colours and sizes written into
    // its elements. (A default style sheet would do the same, but Qt matches
    // it against every element of every document, which made building a
    // document several times slower.)
    QString styled(const QString &html) const;
    const QTextCharFormat &format(CodeTokenizer::Kind kind) const
    {
        return tokenFormats[size_t(kind)];
    }
};
