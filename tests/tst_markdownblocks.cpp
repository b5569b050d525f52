// Streaming Markdown is rendered a block at a time: these tests hold the
// incremental path to the promise that it shows exactly what rendering the
// whole text at once would, and check the pieces it is made of (where text
// may be cut, code blocks kept apart, the highlighter's tokens).
#include "markdown/codetokenizer.h"
#include "markdown/incrementalmarkdown.h"
#include "markdown/markdownblocksplitter.h"
#include "markdown/markdownrenderer.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

namespace {
// Adjacent text blocks joined: how text is grouped into blocks may differ
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
    return s;
}

QString corpus()
{
    QFile file(QFINDTESTDATA("benchmarks/data/streaming_reply.md"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

const QString kTricky =
    QStringLiteral("# Title\nText under it.\n\n"
                   "- one\n\n- two, loose\n\n  continued in the item\n\n"
                   "1. first\n2. second\n\n"
                   "```python\nx = 1\n\n\ny = 2  # blank lines inside\n```\n\n"
                   "~~~\nno language\n~~~\n\n"
                   "> quoted\n\n> another quote\n\n"
                   "<!-- a comment\n\nspanning blank lines -->\n\n"
                   "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                   "    indented code\n\n    more of it\n\n"
                   "Setext heading\n===\n\n"
                   "Final paragraph with `code` and a https://example.org link.\n");
} // namespace

class TestMarkdownBlocks : public QObject
{
    Q_OBJECT

private slots:
    void splitterCutsOnlyWhereNothingLaterMatters_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("boundary");
        QTest::newRow("two paragraphs") << QStringLiteral("a\n\nb\n") << 3;
        QTest::newRow("last line incomplete") << QStringLiteral("a\n\nb") << 0;
        QTest::newRow("blank lines in a fence") << QStringLiteral("```\nx\n\ny\n```\n\nz\n") << 14;
        QTest::newRow("fence still open") << QStringLiteral("```\nx\n\ny\n") << 0;
        QTest::newRow("loose list stays whole") << QStringLiteral("- a\n\n- b\n") << 0;
        QTest::newRow("ordered list item") << QStringLiteral("a\n\n1. b\n") << 0;
        QTest::newRow("a number is not a list") << QStringLiteral("a\n\n2024 was\n") << 3;
        QTest::newRow("indented continuation") << QStringLiteral("- a\n\n  b\n") << 0;
        QTest::newRow("after the list") << QStringLiteral("- a\n\n  b\n\nc\n") << 10;
        QTest::newRow("link reference definition")
            << QStringLiteral("see [x]\n\n[x]: https://a\n\nmore\n") << 0;
        QTest::newRow("html comment over blank lines")
            << QStringLiteral("<!--\n\nz\n-->\n\nq\n") << 13;
        QTest::newRow("tilde fence closed by backticks is still open")
            << QStringLiteral("~~~\na\n```\n\nb\n") << 0;
        QTest::newRow("crlf") << QStringLiteral("a\r\n\r\nb\r\n") << 5;
        // Found by fuzz_markdown: a lone CR ends a line for cmark, so for the splitter too.
        QTest::newRow("cr") << QStringLiteral("a\r\rb\r\n") << 3;
        // Found by fuzz_markdown: only spaces and tabs make a line blank or end a fence.
        // Found by fuzz_markdown: "<!" starts a declaration block only before an upper-case
        // letter in cmark-gfm 0.29; before a lower-case one it depends on the version.
        QTest::newRow("declaration block") << QStringLiteral("<!DOCTYPE x\n\ny\n>\n\nz\n") << 18;
        QTest::newRow("lower-case declaration")
            << QStringLiteral("<!doctype x\n\ny\n>\n\nz\n") << 0;
        QTest::newRow("vertical tab is not blank") << QStringLiteral("a\n\v\nb\n") << 0;
        QTest::newRow("vertical tab after a fence closes nothing")
            << QStringLiteral("~~~\nx\n~~~\v\n\ny\n") << 0;
        QTest::newRow("cr at the end may be half a crlf") << QStringLiteral("a\r\rb\r") << 0;
        QTest::newRow("fence in a list item, ended after a cr")
            << QStringLiteral("1. item\n   ```x\rcpp\n   ```\n\n> q\n") << 0;
        // Found by fuzz_markdown: a less indented line ends a list item and its fence; the
        // splitter, which does not follow lists, took "   ```" or "```" for the closing fence.
        QTest::newRow("fence in a list item ended by a less indented line")
            << QStringLiteral("1. item\n   ```\n  x\n   ```\n\n> q\n") << 0;
        QTest::newRow("fence in a list item, a fence at column 0 opens another")
            << QStringLiteral("1. item\n   ```\n   code\n```\n\nnext\n") << 0;
        // Found by fuzz_markdown: "</pre" without its ">" does not end a <pre> block, and
        // any of </script>, </pre>, </style> ends any of the three.
        QTest::newRow("html block: an end tag needs its >")
            << QStringLiteral("<pre>\n</pre code\n\n<pre>\nx\n</pre>\n\ny\n") << 34;
        QTest::newRow("html block: another type-1 end tag ends it")
            << QStringLiteral("<pre>\n</script>\n\ny\n") << 17;
        QTest::newRow("textarea ends where the library says")
            << QStringLiteral("<textarea>\n\nx\n") << 0;
        QTest::newRow("indented fence, code as indented")
            << QStringLiteral("  ```\n  x\n  ```\n\ny\n") << 17;
        // Found by fuzz_markdown: an HTML block of type 6 (<div) or 7 (a line of one tag)
        // ends at a blank line, and a line of backticks in it opens no fence.
        QTest::newRow("html block until a blank line has no fence in it")
            << QStringLiteral("<div\n```\n\n```\n\ne\n") << 10;
        QTest::newRow("html block of one tag until a blank line")
            << QStringLiteral("<span>\n```\n\n```\n\ne\n") << 12;
        QTest::newRow("a line of one tag after a paragraph line may be either")
            << QStringLiteral("p\n<span>\n```\n\nx\n```\n\ny\n") << 0;
        QTest::newRow("html block in a list item ended by a less indented line")
            << QStringLiteral("- a\n\n  <!--\n```\n-->\n\ne\n") << 0;
        QTest::newRow("no-break space after <pre starts no block")
            << QStringLiteral("<pre\u00a0\n```\n</pre>\n\nx\n") << 0;
    }
    void splitterCutsOnlyWhereNothingLaterMatters()
    {
        QFETCH(QString, text);
        QFETCH(int, boundary);
        MarkdownBlockSplitter whole;
        whole.feed(text);
        QCOMPARE(whole.boundary(), boundary);
        // Fed one character at a time, it decides the same.
        MarkdownBlockSplitter piecewise;
        for (qsizetype n = 1; n <= text.size(); ++n)
            piecewise.feed(QStringView(text).first(n));
        QCOMPARE(piecewise.boundary(), boundary);
    }

    void codeBlocksAreKeptApartAndExact()
    {
        const QString md = QStringLiteral("Intro\n\n```cpp\nint main()\t{ return 0; }  \n"
                                          "</pre><script>x</script>\n```\n\nAfter\n");
        const QList<MarkdownBlock> blocks = MarkdownRenderer().toBlocks(md);
        QCOMPARE(blocks.size(), 3);
        QCOMPARE(blocks.at(0).kind, MarkdownBlock::Kind::Text);
        QCOMPARE(blocks.at(1).kind, MarkdownBlock::Kind::Code);
        QCOMPARE(blocks.at(1).language, QStringLiteral("cpp"));
        // Exactly as written: tabs, trailing spaces, and markup as text.
        QCOMPARE(blocks.at(1).code,
                 QStringLiteral("int main()\t{ return 0; }  \n</pre><script>x</script>"));
        QVERIFY(blocks.at(2).html.contains(QStringLiteral("After")));
    }

    void nestedCodeIsHighlightedAndEscaped()
    {
        const QString md =
            QStringLiteral("1. Run:\n\n   ```python\n   def f(): return \"</pre><b>\"\n   ```\n");
        const QList<MarkdownBlock> blocks = MarkdownRenderer().toBlocks(md);
        QCOMPARE(blocks.size(), 1);
        const QString html = blocks.at(0).html;
        QVERIFY2(html.contains(QStringLiteral("<span class=\"tok-keyword\">def</span>")),
                 qPrintable(html));
        QVERIFY2(html.contains(QStringLiteral("&lt;/pre&gt;&lt;b&gt;")), qPrintable(html));
        QVERIFY2(!html.contains(QStringLiteral("<b>")), qPrintable(html));
    }

    void rawHtmlStaysTextInBlocks()
    {
        const QList<MarkdownBlock> blocks =
            MarkdownRenderer().toBlocks(QStringLiteral("<img src=\"http://evil/x.png\">\n\nhi "
                                                       "<b>there</b> ![pic](http://x/y.png)\n"));
        // The HTML block is shown as code, as the text it is.
        QCOMPARE(blocks.size(), 2);
        QCOMPARE(blocks.at(0).kind, MarkdownBlock::Kind::Code);
        QCOMPARE(blocks.at(0).code, QStringLiteral("<img src=\"http://evil/x.png\">"));
        const QString html = blocks.at(1).html;
        QVERIFY2(!html.contains(QStringLiteral("<img")), qPrintable(html));
        QVERIFY2(!html.contains(QStringLiteral("<b>")), qPrintable(html));
        QVERIFY2(html.contains(QStringLiteral("<a href=\"http://x/y.png\"")), qPrintable(html));
    }

    void incrementalEqualsWholeAtEveryLine_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("tricky") << kTricky;
        // Found by fuzz_markdown (see splitterCutsOnlyWhereNothingLaterMatters).
        QTest::newRow("fence in a list item ended by a less indented line")
            << QStringLiteral("1. item\n   ```cpp\n  int main() {}\n   ```\n\n> ```js\n> "
                              "const a = 1;\n> ```\n");
        QTest::newRow("fence in a list item, a fence at column 0 opens another")
            << QStringLiteral("1. item\n   ```\n   code\n```\n\nnext\n\nmore\n");
        QTest::newRow("html block: an end tag needs its >")
            << QStringLiteral("<pre>\n</pre code\n\n<pre>\nraw pre\n</pre>\n\nhttps://a.example\n");
        QTest::newRow("html block: another type-1 end tag ends it")
            << QStringLiteral("<pre>\n</script>\n\n```\n\n</pre>\n\nz\n```\n\nq\n");
        QTest::newRow("fence in a list item, ended after a cr")
            << QStringLiteral("1. item\n   ```cp line\rcpp\n   int main() {}\n   ```\n\n> "
                              "```js\n> const a = 1;\n>\"```\n");
        QTest::newRow("vertical tab after a fence closes nothing")
            << QStringLiteral("~~~\nno language\n~~~\v\n\n> quoted\n\nafter\n");
        QTest::newRow("lower-case declaration, then a fence with a > in it")
            << QStringLiteral("<!nted x\n\n```\n\n-->\n\nz\n```\n\nq\n");
        QTest::newRow("textarea, then a fence with an end tag in it")
            << QStringLiteral("<textarea>\n\n```\n\n</textarea>\n\nz\n```\n\nq\n");
        QTest::newRow("html block until a blank line, then a fence")
            << QStringLiteral("<div\n```\n\n```\n\ne\n");
        QTest::newRow("html block of one tag, then a fence")
            << QStringLiteral("<span>\n```\n\n```\n\ne\n");
        QTest::newRow("a line of one tag after a heading, then a fence")
            << QStringLiteral("# h\n</span>\n```\n\n```\n\ne\n");
        QTest::newRow("a line of one tag after a paragraph line, then a fence")
            << QStringLiteral("p\n<span a='x'>\n```\n\nx\n```\n\ny\n");
        QTest::newRow("html block in a list item ended by a less indented line")
            << QStringLiteral("- a\n\n  <!--\n```\n-->\n\ne\n");
        QTest::newRow("no-break space after <pre, then a fence")
            << QStringLiteral("<pre\u00a0\n```\n</pre>\n\nx\n");
        const QString reply = corpus();
        QVERIFY(!reply.isEmpty());
        QTest::newRow("recorded reply") << reply;
    }
    void incrementalEqualsWholeAtEveryLine()
    {
        QFETCH(QString, text);
        MarkdownRenderer renderer;
        IncrementalMarkdown incremental(renderer);
        // Random pieces, as a stream delivers them; compared whenever a line
        // is complete (mid-line, a half-closed fence is hidden on purpose).
        auto *random = QRandomGenerator::global();
        qsizetype at = 0;
        int compared = 0;
        const int stride = text.size() > 10000 ? 7 : 1; // lines between comparisons
        int lines = 0;
        while (at < text.size()) {
            at = qMin(text.size(), at + 1 + random->bounded(12));
            const QString prefix = text.first(at);
            const qsizetype stableBefore = incremental.stableCount();
            const QList<MarkdownBlock> before = incremental.blocks();
            const qsizetype first = incremental.setText(prefix);
            // Blocks declared stable never change.
            QVERIFY(first >= qMin(stableBefore, before.size()));
            for (qsizetype i = 0; i < first && i < before.size(); ++i)
                QCOMPARE(incremental.blocks().at(i), before.at(i));
            if (prefix.endsWith(QLatin1Char('\n')) &&
                (++lines % stride == 0 || at == text.size())) {
                const QList<MarkdownBlock> expected = normalized(renderer.toBlocks(prefix));
                const QList<MarkdownBlock> actual = normalized(incremental.blocks());
                if (actual != expected)
                    QFAIL(qPrintable(QStringLiteral("differs after %1 characters:\n%2\n=== vs "
                                                    "whole ===\n%3")
                                         .arg(at)
                                         .arg(describe(actual), describe(expected))));
                ++compared;
            }
        }
        QVERIFY(compared > 0);
        // Most of a long reply ends up stable: only the tail is re-rendered.
        if (text.size() > 10000)
            QVERIFY(incremental.stableCount() > incremental.blocks().size() / 2);
    }

    void textThatIsNotAnExtensionStartsOver()
    {
        MarkdownRenderer renderer;
        IncrementalMarkdown incremental(renderer);
        incremental.setText(QStringLiteral("one\n\ntwo\n\nthree\n"));
        QVERIFY(incremental.stableCount() > 0);
        QCOMPARE(incremental.setText(QStringLiteral("other\n")), 0);
        QCOMPARE(normalized(incremental.blocks()),
                 normalized(renderer.toBlocks(QStringLiteral("other\n"))));
    }

    void aHalfArrivedClosingFenceIsNotShownAsCode()
    {
        MarkdownRenderer renderer;
        IncrementalMarkdown incremental(renderer);
        incremental.setText(QStringLiteral("```sh\necho hi\n``"));
        QCOMPARE(incremental.blocks().size(), 1);
        QCOMPARE(incremental.blocks().at(0).code, QStringLiteral("echo hi"));
    }

    void tokenizerFindsKeywordsStringsComments_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QStringList>("expected"); // "kind:text"
        QTest::newRow("python") << QStringLiteral("py")
                                << QStringLiteral("def f(): return \"x#\"  # done")
                                << QStringList{QStringLiteral("keyword:def"),
                                               QStringLiteral("keyword:return"),
                                               QStringLiteral("string:\"x#\""),
                                               QStringLiteral("comment:# done")};
        QTest::newRow("c block comment over lines")
            << QStringLiteral("cpp") << QStringLiteral("int a = 0x1F; /* one\ntwo */ return")
            << QStringList{QStringLiteral("keyword:int"), QStringLiteral("number:0x1F"),
                           QStringLiteral("comment:/* one"), QStringLiteral("comment:two */"),
                           QStringLiteral("keyword:return")};
        QTest::newRow("js template over lines")
            << QStringLiteral("JavaScript") << QStringLiteral("const s = `a\nb` // c")
            << QStringList{QStringLiteral("keyword:const"), QStringLiteral("string:`a"),
                           QStringLiteral("string:b`"), QStringLiteral("comment:// c")};
        QTest::newRow("sql any case")
            << QStringLiteral("sql") << QStringLiteral("Select 1 FROM t -- c")
            << QStringList{QStringLiteral("keyword:Select"), QStringLiteral("number:1"),
                           QStringLiteral("keyword:FROM"), QStringLiteral("comment:-- c")};
        QTest::newRow("shell hash inside a word")
            << QStringLiteral("bash") << QStringLiteral("echo a#b # c")
            << QStringList{QStringLiteral("keyword:echo"), QStringLiteral("comment:# c")};
        QTest::newRow("unknown language")
            << QStringLiteral("brainfuck") << QStringLiteral("if \"x\"") << QStringList{};
    }
    void tokenizerFindsKeywordsStringsComments()
    {
        QFETCH(QString, language);
        QFETCH(QString, code);
        QFETCH(QStringList, expected);
        const CodeTokenizer tokenizer(language);
        QStringList actual;
        for (const CodeTokenizer::Token &t : tokenizer.tokenize(code)) {
            const QString kind = CodeTokenizer::className(t.kind).mid(4);
            actual << kind + QLatin1Char(':') + code.mid(t.start, t.length);
        }
        QCOMPARE(actual, expected);
    }
};

QTEST_GUILESS_MAIN(TestMarkdownBlocks)
#include "tst_markdownblocks.moc"
