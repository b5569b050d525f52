#pragma once

#include "bpevocabulary.h"

#include <cstddef>
#include <vector>

// Byte pair encoding of one piece, with tiktoken's rule: repeatedly merge the
// adjacent pair whose concatenation has the lowest rank (the leftmost of
// equal ones) until no pair is in the vocabulary.
//
// Short pieces use tiktoken's own loop (rescan all pairs after each merge:
// quadratic, but the fastest for the few bytes of a typical piece). Long ones
// (a run of one repeated character is a single piece, however long) keep the
// parts in a linked list and the pairs' (rank, position) in a tournament tree
// (a segment tree of minima): O(n log n), and the same merges in the same
// order, since the tree orders ties by position just as the scan picks the
// leftmost. (A binary heap with lazy deletion did the same job 2-3 times
// slower: most of its time went to sifting stale entries.)
class BytePairEncoder
{
public:
    static constexpr std::size_t kTreeThreshold = 64; // bytes

    explicit BytePairEncoder(const BpeVocabulary &vocabulary);

    // Appends the ranks of `piece` to `out`.
    void encode(const char *piece, std::size_t size, std::vector<int> &out) const
    {
        if (size == 1) {
            out.push_back(m_vocabulary.byteRank(std::uint8_t(piece[0])));
            return;
        }
        if (const int whole = m_vocabulary.rank(piece, size); whole != BpeVocabulary::kNoRank) {
            out.push_back(whole);
            return;
        }
        if (size <= kTreeThreshold)
            mergeByScan(piece, size, out);
        else
            mergeByTree(piece, size, out);
    }

    // The two algorithms, public so the tests can hold them against each other.
    void mergeByScan(const char *piece, std::size_t size, std::vector<int> &out) const;
    void mergeByTree(const char *piece, std::size_t size, std::vector<int> &out) const;

private:
    const BpeVocabulary &m_vocabulary;
};
