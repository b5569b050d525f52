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
    int end = from.position();
    for (QTextBlock block = from; block.isValid(); block = block.next()) {
        const QString text = block.text();
        QList<QTextLayout::FormatRange> ranges;
        for (const CodeTokenizer::Token &t : m_tokenizer.tokenizeLine(text, state))
            ranges.append({int(t.start), int(t.length), style.format(t.kind)});
        block.layout()->setFormats(ranges);
        block.setUserState(state);
        end = block.position() + block.length();
    }
    // New formats drop the lines a block was laid out in; without this the
    // document would keep their height but draw nothing (QSyntaxHighlighter
    // does the same).
    if (QTextDocument *document = const_cast<QTextDocument *>(from.document()))
        document->markContentsDirty(from.position(), end - from.position());
}

void CodeHighlighter::highlightAll(QTextDocument *document, const MessageStyle &style) const
{
    highlightFrom(document->firstBlock(), style);
}
