#pragma once

#include <QString>
#include <QStringView>

// Finds where a growing Markdown text can be cut so that everything before
// the cut renders the same whatever comes after it. A streaming reply then
// only re-parses what follows the last cut: the still-growing block.
//
// A cut goes before a line that starts in column 0 after a blank line, is not
// a list item (that would split one list in two), and is not inside a fenced
// code block or an HTML block that may span blank lines; in an HTML block that
// ends at a blank line (<div ...) a line of backticks opens no fence. Only
// complete lines are looked at, so a half-received line never decides anything.
// A link reference definition ("[x]: url") can change text anywhere before it,
// so once one is seen the text is never cut; nor once a line inside an
// indented fence or HTML block is less indented than its first line (it may
// have ended a list item and the block in it, or not), nor where a line of one
// HTML tag may be a paragraph's or an HTML block's and the two would differ.
class MarkdownBlockSplitter
{
public:
    void reset();
    // `text` must extend the text fed before (or reset() first). Scans only
    // the complete lines not scanned yet.
    void feed(QStringView text);

    // Text before this offset never renders differently again.
    qsizetype boundary() const { return m_unsplittable ? 0 : m_boundary; }
    bool insideFence() const { return m_fenceLength > 0; }

private:
    void scanLine(QStringView line, qsizetype offset);

    qsizetype m_scanned = 0;
    qsizetype m_boundary = 0;
    bool m_previousBlank = false;
    QChar m_fenceChar;
    qsizetype m_fenceLength = 0;         // > 0: inside a fenced code block
    qsizetype m_fenceIndent = 0;         // the spaces before the opening fence
    QString m_htmlEnd;                   // non-empty: inside an HTML block that ends at this
    bool m_htmlUntilBlank = false;       // inside an HTML block that ends at a blank line
    bool m_maybeHtmlUntilBlank = false;  // the same, or a paragraph: cmark knows which
    qsizetype m_htmlIndent = 0;          // the spaces before the HTML block's first line
    bool m_mayContinueParagraph = false; // the line before may have left a paragraph open
    bool m_unsplittable = false;
};
