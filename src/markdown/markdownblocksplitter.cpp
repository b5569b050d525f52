#include "markdownblocksplitter.h"

namespace {
// Leading spaces, counting a tab as enough to make a line indented.
qsizetype indentOf(QStringView line)
{
    qsizetype i = 0;
    while (i < line.size() && line.at(i) == u' ')
        ++i;
    if (i < line.size() && line.at(i) == u'\t')
        return 4;
    return i;
}

// Only spaces and tabs, as for cmark: a line with a vertical tab, a form feed
// or a no-break space is text, and "~~~\v" closes no fence.
bool isBlank(QStringView line)
{
    for (QChar c : line) {
        if (c != u' ' && c != u'\t')
            return false;
    }
    return true;
}

bool isListMarker(QStringView line)
{
    if (line.isEmpty())
        return false;
    auto endsMarker = [&](qsizetype at) {
        return at >= line.size() || line.at(at) == u' ' || line.at(at) == u'\t';
    };
    const QChar c = line.at(0);
    if (c == u'-' || c == u'+' || c == u'*')
        return endsMarker(1);
    qsizetype i = 0;
    while (i < line.size() && i < 10 && line.at(i).isDigit())
        ++i;
    if (i == 0 || i > 9 || i >= line.size())
        return false;
    return (line.at(i) == u'.' || line.at(i) == u')') && endsMarker(i + 1);
}

bool isLinkReferenceDefinition(QStringView line)
{
    const qsizetype indent = indentOf(line);
    if (indent > 3 || indent >= line.size() || line.at(indent) != u'[')
        return false;
    const qsizetype close = line.indexOf(u"]:", indent + 1);
    return close > indent + 1;
}

// cmark's spacechar inside a line (its line ends, CR and LF, end the line here).
bool isTagSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\v' || c == u'\f';
}

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

// The tag names that start an HTML block of CommonMark type 6 in cmark-gfm 0.29.0.gfm.6 (its
// scanners.re; no "source", which later versions list: see kVersionDependentBlockTag).
constexpr const char16_t *kBlockTagNames[] = {
    u"address", u"article",  u"aside", u"base",     u"basefont", u"blockquote", u"body",
    u"caption", u"center",   u"col",   u"colgroup", u"dd",       u"details",    u"dialog",
    u"dir",     u"div",      u"dl",    u"dt",       u"fieldset", u"figcaption", u"figure",
    u"footer",  u"form",     u"frame", u"frameset", u"h1",       u"h2",         u"h3",
    u"h4",      u"h5",       u"h6",    u"head",     u"header",   u"hr",         u"html",
    u"iframe",  u"legend",   u"li",    u"link",     u"main",     u"menu",       u"menuitem",
    u"nav",     u"noframes", u"ol",    u"optgroup", u"option",   u"p",          u"param",
    u"section", u"summary",  u"table", u"tbody",    u"td",       u"tfoot",      u"th",
    u"thead",   u"title",    u"tr",    u"track",    u"ul"};
constexpr char16_t kVersionDependentBlockTag[] = u"source";

// The block tag name `rest` (a line from its '<') opens or closes, as cmark-gfm reads it:
// '<', an optional '/', the name, then a space, the line's end, '>' or "/>". Empty if none.
QStringView blockTagName(QStringView rest)
{
    qsizetype i = 1;
    if (i < rest.size() && rest.at(i) == u'/')
        ++i;
    qsizetype end = i;
    while (end < rest.size() && (isAsciiLetter(rest.at(end)) || isAsciiDigit(rest.at(end))))
        ++end;
    if (end == i)
        return {};
    if (end < rest.size() && !isTagSpace(rest.at(end)) && rest.at(end) != u'>' &&
        rest.mid(end, 2) != u"/>")
        return {};
    return rest.mid(i, end - i);
}

