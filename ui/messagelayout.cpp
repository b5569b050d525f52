#include "messagelayout.h"

#include "codehighlighter.h"
#include "markdown/markdownrenderer.h"
#include "messagestyle.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextFrame>
#include <QTextLayout>

#include <limits>

struct MessageLayout::Block
{
    MarkdownBlock source;
    std::unique_ptr<QTextDocument> document;
    qreal top = 0;
    qreal height = 0;
    bool isCode() const { return source.kind == MarkdownBlock::Kind::Code; }
};

namespace {
QString copyLabel()
{
    return QCoreApplication::translate("MessageLayout", "Copy code");
}
QString copiedLabel()
{
    return QCoreApplication::translate("MessageLayout", "Copied");
}

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
// character, for the messages the delegate's cache holds.
void keepGlyphs(QTextBlock block)
{
    for (; block.isValid(); block = block.next())
        block.layout()->setCacheEnabled(true);
}
} // namespace

MessageLayout::MessageLayout(const MarkdownRenderer &renderer, const MessageStyle &style)
    : m_renderer(renderer)
    , m_style(style)
    , m_markdown(renderer)
{}

MessageLayout::~MessageLayout() = default;

void MessageLayout::createDocument(Block &block) const
{
    auto document = std::make_unique<QTextDocument>();
    document->setDocumentMargin(0);
    document->setUndoRedoEnabled(false);
    QTextOption option = document->defaultTextOption();
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    document->setDefaultTextOption(option);
    if (block.isCode()) {
        document->setDefaultFont(m_style.monoFont);
        document->setPlainText(block.source.code);
        CodeHighlighter(block.source.language).highlightAll(document.get(), m_style);
    } else if (m_plain) {
        document->setDefaultFont(m_style.font);
        document->setPlainText(block.source.html); // plain text, see setPlainText()
    } else {
        document->setDefaultFont(m_style.font);
        // Without the line break cmark ends a block with, which the importer
        // would keep as a trailing space, and text appended later would
        // follow that space.
        document->setHtml(m_style.styled(block.source.html.trimmed()));
        trimOuterMargins(document.get());
    }
    keepGlyphs(document->firstBlock());
    block.document = std::move(document);
}

void MessageLayout::appendCode(Block &block, const QString &code) const
{
    QTextDocument *document = block.document.get();
    const int oldEnd = document->characterCount() - 1;
    QTextCursor cursor(document);
    // One layout pass, not two: inside an edit block the insertion is laid
    // out only when the highlighter marks the new lines dirty, and the cursor
    // does not measure where it stands after each step.
    cursor.beginEditBlock();
    cursor.setPosition(oldEnd);
    cursor.insertText(code.mid(block.source.code.size()));
    block.source.code = code;
    keepGlyphs(document->findBlock(qMax(0, oldEnd)));
    CodeHighlighter(block.source.language)
        .highlightFrom(document->findBlock(qMax(0, oldEnd)), m_style);
    cursor.endEditBlock();
}

namespace {
// Only closing tags and whitespace, as at the end of "<p>text</p>\n".
bool closingTagsOnly(QStringView html)
{
    qsizetype i = 0;
    while (i < html.size()) {
        if (html.at(i).isSpace()) {
            ++i;
            continue;
        }
        if (!html.mid(i).startsWith(u"</"))
            return false;
        const qsizetype close = html.indexOf(u'>', i);
        if (close < 0)
            return false;
        i = close + 1;
    }
    return true;
}

// The text of cmark's escaped HTML text, or a null string if it holds
// anything but the entities cmark writes.
QString unescaped(QStringView html)
{
    static constexpr std::pair<const char16_t *, char16_t> kEntities[] = {
        {u"&amp;", u'&'}, {u"&lt;", u'<'}, {u"&gt;", u'>'}, {u"&quot;", u'"'}, {u"&#39;", u'\''}};
    QString text;
    text.reserve(html.size());
    for (qsizetype i = 0; i < html.size(); ++i) {
        if (html.at(i) != u'&') {
            text += html.at(i);
            continue;
        }
        bool known = false;
        for (const auto &[entity, character] : kEntities) {
            const QStringView e(entity);
            if (html.mid(i).startsWith(e)) {
                text += QChar(character);
                i += e.size() - 1;
                known = true;
                break;
            }
        }
        if (!known)
            return {};
    }
    return text;
}
} // namespace

