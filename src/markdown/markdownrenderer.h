#pragma once

#include "markdownblock.h"

#include <QList>
#include <QString>

// Markdown (GitHub flavour: tables, strikethrough, autolinks, task lists) to
// the HTML subset QTextDocument displays. Model output is untrusted: raw HTML
// in it is shown as text, never rendered, and images become links, so no
// remote image is fetched unless the user opens it.
class MarkdownRenderer
{
public:
    MarkdownRenderer();
    QString toHtml(const QString &markdown) const;
    // The same rendering cut into top-level blocks (paragraphs, lists,
    // tables... as HTML; code blocks as their text). Code nested in lists or quotes
    // stays in the HTML, highlighted (<span class="tok-...">).
    QList<MarkdownBlock> toBlocks(const QString &markdown) const;

private:
    static QString adaptForQt(QString html);
};
