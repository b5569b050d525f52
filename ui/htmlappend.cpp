#include "htmlappend.h"

#include <QList>
#include <QStringView>

#include <utility>

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

HtmlAppend HtmlAppend::find(const QString &oldHtml, const QString &newHtml)
{
    HtmlAppend a;
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
        a.m_html = inserted.toString();
        return a;
    }
    if (inserted.contains(u'\n') || inserted.contains(u"  "))
        return a;
    a.m_text = unescaped(inserted);
    return a;
}
