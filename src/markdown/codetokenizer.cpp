#include "codetokenizer.h"

#include <QHash>
#include <QSet>

// What the lexer needs to know about one language. The word lists are
// UTF-16 literals with static storage, so the sets can hold views into them
// and a lookup never allocates.
struct LanguageSpec
{
    QSet<QStringView> keywords;
    QSet<QStringView> literals;
    QStringView lineComment;  // e.g. u"//"
    QStringView lineComment2; // a second one (PHP has both // and #)
    QStringView blockStart;   // e.g. u"/*"
    QStringView blockEnd;
    bool hashComment = false;     // '#' starts a comment at a word boundary
    bool hashDirective = false;   // '#include' at line start is a keyword (C family)
    bool tripleQuotes = false;    // Python's """ and '''
    bool backtickStrings = false; // JavaScript template literals, Go raw strings
    bool singleQuoteStrings = true;
    bool caseInsensitive = false; // SQL
};

namespace {

QSet<QStringView> words(QStringView list)
{
    QSet<QStringView> out;
    for (QStringView word : list.split(u' ', Qt::SkipEmptyParts))
        out.insert(word);
    return out;
}

constexpr char16_t kCKeywords[] =
    u"auto break case char const continue default do double else enum extern float for goto if "
    u"inline int long register restrict return short signed sizeof static struct switch typedef "
    u"union unsigned void volatile while _Bool bool size_t uint8_t uint16_t uint32_t uint64_t "
    u"int8_t int16_t int32_t int64_t";
constexpr char16_t kCppExtra[] =
    u" class namespace template typename public private protected virtual override final using "
    u"new delete this throw try catch operator friend explicit constexpr consteval constinit "
    u"noexcept decltype static_cast dynamic_cast reinterpret_cast const_cast mutable co_await "
    u"co_return co_yield concept requires import module export std string vector";
constexpr char16_t kJavaKeywords[] =
    u"abstract assert boolean break byte case catch char class const continue default do double "
    u"else enum extends final finally float for goto if implements import instanceof int "
    u"interface long native new package private protected public return short static strictfp "
    u"super switch synchronized this throw throws transient try void volatile while var record "
    u"String";
constexpr char16_t kCSharpKeywords[] =
    u"abstract as base bool break byte case catch char checked class const continue decimal "
    u"default delegate do double else enum event explicit extern finally fixed float for foreach "
    u"goto if implicit in int interface internal is lock long namespace new object operator out "
    u"override params private protected public readonly ref return sbyte sealed short sizeof "
    u"stackalloc static string struct switch this throw try typeof uint ulong unchecked unsafe "
    u"ushort using virtual void volatile while var async await get set record";
constexpr char16_t kKotlinKeywords[] =
    u"as break class continue do else for fun if in interface is object package return super "
    u"this throw try typealias val var when while by catch constructor finally get import init "
    u"override private protected public set suspend data sealed enum open abstract companion";
constexpr char16_t kJsKeywords[] =
    u"break case catch class const continue debugger default delete do else export extends "
    u"finally for function if import in instanceof let new of return super switch this throw "
    u"try typeof var void while with yield async await static get set from as interface type "
    u"enum implements readonly public private protected namespace declare abstract keyof";
constexpr char16_t kJsLiterals[] = u"true false null undefined NaN Infinity";
constexpr char16_t kPythonKeywords[] =
    u"and as assert async await break class continue def del elif else except finally for from "
    u"global if import in is lambda nonlocal not or pass raise return try while with yield match "
    u"case print len range self";
constexpr char16_t kPythonLiterals[] = u"True False None";
constexpr char16_t kGoKeywords[] =
    u"break case chan const continue default defer else fallthrough for func go goto if import "
    u"interface map package range return select struct switch type var string int int64 error "
    u"bool byte rune float64";
constexpr char16_t kGoLiterals[] = u"true false nil iota";
constexpr char16_t kRustKeywords[] =
    u"as async await break const continue crate dyn else enum extern fn for if impl in let loop "
    u"match mod move mut pub ref return self Self static struct super trait type unsafe use where "
    u"while i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str String Vec";
constexpr char16_t kRustLiterals[] = u"true false None Some Ok Err";
constexpr char16_t kShellKeywords[] =
    u"if then else elif fi case esac for while until do done in function select time return "
    u"exit export local readonly declare unset source alias echo cd sudo apt apt-get pip npm "
    u"git cmake make";
constexpr char16_t kSqlKeywords[] =
    u"select from where and or not insert into values update set delete create table index "
    u"view drop alter add column primary key foreign references join inner left right outer "
    u"full on group by order having limit offset as distinct union all case when then else end "
    u"is in like between exists begin commit rollback transaction integer text real blob "
    u"varchar int default unique check asc desc count sum avg min max";
constexpr char16_t kSqlLiterals[] = u"null true false";
constexpr char16_t kRubyKeywords[] =
    u"def end if elsif else unless while until for in do return class module begin rescue ensure "
    u"yield self then case when require puts attr_accessor lambda proc and or not";
constexpr char16_t kRubyLiterals[] = u"nil true false";
constexpr char16_t kPhpKeywords[] =
    u"abstract and array as break case catch class clone const continue declare default do echo "
    u"else elseif empty endif extends final finally fn for foreach function global if implements "
    u"include interface isset list namespace new or private protected public require return "
    u"static switch throw trait try unset use var while yield";
constexpr char16_t kSwiftKeywords[] =
    u"func let var if else guard return class struct enum protocol extension import for in "
    u"while repeat switch case default break continue self Self init deinit throws throw try "
    u"catch do as is public private internal fileprivate open static override mutating async "
    u"await some any where";
constexpr char16_t kCommonLiterals[] = u"true false null nil";
constexpr char16_t kCLiterals[] = u"NULL true false nullptr";
constexpr char16_t kYamlLiterals[] = u"true false null yes no on off";

LanguageSpec cLike(QStringView keywords, QStringView literals)
{
    LanguageSpec s;
    s.keywords = words(keywords);
    s.literals = words(literals);
    s.lineComment = u"//";
    s.blockStart = u"/*";
    s.blockEnd = u"*/";
    return s;
}

LanguageSpec hashCommented(QStringView keywords, QStringView literals)
{
    LanguageSpec s;
    s.keywords = words(keywords);
    s.literals = words(literals);
    s.hashComment = true;
    return s;
}

// Built once, on first use, and never changed: immutable data, not state.
const QHash<QString, LanguageSpec> &languages()
{
    static const QHash<QString, LanguageSpec> table = [] {
        QHash<QString, LanguageSpec> t;
        auto alias = [&t](std::initializer_list<const char *> names, const LanguageSpec &spec) {
            for (const char *name : names)
                t.insert(QString::fromLatin1(name), spec);
        };
        LanguageSpec c = cLike(kCKeywords, kCLiterals);
        c.hashDirective = true;
        alias({"c", "h"}, c);
        // The sets hold views, so the joined list must live as long as they do.
        static const QString cppWords =
            QStringView(kCKeywords).toString() + QStringView(kCppExtra).toString();
        LanguageSpec cpp = cLike(cppWords, kCLiterals);
        cpp.hashDirective = true;
        alias({"cpp", "c++", "cc", "cxx", "hpp", "hh", "cuda", "arduino", "objc", "qml"}, cpp);
        alias({"java"}, cLike(kJavaKeywords, kCommonLiterals));
        alias({"cs", "csharp", "c#"}, cLike(kCSharpKeywords, kCommonLiterals));
        alias({"kotlin", "kt", "kts"}, cLike(kKotlinKeywords, kCommonLiterals));
        LanguageSpec js = cLike(kJsKeywords, kJsLiterals);
        js.backtickStrings = true;
        alias({"js", "javascript", "jsx", "mjs", "cjs", "ts", "typescript", "tsx", "node"}, js);
        LanguageSpec go = cLike(kGoKeywords, kGoLiterals);
        go.backtickStrings = true;
        alias({"go", "golang"}, go);
        LanguageSpec rust = cLike(kRustKeywords, kRustLiterals);
        rust.singleQuoteStrings = false; // 'a is a lifetime
        alias({"rust", "rs"}, rust);
        alias({"swift"}, cLike(kSwiftKeywords, kCommonLiterals));
        LanguageSpec python = hashCommented(kPythonKeywords, kPythonLiterals);
        python.tripleQuotes = true;
        alias({"python", "py", "python3", "py3", "ipython"}, python);
        alias({"bash", "sh", "shell", "zsh", "console", "shellsession", "ksh", "fish"},
              hashCommented(kShellKeywords, kCommonLiterals));
        alias({"ruby", "rb"}, hashCommented(kRubyKeywords, kRubyLiterals));
        alias({"yaml", "yml", "toml", "ini", "conf", "dockerfile", "makefile", "cmake"},
              hashCommented(u"", kYamlLiterals));
        LanguageSpec php = cLike(kPhpKeywords, kCommonLiterals);
        php.lineComment2 = u"#";
        alias({"php"}, php);
        LanguageSpec sql;
        sql.keywords = words(kSqlKeywords);
        sql.literals = words(kSqlLiterals);
        sql.lineComment = u"--";
        sql.blockStart = u"/*";
        sql.blockEnd = u"*/";
        sql.caseInsensitive = true;
        alias({"sql", "sqlite", "mysql", "postgresql", "postgres", "psql", "plsql"}, sql);
        LanguageSpec json;
        json.literals = words(u"true false null");
        alias({"json", "jsonc", "json5", "jsonl"}, json);
        return t;
    }();
    return table;
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

} // namespace

CodeTokenizer::CodeTokenizer(const QString &language)
{
    const auto &table = languages();
    const auto it = table.constFind(language.trimmed().toLower());
    m_spec = it == table.cend() ? nullptr : &it.value();
}

QList<CodeTokenizer::Token> CodeTokenizer::tokenizeLine(QStringView line, int &state) const
{
    QList<Token> out;
    if (!m_spec)
        return out;
    const LanguageSpec &s = *m_spec;
    const qsizetype n = line.size();
    qsizetype i = 0;

    // Finishes a construct that began on an earlier line.
    auto closeFrom = [&](QStringView end, Kind kind) {
        const qsizetype at = line.indexOf(end, i);
        const qsizetype stop = at < 0 ? n : at + end.size();
        out.append({i, stop - i, kind});
        i = stop;
        if (at >= 0)
            state = Normal;
    };
    switch (state) {
    case InBlockComment:
        closeFrom(s.blockEnd, Kind::Comment);
        break;
    case InTripleDouble:
        closeFrom(u"\"\"\"", Kind::String);
        break;
    case InTripleSingle:
        closeFrom(u"'''", Kind::String);
        break;
    case InTemplate:
        closeFrom(u"`", Kind::String);
        break;
    default:
        state = Normal;
        break;
    }
    if (state != Normal)
        return out;

    if (s.hashDirective) {
        qsizetype j = 0;
        while (j < n && line.at(j).isSpace())
            ++j;
        if (j < n && line.at(j) == u'#') {
            qsizetype k = j + 1;
            while (k < n && isWordChar(line.at(k)))
                ++k;
            out.append({j, k - j, Kind::Keyword});
            i = k;
        }
    }

    while (i < n) {
        const QChar c = line.at(i);
        const QStringView rest = line.mid(i);
        if ((!s.lineComment.isEmpty() && rest.startsWith(s.lineComment)) ||
            (!s.lineComment2.isEmpty() && rest.startsWith(s.lineComment2)) ||
            (s.hashComment && c == u'#' && (i == 0 || line.at(i - 1).isSpace()))) {
            out.append({i, n - i, Kind::Comment});
            break;
        }
        if (!s.blockStart.isEmpty() && rest.startsWith(s.blockStart)) {
            const qsizetype at = line.indexOf(s.blockEnd, i + s.blockStart.size());
            const qsizetype stop = at < 0 ? n : at + s.blockEnd.size();
            out.append({i, stop - i, Kind::Comment});
            if (at < 0)
                state = InBlockComment;
            i = stop;
            continue;
        }
        if (s.tripleQuotes && (rest.startsWith(u"\"\"\"") || rest.startsWith(u"'''"))) {
            const QStringView quote = rest.first(3);
            const qsizetype at = line.indexOf(quote, i + 3);
            const qsizetype stop = at < 0 ? n : at + 3;
            out.append({i, stop - i, Kind::String});
            if (at < 0)
                state = c == u'"' ? InTripleDouble : InTripleSingle;
            i = stop;
            continue;
        }
        if (c == u'"' || (c == u'\'' && s.singleQuoteStrings) || (c == u'`' && s.backtickStrings)) {
            qsizetype j = i + 1;
            while (j < n && line.at(j) != c) {
                if (line.at(j) == u'\\')
                    ++j;
                ++j;
            }
            const qsizetype stop = qMin(n, j + 1);
            out.append({i, stop - i, Kind::String});
            if (j >= n && c == u'`')
                state = InTemplate;
            i = stop;
            continue;
        }
        if (c.isDigit() && (i == 0 || !isWordChar(line.at(i - 1)))) {
            qsizetype j = i + 1;
            while (j < n &&
                   (line.at(j).isLetterOrNumber() || line.at(j) == u'.' || line.at(j) == u'_'))
                ++j;
            out.append({i, j - i, Kind::Number});
            i = j;
            continue;
        }
        if (isWordChar(c)) {
            qsizetype j = i + 1;
            while (j < n && isWordChar(line.at(j)))
                ++j;
            const QStringView word = line.mid(i, j - i);
            if (s.caseInsensitive) {
                const QString lower = word.toString().toLower();
                if (s.keywords.contains(lower))
                    out.append({i, j - i, Kind::Keyword});
                else if (s.literals.contains(lower))
                    out.append({i, j - i, Kind::Literal});
            } else if (s.keywords.contains(word)) {
                out.append({i, j - i, Kind::Keyword});
            } else if (s.literals.contains(word)) {
                out.append({i, j - i, Kind::Literal});
            }
            i = j;
            continue;
        }
        ++i;
    }
    return out;
}

QList<CodeTokenizer::Token> CodeTokenizer::tokenize(QStringView text) const
{
    QList<Token> out;
    if (!m_spec)
        return out;
    int state = Normal;
    qsizetype lineStart = 0;
    while (lineStart <= text.size()) {
        qsizetype end = text.indexOf(u'\n', lineStart);
        if (end < 0)
            end = text.size();
        for (Token t : tokenizeLine(text.mid(lineStart, end - lineStart), state)) {
            t.start += lineStart;
            out.append(t);
        }
        lineStart = end + 1;
    }
    return out;
}

QString CodeTokenizer::className(Kind kind)
{
    switch (kind) {
    case Kind::Keyword:
        return QStringLiteral("tok-keyword");
    case Kind::Literal:
        return QStringLiteral("tok-literal");
    case Kind::String:
        return QStringLiteral("tok-string");
    case Kind::Comment:
        return QStringLiteral("tok-comment");
    case Kind::Number:
        return QStringLiteral("tok-number");
    }
    return {};
}

QString CodeTokenizer::toHtml(const QString &code) const
{
    QString html = QStringLiteral("<pre class=\"code\">");
    qsizetype at = 0;
    for (const Token &t : tokenize(code)) {
        html += code.mid(at, t.start - at).toHtmlEscaped();
        html += QStringLiteral("<span class=\"") + className(t.kind) + QStringLiteral("\">");
        html += code.mid(t.start, t.length).toHtmlEscaped();
        html += QStringLiteral("</span>");
        at = t.start + t.length;
    }
    html += code.mid(at).toHtmlEscaped();
    html += QStringLiteral("</pre>\n");
    return html;
}
