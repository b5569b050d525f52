// Tokenizer (o200k_base and cl100k_base, loaded from the shipped resources as
// the app loads them): decode(encode(x)) == x for any bytes, count(x) equals
// the length of encode(x), every rank is in the vocabulary, the pre-tokenizer's
// pieces cover the text in order, and the tree merge makes the same merges as
// tiktoken's scan on every piece. Input: the text as bytes, used as given
// (encodeUtf8, malformed UTF-8 included) and as a QString (encode).
#include "fuzzsupport.h"
#include "tokenizer/tokenizers.h"

#include <memory>

namespace {

std::shared_ptr<const Tokenizer> g_tokenizers[2];

QString describe(QByteArrayView bytes)
{
    return QStringLiteral("input (hex) %1").arg(QString::fromLatin1(bytes.toByteArray().toHex()));
}

void checkOne(const Tokenizer &t, QByteArrayView bytes)
{
    const std::vector<int> ranks = t.encodeUtf8(bytes);
    for (const int rank : ranks)
        fuzz::check(rank >= 0 && rank < t.vocabularySize(), "a rank outside the vocabulary",
                    [&] { return describe(bytes); });
    fuzz::check(t.decode(ranks) == bytes, "decode(encodeUtf8(x)) != x",
                [&] { return describe(bytes); });
    fuzz::check(t.countUtf8(bytes) == qsizetype(ranks.size()), "countUtf8 != encodeUtf8 size",
                [&] { return describe(bytes); });

    const QString text = QString::fromUtf8(bytes);
    const std::vector<int> fromText = t.encode(text);
    fuzz::check(t.decode(fromText) == text.toUtf8(), "decode(encode(s)) != s",
                [&] { return describe(bytes); });
    fuzz::check(t.count(text) == qsizetype(fromText.size()), "count != encode size",
                [&] { return describe(bytes); });

    const char *const data = bytes.data();
    const auto size = std::size_t(bytes.size());
    const BytePairEncoder &encoder = t.bytePairEncoder();
    for (std::size_t at = 0; at < size;) {
        const std::size_t end = t.preTokenizer().pieceEnd(data, size, at);
        fuzz::check(end > at && end <= size, "a piece that is empty or past the end",
                    [&] { return describe(bytes); });
        // The scan is quadratic: long pieces are left to tst_tokenizer.
        if (end - at >= 2 && end - at <= 512) {
            std::vector<int> byScan, byTree;
            encoder.mergeByScan(data + at, end - at, byScan);
            encoder.mergeByTree(data + at, end - at, byTree);
            fuzz::check(byScan == byTree, "the tree merge differs from the scan",
                        [&] { return describe(bytes.sliced(qsizetype(at), qsizetype(end - at))); });
        }
        at = end;
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    for (const auto encoding : {Tokenizer::Encoding::O200kBase, Tokenizer::Encoding::Cl100kBase}) {
        auto loaded = Tokenizers::load(encoding);
        if (!loaded)
            fuzz::fail("the tokenizer data did not load", loaded.error());
        g_tokenizers[int(encoding)] = loaded.value();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const auto &tokenizer : g_tokenizers)
        checkOne(*tokenizer, bytes);
    return 0;
}
