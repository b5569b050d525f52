#include "messageblock.h"

#include "codehighlighter.h"
#include "htmlappend.h"
#include "messagestyle.h"

#include <QAbstractTextDocumentLayout>
#include <QPainter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>

namespace {
// Blocks are spaced by the layout, not by the documents: without this the
// paragraph margins at the edges of each document would add up between blocks.
void trimOuterMargins(QTextDocument *document)
{
    QTextCursor cursor(document);
    cursor.movePosition(QTextCursor::Start);
    QTextBlockFormat first = cursor.blockFormat();
    if (first.topMargin() != 0 && !cursor.currentTable()) {
        first.setTopMargin(0);
        cursor.setBlockFormat(first);
    }
    cursor.movePosition(QTextCursor::End);
    QTextBlockFormat last = cursor.blockFormat();
    if (last.bottomMargin() != 0 && !cursor.currentTable()) {
        last.setBottomMargin(0);
        cursor.setBlockFormat(last);
    }
}
// Qt throws a line's shaped glyphs away once it is laid out, and shapes the
// text again each time it is painted: every frame of a stream repainted the
// whole visible reply from scratch. Keeping them costs a few dozen bytes per
// character, so only a message that is streaming keeps them (appends happen
// only then; see createDocument's keepGlyphs).
void keepShapedGlyphs(QTextBlock block)
{
    for (; block.isValid(); block = block.next())
        block.layout()->setCacheEnabled(true);
}
} // namespace

MessageBlock::MessageBlock() = default;

MessageBlock::~MessageBlock() = default;

void MessageBlock::createDocument(const MessageStyle &style, bool plain, bool keepGlyphs)
{
    auto doc = std::make_unique<QTextDocument>();
    doc->setDocumentMargin(0);
    doc->setUndoRedoEnabled(false);
    QTextOption option = doc->defaultTextOption();
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    doc->setDefaultTextOption(option);
    if (isCode()) {
        doc->setDefaultFont(style.monoFont);
        doc->setPlainText(source.code);
        CodeHighlighter(source.language).highlightAll(doc.get(), style);
    } else if (plain) {
        doc->setDefaultFont(style.font);
        doc->setPlainText(source.html); // plain text, see MessageLayout::setPlainText()
    } else {
        doc->setDefaultFont(style.font);
        // Without the line break cmark ends a block with, which the importer
        // would keep as a trailing space, and text appended later would
        // follow that space.
        doc->setHtml(style.styled(source.html.trimmed()));
        trimOuterMargins(doc.get());
    }
    if (keepGlyphs)
        keepShapedGlyphs(doc->firstBlock());
    document = std::move(doc);
}

void MessageBlock::appendCode(const QString &code, const MessageStyle &style)
{
    const int oldEnd = document->characterCount() - 1;
    QTextCursor cursor(document.get());
    // One layout pass, not two: inside an edit block the insertion is laid
    // out only when the highlighter marks the new lines dirty, and the cursor
    // does not measure where it stands after each step.
    cursor.beginEditBlock();
    cursor.setPosition(oldEnd);
    cursor.insertText(code.mid(source.code.size()));
    source.code = code;
    keepShapedGlyphs(document->findBlock(qMax(0, oldEnd)));
    CodeHighlighter(source.language).highlightFrom(document->findBlock(qMax(0, oldEnd)), style);
    cursor.endEditBlock();
}

bool MessageBlock::appendText(const QString &html, const MessageStyle &style)
{
    const HtmlAppend a = HtmlAppend::find(source.html, html);
    if (!a.isValid())
        return false;
    const int endPosition = document->characterCount() - 1;
    const bool afterSpace = document->characterAt(endPosition - 1).isSpace();
    // HTML collapses a space after a space; so must we.
    if (!a.text().isNull() && a.text().startsWith(QLatin1Char(' ')) && afterSpace)
        return false;
    QTextCursor cursor(document.get());
    // Inside an edit block the cursor does not measure where it stands after
    // each step (which shapes the whole line again): the paragraph is laid
    // out once, at the end.
    cursor.beginEditBlock();
    cursor.setPosition(endPosition);
    if (!a.text().isNull()) {
        cursor.insertText(a.text());
    } else {
        // Leading white space would be dropped at the start of a fragment.
        QString fragment = a.html();
        if (!fragment.isEmpty() && fragment.at(0).isSpace()) {
            if (!afterSpace)
                cursor.insertText(QStringLiteral(" "));
            fragment = fragment.trimmed();
        }
        cursor.insertHtml(style.styled(fragment));
    }
    keepShapedGlyphs(document->findBlock(endPosition));
    cursor.endEditBlock();
    source.html = html;
    return true;
}

void MessageBlock::draw(QPainter *painter, const QPointF &origin, const QRectF &clip,
                        const QPalette &palette, std::optional<std::pair<int, int>> selection) const
{
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = palette;
    context.clip = clip.translated(-origin);
    if (selection) {
        const int last = document->characterCount() - 1;
        QTextCursor cursor(document.get());
        cursor.setPosition(qBound(0, selection->first, last));
        cursor.setPosition(qBound(0, selection->second, last), QTextCursor::KeepAnchor);
        QAbstractTextDocumentLayout::Selection s;
        s.cursor = cursor;
        s.format.setBackground(palette.brush(QPalette::Highlight));
        s.format.setForeground(palette.brush(QPalette::HighlightedText));
        context.selections.append(s);
    }
    painter->save();
    painter->translate(origin);
    document->documentLayout()->draw(painter, context);
    painter->restore();
}
