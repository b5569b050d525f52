#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <cstring>
#include <vector>

// The ranks of one BPE vocabulary (every token's byte string; its rank is its
// position), with a lookup from bytes to rank made for the tokenizer's inner
// loop, where the cost is cache misses, not arithmetic: one- and two-byte
// strings index flat tables, and longer ones probe one open-addressing table
// whose slots hold the token's first eight bytes (for tokens of up to eight
// bytes, most of them, that is the whole token: one cache line per lookup).
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
        if (size <= 2) {
            const auto *u = reinterpret_cast<const std::uint8_t *>(data);
            if (size == 2)
                return m_pairRanks[std::size_t(u[0]) << 8 | u[1]];
            return size == 1 ? m_byteRanks[u[0]] : kNoRank;
        }
        if (size > m_longest)
            return kNoRank;
        const std::uint64_t key = head(data, size);
        for (std::size_t slot = hash(key, data, size) & m_mask;; slot = (slot + 1) & m_mask) {
            const Slot &s = m_table[slot];
            if (s.size == 0)
                return kNoRank;
            if (s.key == key && s.size == size &&
                (size <= 8 ||
                 std::memcmp(m_bytes.constData() + m_offsets[s.rank], data, size) == 0))
                return int(s.rank);
        }
    }

    // Starts fetching the table slot rank() will read first for these bytes,
    // so that several lookups' cache misses overlap instead of queueing.
    void prefetch(const char *data, std::size_t size) const
    {
        if (size > 2 && size <= m_longest)
            __builtin_prefetch(&m_table[hash(head(data, size), data, size) & m_mask]);
    }

private:
    struct Slot
    {
        std::uint64_t key = 0; // head() of the token
        std::uint32_t rank = 0;
        std::uint32_t size = 0; // 0: empty
    };

    BpeVocabulary() = default;

    static std::uint64_t load64(const char *p)
    {
        std::uint64_t v;
        std::memcpy(&v, p, 8);
        return v;
    }
    static std::uint32_t load32(const char *p)
    {
        std::uint32_t v;
        std::memcpy(&v, p, 4);
        return v;
    }

    // For 3 to 8 bytes, every byte, read with two overlapping fixed-size
    // loads (no loop, no variable-length copy); together with the size this
    // identifies the string. For longer ones, the first eight bytes.
    static std::uint64_t head(const char *data, std::size_t size)
    {
        if (size >= 8)
            return load64(data);
        if (size >= 4)
            return load32(data) | std::uint64_t(load32(data + size - 4)) << 32;
        return std::uint8_t(data[0]) | std::uint64_t(std::uint8_t(data[1])) << 8 |
               std::uint64_t(std::uint8_t(data[2])) << 16;
    }

    static std::uint64_t hash(std::uint64_t key, const char *data, std::size_t size)
    {
        constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ull;
        constexpr std::uint64_t k2 = 0xBF58476D1CE4E5B9ull;
        std::uint64_t h = (key ^ (size * k1)) * k2;
        if (size > 8) // long tokens share heads ("________"): mix in the tail
            h = (h ^ (h >> 29) ^ load64(data + size - 8)) * k1;
        return h ^ (h >> 32);
    }

    QByteArray m_bytes;                   // every token's bytes, one after the other
    std::vector<std::uint32_t> m_offsets; // size() + 1 entries
    std::vector<Slot> m_table;            // tokens of 3 bytes and more
    std::uint64_t m_mask = 0;
    std::size_t m_longest = 0; // bytes of the longest token
    int m_byteRanks[256] = {};
    std::vector<int> m_pairRanks; // every two-byte string: 64K entries
};
