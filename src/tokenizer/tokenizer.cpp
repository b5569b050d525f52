#include "tokenizer.h"

Tokenizer::Tokenizer(Encoding encoding, BpeVocabulary vocabulary,
                     std::shared_ptr<const UnicodeClasses> classes)
    : m_encoding(encoding)
    , m_vocabulary(std::move(vocabulary))
    , m_classes(std::move(classes))
    , m_preTokenizer(encoding == Encoding::O200kBase ? PreTokenizer::Pattern::O200k
                                                     : PreTokenizer::Pattern::Cl100k,
                     *m_classes)
    , m_encoder(m_vocabulary)
{}

QString Tokenizer::encodingName(Encoding encoding)
{
    switch (encoding) {
    case Encoding::O200kBase:
        return QStringLiteral("o200k_base");
    case Encoding::Cl100kBase:
        return QStringLiteral("cl100k_base");
    }
    return {};
}

std::optional<Tokenizer::Encoding> Tokenizer::knownEncodingForModel(QStringView model)
{
    const qsizetype slash = model.lastIndexOf(QLatin1Char('/'));
    const QString name = model.mid(slash + 1).trimmed().toString().toLower();
    const auto is = [&name](const char *prefix) {
        return name.startsWith(QLatin1String(prefix));
    };
    // A family: the name itself, or the name and a dash ("o1", "o1-mini"; not "o100").
    const auto family = [&name](const char *stem) {
        const QLatin1String f(stem);
        return name == f || name.startsWith(f + QLatin1Char('-'));
    };
    if (is("gpt-4o") || is("gpt-4.") || is("chatgpt-4o") || is("gpt-5") || family("o1") ||
        family("o3") || family("o4") || is("gpt-oss"))
        return Encoding::O200kBase;
    if (family("gpt-4") || is("gpt-3.5") || is("gpt-35") || is("text-embedding-ada-002") ||
        is("text-embedding-3"))
        return Encoding::Cl100kBase;
    return std::nullopt;
}

Tokenizer::Encoding Tokenizer::encodingForModel(QStringView model)
{
    // The unknown are mostly newer models (or other makers' models, where
    // any OpenAI encoding is an estimate): the newer encoding.
    return knownEncodingForModel(model).value_or(Encoding::O200kBase);
}

std::vector<int> Tokenizer::encode(QStringView text) const
{
    return encodeUtf8(text.toUtf8());
}

template<typename Emit> void Tokenizer::forEachPiece(QByteArrayView utf8, Emit &&onPiece) const
{
    // Most of the time goes to waiting for the vocabulary's hash table. The
    // pieces are found a few ahead of their encoding and their slots
    // prefetched, so those waits overlap.
    constexpr std::size_t kAhead = 8;
    std::size_t ends[kAhead];
    const char *data = utf8.data();
    const auto size = std::size_t(utf8.size());
    std::size_t found = 0; // pieces found so far
    std::size_t done = 0;  // pieces encoded
    std::size_t next = 0;  // where the next piece to find starts
    std::size_t start = 0; // where the next piece to encode starts
    while (done < found || next < size) {
        while (next < size && found - done < kAhead) {
            const std::size_t end = m_preTokenizer.pieceEnd(data, size, next);
            m_vocabulary.prefetch(data + next, end - next);
            ends[found++ % kAhead] = end;
            next = end;
        }
        const std::size_t end = ends[done++ % kAhead];
        onPiece(data + start, end - start);
        start = end;
    }
}

std::vector<int> Tokenizer::encodeUtf8(QByteArrayView utf8) const
{
    std::vector<int> ranks;
    ranks.reserve(std::size_t(utf8.size() / 4 + 1));
    forEachPiece(
        utf8, [&](const char *piece, std::size_t size) { m_encoder.encode(piece, size, ranks); });
    return ranks;
}

qsizetype Tokenizer::count(QStringView text) const
{
    return countUtf8(text.toUtf8());
}

qsizetype Tokenizer::countUtf8(QByteArrayView utf8) const
{
    // One small buffer, emptied as it goes: counting a long history
    // allocates nothing per token.
    std::vector<int> scratch;
    scratch.reserve(256);
    qsizetype total = 0;
    forEachPiece(utf8, [&](const char *piece, std::size_t size) {
        m_encoder.encode(piece, size, scratch);
        total += qsizetype(scratch.size());
        scratch.clear();
    });
    return total;
}

QByteArray Tokenizer::decode(const std::vector<int> &ranks) const
{
    QByteArray bytes;
    for (int rank : ranks) {
        if (rank >= 0 && rank < m_vocabulary.size())
            bytes += m_vocabulary.token(rank);
    }
    return bytes;
}
