#pragma once

#include <QString>

// What turns a block's old HTML into its new HTML when the new one only adds
// to the end of the last paragraph: plain text to insert, or inline HTML to
// insert, just before the closing tags. Invalid when the change is anything
// else, and the block must be rendered afresh.
class HtmlAppend
{
public:
    // Most updates add words at the end of the last paragraph or list item.
    // When the new HTML is the old one with something inserted just before
    // its closing tags, and that something is text with at most inline
    // markup, it can be inserted into the document in place: only the last
    // paragraph is laid out again. Anything else (a new paragraph, a link
    // that grows, a table) gives an invalid HtmlAppend.
    static HtmlAppend find(const QString &oldHtml, const QString &newHtml);

    bool isValid() const { return !m_text.isNull() || !m_html.isNull(); }
    // Plain text to insert (null unless this is a text append).
    const QString &text() const { return m_text; }
    // Inline HTML to insert (null unless this is an HTML append).
    const QString &html() const { return m_html; }

private:
    QString m_text;
    QString m_html;
};
