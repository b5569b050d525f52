#include "bytepairencoder.h"

#include <algorithm>

namespace {

constexpr int kNone = BpeVocabulary::kNoRank;

} // namespace

BytePairEncoder::BytePairEncoder(const BpeVocabulary &vocabulary)
    : m_vocabulary(vocabulary)
{}

void BytePairEncoder::mergeByScan(const char *piece, std::size_t size, std::vector<int> &out) const
{
    // parts[i]: where part i starts, its own rank, and the rank of it merged
    // with the next part. The last entry only marks the end.
    struct Part
    {
        std::size_t start;
        int rank;
        int pairRank;
    };
    // No allocation for the short pieces this is used for.
    Part onStack[kTreeThreshold + 1];
    std::vector<Part> onHeap;
    Part *parts = onStack;
    if (size > kTreeThreshold) {
        onHeap.resize(size + 1);
        parts = onHeap.data();
    }
    for (std::size_t i = 0; i < size; ++i) {
        parts[i].start = i;
        parts[i].rank = m_vocabulary.byteRank(std::uint8_t(piece[i]));
        parts[i].pairRank = i + 1 < size ? m_vocabulary.rank(piece + i, 2) : kNone;
    }
    parts[size] = {size, kNone, kNone};
    std::size_t count = size; // parts, not counting the end marker

    const auto pairRank = [&](std::size_t i) {
        // Part i merged with part i + 1, once part i + 1 has absorbed i + 2.
        if (i + 3 > count)
            return kNone;
        return m_vocabulary.rank(piece + parts[i].start, parts[i + 3].start - parts[i].start);
    };
    for (;;) {
        std::size_t best = count;
        int bestRank = kNone;
        for (std::size_t i = 0; i + 1 < count; ++i) {
            const int r = parts[i].pairRank;
            if (r != kNone && (bestRank == kNone || r < bestRank)) {
                bestRank = r;
                best = i;
            }
        }
        if (best == count)
            break;
        if (best > 0)
            parts[best - 1].pairRank = pairRank(best - 1);
        parts[best].pairRank = pairRank(best);
        parts[best].rank = bestRank;
        std::copy(parts + best + 2, parts + count + 1, parts + best + 1);
        --count;
    }
    for (std::size_t i = 0; i < count; ++i)
        out.push_back(parts[i].rank);
}

void BytePairEncoder::mergeByTree(const char *piece, std::size_t size, std::vector<int> &out) const
{
    // Parts are named by the byte where they start; the first part never
    // goes away, since a merge removes the right-hand part.
    std::vector<std::uint32_t> next(size), prev(size);
    std::vector<int> rank(size);
    // A tournament tree over the parts: leaf i holds (pair rank << 32 | i)
    // for the pair part i starts (kEmpty when none), each inner node the
    // smaller child, so the root is the lowest rank and, among equal ranks,
    // the leftmost. A merge changes three leaves, each update one path up.
    constexpr std::uint64_t kEmpty = ~std::uint64_t(0);
    std::size_t leaves = 1;
    while (leaves < size)
        leaves *= 2;
    std::vector<std::uint64_t> tree(2 * leaves, kEmpty);
    const auto key = [](int r, std::size_t i) {
        return r == kNone ? kEmpty : std::uint64_t(r) << 32 | i;
    };
    for (std::size_t i = 0; i < size; ++i) {
        next[i] = std::uint32_t(i + 1);
        prev[i] = std::uint32_t(i - 1); // unused for i == 0
        rank[i] = m_vocabulary.byteRank(std::uint8_t(piece[i]));
        tree[leaves + i] = key(i + 1 < size ? m_vocabulary.rank(piece + i, 2) : kNone, i);
    }
    for (std::size_t x = leaves - 1; x > 0; --x)
        tree[x] = std::min(tree[2 * x], tree[2 * x + 1]);
    const auto set = [&](std::size_t i, std::uint64_t value) {
        std::size_t x = leaves + i;
        tree[x] = value;
        for (x /= 2; x > 0; x /= 2) {
            const std::uint64_t smaller = std::min(tree[2 * x], tree[2 * x + 1]);
            if (tree[x] == smaller)
                break; // nothing above changes either
            tree[x] = smaller;
        }
    };
    while (tree[1] != kEmpty) {
        const auto r = int(tree[1] >> 32);
        const auto i = std::size_t(tree[1] & 0xFFFFFFFFu);
        const std::size_t j = next[i];
        const std::size_t k = next[j];
        rank[i] = r;
        next[i] = std::uint32_t(k);
        if (k < size)
            prev[k] = std::uint32_t(i);
        set(j, kEmpty);
        set(i, key(k < size ? m_vocabulary.rank(piece + i, next[k] - i) : kNone, i));
        if (i > 0) {
            const std::size_t h = prev[i];
            set(h, key(m_vocabulary.rank(piece + h, k - h), h));
        }
    }
    for (std::size_t i = 0; i < size; i = next[i])
        out.push_back(rank[i]);
}
