#pragma once

#include "markdown/markdownblock.h"

#include <QtGlobal>

#include <memory>
#include <optional>
#include <utility>

class QPainter;
class QPalette;
class QPointF;
class QRectF;
class QTextDocument;
struct MessageStyle;

// One block of a message's body (a run of text, or a code block) with the
// QTextDocument that shows it, and where MessageLayout placed it. When a
// stream makes the block grow at its end, the new text is added to the
// document in place instead of building it again.
struct MessageBlock
{
    MarkdownBlock source;
    std::unique_ptr<QTextDocument> document;
    qreal top = 0;
    qreal height = 0;

    MessageBlock();
    ~MessageBlock();

    bool isCode() const { return source.kind == MarkdownBlock::Kind::Code; }

    // Builds the document from `source` afresh. With `plain`, source.html is
    // plain text, shown as typed. `keepGlyphs` while the message streams: it
    // is painted every frame, and shaping its text again each time costs more
    // than keeping the shapes.
    void createDocument(const MessageStyle &style, bool plain, bool keepGlyphs = false);
    // A code block that grew at its end: only the new text is added.
    void appendCode(const QString &code, const MessageStyle &style);
    // A text block whose new HTML only adds to its last paragraph: the
    // addition is inserted in place. False (and nothing changed) otherwise.
    bool appendText(const QString &html, const MessageStyle &style);

    // Draws the document with its top-left corner at `origin`; the characters
    // between the two offsets of `selection` are shown selected.
    void draw(QPainter *painter, const QPointF &origin, const QRectF &clip, const QPalette &palette,
              std::optional<std::pair<int, int>> selection) const;
};
