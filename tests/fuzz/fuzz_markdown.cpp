// MarkdownRenderer and IncrementalMarkdown on untrusted model output. No raw
// HTML survives: every tag in the output is one cmark writes for Markdown
// (from a fixed list, with its own attributes only), '<' and '>' appear
// nowhere else, and no link keeps a script or file address. The incremental
// path, fed growing prefixes as a stream delivers them, shows what rendering
// each complete-line prefix at once shows, and never changes a block it
// declared stable; also when each update may render only a few characters
// more (setText's maxNew, chosen by the seed): whenever it says it is
// complete, and once further updates have caught up. Input: eight bytes
// seeding the piece sizes, then the text.
#include "fuzzsupport.h"
#include "markdown/incrementalmarkdown.h"
#include "markdown/markdownrenderer.h"

#include <QHash>
#include <QSet>

namespace {

const MarkdownRenderer *g_renderer = nullptr;
constexpr qsizetype kMaxText = 1500;

// The tags cmark-gfm writes for GitHub Markdown (after adaptForQt), with the
// attributes each may carry.
const QHash<QString, QSet<QString>> &allowedTags()
{
    static const QHash<QString, QSet<QString>> tags = [] {
        QHash<QString, QSet<QString>> t;
        for (const char *name : {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li", "blockquote",
                                 "code", "em", "strong", "s", "thead", "tbody", "tr", "br", "hr"})
            t.insert(QLatin1String(name), {});
        t.insert(QStringLiteral("ol"), {QStringLiteral("start")});
        // lang: a fence's language; class="code": highlighted code in a list or quote.
        t.insert(QStringLiteral("pre"), {QStringLiteral("lang"), QStringLiteral("class")});
        t.insert(QStringLiteral("a"), {QStringLiteral("href"), QStringLiteral("title")});
        t.insert(QStringLiteral("th"), {QStringLiteral("align")});
        t.insert(QStringLiteral("td"), {QStringLiteral("align")});
        t.insert(QStringLiteral("span"), {QStringLiteral("class")}); // highlighted code
        t.insert(QStringLiteral("table"), {QStringLiteral("border"), QStringLiteral("cellspacing"),
                                           QStringLiteral("cellpadding")});
        return t;
    }();
    return tags;
}

bool isNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-';
}

QString unescape(QString value)
{
    value.replace(QLatin1String("&quot;"), QLatin1String("\""));
    value.replace(QLatin1String("&lt;"), QLatin1String("<"));
    value.replace(QLatin1String("&gt;"), QLatin1String(">"));
    value.replace(QLatin1String("&amp;"), QLatin1String("&"));
    return value;
}

// cmark's own rule for dangerous URLs (safe mode): no javascript:, vbscript:,
// file:, and data: only for images, which are links here anyway.
bool isDangerousUrl(const QString &url)
{
    const QString u = unescape(url).trimmed().toLower();
    for (const char *scheme : {"javascript:", "vbscript:", "file:"}) {
        if (u.startsWith(QLatin1String(scheme)))
            return true;
    }
    return u.startsWith(QLatin1String("data:")) &&
           !(u.startsWith(QLatin1String("data:image/png")) ||
             u.startsWith(QLatin1String("data:image/gif")) ||
             u.startsWith(QLatin1String("data:image/jpeg")) ||
             u.startsWith(QLatin1String("data:image/webp")));
}

void checkSafeHtml(const QString &html, const QString &markdown, const char *where)
{
    const auto bad = [&](const char *why, qsizetype at) {
        fuzz::fail(why, QStringLiteral("%1, at %2 of the HTML:\n%3\n=== from Markdown ===\n%4")
                            .arg(QLatin1String(where))
                            .arg(at)
                            .arg(fuzz::visible(html.mid(qMax<qsizetype>(0, at - 80), 200)),
                                 fuzz::visible(markdown)));
    };
    qsizetype at = 0;
    while (at < html.size()) {
        const QChar c = html.at(at);
        if (c == u'>')
            bad("'>' outside a tag", at);
        if (c != u'<') {
            ++at;
            continue;
        }
        const qsizetype tagStart = at++;
        if (at < html.size() && html.at(at) == u'/')
            ++at;
        const qsizetype nameStart = at;
        while (at < html.size() && isNameChar(html.at(at)))
            ++at;
        const QString name = html.mid(nameStart, at - nameStart);
        const auto tag = allowedTags().constFind(name);
        if (tag == allowedTags().constEnd())
            bad("a tag Markdown does not make (raw HTML?)", tagStart);
        for (;;) {
            while (at < html.size() && html.at(at) == u' ')
                ++at;
            if (at >= html.size())
                bad("an unterminated tag", tagStart);
            if (html.at(at) == u'>') {
                ++at;
                break;
            }
            if (html.mid(at, 2) == QLatin1String("/>")) {
                at += 2;
                break;
            }
            const qsizetype attrStart = at;
            while (at < html.size() && isNameChar(html.at(at)))
                ++at;
            const QString attr = html.mid(attrStart, at - attrStart);
            if (attr.isEmpty() || html.mid(at, 2) != QLatin1String("=\""))
                bad("a malformed attribute", attrStart);
            if (!tag->contains(attr))
                bad("an attribute Markdown does not make", attrStart);
            at += 2;
            const qsizetype valueEnd = html.indexOf(u'"', at);
            if (valueEnd < 0)
                bad("an unterminated attribute value", attrStart);
            const QString value = html.mid(at, valueEnd - at);
            if (value.contains(u'<') || value.contains(u'>'))
                bad("'<' or '>' in an attribute value", attrStart);
            if (attr == QLatin1String("href") && isDangerousUrl(value))
                bad("a dangerous link address", attrStart);
            at = valueEnd + 1;
        }
    }
}

