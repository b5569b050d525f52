// ExportFileName: whatever the title, the slug and the file name are safe on
// every common file system. Input: a byte choosing how the rest becomes the
// title (UTF-8, or raw UTF-16 with lone surrogates possible), 8 bytes of id,
// one of attempt, then the title.
#include "export/exportfilename.h"
#include "fuzzsupport.h"

#include <QStringList>

#include <cstring>
#include <limits>

namespace {

// Windows' reserved device names (any case, with or without an extension),
// including the superscript-digit forms Microsoft lists as reserved too.
bool isReserved(const QString &name)
{
    const QString base = name.section(u'.', 0, 0).toLower();
    static const QStringList plain = {QStringLiteral("con"), QStringLiteral("prn"),
                                      QStringLiteral("aux"), QStringLiteral("nul")};
    if (plain.contains(base))
        return true;
    if (base.size() == 4 &&
        (base.startsWith(QLatin1String("com")) || base.startsWith(QLatin1String("lpt")))) {
        const QChar last = base.at(3);
        return (last >= u'0' && last <= u'9') || last == QChar(0x00B9) || last == QChar(0x00B2) ||
               last == QChar(0x00B3);
    }
    return false;
}

void checkName(const QString &name, const QString &title, const char *what)
{
    const auto detail = [&] {
        return QStringLiteral("%1 \"%2\" from title \"%3\"")
            .arg(QLatin1String(what), fuzz::visible(name), fuzz::visible(title));
    };
    fuzz::check(!name.isEmpty(), "empty name", detail);
    fuzz::check(name != QLatin1String(".") && name != QLatin1String(".."), "a dot name", detail);
    // Path separators and what Windows forbids in a name; no control characters.
    for (const QChar c : name) {
        fuzz::check(c.unicode() >= 0x20 && c.unicode() != 0x7f, "a control character", detail);
        fuzz::check(!QStringView(u"/\\:*?\"<>|").contains(c), "a separator or forbidden character",
                    detail);
    }
    fuzz::check(QStringView(name).isValidUtf16(), "a lone surrogate", detail);
    fuzz::check(!isReserved(name), "a reserved name", detail);
    fuzz::check(!name.startsWith(u'-') && !name.endsWith(u'-') && !name.endsWith(u'.') &&
                    !name.endsWith(u' '),
                "a name that starts with '-' or ends with '-', '.' or ' '", detail);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    fuzz::ensureApplication(); // slug() may translate its fallback
    fuzz::Input input(data, size);
    const std::uint8_t mode = input.byte();
    Conversation conversation;
    for (int i = 0; i < 8; ++i)
        conversation.id = (conversation.id << 8) | input.byte();
    conversation.id &= std::numeric_limits<qint64>::max(); // row ids are never negative
    const int attempt = input.byte();
    const QByteArrayView rest = input.rest();
    if (mode & 1) {
        // Any UTF-16, lone surrogates included (copied: the bytes may be unaligned).
        conversation.title = QString(rest.size() / 2, Qt::Uninitialized);
        std::memcpy(conversation.title.data(), rest.data(), std::size_t(rest.size() / 2) * 2);
    } else {
        conversation.title = QString::fromUtf8(rest);
    }

    const QString slug = ExportFileName::slug(conversation.title);
    checkName(slug, conversation.title, "slug");
    fuzz::check(slug.toUtf8().size() <= ExportFileName::kMaxSlugBytes, "slug over the byte cap",
                [&] { return fuzz::visible(slug); });
    fuzz::check(!slug.contains(QLatin1String("--")), "a slug with '--'",
                [&] { return fuzz::visible(slug); });

    for (const ExportFormat format : {ExportFormat::Markdown, ExportFormat::Json}) {
        const QString name = ExportFileName::forConversation(conversation, format, attempt);
        checkName(name, conversation.title, "file name");
        fuzz::check(name.endsWith(ExportFileName::extension(format)), "wrong extension",
                    [&] { return fuzz::visible(name); });
        fuzz::check(name.startsWith(slug + u'-' + QString::number(conversation.id)),
                    "the name is not slug-id", [&] { return fuzz::visible(name); });
        fuzz::check(name.toUtf8().size() < 255, "a name over 255 bytes",
                    [&] { return fuzz::visible(name); });
    }
    return 0;
}
