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
    qsizetype setText(const QString &text);

    const QList<MarkdownBlock> &blocks() const { return m_blocks; }
    const QString &text() const { return m_text; }
    // Blocks [0, stableCount()) never change while the text only grows.
    qsizetype stableCount() const { return m_stableCount; }

private:
    void reset();

    const MarkdownRenderer &m_renderer;
    MarkdownBlockSplitter m_splitter;
    QString m_text;
    qsizetype m_stableEnd = 0; // m_text[0, m_stableEnd) is in m_blocks[0, m_stableCount)
    qsizetype m_stableCount = 0;
    QList<MarkdownBlock> m_blocks;
};
