#include "api/sseparser.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTest>

#include <cstddef>

// Lets QCOMPARE print the events that differ instead of only their index. Found by ADL.
char *toString(const SseEvent &event)
{
    return QTest::toString(QStringLiteral("{type=\"%1\", data=\"%2\", id=\"%3\"}")
                               .arg(event.type, event.data, event.id));
}

namespace {

// The exact bytes of a literal, embedded NULs included (a plain const char * would stop there).
template<std::size_t N> QByteArray raw(const char (&literal)[N])
{
    return QByteArray(literal, qsizetype(N - 1));
}

SseEvent message(const QString &data, const QString &id = QString())
{
    return {QString(), data, id};
}

struct Outcome
{
    QList<SseEvent> events;
    QString pending; // what finish() handed back
    QString lastEventId;
    int retryMs = -1;
};

Outcome run(const QList<QByteArray> &pieces)
{
    SseParser parser;
    Outcome outcome;
    for (const QByteArray &piece : pieces)
        outcome.events += parser.feed(piece);
    outcome.pending = parser.finish();
    outcome.lastEventId = parser.lastEventId();
    outcome.retryMs = parser.reconnectionTimeMs();
    return outcome;
}

// Every split point must give the same result, so the same bytes are also fed one at a time.
QList<QByteArray> oneByteEach(const QList<QByteArray> &chunks)
{
    QList<QByteArray> bytes;
    for (const QByteArray &chunk : chunks) {
        for (const char c : chunk)
            bytes.append(QByteArray(1, c));
    }
    return bytes;
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private slots:
    void conformance_data();
    void conformance();
    void errorFieldIsDispatchedAtOnce();
    void finishResetsForTheNextStream();
    void longStreamOneByteAtATime();
};

void TestSseParser::conformance_data()
{
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QList<SseEvent>>("expected");
    QTest::addColumn<QString>("pending");
    QTest::addColumn<QString>("lastEventId");
    QTest::addColumn<int>("retryMs");

    const QString none;
    const QString json = QStringLiteral("{\"foo\":true}");

    // Cases 1-25 of /work/shared/sse-vectors.md.
    QTest::newRow("01 event type")
        << QList<QByteArray>{raw("event: completion\n"), raw("data: {\"foo\":true}\n"), raw("\n")}
        << QList<SseEvent>{{QStringLiteral("completion"), json, none}} << none << none << -1;
    QTest::newRow("02 default type") << QList<QByteArray>{raw("data: {\"foo\":true}\n"), raw("\n")}
                                     << QList<SseEvent>{message(json)} << none << none << -1;
    QTest::newRow("03 no data no event") << QList<QByteArray>{raw("event: ping\n"), raw("\n")}
                                         << QList<SseEvent>{} << none << none << -1;
    QTest::newRow("04 multi-line data")
        << QList<QByteArray>{raw("event: ping\n"), raw("data: {\n"), raw("data: \"foo\":\n"),
                             raw("data: \n"),      raw("data:\n"),   raw("data: true}\n"),
                             raw("\n\n")}
        << QList<SseEvent>{{QStringLiteral("ping"), QStringLiteral("{\n\"foo\":\n\n\ntrue}"), none}}
        << none << none << -1;
    QTest::newRow("05 U+2028 is no line ending")
        << QList<QByteArray>{raw("data: {\"content\":\" \xe2\x80\xa8\"}\n"), raw("\n")}
        << QList<SseEvent>{message(QStringLiteral("{\"content\":\" \u2028\"}"))} << none << none
        << -1;
    QTest::newRow("06 UTF-8 split across chunks")
        << QList<QByteArray>{raw("data: {\"content\":\""),
                             raw("\xd0"),
                             raw("\xb8\xd0\xb7\xd0"),
                             raw("\xb2\xd0\xb5\xd1\x81\xd1\x82\xd0\xbd\xd0\xb8"),
                             raw("\"}\n"),
                             raw("\n")}
        << QList<SseEvent>{message(QStringLiteral("{\"content\":\"известни\"}"))} << none << none
        << -1;
    QTest::newRow("07 CRLF split between chunks")
        << QList<QByteArray>{raw("data: A\r\n"), raw("data: B\r"), raw("\n"), raw("data: C\r\n"),
                             raw("\n")}
        << QList<SseEvent>{message(QStringLiteral("A\nB\nC"))} << none << none << -1;
    QTest::newRow("08 CR line endings")
        << QList<QByteArray>{raw("data: dog\r"), raw("data: bark\r\r")}
        << QList<SseEvent>{message(QStringLiteral("dog\nbark"))} << none << none << -1;
    QTest::newRow("09 CRLF line endings")
        << QList<QByteArray>{raw("data: sheep\r\n"), raw("data: bleat\r\n\r\n")}
        << QList<SseEvent>{message(QStringLiteral("sheep\nbleat"))} << none << none << -1;
    QTest::newRow("10 CR then CRLF")
        << QList<QByteArray>{raw("data: one\r"), raw("\r"), raw("\n")}
        << QList<SseEvent>{message(QStringLiteral("one"))} << none << none << -1;
    QTest::newRow("11 runs of CR")
        << QList<QByteArray>{raw("data: foo\r"), raw("\r"), raw("\r"), raw("\n"),
                             raw("data: bar"),   raw("\n"), raw("\n")}
        << QList<SseEvent>{message(QStringLiteral("foo")), message(QStringLiteral("bar"))} << none
        << none << -1;
    QTest::newRow("12 one space dropped")
        << QList<QByteArray>{raw("data:test\n\ndata: test\n\ndata:  test\n\n")}
        << QList<SseEvent>{message(QStringLiteral("test")), message(QStringLiteral("test")),
                           message(QStringLiteral(" test"))}
        << none << none << -1;
    // The last block is "data:" alone: its pending data is empty, like no data at all.
    QTest::newRow("13 unterminated block discarded")
        << QList<QByteArray>{raw("data\n\ndata\ndata\n\ndata:")}
        << QList<SseEvent>{message(QString()), message(QStringLiteral("\n"))} << none << none << -1;
    QTest::newRow("14 comments and ids")
        << QList<QByteArray>{raw(": test stream\n\ndata: first event\nid: 1\n\ndata:second "
                                 "event\nid\n\ndata:  third event\n\n")}
        << QList<SseEvent>{message(QStringLiteral("first event"), QStringLiteral("1")),
                           message(QStringLiteral("second event")),
                           message(QStringLiteral(" third event"))}
        << none << none << -1;
    QTest::newRow("15 long comments, mixed endings")
        << QList<QByteArray>{raw("data:1\r:\0\n:\r\ndata:2\n:") + QByteArray(2048, 'x') +
                             raw("\rdata:3\n:data:fail\r:") + QByteArray(2048, 'x') +
                             raw("\ndata:4\n\n")}
        << QList<SseEvent>{message(QStringLiteral("1\n2\n3\n4"))} << none << none << -1;
    // The second BOM is not at the start of the stream: it makes the field name unknown.
    QTest::newRow("16 only the leading BOM dropped")
        << QList<QByteArray>{raw("\xEF\xBB\xBF"
                                 "data: bomful 1\n\n"),
                             raw("\xEF\xBB\xBF"
                                 "data: bomful 2\n\n"),
                             raw("data: bomless 3\n\n")}
        << QList<SseEvent>{message(QStringLiteral("bomful 1")),
                           message(QStringLiteral("bomless 3"))}
        << none << none << -1;
    QTest::newRow("17 unknown fields and bare lines")
        << QList<QByteArray>{raw("data:abc\n data\ndata\nfoobar:xxx\njustsometext\n"
                                 ":thisisacommentyay\ndata:123\n\n")}
        << QList<SseEvent>{message(QStringLiteral("abc\n\n123"))} << none << none << -1;
    QTest::newRow("18 empty event type")
        << QList<QByteArray>{raw("event:\ndata: Hello 1\n\n"), raw("event:\n\n")}
        << QList<SseEvent>{message(QStringLiteral("Hello 1"))} << none << none << -1;
    QTest::newRow("19 retry only if digits")
        << QList<QByteArray>{raw("retry:1000\nretry:2000x\ndata:x\n\n")}
        << QList<SseEvent>{message(QStringLiteral("x"))} << none << none << 1000;
    QTest::newRow("20 id with NUL ignored")
        << QList<QByteArray>{raw("id: 123\nid: bad\0id\ndata: hello\n\n")}
        << QList<SseEvent>{message(QStringLiteral("hello"), QStringLiteral("123"))} << none
        << QStringLiteral("123") << -1;
    QTest::newRow("21 id persists")
        << QList<QByteArray>{raw("id: 1\ndata: a\n\ndata: b\n\n")}
        << QList<SseEvent>{message(QStringLiteral("a"), QStringLiteral("1")),
                           message(QStringLiteral("b"), QStringLiteral("1"))}
        << none << QStringLiteral("1") << -1;
    // lastEventId must stay "", not "test": the id only takes effect when its event dispatches.
    QTest::newRow("22 unterminated event's id not applied")
        << QList<QByteArray>{raw("retry:1000\ndata:test1\n\nid:test\ndata:test2")}
        << QList<SseEvent>{message(QStringLiteral("test1"))} << QStringLiteral("test2") << none
        << 1000;
    QTest::newRow("23 comment keep-alives")
        << QList<QByteArray>{raw(": OPENROUTER PROCESSING\n\n"), raw(": keep-alive\n\n"),
                             raw("data: {}\n\n")}
        << QList<SseEvent>{message(QStringLiteral("{}"))} << none << none << -1;
    QTest::newRow("24 comment after event")
        << QList<QByteArray>{raw("id: 1\ndata: {}\n\n"), raw(": ping\n\n")}
        << QList<SseEvent>{message(QStringLiteral("{}"), QStringLiteral("1"))} << none
        << QStringLiteral("1") << -1;
    QTest::newRow("25 retry alone dispatches nothing")
        << QList<QByteArray>{raw("retry: 1000\n\ndata: {}\n\n")}
        << QList<SseEvent>{message(QStringLiteral("{}"))} << none << none << 1000;

    // Beyond the table.
    const SseEvent error{QStringLiteral("error"),
                         QStringLiteral("{\"code\":400,\"message\":\"x\"}"), none};
    QTest::newRow("error field")
        << QList<QByteArray>{raw("error: {\"code\":400,\"message\":\"x\"}\n"),
                             raw("data: [DONE]\n\n")}
        << QList<SseEvent>{error, message(QStringLiteral("[DONE]"))} << none << none << -1;
    QTest::newRow("error field leaves the pending event alone")
        << QList<QByteArray>{raw("event: delta\ndata: a\n"),
                             raw("error: {\"code\":400,\"message\":\"x\"}\n"), raw("data: b\n\n")}
        << QList<SseEvent>{error, {QStringLiteral("delta"), QStringLiteral("a\nb"), none}} << none
        << none << -1;
    QTest::newRow("finish: [DONE] without line ending")
        << QList<QByteArray>{raw("data: {}\n\n"), raw("data: [DONE]")}
        << QList<SseEvent>{message(QStringLiteral("{}"))} << QStringLiteral("[DONE]") << none << -1;
    QTest::newRow("finish: [DONE] without blank line")
        << QList<QByteArray>{raw("data: {}\n\n"), raw("data: [DONE]\n")}
        << QList<SseEvent>{message(QStringLiteral("{}"))} << QStringLiteral("[DONE]") << none << -1;
    // An unterminated last line is not trusted for anything but its data.
    QTest::newRow("finish: unterminated retry ignored")
        << QList<QByteArray>{raw("data: a\n\nretry: 5")}
        << QList<SseEvent>{message(QStringLiteral("a"))} << none << none << -1;
    QTest::newRow("CR ending a piece, LF starting the next")
        << QList<QByteArray>{raw("data: a\r"), raw("\ndata: b\r"), raw("\n"), raw("\r\n")}
        << QList<SseEvent>{message(QStringLiteral("a\nb"))} << none << none << -1;
    QTest::newRow("empty piece between CR and LF")
        << QList<QByteArray>{raw("data: a\r"), QByteArray(), raw("\ndata: b\n\n")}
        << QList<SseEvent>{message(QStringLiteral("a\nb"))} << none << none << -1;
    QTest::newRow("4-byte UTF-8 split across pieces")
        << QList<QByteArray>{raw("data: \xF0"), raw("\x9F\x98"), raw("\x80!\n\n")}
        << QList<SseEvent>{message(QStringLiteral("\U0001F600!"))} << none << none << -1;
    QTest::newRow("invalid UTF-8 replaced")
        << QList<QByteArray>{raw("data: a\xFF"
                                 "b\n\n")}
        << QList<SseEvent>{message(QStringLiteral("a\uFFFDb"))} << none << none << -1;
    QTest::newRow("BOM inside the stream is data")
        << QList<QByteArray>{raw("data: a\n\n"), raw("data: \xEF\xBB\xBF"
                                                     "b\xEF\xBB\xBF\n\n")}
        << QList<SseEvent>{message(QStringLiteral("a")), message(QStringLiteral("\uFEFFb\uFEFF"))}
        << none << none << -1;
    QTest::newRow("leading BOM split across pieces")
        << QList<QByteArray>{raw("\xEF"), raw("\xBB"),
                             raw("\xBF"
                                 "data: x\n\n")}
        << QList<SseEvent>{message(QStringLiteral("x"))} << none << none << -1;
    QTest::newRow("retry: empty, signed or spaced ignored")
        << QList<QByteArray>{raw("retry:\nretry: -5\nretry: +5\nretry:  5\nretry: 5 \n\n")}
        << QList<SseEvent>{} << none << none << -1;
    QTest::newRow("retry: huge value saturates")
        << QList<QByteArray>{raw("retry: 99999999999999999999\n\n")} << QList<SseEvent>{} << none
        << none << 2147483647;
}

void TestSseParser::conformance()
{
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QList<SseEvent>, expected);
    QFETCH(QString, pending);
    QFETCH(QString, lastEventId);
    QFETCH(int, retryMs);

