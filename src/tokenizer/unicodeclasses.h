#pragma once

#include "core/result.h"

#include <QByteArray>

#include <cstdint>
#include <vector>

// The Unicode character classes tiktoken's pre-tokenization patterns ask about
// (\p{L}, \p{N}, \p{M}, \s and the two letter groups of o200k_base), one byte
// of bits per code point. Generated from Node's ICU by
// resources/tokenizer/generate.mjs rather than taken from QChar, so the
// tables do not depend on the Unicode version of the Qt we run on (6.4 knows
// Unicode 14) and agree with the tokenizers we are checked against.
class UnicodeClasses
{
public:
    enum Class : std::uint8_t {
        Letter = 1,     // \p{L}
        Number = 2,     // \p{N}
        Mark = 4,       // \p{M}
        Space = 8,      // \s as tiktoken means it: the White_Space property
        UpperLike = 16, // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
        LowerLike = 32, // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
    };

    // `compressed`: the qCompress()ed run table written by generate.mjs.
    static Result<UnicodeClasses> fromData(const QByteArray &compressed);

    std::uint8_t of(char32_t codePoint) const
    {
        if (codePoint >= kCodePoints)
            return 0;
        return m_blocks[(std::size_t(m_index[codePoint >> kBlockBits]) << kBlockBits) |
                        (codePoint & (kBlockSize - 1))];
    }

private:
    static constexpr char32_t kCodePoints = 0x110000;
    static constexpr int kBlockBits = 7;
    static constexpr char32_t kBlockSize = 1u << kBlockBits;

    UnicodeClasses() = default;

    // Two-stage table: most 128-code-point blocks are alike (unassigned,
    // all CJK, ...), so they are stored once.
    std::vector<std::uint16_t> m_index;
    std::vector<std::uint8_t> m_blocks;
};
