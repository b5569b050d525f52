// Markdown from the model is untrusted: it must render what Markdown means
// and nothing that could run, load or disguise itself.
#include "markdown/markdownrenderer.h"

#include <QTest>

class TestMarkdownRenderer : public QObject
{
    Q_OBJECT

private slots:
    void rendersGithubFlavour_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("expected");
        QTest::newRow("table") << QStringLiteral("| a | b |\n|---|---|\n| 1 | 2 |\n")
                               << QStringLiteral("<td>1</td>");
        QTest::newRow("table has borders")
            << QStringLiteral("| a |\n|---|\n| 1 |\n") << QStringLiteral("<table border=\"1\"");
        QTest::newRow("strikethrough")
            << QStringLiteral("~~gone~~") << QStringLiteral("<s>gone</s>");
        QTest::newRow("autolink") << QStringLiteral("see https://example.org now")
                                  << QStringLiteral("<a href=\"https://example.org\">");
        QTest::newRow("task done") << QStringLiteral("- [x] done\n") << QString(QChar(0x2611));
        QTest::newRow("task open") << QStringLiteral("- [ ] open\n") << QString(QChar(0x2610));
        QTest::newRow("code language") << QStringLiteral("```cpp\nint a = 1 < 2;\n```\n")
                                       << QStringLiteral("int a = 1 &lt; 2;");
        QTest::newRow("cjk") << QStringLiteral("**你好**，世界")
                             << QStringLiteral("<strong>你好</strong>，世界");
    }
    void rendersGithubFlavour()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, expected);
        const QString html = MarkdownRenderer().toHtml(markdown);
        QVERIFY2(html.contains(expected), qPrintable(html));
    }

    void rawHtmlIsShownAsText_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("forbidden");
        QTest::addColumn<QString>("shownAs");
        QTest::newRow("inline") << QStringLiteral("a <b>bold</b> claim") << QStringLiteral("<b>")
                                << QStringLiteral("&lt;b&gt;bold&lt;/b&gt;");
        QTest::newRow("script block")
            << QStringLiteral("<script>alert(1)</script>\n") << QStringLiteral("<script")
            << QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;");
        QTest::newRow("img tag") << QStringLiteral("<img src=\"http://evil/x.png\">")
                                 << QStringLiteral("<img") << QStringLiteral("&lt;img");
        QTest::newRow("iframe in a list")
            << QStringLiteral("- <iframe src=\"http://evil\"></iframe>\n")
            << QStringLiteral("<iframe") << QStringLiteral("&lt;iframe");
    }
    void rawHtmlIsShownAsText()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, forbidden);
        QFETCH(QString, shownAs);
        const QString html = MarkdownRenderer().toHtml(markdown);
        QVERIFY2(!html.contains(forbidden), qPrintable(html));
        QVERIFY2(html.contains(shownAs), qPrintable(html));
    }

    void imagesBecomeLinksAndAreNotLoaded()
    {
        const QString html =
            MarkdownRenderer().toHtml(QStringLiteral("![a chart](https://example.org/c.png)"));
        QVERIFY2(!html.contains(QLatin1String("<img")), qPrintable(html));
        QVERIFY(html.contains(QLatin1String("<a href=\"https://example.org/c.png\">")));
        QVERIFY(html.contains(QLatin1String("a chart")));
    }

    void unsafeLinkSchemesAreDropped()
    {
        const QString html = MarkdownRenderer().toHtml(QStringLiteral("[x](javascript:alert(1))"));
        QVERIFY2(!html.contains(QLatin1String("javascript:")), qPrintable(html));
    }
};

QTEST_GUILESS_MAIN(TestMarkdownRenderer)
#include "tst_markdownrenderer.moc"
