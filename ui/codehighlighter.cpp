#include "codehighlighter.h"

#include "messagestyle.h"

#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

CodeHighlighter::CodeHighlighter(const QString &language)
    : m_tokenizer(language)
{}

void CodeHighlighter::highlightFrom(const QTextBlock &from, const MessageStyle &style) const
{
    if (!isActive())
        return;
    const QTextBlock previous = from.previous();
    int state = previous.isValid() ? qMax(0, previous.userState()) : 0;
    for (QTextBlock block = from; block.isValid(); block = block.next()) {
        const QString text = block.text();
        QList<QTextLayout::FormatRange> ranges;
        for (const CodeTokenizer::Token &t : m_tokenizer.tokenizeLine(text, state))
            ranges.append({int(t.start), int(t.length), style.format(t.kind)});
        // Formats that only colour: the layout's line breaks stay valid.
        block.layout()->setFormats(ranges);
        block.setUserState(state);
    }
}

void CodeHighlighter::highlightAll(QTextDocument *document, const MessageStyle &style) const
{
    highlightFrom(document->firstBlock(), style);
}
