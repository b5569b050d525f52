#include "incrementalmarkdown.h"

#include "markdownrenderer.h"

namespace {
// While a fence is open, a last line of only backticks (or tildes) is most
// likely the closing fence still arriving; showing it as code for one frame
// would flicker.
QStringView withoutPartialFence(QStringView tail)
{
    const qsizetype lineStart = tail.lastIndexOf(u'\n') + 1;
    const QStringView last = tail.mid(lineStart).trimmed();
    if (last.isEmpty())
        return tail;
    for (QChar c : last) {
        if (c != u'`' && c != u'~')
            return tail;
    }
    return tail.first(lineStart);
}
} // namespace

IncrementalMarkdown::IncrementalMarkdown(const MarkdownRenderer &renderer)
    : m_renderer(renderer)
{}

void IncrementalMarkdown::reset()
{
    m_splitter.reset();
    m_text.clear();
    m_stableEnd = 0;
    m_stableCount = 0;
    m_renderedEnd = 0;
}

qsizetype IncrementalMarkdown::setText(const QString &text, qsizetype maxNew)
{
    if (!text.startsWith(m_text))
        reset();
    // Stable blocks are the same unless everything was rendered again; only
    // the ones after them are kept to compare (copying all of them would
    // cost as much as the message is long, on every update).
    qsizetype first = m_stableCount;
    const QList<MarkdownBlock> before = m_blocks.sliced(qMin(first, m_blocks.size()));
    const qsizetype beforeOffset = m_blocks.size() - before.size();
    m_text = text;
    // How much of it to show now: all, or about maxNew more, to a line's end.
    qsizetype end = m_text.size();
    if (maxNew > 0 && end - m_renderedEnd > maxNew) {
        const qsizetype lineEnd = m_text.indexOf(u'\n', m_renderedEnd + maxNew);
        if (lineEnd >= 0)
            end = lineEnd + 1;
    }
    m_renderedEnd = end;
    const QStringView shown = QStringView(m_text).first(end);
    m_splitter.feed(shown);

    qsizetype boundary = m_splitter.boundary();
    if (boundary < m_stableEnd) {
        // A link reference definition appeared: nothing may be cut any more.
        m_stableEnd = 0;
        m_stableCount = 0;
        first = 0;
    }
    m_blocks.resize(m_stableCount);
    if (boundary > m_stableEnd) {
        m_blocks += m_renderer.toBlocks(shown.mid(m_stableEnd, boundary - m_stableEnd).toString());
        m_stableCount = m_blocks.size();
        m_stableEnd = boundary;
    }
    QStringView tail = shown.mid(m_stableEnd);
    if (m_splitter.insideFence())
        tail = withoutPartialFence(tail);
    m_blocks += m_renderer.toBlocks(tail.toString());

    if (first < beforeOffset)
        return first; // everything was rendered again: say so, without comparing
    const qsizetype beforeSize = beforeOffset + before.size();
    const qsizetype common = qMin(beforeSize, m_blocks.size());
    while (first < common && before.at(first - beforeOffset) == m_blocks.at(first))
        ++first;
    if (first == common && beforeSize == m_blocks.size())
        return m_blocks.size();
    return first;
}
