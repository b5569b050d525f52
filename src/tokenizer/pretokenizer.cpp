#include "pretokenizer.h"

namespace {

constexpr std::size_t kNone = std::size_t(-1);

} // namespace

// One pass over one text: decoding and the pieces of both patterns. Positions
// are byte offsets into the UTF-8.
class PreTokenizer::Scan
{
public:
    Scan(const PreTokenizer &owner, const char *text, std::size_t size)
        : m_owner(owner)
        , m_s(reinterpret_cast<const std::uint8_t *>(text))
        , m_n(size)
    {}

    std::size_t cl100k(std::size_t pos) const
    {
        const Char c = at(pos);
        const std::size_t next = pos + c.length;
        if (c.cp == '\'') {
            if (const std::size_t end = contraction(pos); end != pos)
                return end;
        }
        if (c.classes & UnicodeClasses::Letter)
            return run(next, UnicodeClasses::Letter);
        if (isPrefix(c) && next < m_n) {
            if (const Char d = at(next); d.classes & UnicodeClasses::Letter)
                return run(next + d.length, UnicodeClasses::Letter);
        }
        if (c.classes & UnicodeClasses::Number)
            return numbers(pos);
        if (const std::size_t end = punctuation(c, pos, false); end != kNone)
            return end;
        return whitespace(pos);
    }

    std::size_t o200k(std::size_t pos) const
    {
        const Char c = at(pos);
        const std::size_t next = pos + c.length;
        const bool prefix = isPrefix(c);
        // A mark is both a possible prefix and a letter-group member: the
        // regex tries each alternative with the prefix, then without it.
        const bool grouped = c.classes & (UnicodeClasses::UpperLike | UnicodeClasses::LowerLike);
        if (prefix || grouped) {
            std::size_t end = kNone;
            if (prefix && next < m_n && (end = upperLower(next)) != kNone)
                return end;
            if (grouped && (end = upperLower(pos)) != kNone)
                return end;
            if (prefix && next < m_n && (end = upperThenLower(next)) != kNone)
                return end;
            if (grouped && (end = upperThenLower(pos)) != kNone)
                return end;
        }
        if (c.classes & UnicodeClasses::Number)
            return numbers(pos);
        if (const std::size_t end = punctuation(c, pos, true); end != kNone)
            return end;
        return whitespace(pos);
    }

private:
    Char at(std::size_t i) const
    {
        const std::uint8_t b = m_s[i];
        if (b < 0x80)
            return {b, 1, m_owner.m_ascii[b]};
        return decode(i);
    }

    Char decode(std::size_t i) const
    {
        const std::uint8_t b = m_s[i];
        const auto continuation = [this](std::size_t j, std::uint8_t low, std::uint8_t high) {
            return j < m_n && m_s[j] >= low && m_s[j] <= high;
        };
        char32_t cp = 0;
        std::uint32_t length = 0;
        if (b >= 0xC2 && b <= 0xDF && continuation(i + 1, 0x80, 0xBF)) {
            cp = char32_t(b & 0x1F) << 6 | (m_s[i + 1] & 0x3F);
            length = 2;
        } else if (b >= 0xE0 && b <= 0xEF &&
                   continuation(i + 1, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF) &&
                   continuation(i + 2, 0x80, 0xBF)) {
            cp = char32_t(b & 0x0F) << 12 | char32_t(m_s[i + 1] & 0x3F) << 6 | (m_s[i + 2] & 0x3F);
            length = 3;
        } else if (b >= 0xF0 && b <= 0xF4 &&
                   continuation(i + 1, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF) &&
                   continuation(i + 2, 0x80, 0xBF) && continuation(i + 3, 0x80, 0xBF)) {
            cp = char32_t(b & 0x07) << 18 | char32_t(m_s[i + 1] & 0x3F) << 12 |
                 char32_t(m_s[i + 2] & 0x3F) << 6 | (m_s[i + 3] & 0x3F);
            length = 4;
        } else {
            return {0xFFFD, 1, m_owner.m_classes.of(0xFFFD)};
        }
        return {cp, length, m_owner.m_classes.of(cp)};
    }

    // [^\r\n\p{L}\p{N}]
    static bool isPrefix(const Char &c)
    {
        return !(c.classes & (UnicodeClasses::Letter | UnicodeClasses::Number)) && c.cp != '\r' &&
               c.cp != '\n';
    }
    // [^\s\p{L}\p{N}]
    static bool isOther(const Char &c)
    {
        return !(c.classes &
                 (UnicodeClasses::Letter | UnicodeClasses::Number | UnicodeClasses::Space));
    }

    std::size_t run(std::size_t i, std::uint8_t classes) const
    {
        while (i < m_n) {
            const Char d = at(i);
            if (!(d.classes & classes))
                break;
            i += d.length;
        }
        return i;
    }

