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
            if (after >= tag.size() || tag.at(after) == u'>' || tag.at(after).isSpace())
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
    if (m_fenceLength > 0) {
        const qsizetype indent = indentOf(line);
        // An indented fence may be in a list item, which a less indented line ends, and the
        // fence with it (that line may then open a fence of its own); at the top level the
        // same line is code. Lists are not followed here, so from now on nothing is cut.
        if (indent < m_fenceIndent && !isBlank(line))
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
        return;
    }
    if (!m_htmlEnd.isEmpty()) {
        if (endsHtmlBlock(line, m_htmlEnd))
            m_htmlEnd.clear();
        m_previousBlank = false;
        return;
    }

    const bool blank = isBlank(line);
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
            m_htmlEnd = htmlBlockEnd(line);
            // It may end on the line it starts.
            if (!m_htmlEnd.isEmpty() && endsHtmlBlock(line.mid(indent + 2), m_htmlEnd))
                m_htmlEnd.clear();
        }
    }
    m_previousBlank = blank;
}
