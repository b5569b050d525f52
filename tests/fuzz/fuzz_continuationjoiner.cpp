// ContinuationJoiner: what the user sees is the continuation with at most one
// repeat of the reply's end taken off its front, the same however the
// continuation arrives in pieces, and equal to what a plain reading of the
// rule gives. Input: one byte saying how much of the reply's end the
// continuation repeats, one byte where the text is cut into reply and new
// text, eight bytes seeding the piece sizes, then the text (UTF-8). The
// continuation is the repeated end followed by the new text, so overlaps of
// every length, whitespace-only ones included, are common.
#include "fuzzsupport.h"
#include "session/continuationjoiner.h"

#include <QList>

namespace {

QString join(const QString &existing, const QList<QString> &pieces)
{
    ContinuationJoiner joiner(existing);
    QString shown;
    for (const QString &piece : pieces)
        shown += joiner.feed(piece);
    shown += joiner.finish();
    return shown;
}

// The rule as the class comment states it: the longest end of the reply (of
// its last kMaxOverlap characters) that the continuation starts with is
// dropped, if it is at least kMinOverlap long and not only whitespace.
QString expected(const QString &existing, const QString &continuation)
{
    if (existing.isEmpty())
        return continuation;
    const QStringView tail = QStringView(existing).right(ContinuationJoiner::kMaxOverlap);
    for (qsizetype k = qMin(tail.size(), continuation.size()); k >= ContinuationJoiner::kMinOverlap;
         --k) {
        if (QStringView(continuation).startsWith(tail.right(k)))
            return QStringView(continuation).left(k).trimmed().isEmpty() ? continuation
                                                                         : continuation.mid(k);
    }
    return continuation;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    fuzz::Input input(data, size);
    const int repeat = input.byte();
    const int cutAt = input.byte();
    std::uint64_t seed = 0;
    for (int i = 0; i < 8; ++i)
        seed = (seed << 8) | input.byte();
    const QString text = QString::fromUtf8(input.rest());
    const qsizetype cut = text.size() * cutAt / 256;
    // Long replies too: the joiner looks only at the last kMaxOverlap characters.
    const QString existing = (repeat & 0x80) ? text.first(cut).repeated(8) : text.first(cut);
    const QString continuation = existing.right(repeat & 0x7f) + text.mid(cut);

    const QString whole = join(existing, {continuation});
    QList<QString> pieces;
    fuzz::Generator generator(seed);
    for (qsizetype at = 0; at < continuation.size();) {
        const qsizetype n = qMin(continuation.size() - at, 1 + generator.bounded(8));
        pieces.append(continuation.mid(at, n));
        at += n;
    }
    const QString piecewise = join(existing, pieces);
    const auto detail = [&] {
        return QStringLiteral("reply \"%1\"\ncontinuation \"%2\"\nwhole \"%3\"\npieces \"%4\"")
            .arg(fuzz::visible(existing.right(300)), fuzz::visible(continuation.left(300)),
                 fuzz::visible(whole), fuzz::visible(piecewise));
    };
    fuzz::check(continuation.endsWith(whole), "more than a repeat was taken off", detail);
    fuzz::check(piecewise == whole, "pieces give another result than the whole", detail);
    fuzz::check(whole == expected(existing, continuation), "not what the rule says", detail);
    // Empty pieces (a delta with only a role or usage) change nothing.
    QList<QString> withEmpty;
    for (const QString &piece : std::as_const(pieces))
        withEmpty << QString() << piece;
    withEmpty << QString();
    fuzz::check(join(existing, withEmpty) == whole, "an empty piece changes the result", detail);
    return 0;
}