    // (?i:'s|'t|'re|'ve|'m|'ll|'d)? at r: its end, or r. ASCII case only,
    // as js-tiktoken spells it out and as tiktoken behaves on every test.
    std::size_t contraction(std::size_t r) const
    {
        if (r + 1 >= m_n || m_s[r] != '\'')
            return r;
        // | 0x20 lowers an ASCII letter and maps no other byte onto one.
        const std::uint8_t c1 = m_s[r + 1] | 0x20;
        if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd')
            return r + 2;
        if (r + 2 < m_n) {
            const std::uint8_t c2 = m_s[r + 2] | 0x20;
            if (((c1 == 'r' || c1 == 'v') && c2 == 'e') || (c1 == 'l' && c2 == 'l'))
                return r + 3;
        }
        return r;
    }

    // U*W+C? from p. U* is greedy and gives back characters until W+ can
    // match: either the character after the whole U run is in W (an Ll),
    // or W+ starts at the last U character that is also in W (Lm, Lo, M),
    // and then matches just that one (what follows it in the run is Lu/Lt).
    std::size_t upperLower(std::size_t p) const
    {
        std::size_t q = p;
        std::size_t lastLowerEnd = kNone;
        while (q < m_n) {
            const Char d = at(q);
            if (!(d.classes & UnicodeClasses::UpperLike)) {
                if (d.classes & UnicodeClasses::LowerLike)
                    return contraction(run(q + d.length, UnicodeClasses::LowerLike));
                break;
            }
            q += d.length;
            if (d.classes & UnicodeClasses::LowerLike)
                lastLowerEnd = q;
        }
        if (lastLowerEnd != kNone)
            return contraction(lastLowerEnd);
        return kNone;
    }

    // U+W*C? from p.
    std::size_t upperThenLower(std::size_t p) const
    {
        const std::size_t q = run(p, UnicodeClasses::UpperLike);
        if (q == p)
            return kNone;
        return contraction(run(q, UnicodeClasses::LowerLike));
    }

    // \p{N}{1,3}
    std::size_t numbers(std::size_t i) const
    {
        for (int taken = 0; taken < 3 && i < m_n; ++taken) {
            const Char d = at(i);
            if (!(d.classes & UnicodeClasses::Number))
                break;
            i += d.length;
        }
        return i;
    }

    // " ?[^\s\p{L}\p{N}]+[\r\n]*" (o200k_base: "[\r\n/]*"), or kNone.
    std::size_t punctuation(const Char &c, std::size_t pos, bool slash) const
    {
        std::size_t i = pos;
        if (c.cp == ' ') {
            if (pos + 1 >= m_n || !isOther(at(pos + 1)))
                return kNone;
            i = pos + 1;
        } else if (!isOther(c)) {
            return kNone;
        }
        while (i < m_n) {
            const Char d = at(i);
            if (!isOther(d))
                break;
            i += d.length;
        }
        while (i < m_n && (m_s[i] == '\r' || m_s[i] == '\n' || (slash && m_s[i] == '/')))
            ++i;
        return i;
    }

    // \s*[\r\n]+ | \s+(?!\S) | \s+, at a whitespace character. The first
    // ends after the run's last line break; the second leaves the run's last
    // character to prefix the word that follows (unless the text ends).
    std::size_t whitespace(std::size_t pos) const
    {
        std::size_t i = pos;
        std::size_t lastStart = pos;
        std::size_t lastBreakEnd = kNone;
        int count = 0;
        while (i < m_n) {
            const Char d = at(i);
            if (!(d.classes & UnicodeClasses::Space))
                break;
            if (d.cp == '\r' || d.cp == '\n')
                lastBreakEnd = i + d.length;
            lastStart = i;
            i += d.length;
            ++count;
        }
        if (lastBreakEnd != kNone)
            return lastBreakEnd;
        if (i == m_n || count <= 1)
            return i;
        return lastStart;
    }

    const PreTokenizer &m_owner;
    const std::uint8_t *m_s;
    std::size_t m_n;
};

PreTokenizer::PreTokenizer(Pattern pattern, const UnicodeClasses &classes)
    : m_pattern(pattern)
    , m_classes(classes)
{
    for (char32_t c = 0; c < 128; ++c)
        m_ascii[c] = classes.of(c);
}

std::size_t PreTokenizer::pieceEnd(const char *text, std::size_t size, std::size_t pos) const
{
    const Scan scan(*this, text, size);
    const std::size_t end = m_pattern == Pattern::O200k ? scan.o200k(pos) : scan.cl100k(pos);
    // Every character starts a match, so this never triggers; it keeps a
    // mistake in the scanner from turning into an endless loop.
    return end > pos ? end : pos + 1;
}