bool isType6Start(QStringView rest)
{
    const QStringView name = blockTagName(rest);
    if (name.isEmpty())
        return false;
    for (const char16_t *tag : kBlockTagNames) {
        if (name.compare(QStringView(tag), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// CommonMark type 7: a line of one complete open or closing tag (any name), then only
// spaces, tabs or form feeds. This follows cmark-gfm's _scan_html_block_start_7.
bool isType7Start(QStringView rest)
{
    const qsizetype n = rest.size();
    qsizetype i = 1;
    const bool closing = i < n && rest.at(i) == u'/';
    if (closing)
        ++i;
    if (i >= n || !isAsciiLetter(rest.at(i)))
        return false;
    while (i < n && (isAsciiLetter(rest.at(i)) || isAsciiDigit(rest.at(i)) || rest.at(i) == u'-'))
        ++i;
    const auto skipSpaces = [&](qsizetype at) {
        while (at < n && isTagSpace(rest.at(at)))
            ++at;
        return at;
    };
    // Attributes: spaces, a name, optionally '=' and a value (open tags only).
    while (!closing) {
        qsizetype at = skipSpaces(i);
        if (at == i || at >= n)
            break;
        const QChar c = rest.at(at);
        if (!isAsciiLetter(c) && c != u'_' && c != u':')
            break;
        ++at;
        while (at < n && (isAsciiLetter(rest.at(at)) || isAsciiDigit(rest.at(at)) ||
                          QStringView(u":._-").contains(rest.at(at))))
            ++at;
        i = at;
        at = skipSpaces(at);
        if (at >= n || rest.at(at) != u'=')
            continue; // no value: the spaces are the next attribute's, or the tag's end
        at = skipSpaces(at + 1);
        if (at >= n)
            return false;
        if (rest.at(at) == u'"' || rest.at(at) == u'\'') {
            const qsizetype close = rest.indexOf(rest.at(at), at + 1);
            if (close < 0)
                return false;
            i = close + 1;
        } else {
            qsizetype end = at;
            while (end < n && !isTagSpace(rest.at(end)) &&
                   !QStringView(u"\"'=<>`").contains(rest.at(end)))
                ++end;
            if (end == at)
                return false;
            i = end;
        }
    }
    i = skipSpaces(i);
    if (!closing && i < n && rest.at(i) == u'/')
        ++i;
    if (i >= n || rest.at(i) != u'>')
        return false;
    for (++i; i < n; ++i) {
        // No vertical tab here: cmark-gfm allows [\t\f ] after the tag.
        if (rest.at(i) != u' ' && rest.at(i) != u'\t' && rest.at(i) != u'\f')
            return false;
    }
    return true;
}

// An HTML block of type 1 (script, pre, style) ends at a line with any of
// these end tags, not only its own (cmark-gfm 0.29, as CommonMark 0.29 says).
constexpr const char16_t *kType1Ends[] = {u"</script>", u"</pre>", u"</style>"};
const QString kType1End = QStringLiteral("</script>");

// The end marker of an HTML block of CommonMark types 1 to 5 starting on this
// line (those are the ones that may contain blank lines), or an empty string.
QString htmlBlockEnd(QStringView line)
{
    const qsizetype indent = indentOf(line);
    if (indent > 3 || indent >= line.size() || line.at(indent) != u'<')
        return {};
    const QStringView tag = line.mid(indent);
    for (const char16_t *name : {u"script", u"pre", u"style"}) {
        const QStringView n(name);
        if (tag.mid(1).startsWith(n, Qt::CaseInsensitive)) {
            const qsizetype after = 1 + n.size();
            // cmark's spacechar: a no-break space after "<pre" starts no block.
            if (after >= tag.size() || tag.at(after) == u'>' || isTagSpace(tag.at(after)))
                return kType1End;
        }
    }
    if (tag.startsWith(u"<!--"))
        return QStringLiteral("-->");
    if (tag.startsWith(u"<?"))
        return QStringLiteral("?>");
    if (tag.startsWith(u"<![CDATA["))
        return QStringLiteral("]]>");
    // Type 4 starts with "<!" and an upper-case ASCII letter in cmark-gfm 0.29
    // (CommonMark 0.30 allows any ASCII letter: see scanLine for those).
    if (tag.size() > 2 && tag.at(1) == u'!' && tag.at(2) >= u'A' && tag.at(2) <= u'Z')
        return QStringLiteral(">");
    return {};
}
bool endsHtmlBlock(QStringView line, const QString &end)
{
    if (end != kType1End)
        return line.contains(end, Qt::CaseInsensitive);
    for (const char16_t *tag : kType1Ends) {
        if (line.contains(QStringView(tag), Qt::CaseInsensitive))
            return true;
    }
    return false;
}
} // namespace

void MarkdownBlockSplitter::reset()
{
    *this = MarkdownBlockSplitter();
}

void MarkdownBlockSplitter::feed(QStringView text)
{
    while (m_scanned < text.size()) {
        // Lines end at LF, CR LF and also a lone CR, as cmark reads them.
        qsizetype end = m_scanned;
        while (end < text.size() && text.at(end) != u'\n' && text.at(end) != u'\r')
            ++end;
        if (end == text.size())
            return; // the last line is not complete yet
        qsizetype next = end + 1;
        if (text.at(end) == u'\r') {
            if (next == text.size())
                return; // an LF may follow: CR LF is one line ending, not two
            if (text.at(next) == u'\n')
                ++next;
        }
        scanLine(text.mid(m_scanned, end - m_scanned), m_scanned);
        m_scanned = next;
    }
}

void MarkdownBlockSplitter::scanLine(QStringView line, qsizetype offset)
{
    const bool blank = isBlank(line);
    if (m_fenceLength > 0) {
        const qsizetype indent = indentOf(line);
        // An indented fence may be in a list item, which a less indented line ends, and the
        // fence with it (that line may then open a fence of its own); at the top level the
        // same line is code. Lists are not followed here, so from now on nothing is cut.
        if (indent < m_fenceIndent && !blank)
            m_unsplittable = true;
        // A closing fence: the same character, at least as many, nothing else.
        if (indent <= 3) {
            const QStringView rest = line.mid(indent);
            qsizetype n = 0;
            while (n < rest.size() && rest.at(n) == m_fenceChar)
                ++n;
            if (n >= m_fenceLength && isBlank(rest.mid(n)))
                m_fenceLength = 0;
        }
        m_previousBlank = false;
        m_mayContinueParagraph = false;
        return;
    }
    // Inside an HTML block, as inside a fence, a less indented line may end a list item and
    // the block with it (and then open a fence of its own): nothing is cut from there on.
    if (!m_htmlEnd.isEmpty()) {
        if (indentOf(line) < m_htmlIndent && !blank)
            m_unsplittable = true;
        if (endsHtmlBlock(line, m_htmlEnd))
            m_htmlEnd.clear();
        m_previousBlank = false;
        m_mayContinueParagraph = false;
        return;
    }
    if (m_htmlUntilBlank) {
        if (!blank) {
            if (indentOf(line) < m_htmlIndent)
                m_unsplittable = true;
            m_previousBlank = false;
            m_mayContinueParagraph = false;
            return;
        }
        m_htmlUntilBlank = false; // the blank line ends it, and is one
    }
    if (blank)
        m_maybeHtmlUntilBlank = false;

    if (!blank && m_previousBlank && !line.at(0).isSpace() && !isListMarker(line))
        m_boundary = offset;
    if (!blank && isLinkReferenceDefinition(line))
        m_unsplittable = true;

    const qsizetype indent = indentOf(line);
    if (!blank && indent <= 3) {
        const QStringView rest = line.mid(indent);
        const QChar c = rest.at(0);
        if (c == u'`' || c == u'~') {
            qsizetype n = 0;
            while (n < rest.size() && rest.at(n) == c)
                ++n;
            // A backtick fence's info string may not contain backticks.
            if (n >= 3 && (c == u'~' || !rest.mid(n).contains(u'`'))) {
                m_fenceChar = c;
                m_fenceLength = n;
                m_fenceIndent = indent;
            }
        } else if (c == u'<') {
            // cmark-gfm 0.29 (Debian 12) ends a <textarea> block at a blank line, later
            // versions at </textarea>: where it ends depends on the library, so nothing is cut.
            if (rest.mid(1).startsWith(u"textarea", Qt::CaseInsensitive))
                m_unsplittable = true;
            // So does "<!" with a lower-case letter (a declaration since CommonMark 0.30).
            if (rest.size() > 2 && rest.at(1) == u'!' && rest.at(2) >= u'a' && rest.at(2) <= u'z')
                m_unsplittable = true;
            // And <source, a type-6 block tag in later cmark-gfm versions, not in 0.29.
            if (blockTagName(rest).compare(QStringView(kVersionDependentBlockTag),
                                           Qt::CaseInsensitive) == 0)
                m_unsplittable = true;
            m_htmlEnd = htmlBlockEnd(line);
            m_htmlIndent = indent;
            if (!m_htmlEnd.isEmpty()) {
                // It may end on the line it starts.
                if (endsHtmlBlock(line.mid(indent + 2), m_htmlEnd))
                    m_htmlEnd.clear();
            } else if (isType6Start(rest)) {
                // Types 6 (block tags such as <div) and 7 (a line of one complete tag) end at
                // a blank line, not at a tag, and until then a line of backticks in them opens
                // no fence. Type 6 may interrupt a paragraph.
                m_htmlUntilBlank = true;
            } else if (isType7Start(rest)) {
                // Type 7 may not interrupt a paragraph (in cmark-gfm 0.29 one in the container
                // the line continues; later versions neither a lazily continued one). Whether
                // the line before left one open depends on lists and quotes not followed here;
                // after a blank line, a closed fence or HTML block, or at the start, it did not.
                if (m_mayContinueParagraph)
                    m_maybeHtmlUntilBlank = true;
                else
                    m_htmlUntilBlank = true;
            }
        }
    }
    // A maybe-HTML block and a paragraph go on to the same blank line unless, read as a
    // paragraph, a line opens a fence or an HTML block that spans blank lines.
    if (m_maybeHtmlUntilBlank && (m_fenceLength > 0 || !m_htmlEnd.isEmpty()))
        m_unsplittable = true;
    m_previousBlank = blank;
    m_mayContinueParagraph = !blank;
}
