#include "bpevocabulary.h"

#include <QCoreApplication>

#include <bit>

namespace {

quint32 readLe32(const char *p)
{
    const auto *u = reinterpret_cast<const uchar *>(p);
    return quint32(u[0]) | quint32(u[1]) << 8 | quint32(u[2]) << 16 | quint32(u[3]) << 24;
}

} // namespace

Result<BpeVocabulary> BpeVocabulary::fromData(const QByteArray &compressed)
{
    const auto broken = [](const char *why) {
        return Result<BpeVocabulary>::failure(
            QCoreApplication::translate("BpeVocabulary",
                                        "The tokenizer vocabulary is damaged (%1).")
                .arg(QLatin1String(why)));
    };
    const QByteArray raw = qUncompress(compressed);
    constexpr qsizetype kHeader = 12;
    if (raw.size() < kHeader || std::memcmp(raw.constData(), "CFBPE1\0\0", 8) != 0)
        return broken("header");
    const quint32 count = readLe32(raw.constData() + 8);
    if (count < 256 || count > (1u << 24) || raw.size() < kHeader + qsizetype(count))
        return broken("count");

    BpeVocabulary vocabulary;
    const auto *lengths = reinterpret_cast<const uchar *>(raw.constData() + kHeader);
    vocabulary.m_offsets.resize(std::size_t(count) + 1);
    std::uint32_t offset = 0;
    for (quint32 r = 0; r < count; ++r) {
        if (lengths[r] == 0)
            return broken("empty token");
        vocabulary.m_offsets[r] = offset;
        offset += lengths[r];
    }
    vocabulary.m_offsets[count] = offset;
    if (raw.size() != kHeader + qsizetype(count) + qsizetype(offset))
        return broken("size");
    vocabulary.m_bytes = raw.mid(kHeader + qsizetype(count));

    // At most half full, so a probe sequence stays short.
    const std::uint64_t slotCount = std::bit_ceil(std::uint64_t(count) * 2);
    vocabulary.m_table.assign(slotCount, 0);
    vocabulary.m_mask = slotCount - 1;
    std::fill(std::begin(vocabulary.m_byteRanks), std::end(vocabulary.m_byteRanks), kNoRank);
    for (quint32 r = 0; r < count; ++r) {
        const QByteArrayView t = vocabulary.token(int(r));
        if (vocabulary.rank(t.data(), std::size_t(t.size())) != kNoRank)
            return broken("duplicate token");
        const std::uint64_t h = hash(t.data(), std::size_t(t.size()));
        std::size_t slot = h & vocabulary.m_mask;
        while (vocabulary.m_table[slot] != 0)
            slot = (slot + 1) & vocabulary.m_mask;
        vocabulary.m_table[slot] = (h >> 32) << 32 | (std::uint64_t(r) + 1);
        if (t.size() == 1)
            vocabulary.m_byteRanks[uchar(t.front())] = int(r);
    }
    for (int rank : vocabulary.m_byteRanks) {
        if (rank == kNoRank)
            return broken("missing byte");
    }
    return vocabulary;
}
