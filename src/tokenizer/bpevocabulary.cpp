#include "bpevocabulary.h"

#include <QCoreApplication>

#include <algorithm>
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

    // Three quarters full at most: linear probing stays short, and the table
    // stays small enough to be mostly in cache.
    std::size_t longTokens = 0;
    for (quint32 r = 0; r < count; ++r)
        longTokens += lengths[r] > 2 ? 1 : 0;
    const std::uint64_t slotCount = std::bit_ceil(std::uint64_t(longTokens) * 4 / 3 + 1);
    vocabulary.m_table.assign(slotCount, Slot{});
    vocabulary.m_mask = slotCount - 1;
    std::fill(std::begin(vocabulary.m_byteRanks), std::end(vocabulary.m_byteRanks), kNoRank);
    vocabulary.m_pairRanks.assign(1 << 16, kNoRank);
    for (quint32 r = 0; r < count; ++r) {
        const QByteArrayView t = vocabulary.token(int(r));
        const auto size = std::size_t(t.size());
        vocabulary.m_longest = std::max(vocabulary.m_longest, size);
        if (vocabulary.rank(t.data(), size) != kNoRank)
            return broken("duplicate token");
        const auto *u = reinterpret_cast<const uchar *>(t.data());
        if (size == 1) {
            vocabulary.m_byteRanks[u[0]] = int(r);
        } else if (size == 2) {
            vocabulary.m_pairRanks[std::size_t(u[0]) << 8 | u[1]] = int(r);
        } else {
            const std::uint64_t key = head(t.data(), size);
            std::size_t slot = hash(key, t.data(), size) & vocabulary.m_mask;
            while (vocabulary.m_table[slot].size != 0)
                slot = (slot + 1) & vocabulary.m_mask;
            vocabulary.m_table[slot] = Slot{key, r, std::uint32_t(size)};
        }
    }
    for (int rank : vocabulary.m_byteRanks) {
        if (rank == kNoRank)
            return broken("missing byte");
    }
    return vocabulary;
}
