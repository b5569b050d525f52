#include "unicodeclasses.h"

#include <QCoreApplication>
#include <QHash>

#include <cstring>

namespace {

quint32 readLe32(const char *p)
{
    const auto *u = reinterpret_cast<const uchar *>(p);
    return quint32(u[0]) | quint32(u[1]) << 8 | quint32(u[2]) << 16 | quint32(u[3]) << 24;
}

} // namespace

Result<UnicodeClasses> UnicodeClasses::fromData(const QByteArray &compressed)
{
    const auto broken = [](const char *why) {
        return Result<UnicodeClasses>::failure(
            QCoreApplication::translate("UnicodeClasses", "The Unicode table is damaged (%1).")
                .arg(QLatin1String(why)));
    };
    const QByteArray raw = qUncompress(compressed);
    constexpr qsizetype kHeader = 12;
    if (raw.size() < kHeader || std::memcmp(raw.constData(), "CFUCL1\0\0", 8) != 0)
        return broken("header");
    const quint32 runs = readLe32(raw.constData() + 8);
    if (runs == 0 || raw.size() != kHeader + qsizetype(runs) * 5)
        return broken("size");

    // Expand the runs into one class per code point, then share equal blocks.
    std::vector<std::uint8_t> flat(kCodePoints, 0);
    char32_t previousStart = 0;
    for (quint32 i = 0; i < runs; ++i) {
        const char *entry = raw.constData() + kHeader + qsizetype(i) * 5;
        const char32_t start = readLe32(entry);
        const char32_t end =
            i + 1 < runs ? char32_t(readLe32(entry + 5)) : kCodePoints; // next run's start
        if (start < previousStart || end < start || end > kCodePoints || (i == 0 && start != 0))
            return broken("order");
        std::memset(flat.data() + start, std::uint8_t(entry[4]), end - start);
        previousStart = start;
    }

    UnicodeClasses classes;
    classes.m_index.resize(kCodePoints >> kBlockBits);
    QHash<QByteArray, std::uint16_t> seen;
    for (std::size_t block = 0; block < classes.m_index.size(); ++block) {
        const QByteArray bytes(reinterpret_cast<const char *>(flat.data() + (block << kBlockBits)),
                               qsizetype(kBlockSize));
        auto it = seen.constFind(bytes);
        if (it == seen.cend()) {
            const auto number = std::uint16_t(seen.size());
            it = seen.insert(bytes, number);
            classes.m_blocks.insert(classes.m_blocks.end(), bytes.cbegin(), bytes.cend());
        }
        classes.m_index[block] = it.value();
    }
    return classes;
}
