#include "messagelayout.h"

#include "htmlappend.h"
#include "markdown/markdownrenderer.h"
#include "messageblock.h"
#include "messagestyle.h"

#include <QAbstractTextDocumentLayout>
#include <QElapsedTimer>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextDocumentFragment>

#include <limits>

MessageLayout::MessageLayout(const MarkdownRenderer &renderer, const MessageStyle &style)
    : m_renderer(renderer)
    , m_style(style)
    , m_codeChrome(style)
    , m_markdown(renderer)
{}

MessageLayout::~MessageLayout() = default;

qsizetype MessageLayout::rebuildCost(qsizetype first, qsizetype end) const
{
    // In characters of work: what must be parsed and laid out again.
    const QList<MarkdownBlock> &blocks = m_markdown.blocks();
    qsizetype cost = 0;
    for (qsizetype i = first; i < end; ++i) {
        const MarkdownBlock &source = blocks.at(i);
        if (size_t(i) < m_blocks.size()) {
            const MarkdownBlock &old = m_blocks[size_t(i)]->source;
            if (old == source)
                continue;
            if (old.kind == MarkdownBlock::Kind::Code && source.kind == old.kind &&
                old.language == source.language && source.code.startsWith(old.code)) {
                // Only the new lines are laid out, but each append also
                // colours them and costs a layout pass of its own.
                cost += 2 * (source.code.size() - old.code.size());
                continue;
            }
            // An append parses nothing, but lays out the whole paragraph again.
            if (old.kind == MarkdownBlock::Kind::Text && source.kind == old.kind &&
                HtmlAppend::find(old.html, source.html).isValid()) {
                cost += source.html.size();
                continue;
            }
        }
        if (source.kind == MarkdownBlock::Kind::Code)
            cost += source.code.size();
        else // tables take several times longer to lay out than text
            cost += source.html.size() * (source.html.contains(u"<table") ? 4 : 1);
    }
    return cost;
}

void MessageLayout::setMarkdown(const QString &markdown, bool growing)
{
    update(markdown, growing, growing);
}

void MessageLayout::catchUp(const QString &markdown)
{
    update(markdown, false, true);
}

void MessageLayout::update(const QString &markdown, bool growing, bool budgeted)
{
    if (m_plain) {
        m_blocks.clear();
        m_plain = false;
        m_source.clear();
        m_dirtyFrom = 0;
        m_markdown.setText(QString());
    }
    m_growing = growing;
    if (markdown != m_source || m_blocks.empty() || !m_markdown.isComplete()) {
        m_source = markdown;
        m_dirtyFrom =
            qMin(m_dirtyFrom, m_markdown.setText(markdown, budgeted ? kCatchUpMarkdown : 0));
    }
    m_paced = growing;
    if (isUpToDate())
        return;
    const qsizetype count = m_markdown.blocks().size();
    const qsizetype first = qMin(m_dirtyFrom, count);
    qsizetype end = count;
    // A frame does at most kCatchUpBudget of work: what is left waits for the
    // next frames (and blocks after it keep showing what they showed).
    qsizetype lastCost = -1; // the last block's, once known
    if (budgeted) {
        qsizetype spent = 0;
        for (end = first; end < count && spent < kCatchUpBudget; ++end) {
            const qsizetype cost = rebuildCost(end, end + 1);
            spent += cost;
            if (end == count - 1)
                lastCost = cost;
        }
    }
    // While a reply grows, its last block (the one still growing: a long
    // table, a long paragraph) is not rebuilt on every update when that costs
    // more than a frame's budget: it waits as many updates as it is over
    // budget (at most kMaxHeldFrames, so it never looks stuck), so a stream
    // costs about the same whatever it contains. Blocks before it are
    // complete and are shown as soon as the budget allows, as is the finished
    // text.
    if (growing && count > 0 && end == count && m_dirtyFrom < count) {
        const qsizetype cost = lastCost >= 0 ? lastCost : rebuildCost(count - 1, count);
        if (cost > kFrameBudget && m_skippedUpdates * kFrameBudget < cost &&
            m_skippedUpdates < kMaxHeldFrames) {
            ++m_skippedUpdates;
            end = count - 1;
        } else {
            m_skippedUpdates = 0;
        }
    } else if (end == count) {
        m_skippedUpdates = 0;
    }
    end = rebuildRange(first, end, budgeted);
    m_dirtyFrom = end == count ? std::numeric_limits<qsizetype>::max() : end;
    if (budgeted && !growing)
        m_paced = !isUpToDate();
}

bool MessageLayout::isUpToDate() const
{
    return m_plain || (m_markdown.isComplete() && m_dirtyFrom >= m_markdown.blocks().size() &&
                       m_blocks.size() == size_t(m_markdown.blocks().size()));
}

