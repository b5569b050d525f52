#pragma once

#include "markdown/codetokenizer.h"

class QTextBlock;
class QTextDocument;
struct MessageStyle;

// Colours the code in a code block's document. Unlike QSyntaxHighlighter it
// works synchronously and only from a given block on, which is what a code
// block growing at its end needs: the new lines are coloured before they are
// laid out and painted, and the lines above are left alone.
class CodeHighlighter
{
public:
    explicit CodeHighlighter(const QString &language);

    bool isActive() const { return m_tokenizer.knowsLanguage(); }
    // Highlights `from` and every block after it.
    void highlightFrom(const QTextBlock &from, const MessageStyle &style) const;
    void highlightAll(QTextDocument *document, const MessageStyle &style) const;

private:
    CodeTokenizer m_tokenizer;
};
