#pragma once

#include "unicodeclasses.h"

#include <cstddef>
#include <cstdint>

// Splits UTF-8 text into the pieces tiktoken's pre-tokenization regex would
// match, one piece at a time, by hand: a scanner over code points that takes
// the regex's alternatives in order and reproduces its backtracking where it
// matters (o200k_base's `U*W+` when the two letter groups overlap, `\s*[\r\n]+`
// and `\s+(?!\S)`). The patterns, for reference:
//
// cl100k_base: (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}
//              | ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
// o200k_base:  [^\r\n\p{L}\p{N}]?U*W+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//              |[^\r\n\p{L}\p{N}]?U+W*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//              |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
//   with U = [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] and W = [\p{Ll}\p{Lm}\p{Lo}\p{M}].
//
// Every code point starts some alternative, so the pieces cover the text.
// Each call is linear in the length of the runs it looks at, and no run is
// looked at more than a few times, so splitting is linear overall.
class PreTokenizer
{
public:
    enum class Pattern { Cl100k, O200k };

    PreTokenizer(Pattern pattern, const UnicodeClasses &classes);

    Pattern pattern() const { return m_pattern; }
    // The end of the piece that starts at `pos` (< size) of `text`, which is
    // UTF-8 (a malformed byte counts as one character of no class, as U+FFFD
    // would).
    std::size_t pieceEnd(const char *text, std::size_t size, std::size_t pos) const;

private:
    struct Char
    {
        char32_t cp;
        std::uint32_t length;
        std::uint8_t classes;
    };
    class Scan;

    Pattern m_pattern;
    const UnicodeClasses &m_classes;
    std::uint8_t m_ascii[128];
};
