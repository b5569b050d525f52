#pragma once

#include <QString>

// One top-level piece of a rendered message. Code blocks are kept apart from
// the text around them so the view can give them a header, a Copy button and
// highlighting, and copy them exactly as written.
struct MarkdownBlock
{
    enum class Kind { Text, Code };

    Kind kind = Kind::Text;
    QString html;     // Text: the HTML subset QTextDocument shows
    QString code;     // Code: the code as written, without the fences
    QString language; // Code: the first word of the fence's info string

    bool operator==(const MarkdownBlock &other) const = default;
};
