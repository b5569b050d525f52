#include "markdownrenderer.h"

#include "codetokenizer.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <vector>

namespace {
constexpr const char *kExtensions[] = {"table", "strikethrough", "autolink", "tasklist"};

cmark_node *textNode(const char *literal)
{
    cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(text, literal ? literal : "");
    return text;
}

// Rewrites the tree so the HTML renderer can only produce safe output: raw
// HTML becomes literal text (escaped on output), images become links.
void neutralize(cmark_node *root)
{
    std::vector<cmark_node *> html;
    std::vector<cmark_node *> images;
    cmark_iter *iter = cmark_iter_new(root);
    for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *node = cmark_iter_get_node(iter);
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
            html.push_back(node);
            break;
        case CMARK_NODE_IMAGE:
            images.push_back(node);
            break;
        default:
            break;
        }
    }
    cmark_iter_free(iter);

    for (cmark_node *node : html) {
        const char *literal = cmark_node_get_literal(node);
        if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
            cmark_node *block = cmark_node_new(CMARK_NODE_CODE_BLOCK);
            cmark_node_set_literal(block, literal ? literal : "");
            cmark_node_replace(node, block);
        } else {
            cmark_node_replace(node, textNode(literal));
        }
        cmark_node_free(node);
    }
    for (cmark_node *image : images) {
        cmark_node *link = cmark_node_new(CMARK_NODE_LINK);
        cmark_node_set_url(link, cmark_node_get_url(image));
        cmark_node_append_child(link, textNode("\xF0\x9F\x96\xBC ")); // framed picture
        while (cmark_node *child = cmark_node_first_child(image))
            cmark_node_append_child(link, child);
        cmark_node_replace(image, link);
        cmark_node_free(image);
    }
}

constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_GITHUB_PRE_LANG;

// A parsed document with its parser, freed together.
struct Parsed
{
    cmark_parser *parser = nullptr;
    cmark_node *root = nullptr;
    Parsed(const Parsed &) = delete;
    Parsed &operator=(const Parsed &) = delete;
    explicit Parsed(const QString &markdown)
    {
        parser = cmark_parser_new(kOptions);
        for (const char *name : kExtensions) {
            if (cmark_syntax_extension *ext = cmark_find_syntax_extension(name))
                cmark_parser_attach_syntax_extension(parser, ext);
        }
        const QByteArray utf8 = markdown.toUtf8();
        cmark_parser_feed(parser, utf8.constData(), size_t(utf8.size()));
        root = cmark_parser_finish(parser);
        neutralize(root);
    }
    ~Parsed()
    {
        cmark_node_free(root);
        cmark_parser_free(parser);
    }
    QString html(cmark_node *node) const
    {
        char *out = cmark_render_html(node, kOptions, cmark_parser_get_syntax_extensions(parser));
        QString text = QString::fromUtf8(out);
        std::free(out);
        return text;
    }
};

QString fenceLanguage(cmark_node *code)
{
    const QString info = QString::fromUtf8(cmark_node_get_fence_info(code));
    return info.section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty);
}

QString codeText(cmark_node *code)
{
    QString text = QString::fromUtf8(cmark_node_get_literal(code));
    if (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    return text;
}

// Code inside lists and quotes stays in the HTML; it gets its highlighting
// here. A custom block's text goes out verbatim, which is safe because it is
// our own escaped HTML, never the model's.
void highlightNestedCode(cmark_node *container)
{
    std::vector<cmark_node *> blocks;
    cmark_iter *iter = cmark_iter_new(container);
    for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        cmark_node *node = cmark_iter_get_node(iter);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK)
            blocks.push_back(node);
    }
    cmark_iter_free(iter);
    for (cmark_node *code : blocks) {
        cmark_node *custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
        const QString html = CodeTokenizer(fenceLanguage(code)).toHtml(codeText(code));
        cmark_node_set_on_enter(custom, html.toUtf8().constData());
        cmark_node_replace(code, custom);
        cmark_node_free(code);
    }
}
} // namespace

MarkdownRenderer::MarkdownRenderer()
{
    cmark_gfm_core_extensions_ensure_registered();
}

QString MarkdownRenderer::toHtml(const QString &markdown) const
{
    const Parsed parsed(markdown);
    return adaptForQt(parsed.html(parsed.root));
}

QList<MarkdownBlock> MarkdownRenderer::toBlocks(const QString &markdown) const
{
    // One block per top-level node: while a reply streams, the blocks before
    // the growing one then stay exactly as they were, and are kept.
    QList<MarkdownBlock> blocks;
    const Parsed parsed(markdown);
    for (cmark_node *node = cmark_node_first_child(parsed.root); node;
         node = cmark_node_next(node)) {
        MarkdownBlock block;
        if (cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK) {
            block.kind = MarkdownBlock::Kind::Code;
            block.code = codeText(node);
            block.language = fenceLanguage(node);
        } else {
            highlightNestedCode(node);
            block.html = adaptForQt(parsed.html(node));
        }
        blocks.append(block);
    }
    return blocks;
}

QString MarkdownRenderer::adaptForQt(QString html)
{
    // QTextDocument's HTML subset lacks a few things cmark-gfm emits. Only
    // tags cmark itself wrote can match: raw HTML from the model was turned
    // into escaped text above.
    html.replace(QLatin1String("<del>"), QLatin1String("<s>"));
    html.replace(QLatin1String("</del>"), QLatin1String("</s>"));
    html.replace(QLatin1String("<table>"),
                 QLatin1String("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">"));
    html.replace(QLatin1String("<input type=\"checkbox\" checked=\"\" disabled=\"\" />"),
                 QString(QChar(0x2611)));
    html.replace(QLatin1String("<input type=\"checkbox\" disabled=\"\" />"),
                 QString(QChar(0x2610)));
    return html;
}
