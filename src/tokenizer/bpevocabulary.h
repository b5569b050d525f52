#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <cstring>
#include <vector>

// The ranks of one BPE vocabulary (every token's byte string; its rank is its
// position), with a lookup from bytes to rank made for the tokenizer's inner
// loop: one open-addressing table whose slots carry 32 bits of the hash, so a
// miss almost never touches the token bytes.
class BpeVocabulary
{
public:
    static constexpr int kNoRank = -1;

    // `compressed`: the qCompress()ed rank file written by
    // resources/tokenizer/generate.mjs.
    static Result<BpeVocabulary> fromData(const QByteArray &compressed);

    int size() const { return int(m_offsets.size()) - 1; }
    QByteArrayView token(int rank) const
    {
        return QByteArrayView(
            m_bytes.constData() + m_offsets[std::size_t(rank)],
            qsizetype(m_offsets[std::size_t(rank) + 1] - m_offsets[std::size_t(rank)]));
    }
    // Every vocabulary has all 256 single bytes; their ranks, without hashing.
    int byteRank(std::uint8_t byte) const { return m_byteRanks[byte]; }

    int rank(const char *data, std::size_t size) const
    {
        const std::uint64_t h = hash(data, size);
        const auto tag = std::uint32_t(h >> 32);
        for (std::size_t slot = h & m_mask;; slot = (slot + 1) & m_mask) {
            const std::uint64_t entry = m_table[slot];
            if (entry == 0)
                return kNoRank;
            if (std::uint32_t(entry >> 32) != tag)
                continue;
            const auto r = std::uint32_t(entry) - 1;
            const std::uint32_t begin = m_offsets[r];
            if (m_offsets[r + 1] - begin == size &&
                std::memcmp(m_bytes.constData() + begin, data, size) == 0)
                return int(r);
        }
    }

private:
    BpeVocabulary() = default;

    static std::uint64_t hash(const char *data, std::size_t size)
    {
        constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ull;
        constexpr std::uint64_t k2 = 0xBF58476D1CE4E5B9ull;
        std::uint64_t h = k1 ^ (size * k2);
        while (size >= 8) {
            std::uint64_t word;
            std::memcpy(&word, data, 8);
            h = (h ^ word) * k2;
            h ^= h >> 29;
            data += 8;
            size -= 8;
        }
        if (size > 0) {
            std::uint64_t word = 0;
            std::memcpy(&word, data, size);
            h = (h ^ word) * k2;
            h ^= h >> 29;
        }
        h *= k1;
        return h ^ (h >> 32);
    }

    QByteArray m_bytes;                   // every token's bytes, one after the other
    std::vector<std::uint32_t> m_offsets; // size() + 1 entries
    std::vector<std::uint64_t> m_table;   // (hash >> 32) << 32 | (rank + 1); 0 is empty
    std::uint64_t m_mask = 0;
    int m_byteRanks[256] = {};
};
