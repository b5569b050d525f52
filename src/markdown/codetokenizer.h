#pragma once

#include <QList>
#include <QString>
#include <QStringView>

struct LanguageSpec;

// A small lexer for syntax highlighting in code blocks: keywords, strings,
// comments and numbers of the languages models write most. It is not a
// parser; it only has to look right line by line, cheaply, while a reply
// streams. Works a line at a time with a state carried between lines (block
// comments, triple-quoted strings), the shape QSyntaxHighlighter wants.
class CodeTokenizer
{
public:
    enum class Kind { Keyword, Literal, String, Comment, Number };
    struct Token
    {
        qsizetype start = 0;
        qsizetype length = 0;
        Kind kind = Kind::Keyword;
    };
    // Carried from one line to the next.
    enum State {
        Normal = 0,
        InBlockComment = 1,
        InTripleDouble = 2,
        InTripleSingle = 3,
        InTemplate = 4
    };

    // `language` is a fence info word ("cpp", "py", "TypeScript", "sh"...).
    explicit CodeTokenizer(const QString &language);

    bool knowsLanguage() const { return m_spec != nullptr; }

    QList<Token> tokenizeLine(QStringView line, int &state) const;
    // Whole text; token offsets are into `text`.
    QList<Token> tokenize(QStringView text) const;

    // The code as QTextDocument HTML: escaped, inside <pre class="code">,
    // tokens wrapped in <span class="tok-keyword"> etc. (see className()).
    QString toHtml(const QString &code) const;
    static QString className(Kind kind);

private:
    const LanguageSpec *m_spec;
};
