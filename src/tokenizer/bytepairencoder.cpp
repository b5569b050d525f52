#include "bytepairencoder.h"

#include <algorithm>
#include <functional>
#include <queue>

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
    Part onStack[kHeapThreshold + 1];
    std::vector<Part> onHeap;
    Part *parts = onStack;
    if (size > kHeapThreshold) {
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

void BytePairEncoder::mergeByHeap(const char *piece, std::size_t size, std::vector<int> &out) const
{
    // Parts are named by the byte where they start; the first part never
    // goes away, since a merge removes the right-hand part.
    std::vector<std::size_t> next(size), prev(size);
    std::vector<int> rank(size), pairRank(size);
    std::vector<bool> alive(size, true);
    // (rank << 32 | start): the smallest is the lowest rank, then the leftmost.
    std::vector<std::uint64_t> storage;
    storage.reserve(size);
    std::priority_queue<std::uint64_t, std::vector<std::uint64_t>, std::greater<>> heap(
        std::greater<>{}, std::move(storage));
    const auto push = [&heap](int r, std::size_t start) {
        if (r != kNone)
            heap.push(std::uint64_t(r) << 32 | start);
    };
    for (std::size_t i = 0; i < size; ++i) {
        next[i] = i + 1;
        prev[i] = i - 1; // unused for i == 0
        rank[i] = m_vocabulary.byteRank(std::uint8_t(piece[i]));
        pairRank[i] = i + 1 < size ? m_vocabulary.rank(piece + i, 2) : kNone;
        push(pairRank[i], i);
    }
    const auto end = [&](std::size_t part) {
        return part < size ? next[part] : size;
    };
    while (!heap.empty()) {
        const std::uint64_t top = heap.top();
        heap.pop();
        const auto r = int(top >> 32);
        const auto i = std::size_t(top & 0xFFFFFFFFu);
        if (!alive[i] || pairRank[i] != r)
            continue; // stale: the part merged, or its neighbour changed
        const std::size_t j = next[i];
        const std::size_t k = next[j];
        alive[j] = false;
        rank[i] = r;
        next[i] = k;
        if (k < size)
            prev[k] = i;
        pairRank[i] = k < size ? m_vocabulary.rank(piece + i, end(k) - i) : kNone;
        push(pairRank[i], i);
        if (i > 0) {
            const std::size_t h = prev[i];
            pairRank[h] = m_vocabulary.rank(piece + h, k - h);
            push(pairRank[h], h);
        }
    }
    for (std::size_t i = 0; i < size; i = next[i])
        out.push_back(rank[i]);
}
