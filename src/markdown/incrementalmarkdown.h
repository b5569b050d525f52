#pragma once

#include "markdownblock.h"
#include "markdownblocksplitter.h"

#include <QList>
#include <QString>

class MarkdownRenderer;

// The blocks of a message whose text grows at the end, as a streaming reply
// does. Text before the splitter's last cut is rendered once and kept; only
// the tail after it is parsed again on each update. The result is the same as
// rendering the whole text at once (see MarkdownBlockSplitter for why).
class IncrementalMarkdown
{
public:
    explicit IncrementalMarkdown(const MarkdownRenderer &renderer);

    // Brings the blocks up to `text`. When `text` extends the previous text
    // only the tail is rendered again; otherwise everything is. Returns the
    // index of the first block that differs from before (blocks().size()
    // when none does).
    //
    // With `maxNew`, at most about that many characters past what the blocks
    // already show are rendered (up to the end of a line): the blocks then
    // show the start of `text`, as they would have while it streamed, and
    // isComplete() is false until further calls have rendered the rest. A
    // burst of text is so parsed over several frames, not in one.
    qsizetype setText(const QString &text, qsizetype maxNew = 0);

    const QList<MarkdownBlock> &blocks() const { return m_blocks; }
    const QString &text() const { return m_text; }
    // The blocks show all of text() (not only its start; see setText).
    bool isComplete() const { return m_renderedEnd == m_text.size(); }
    // Blocks [0, stableCount()) never change while the text only grows.
    qsizetype stableCount() const { return m_stableCount; }

private:
    void reset();

    const MarkdownRenderer &m_renderer;
    MarkdownBlockSplitter m_splitter;
    QString m_text;
    qsizetype m_stableEnd = 0; // m_text[0, m_stableEnd) is in m_blocks[0, m_stableCount)
    qsizetype m_stableCount = 0;
    qsizetype m_renderedEnd = 0; // the blocks show m_text[0, m_renderedEnd)
    QList<MarkdownBlock> m_blocks;
};