// Most updates add words at the end of the last paragraph or list item. When
// the new HTML is the old one with something inserted just before its
// closing tags, and that something is text with at most inline markup, it is
// inserted into the document in place: only the last paragraph is laid out
// again. Anything else (a new paragraph, a link that grows, a table) is
// rendered afresh.
MessageLayout::Append MessageLayout::appendable(const QString &oldHtml, const QString &newHtml)
{
    Append a;
    if (newHtml.size() <= oldHtml.size())
        return a;
    qsizetype p = 0;
    while (p < oldHtml.size() && oldHtml.at(p) == newHtml.at(p))
        ++p;
    // Not in the middle of a tag or an entity.
    const qsizetype tagStart = oldHtml.lastIndexOf(u'<', p - 1);
    if (tagStart >= 0 && oldHtml.indexOf(u'>', tagStart) >= p)
        p = tagStart;
    const qsizetype amp = oldHtml.lastIndexOf(u'&', p - 1);
    if (amp >= 0 && p - amp < 10 && oldHtml.indexOf(u';', amp) >= p)
        p = amp;
    if (p <= 0)
        return a;
    const QStringView rest = QStringView(oldHtml).mid(p);
    if (!QStringView(newHtml).endsWith(rest) || !closingTagsOnly(rest) ||
        rest.contains(u"</table>") || rest.contains(u"</pre>"))
        return a;
    const QStringView inserted = QStringView(newHtml).mid(p, newHtml.size() - oldHtml.size());
    // Inline markup only, inside a paragraph, list item or quote (a heading's
    // size lives in its characters' formats, which inserted HTML would lack).
    const bool afterTag = oldHtml.at(p - 1) == u'>';
    if (inserted.contains(u'<') || afterTag) {
        static const QList<QStringView> kInline = {u"strong>", u"em>", u"code>", u"s>",
                                                   u"a href=", u"a>",  u"br />"};
        for (qsizetype i = inserted.indexOf(u'<'); i >= 0; i = inserted.indexOf(u'<', i + 1)) {
            QStringView tag = inserted.mid(i + 1);
            if (tag.startsWith(u'/'))
                tag = tag.mid(1);
            bool known = false;
            for (QStringView allowed : kInline)
                known = known || tag.startsWith(allowed);
            if (!known)
                return a;
        }
        for (QStringView block : {u"</h", u"</td>", u"</th>"}) {
            if (rest.contains(block))
                return a;
        }
        a.html = inserted.toString();
        return a;
    }
    if (inserted.contains(u'\n') || inserted.contains(u"  "))
        return a;
    a.text = unescaped(inserted);
    return a;
}

