// SseParser: the same stream must give the same events however it is cut
// into pieces. Input: two bytes choosing where to cut, then the stream. The
// stream is parsed whole, in two pieces at that position (with an empty piece
// there too, which must not forget a CR that ended the first one) and one byte
// at a time; events, the data handed back by finish(), the last event id and
// the reconnection time must all agree.
#include "api/sseparser.h"
#include "fuzzsupport.h"

#include <QList>

namespace {

struct Parsed
{
    QList<SseEvent> events;
    QString pending;
    QString lastEventId;
    int reconnectionTimeMs = -1;

    bool operator==(const Parsed &) const = default;
};

// Feeds stream[0, cuts[0]), stream[cuts[0], cuts[1]), ..., then the rest.
Parsed parse(QByteArrayView stream, const QList<qsizetype> &cuts)
{
    SseParser parser;
    Parsed out;
    qsizetype at = 0;
    for (const qsizetype cut : cuts) {
        out.events += parser.feed(stream.sliced(at, cut - at));
        at = cut;
    }
    out.events += parser.feed(stream.sliced(at));
    out.pending = parser.finish();
    out.lastEventId = parser.lastEventId();
    out.reconnectionTimeMs = parser.reconnectionTimeMs();
    return out;
}

QString describe(const Parsed &p)
{
    QString s;
    for (const SseEvent &e : p.events)
        s += QStringLiteral("  {type \"%1\", data \"%2\", id \"%3\"}\n")
                 .arg(fuzz::visible(e.type), fuzz::visible(e.data), fuzz::visible(e.id));
    s += QStringLiteral("  pending \"%1\", last id \"%2\", retry %3\n")
             .arg(fuzz::visible(p.pending), fuzz::visible(p.lastEventId))
             .arg(p.reconnectionTimeMs);
    return s;
}

void expectSame(const Parsed &whole, const Parsed &pieces, const char *how)
{
    if (!(pieces == whole))
        fuzz::fail(how,
                   QStringLiteral("whole:\n%1pieces:\n%2").arg(describe(whole), describe(pieces)));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    fuzz::Input input(data, size);
    const std::uint16_t position = input.u16();
    const QByteArrayView stream = input.rest();
    const qsizetype cut = position % (stream.size() + 1);

    const Parsed whole = parse(stream, {});
    expectSame(whole, parse(stream, {cut}), "split in two gives other events than whole");
    expectSame(whole, parse(stream, {cut, cut}), "an empty piece changes the events");
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < stream.size(); ++i)
        everyByte.append(i);
    expectSame(whole, parse(stream, everyByte), "byte by byte gives other events than whole");

    // CR and LF end lines, so no field can hold one; data holds LF only where
    // two data lines were joined.
    for (const SseEvent &e : whole.events) {
        fuzz::check(!e.type.contains(u'\r') && !e.type.contains(u'\n') && !e.id.contains(u'\r') &&
                        !e.id.contains(u'\n') && !e.data.contains(u'\r'),
                    "a line ending inside an event's field", [&] { return describe(whole); });
        fuzz::check(!e.id.contains(QChar(0)), "an id with NUL was applied",
                    [&] { return describe(whole); });
    }
    fuzz::check(!whole.lastEventId.contains(QChar(0)), "an id with NUL was applied",
                [&] { return describe(whole); });
    return 0;
}