void MessageLayout::setPlainText(const QString &text)
{
    if (m_plain && text == m_source && !m_blocks.empty())
        return;
    m_plain = true;
    m_paced = false;
    m_source = text;
    m_blocks.clear();
    auto block = std::make_unique<MessageBlock>();
    block->source.html = text; // the plain text itself; createDocument knows
    block->createDocument(m_style, m_plain);
    if (m_width > 0)
        block->document->setTextWidth(m_width);
    m_blocks.push_back(std::move(block));
    relayoutFrom(0);
}

qsizetype MessageLayout::rebuildRange(qsizetype first, qsizetype end, bool budgeted)
{
    const QList<MarkdownBlock> &blocks = m_markdown.blocks();
    QElapsedTimer clock;
    clock.start();
    for (qsizetype i = first; i < end; ++i) {
        // The character budget guesses the time; on a busy machine the
        // clock has the last word.
        if (budgeted && i > first && clock.elapsed() >= kFrameTimeBudgetMs) {
            end = i;
            break;
        }
        const MarkdownBlock &source = blocks.at(i);
        if (size_t(i) < m_blocks.size()) {
            MessageBlock &old = *m_blocks[size_t(i)];
            if (old.source == source)
                continue;
            // A code block that grew at its end: add the new text only.
            if (old.isCode() && source.kind == MarkdownBlock::Kind::Code &&
                old.source.language == source.language && source.code.startsWith(old.source.code)) {
                old.appendCode(source.code, m_style);
                continue;
            }
            if (old.source.kind == MarkdownBlock::Kind::Text &&
                source.kind == MarkdownBlock::Kind::Text && old.appendText(source.html, m_style))
                continue;
            old.source = source;
            old.createDocument(m_style, m_plain, m_growing);
        } else {
            auto block = std::make_unique<MessageBlock>();
            block->source = source;
            block->createDocument(m_style, m_plain, m_growing);
            m_blocks.push_back(std::move(block));
        }
        MessageBlock &block = *m_blocks[size_t(i)];
        if (m_width > 0) {
            block.document->setTextWidth(block.isCode() ? m_width - 2 * m_style.codePadding
                                                        : m_width);
            if (budgeted)
                block.document->size(); // laid out now, so the clock counts it
        }
    }
    // Blocks that are gone go; a held-back last block keeps its old version.
    const qsizetype keep = end == blocks.size() ? end : qMin<qsizetype>(end + 1, blocks.size());
    if (m_blocks.size() > size_t(keep))
        m_blocks.resize(size_t(keep));
    relayoutFrom(size_t(qMin<qsizetype>(first, qsizetype(m_blocks.size()))));
    return end;
}

void MessageLayout::setWidth(qreal width)
{
    if (qFuzzyCompare(width, m_width))
        return;
    m_width = width;
    for (auto &block : m_blocks)
        block->document->setTextWidth(block->isCode() ? width - 2 * m_style.codePadding : width);
    relayoutFrom(0);
}

void MessageLayout::relayoutFrom(size_t first)
{
    qreal y = 0;
    if (first > 0 && first <= m_blocks.size()) {
        const MessageBlock &previous = *m_blocks[first - 1];
        y = previous.top + previous.height + m_style.blockGap;
    } else {
        first = 0;
    }
    for (size_t i = first; i < m_blocks.size(); ++i) {
        MessageBlock &block = *m_blocks[i];
        block.top = y;
        const qreal documentHeight = block.document->size().height();
        block.height = block.isCode()
                           ? m_style.codeHeaderHeight + documentHeight + 1.5 * m_style.codePadding
                           : documentHeight;
        y += block.height + m_style.blockGap;
    }
    m_height = m_blocks.empty() ? 0 : y - m_style.blockGap;
}

qreal MessageLayout::idealWidth() const
{
    qreal ideal = 0;
    for (const auto &block : m_blocks) {
        ideal = qMax(ideal, block->isCode() ? m_width : block->document->idealWidth());
    }
    return qMin(m_width, ideal);
}

int MessageLayout::cost() const
{
    // Characters are what the documents and their layouts grow with.
    return qMax(1, int(m_source.size() / 64) + int(m_blocks.size()));
}

QPointF MessageLayout::documentOrigin(const MessageBlock &block) const
{
    if (block.isCode())
        return {m_style.codePadding,
                block.top + m_style.codeHeaderHeight + m_style.codePadding / 2};
    return {0, block.top};
}

bool MessageLayout::isCode(int block) const
{
    return block >= 0 && size_t(block) < m_blocks.size() && m_blocks[size_t(block)]->isCode();
}

QString MessageLayout::code(int block) const
{
    return isCode(block) ? m_blocks[size_t(block)]->source.code : QString();
}

QString MessageLayout::language(int block) const
{
    return isCode(block) ? m_blocks[size_t(block)]->source.language : QString();
}

