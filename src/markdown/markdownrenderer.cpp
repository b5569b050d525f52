#include "markdownrenderer.h"

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
} // namespace

MarkdownRenderer::MarkdownRenderer()
{
    cmark_gfm_core_extensions_ensure_registered();
}

QString MarkdownRenderer::toHtml(const QString &markdown) const
{
    const int options = CMARK_OPT_DEFAULT | CMARK_OPT_GITHUB_PRE_LANG;
    cmark_parser *parser = cmark_parser_new(options);
    for (const char *name : kExtensions) {
        if (cmark_syntax_extension *ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser, ext);
    }
    const QByteArray utf8 = markdown.toUtf8();
    cmark_parser_feed(parser, utf8.constData(), size_t(utf8.size()));
    cmark_node *root = cmark_parser_finish(parser);
    neutralize(root);
    char *html = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser));
    QString out = QString::fromUtf8(html);
    std::free(html);
    cmark_node_free(root);
    cmark_parser_free(parser);
    return adaptForQt(out);
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