void checkSafeBlocks(const QList<MarkdownBlock> &blocks, const QString &markdown, const char *where)
{
    for (const MarkdownBlock &b : blocks) {
        if (b.kind == MarkdownBlock::Kind::Text)
            checkSafeHtml(b.html, markdown, where);
        else
            fuzz::check(b.html.isEmpty(), "a code block with HTML",
                        [&] { return fuzz::visible(markdown); });
    }
}

// As in tst_markdownblocks: how text is grouped into blocks may differ
// between the two paths, what they show may not.
QList<MarkdownBlock> normalized(const QList<MarkdownBlock> &blocks)
{
    QList<MarkdownBlock> out;
    for (const MarkdownBlock &b : blocks) {
        if (b.kind == MarkdownBlock::Kind::Text && !out.isEmpty() &&
            out.last().kind == MarkdownBlock::Kind::Text)
            out.last().html += b.html;
        else
            out.append(b);
    }
    return out;
}

QString describe(const QList<MarkdownBlock> &blocks)
{
    QString s;
    for (const MarkdownBlock &b : blocks)
        s += (b.kind == MarkdownBlock::Kind::Code
                  ? QStringLiteral("[code ") + b.language + QStringLiteral("]") + b.code
                  : b.html) +
             QStringLiteral("\n----\n");
    return fuzz::visible(s);
}

void expectWhole(const MarkdownRenderer &renderer, const IncrementalMarkdown &incremental,
                 const QString &prefix, const QString &text)
{
    const QList<MarkdownBlock> expected = normalized(renderer.toBlocks(prefix));
    const QList<MarkdownBlock> actual = normalized(incremental.blocks());
    if (actual != expected)
        fuzz::fail("incremental differs from whole",
                   QStringLiteral("after %1 characters of\n%2\n=== incremental ===\n%3"
                                  "=== whole ===\n%4")
                       .arg(prefix.size())
                       .arg(fuzz::visible(text), describe(actual), describe(expected)));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    g_renderer = new MarkdownRenderer;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    fuzz::Input input(data, size);
    std::uint64_t seed = 0;
    for (int i = 0; i < 8; ++i)
        seed = (seed << 8) | input.byte();
    // Each complete line renders the whole prefix again: longer texts would only slow the
    // search down (a reply is compared at every line in tst_markdownblocks).
    const QString text = QString::fromUtf8(input.rest()).left(kMaxText);
    const MarkdownRenderer &renderer = *g_renderer;

    checkSafeHtml(renderer.toHtml(text), text, "toHtml");
    checkSafeBlocks(renderer.toBlocks(text), text, "toBlocks");

    IncrementalMarkdown incremental(renderer);
    fuzz::Generator generator(seed);
    // 0 (everything at once) for half the inputs, else a budget of 1 to 128 characters.
    const qsizetype maxNew = (seed & 1) ? qsizetype((seed >> 1) % 128) + 1 : 0;
    for (qsizetype at = 0; at < text.size();) {
        at = qMin(text.size(), at + 1 + generator.bounded(24));
        const QString prefix = text.first(at);
        const qsizetype stableBefore = incremental.stableCount();
        const QList<MarkdownBlock> before = incremental.blocks();
        const qsizetype first = incremental.setText(prefix, maxNew);
        // Stable blocks stay, except when a link reference definition arrives: it may change
        // any text before it, so everything is rendered again and nothing is stable any more.
        fuzz::check(first >= qMin(stableBefore, before.size()) || incremental.stableCount() == 0,
                    "setText reports a stable block as changed",
                    [&] { return fuzz::visible(prefix); });
        fuzz::check(first <= incremental.blocks().size(), "setText reports a block past the end",
                    [&] { return fuzz::visible(prefix); });
        for (qsizetype i = 0; i < first && i < before.size(); ++i)
            fuzz::check(incremental.blocks().at(i) == before.at(i),
                        "a block before the first changed one changed",
                        [&] { return fuzz::visible(prefix); });
        // The blocks before `first` were checked when they were made.
        checkSafeBlocks(incremental.blocks().sliced(qMin(first, incremental.blocks().size())),
                        prefix, "incremental");
        // Mid-line, a half-arrived closing fence is hidden on purpose.
        if (prefix.endsWith(u'\n') && incremental.isComplete())
            expectWhole(renderer, incremental, prefix, text);
    }
    // Updates with the same text catch up with it, a budget at a time.
    for (int i = 0; !incremental.isComplete() && i <= text.size(); ++i)
        incremental.setText(text, maxNew);
    fuzz::check(incremental.isComplete(), "further updates never render the whole text",
                [&] { return fuzz::visible(text); });
    if (text.endsWith(u'\n'))
        expectWhole(renderer, incremental, text, text);
    return 0;
}
