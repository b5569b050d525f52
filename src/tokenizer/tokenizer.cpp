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

Tokenizer::Encoding Tokenizer::encodingForModel(QStringView model)
{
    const qsizetype slash = model.lastIndexOf(QLatin1Char('/'));
    const QString name = model.mid(slash + 1).trimmed().toString().toLower();
    const auto is = [&name](const char *prefix) {
        return name.startsWith(QLatin1String(prefix));
    };
    if (is("gpt-4o") || is("gpt-4.") || is("chatgpt-4o"))
        return Encoding::O200kBase;
    if (name == QLatin1String("gpt-4") || is("gpt-4-") || is("gpt-3.5") || is("gpt-35") ||
        is("text-embedding-ada-002") || is("text-embedding-3"))
        return Encoding::Cl100kBase;
    return Encoding::O200kBase; // gpt-5*, o1*, o3*, o4*, gpt-oss and the unknown
}

std::vector<int> Tokenizer::encode(QStringView text) const
{
    return encodeUtf8(text.toUtf8());
}

std::vector<int> Tokenizer::encodeUtf8(QByteArrayView utf8) const
{
    std::vector<int> ranks;
    ranks.reserve(std::size_t(utf8.size() / 4 + 1));
    const char *data = utf8.data();
    const auto size = std::size_t(utf8.size());
    for (std::size_t pos = 0; pos < size;) {
        const std::size_t end = m_preTokenizer.pieceEnd(data, size, pos);
        m_encoder.encode(data + pos, end - pos, ranks);
        pos = end;
    }
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
    const char *data = utf8.data();
    const auto size = std::size_t(utf8.size());
    for (std::size_t pos = 0; pos < size;) {
        const std::size_t end = m_preTokenizer.pieceEnd(data, size, pos);
        m_encoder.encode(data + pos, end - pos, scratch);
        total += qsizetype(scratch.size());
        scratch.clear();
        pos = end;
    }
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
