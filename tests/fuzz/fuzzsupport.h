#pragma once

// What every harness shares: reading choices off the front of the input, a
// deterministic generator for piece sizes, a QCoreApplication for code that
// needs one, and how a broken property is reported (abort: libFuzzer saves
// the input as crash-<sha1> and the run fails).

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

namespace fuzz {

[[noreturn]] inline void fail(const char *property, const QString &detail = {})
{
    std::fprintf(stderr, "\n== fuzz finding: %s\n%s\n", property, qUtf8Printable(detail));
    std::fflush(stderr);
    std::abort();
}

// `detail` is a QString, or a function making one: a function is called only
// when the check fails, so passing checks build no report.
template<typename Detail = QString>
inline void check(bool ok, const char *property, Detail &&detail = {})
{
    if (ok)
        return;
    if constexpr (std::is_invocable_v<Detail>)
        fail(property, detail());
    else
        fail(property, detail);
}

// One application for the whole run, created before the first input. Debug
// logging is off: it would only slow the runs down.
inline void ensureApplication()
{
    static int argc = 1;
    static char name[] = "confab-fuzz";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *app = nullptr;
    if (!app) {
        app = new QCoreApplication(argc, argv);
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false"));
    }
}

// Takes choices off the front of the input; what is left is the payload.
// Reading past the end gives zeros, so every input is valid.
class Input
{
public:
    Input(const std::uint8_t *data, std::size_t size)
        : m_data(reinterpret_cast<const char *>(data), qsizetype(size))
    {}

    std::uint8_t byte()
    {
        if (m_at >= m_data.size())
            return 0;
        return std::uint8_t(m_data[m_at++]);
    }
    std::uint16_t u16()
    {
        const std::uint16_t low = byte();
        return std::uint16_t(low | (std::uint16_t(byte()) << 8));
    }
    QByteArrayView rest() const { return m_data.sliced(qMin(m_at, m_data.size())); }

private:
    QByteArrayView m_data;
    qsizetype m_at = 0;
};

// splitmix64: the same piece sizes for the same input, so a finding reproduces.
class Generator
{
public:
    explicit Generator(std::uint64_t seed)
        : m_state(seed)
    {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // In [0, bound); bound > 0.
    qsizetype bounded(qsizetype bound) { return qsizetype(next() % std::uint64_t(bound)); }

private:
    std::uint64_t m_state;
};

// Shows bytes or text in a finding's report with the invisible made visible.
inline QString visible(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        if (c == u'\\')
            out += QStringLiteral("\\\\");
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.isSurrogate())
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace fuzz