bool MessageLayout::appendText(Block &block, const QString &html) const
{
    const Append a = appendable(block.source.html, html);
    if (!a.isValid())
        return false;
    QTextDocument *document = block.document.get();
    const int endPosition = document->characterCount() - 1;
    const bool afterSpace = document->characterAt(endPosition - 1).isSpace();
    // HTML collapses a space after a space; so must we.
    if (!a.text.isNull() && a.text.startsWith(QLatin1Char(' ')) && afterSpace)
        return false;
    QTextCursor cursor(document);
    // Inside an edit block the cursor does not measure where it stands after
    // each step (which shapes the whole line again): the paragraph is laid
    // out once, at the end.
    cursor.beginEditBlock();
    cursor.setPosition(endPosition);
    if (!a.text.isNull()) {
        cursor.insertText(a.text);
    } else {
        // Leading white space would be dropped at the start of a fragment.
        QString fragment = a.html;
        if (!fragment.isEmpty() && fragment.at(0).isSpace()) {
            if (!afterSpace)
                cursor.insertText(QStringLiteral(" "));
            fragment = fragment.trimmed();
        }
        cursor.insertHtml(m_style.styled(fragment));
    }
    keepGlyphs(document->findBlock(endPosition));
    cursor.endEditBlock();
    block.source.html = html;
    return true;
}

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
                appendable(old.html, source.html).isValid()) {
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
    if (m_plain) {
        m_blocks.clear();
        m_plain = false;
        m_source.clear();
        m_dirtyFrom = 0;
        m_markdown.setText(QString());
    }
    if (markdown != m_source || m_blocks.empty()) {
        m_source = markdown;
        m_dirtyFrom = qMin(m_dirtyFrom, m_markdown.setText(markdown));
    }
    if (isUpToDate())
        return;
    // While a reply grows, its last block (the one still growing: a long
    // table, a long paragraph) is not rebuilt on every update when that costs
    // more than a frame's budget: it waits as many updates as it is over
    // budget (at most kMaxHeldFrames, so it never looks stuck), so a stream
    // costs about the same whatever it contains. Blocks
    // before it are complete and are shown at once, as is the finished text.
    const qsizetype count = m_markdown.blocks().size();
    qsizetype end = count;
    if (growing && count > 0 && m_dirtyFrom < count) {
        const qsizetype cost = rebuildCost(count - 1, count);
        if (cost > kFrameBudget && m_skippedUpdates * kFrameBudget < cost &&
            m_skippedUpdates < kMaxHeldFrames) {
            ++m_skippedUpdates;
            end = count - 1;
        } else {
            m_skippedUpdates = 0;
        }
    } else {
        m_skippedUpdates = 0;
    }
    const qsizetype first = qMin(m_dirtyFrom, count);
    m_dirtyFrom = end == count ? std::numeric_limits<qsizetype>::max() : end;
    rebuildRange(first, end);
}

bool MessageLayout::isUpToDate() const
{
    return m_plain || (m_dirtyFrom >= m_markdown.blocks().size() &&
                       m_blocks.size() == size_t(m_markdown.blocks().size()));
}

void MessageLayout::setPlainText(const QString &text)
{
    if (m_plain && text == m_source && !m_blocks.empty())
        return;
    m_plain = true;
    m_source = text;
    m_blocks.clear();
    auto block = std::make_unique<Block>();
    block->source.html = text; // the plain text itself; createDocument knows
    createDocument(*block);
    if (m_width > 0)
        block->document->setTextWidth(m_width);
    m_blocks.push_back(std::move(block));
    relayoutFrom(0);
}

void MessageLayout::rebuildRange(qsizetype first, qsizetype end)
{
    const QList<MarkdownBlock> &blocks = m_markdown.blocks();
    for (qsizetype i = first; i < end; ++i) {
        const MarkdownBlock &source = blocks.at(i);
        if (size_t(i) < m_blocks.size()) {
            Block &old = *m_blocks[size_t(i)];
            if (old.source == source)
                continue;
            // A code block that grew at its end: add the new text only.
            if (old.isCode() && source.kind == MarkdownBlock::Kind::Code &&
                old.source.language == source.language && source.code.startsWith(old.source.code)) {
                appendCode(old, source.code);
                continue;
            }
            if (old.source.kind == MarkdownBlock::Kind::Text &&
                source.kind == MarkdownBlock::Kind::Text && appendText(old, source.html))
                continue;
            old.source = source;
            createDocument(old);
        } else {
            auto block = std::make_unique<Block>();
            block->source = source;
            createDocument(*block);
            m_blocks.push_back(std::move(block));
        }
        Block &block = *m_blocks[size_t(i)];
        if (m_width > 0)
            block.document->setTextWidth(block.isCode() ? m_width - 2 * m_style.codePadding
                                                        : m_width);
    }
    // Blocks that are gone go; a held-back last block keeps its old version.
    const qsizetype keep = end == blocks.size() ? end : qMin<qsizetype>(end + 1, blocks.size());
    if (m_blocks.size() > size_t(keep))
        m_blocks.resize(size_t(keep));
    relayoutFrom(size_t(qMin<qsizetype>(first, qsizetype(m_blocks.size()))));
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
        const Block &previous = *m_blocks[first - 1];
        y = previous.top + previous.height + m_style.blockGap;
    } else {
        first = 0;
    }
    for (size_t i = first; i < m_blocks.size(); ++i) {
        Block &block = *m_blocks[i];
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

QPointF MessageLayout::documentOrigin(const Block &block) const
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
    const Block &b = *m_blocks[size_t(block)];
    return {0, b.top, m_width, b.height};
}

