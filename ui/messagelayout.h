#pragma once

#include "codeblockchrome.h"
#include "markdown/incrementalmarkdown.h"

#include <QPointF>
#include <QRectF>
#include <QString>

#include <memory>
#include <vector>

class MarkdownRenderer;
class QPainter;
struct MessageBlock;
struct MessageStyle;

// The laid-out body of one message: its Markdown cut into blocks (runs of
// text, and code blocks with a header and a Copy button), each block with its
// own QTextDocument. When the text grows, only the blocks that changed are
// rendered and laid out again (usually the last one), and a growing code
// block is appended to rather than rebuilt. Coordinates are relative to the
// top-left corner of the body.
class MessageLayout
{
public:
    // A place in the text: a block and a character position in its document.
    struct Position
    {
        int block = -1;
        int offset = 0;
        bool isValid() const { return block >= 0; }
        bool operator==(const Position &) const = default;
        bool operator<(const Position &o) const
        {
            return block != o.block ? block < o.block : offset < o.offset;
        }
    };
    struct Hit
    {
        Position position;   // nearest text position
        QString anchor;      // the link under the point, if any
        int copyButton = -1; // the code block whose Copy button is under the point
        bool overText = false;
    };
    struct PaintOptions
    {
        Position selectionStart;
        Position selectionEnd;
        int hoveredCopyButton = -1;
        int copiedBlock = -1; // shows "Copied" on that block's button
    };

    MessageLayout(const MarkdownRenderer &renderer, const MessageStyle &style);
    ~MessageLayout();
    MessageLayout(const MessageLayout &) = delete;
    MessageLayout &operator=(const MessageLayout &) = delete;

    // Markdown (assistant replies). Incremental when the text only grew.
    // Each call with `growing` set counts as one frame of a stream: an update
    // that would cost more than a frame's budget may be held back for a few
    // frames (see isUpToDate()). Without it, everything is applied at once.
    void setMarkdown(const QString &markdown, bool growing = false);
    // One frame of a finished text that a stream left behind: as setMarkdown
    // without `growing` (nothing waits for more text), but at most
    // kCatchUpBudget of work; isUpToDate() says whether more frames are needed.
    void catchUp(const QString &markdown);
    // False while an update is held back; the next setMarkdown catches up.
    bool isUpToDate() const;
    // Whether the text is being brought in frame by frame: the last update was
    // a frame of a stream, or a catchUp() that did not finish. Such a layout
    // is brought up to date only by further frames, never all at once.
    bool isPaced() const { return m_paced; }
    // Rebuild budget per update, in characters of HTML (tables count four
    // times): about a tenth of a millisecond of layout work.
    static constexpr qsizetype kFrameBudget = 150;
    // The most updates in a row a growing block waits: at one update per
    // 16 ms frame, it is redrawn at least every 80 ms.
    static constexpr qsizetype kMaxHeldFrames = 4;
    // The most work one frame of a stream (or of catchUp) does, in the same
    // units: a few milliseconds of layout. Text that arrived faster than a
    // frame lays it out (a burst after the GUI was busy, a fast local model)
    // is shown over the next frames instead of in one long stall; a single
    // block larger than this is still laid out in one frame.
    static constexpr qsizetype kCatchUpBudget = 12'000;
    // And at most this long, in milliseconds, whatever the characters say
    // (a busy machine lays out more slowly).
    static constexpr qint64 kFrameTimeBudgetMs = 6;
    // The most new Markdown one such frame parses, in characters (about a
    // millisecond of cmark): the rest waits for the next frames.
    static constexpr qsizetype kCatchUpMarkdown = 32'000;
    // Shown exactly as typed (the user's own messages).
    void setPlainText(const QString &text);
    void setWidth(qreal width);

    const QString &source() const { return m_source; }
    qreal width() const { return m_width; }
    qreal height() const { return m_height; }
    // The width the text needs, up to width(): short messages get small bubbles.
    qreal idealWidth() const;
    // Roughly how much memory this holds, for the cache's budget.
    int cost() const;

    void paint(QPainter *painter, const QRectF &clip, const PaintOptions &options) const;
    Hit hitTest(const QPointF &point) const;

    int blockCount() const { return int(m_blocks.size()); }
    bool isCode(int block) const;
    QString code(int block) const;
    QString language(int block) const;
    QRectF blockRect(int block) const;
    QRectF copyButtonRect(int block) const;
    // The code block at a point (on its header or its text), or -1.
    int codeBlockAt(const QPointF &point) const;

    Position start() const { return {0, 0}; }
    Position end() const;
    // The text between two positions, in order, as plain text.
    QString textBetween(Position a, Position b) const;
    // The word around a position (double click).
    std::pair<Position, Position> wordAt(Position p) const;
    // The paragraph around a position (triple click).
    std::pair<Position, Position> paragraphAt(Position p) const;

private:
    void update(const QString &markdown, bool growing, bool budgeted);
    // Rebuilds blocks [first, end); with `budgeted`, stops once a frame's
    // time is spent. Returns where it stopped.
    qsizetype rebuildRange(qsizetype first, qsizetype end, bool budgeted = false);
    qsizetype rebuildCost(qsizetype first, qsizetype end) const;
    void relayoutFrom(size_t first);
    QPointF documentOrigin(const MessageBlock &block) const;

    const MarkdownRenderer &m_renderer;
    const MessageStyle &m_style;
    CodeBlockChrome m_codeChrome;
    IncrementalMarkdown m_markdown;
    QString m_source;
    bool m_plain = false;
    qsizetype m_dirtyFrom = 0; // blocks from here differ from what is laid out
    qsizetype m_skippedUpdates = 0;
    bool m_growing = false; // the last setMarkdown was a frame of a stream
    bool m_paced = false;   // see isPaced()
    std::vector<std::unique_ptr<MessageBlock>> m_blocks;
    qreal m_width = 0;
    qreal m_height = 0;
};