    const Outcome byChunk = run(chunks);
    QCOMPARE(byChunk.events, expected);
    QCOMPARE(byChunk.pending, pending);
    QCOMPARE(byChunk.lastEventId, lastEventId);
    QCOMPARE(byChunk.retryMs, retryMs);

    const Outcome byByte = run(oneByteEach(chunks));
    QCOMPARE(byByte.events, expected);
    QCOMPARE(byByte.pending, pending);
    QCOMPARE(byByte.lastEventId, lastEventId);
    QCOMPARE(byByte.retryMs, retryMs);
}

void TestSseParser::errorFieldIsDispatchedAtOnce()
{
    // No blank line follows an "error:" line, so waiting for one would lose the error.
    SseParser parser;
    QVERIFY(parser.feed("data: partial\n").isEmpty());
    const QList<SseEvent> events = parser.feed("error: {\"code\":400,\"message\":\"x\"}\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().type, QStringLiteral("error"));
    QCOMPARE(events.first().data, QStringLiteral("{\"code\":400,\"message\":\"x\"}"));
    QCOMPARE(parser.finish(), QStringLiteral("partial"));
}

void TestSseParser::finishResetsForTheNextStream()
{
    SseParser parser;
    QCOMPARE(parser.feed("id: 7\nretry: 300\ndata: a\n\ndata: lost\n").size(), 1);
    QCOMPARE(parser.feed("data: [DO").size(), 0);
    QCOMPARE(parser.finish(), QStringLiteral("lost\n[DO"));

    // A reconnection: a new BOM is dropped again, nothing of the lost event leaks in, and the id
    // and retry of the previous stream persist.
    const QList<SseEvent> events = parser.feed("\xEF\xBB\xBF"
                                               "data: b\n\n");
    QCOMPARE(events, QList<SseEvent>{message(QStringLiteral("b"), QStringLiteral("7"))});
    QCOMPARE(parser.lastEventId(), QStringLiteral("7"));
    QCOMPARE(parser.reconnectionTimeMs(), 300);
    QCOMPARE(parser.finish(), QString());
}

void TestSseParser::longStreamOneByteAtATime()
{
    // 1 MiB fed one byte at a time: a parser that rescans its buffer on each feed would be
    // quadratic here and run into the test timeout.
    const QByteArray big(1 << 20, 'x');
    const QByteArray stream = "data: " + big + "\n\n" + "data: end\r\n\r\n";
    SseParser parser;
    QList<SseEvent> events;
    for (qsizetype i = 0; i < stream.size(); ++i)
        events += parser.feed(QByteArrayView(stream).sliced(i, 1));
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).data, QString::fromLatin1(big));
    QCOMPARE(events.at(1).data, QStringLiteral("end"));
    QCOMPARE(parser.finish(), QString());
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