QRectF MessageLayout::copyButtonRect(int block) const
{
    if (!isCode(block))
        return {};
    const Block &b = *m_blocks[size_t(block)];
    const QFontMetricsF fm(m_style.font);
    const qreal w =
        qMax(fm.horizontalAdvance(copyLabel()), fm.horizontalAdvance(copiedLabel())) + fm.height();
    const qreal h = m_style.codeHeaderHeight - 6;
    return {m_width - w - 3, b.top + 3, w, h};
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
    const QPalette &palette = m_style.palette;
    for (size_t i = 0; i < m_blocks.size(); ++i) {
        const Block &block = *m_blocks[i];
        const QRectF rect(0, block.top, m_width, block.height);
        if (rect.bottom() < clip.top())
            continue;
        if (rect.top() > clip.bottom())
            break;
        if (block.isCode()) {
            painter->save();
            painter->setRenderHint(QPainter::Antialiasing);
            QPainterPath path;
            path.addRoundedRect(rect, 6, 6);
            painter->fillPath(path, m_style.codeBackground);
            // The header: language on the left, Copy on the right.
            QPainterPath header;
            header.addRoundedRect(
                QRectF(rect.left(), rect.top(), rect.width(), m_style.codeHeaderHeight), 6, 6);
            painter->setClipRect(
                QRectF(rect.left(), rect.top(), rect.width(), m_style.codeHeaderHeight));
            painter->fillPath(header, m_style.codeHeader);
            painter->setClipping(false);
            painter->setPen(m_style.muted);
            painter->setFont(m_style.font);
            const QRectF labelRect(rect.left() + m_style.codePadding, rect.top(), rect.width() / 2,
                                   m_style.codeHeaderHeight);
            painter->drawText(labelRect, Qt::AlignVCenter | Qt::AlignLeft,
                              block.source.language.isEmpty()
                                  ? QCoreApplication::translate("MessageLayout", "code")
                                  : block.source.language);
            const QRectF button = copyButtonRect(int(i));
            if (options.hoveredCopyButton == int(i)) {
                QPainterPath hover;
                hover.addRoundedRect(button, 4, 4);
                painter->fillPath(hover, m_style.border);
            }
            painter->setPen(palette.color(QPalette::Text));
            painter->drawText(button, Qt::AlignCenter,
                              options.copiedBlock == int(i) ? copiedLabel() : copyLabel());
            painter->restore();
        }

        const QPointF origin = documentOrigin(block);
        QAbstractTextDocumentLayout::PaintContext context;
        context.palette = palette;
        context.clip = clip.translated(-origin);
        if (options.selectionStart.isValid() && options.selectionStart.block <= int(i) &&
            int(i) <= options.selectionEnd.block) {
            QTextCursor cursor(block.document.get());
            const int from =
                options.selectionStart.block == int(i) ? options.selectionStart.offset : 0;
            const int to = options.selectionEnd.block == int(i)
                               ? options.selectionEnd.offset
                               : block.document->characterCount() - 1;
            cursor.setPosition(qBound(0, from, block.document->characterCount() - 1));
            cursor.setPosition(qBound(0, to, block.document->characterCount() - 1),
                               QTextCursor::KeepAnchor);
            QAbstractTextDocumentLayout::Selection selection;
            selection.cursor = cursor;
            selection.format.setBackground(palette.brush(QPalette::Highlight));
            selection.format.setForeground(palette.brush(QPalette::HighlightedText));
            context.selections.append(selection);
        }
        painter->save();
        painter->translate(origin);
        block.document->documentLayout()->draw(painter, context);
        painter->restore();
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
    const Block &block = *m_blocks[index];
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