QRectF MessageLayout::blockRect(int block) const
{
    if (block < 0 || size_t(block) >= m_blocks.size())
        return {};
    const MessageBlock &b = *m_blocks[size_t(block)];
    return {0, b.top, m_width, b.height};
}

QRectF MessageLayout::copyButtonRect(int block) const
{
    if (!isCode(block))
        return {};
    return m_codeChrome.copyButtonRect(blockRect(block));
}

int MessageLayout::codeBlockAt(const QPointF &point) const
{
    for (size_t i = 0; i < m_blocks.size(); ++i) {
        if (m_blocks[i]->isCode() && blockRect(int(i)).contains(point))
            return int(i);
    }
    return -1;
}

void MessageLayout::paint(QPainter *painter, const QRectF &clip, const PaintOptions &options) const
{
    for (size_t i = 0; i < m_blocks.size(); ++i) {
        const MessageBlock &block = *m_blocks[i];
        const QRectF rect(0, block.top, m_width, block.height);
        if (rect.bottom() < clip.top())
            continue;
        if (rect.top() > clip.bottom())
            break;
        if (block.isCode())
            m_codeChrome.paint(painter, rect, block.source.language,
                               options.hoveredCopyButton == int(i), options.copiedBlock == int(i));

        std::optional<std::pair<int, int>> selection;
        if (options.selectionStart.isValid() && options.selectionStart.block <= int(i) &&
            int(i) <= options.selectionEnd.block) {
            const int from =
                options.selectionStart.block == int(i) ? options.selectionStart.offset : 0;
            const int to = options.selectionEnd.block == int(i)
                               ? options.selectionEnd.offset
                               : block.document->characterCount() - 1;
            selection = std::make_pair(from, to);
        }
        block.draw(painter, documentOrigin(block), clip, m_style.palette, selection);
    }
}

MessageLayout::Hit MessageLayout::hitTest(const QPointF &point) const
{
    Hit hit;
    if (m_blocks.empty())
        return hit;
    // The block at this height, or the nearest one above it.
    size_t index = 0;
    while (index + 1 < m_blocks.size() && m_blocks[index + 1]->top <= point.y())
        ++index;
    const MessageBlock &block = *m_blocks[index];
    if (block.isCode() && copyButtonRect(int(index)).contains(point))
        hit.copyButton = int(index);
    const QPointF local = point - documentOrigin(block);
    QAbstractTextDocumentLayout *layout = block.document->documentLayout();
    hit.position.block = int(index);
    if (local.y() > block.document->size().height()) {
        hit.position.offset = block.document->characterCount() - 1;
    } else if (local.y() < 0) {
        hit.position.offset = 0;
    } else {
        hit.position.offset = qMax(0, layout->hitTest(local, Qt::FuzzyHit));
        hit.overText = layout->hitTest(local, Qt::ExactHit) >= 0;
        hit.anchor = layout->anchorAt(local);
    }
    return hit;
}

MessageLayout::Position MessageLayout::end() const
{
    if (m_blocks.empty())
        return {0, 0};
    return {int(m_blocks.size()) - 1, m_blocks.back()->document->characterCount() - 1};
}

QString MessageLayout::textBetween(Position a, Position b) const
{
    if (b < a)
        std::swap(a, b);
    if (!a.isValid() || m_blocks.empty())
        return {};
    QStringList parts;
    for (int i = a.block; i <= b.block && size_t(i) < m_blocks.size(); ++i) {
        QTextDocument *document = m_blocks[size_t(i)]->document.get();
        const int last = document->characterCount() - 1;
        QTextCursor cursor(document);
        cursor.setPosition(qBound(0, i == a.block ? a.offset : 0, last));
        cursor.setPosition(qBound(0, i == b.block ? b.offset : last, last),
                           QTextCursor::KeepAnchor);
        parts << cursor.selection().toPlainText();
    }
    return parts.join(QStringLiteral("\n\n"));
}

std::pair<MessageLayout::Position, MessageLayout::Position> MessageLayout::wordAt(Position p) const
{
    if (!p.isValid() || size_t(p.block) >= m_blocks.size())
        return {p, p};
    QTextCursor cursor(m_blocks[size_t(p.block)]->document.get());
    cursor.setPosition(p.offset);
    cursor.select(QTextCursor::WordUnderCursor);
    return {{p.block, cursor.selectionStart()}, {p.block, cursor.selectionEnd()}};
}

std::pair<MessageLayout::Position, MessageLayout::Position>
MessageLayout::paragraphAt(Position p) const
{
    if (!p.isValid() || size_t(p.block) >= m_blocks.size())
        return {p, p};
    QTextCursor cursor(m_blocks[size_t(p.block)]->document.get());
    cursor.setPosition(p.offset);
    cursor.select(QTextCursor::BlockUnderCursor);
    return {{p.block, cursor.selectionStart()}, {p.block, cursor.selectionEnd()}};
}
