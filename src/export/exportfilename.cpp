#include "exportfilename.h"

#include <QTextBoundaryFinder>

namespace {
// Names Windows reserves for devices, whatever the extension; a file system
// shared with Windows (a USB stick, a network share) refuses them.
bool isReservedDeviceName(const QString &name)
{
    // Superscript digits count as digits here: Microsoft lists COM¹-COM³ and LPT¹-LPT³ too.
    static const QStringList names = {
        QStringLiteral("con"),       QStringLiteral("prn"),       QStringLiteral("aux"),
        QStringLiteral("nul"),       QStringLiteral("com0"),      QStringLiteral("com1"),
        QStringLiteral("com2"),      QStringLiteral("com3"),      QStringLiteral("com4"),
        QStringLiteral("com5"),      QStringLiteral("com6"),      QStringLiteral("com7"),
        QStringLiteral("com8"),      QStringLiteral("com9"),      QStringLiteral("com\u00b9"),
        QStringLiteral("com\u00b2"), QStringLiteral("com\u00b3"), QStringLiteral("lpt0"),
        QStringLiteral("lpt1"),      QStringLiteral("lpt2"),      QStringLiteral("lpt3"),
        QStringLiteral("lpt4"),      QStringLiteral("lpt5"),      QStringLiteral("lpt6"),
        QStringLiteral("lpt7"),      QStringLiteral("lpt8"),      QStringLiteral("lpt9"),
        QStringLiteral("lpt\u00b9"), QStringLiteral("lpt\u00b2"), QStringLiteral("lpt\u00b3"),
    };
    return names.contains(name, Qt::CaseInsensitive);
}

bool isKept(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
    case QChar::Mark_NonSpacing: // vowel signs and accents belong to their letter
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
        return true;
    default:
        return false;
    }
}

// The slug of `title` (see the class comment); empty when nothing is left.
QString clean(const QString &title, int maxBytes)
{
    // NFC first, so "é" typed as e + accent and as one character give one name.
    const QList<uint> codePoints = title.normalized(QString::NormalizationForm_C).toUcs4();
    QString joined;
    bool separate = false;
    for (uint c : codePoints) {
        if (!isKept(char32_t(c))) {
            separate = !joined.isEmpty();
            continue;
        }
        if (separate)
            joined += u'-';
        separate = false;
        const char32_t lower = QChar::toLower(char32_t(c));
        joined += QString::fromUcs4(&lower, 1);
    }

    // Cut whole graphemes only: never half a surrogate pair or a letter
    // without its accent.
    QString out;
    qsizetype bytes = 0;
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, joined);
    qsizetype start = 0;
    for (qsizetype end = graphemes.toNextBoundary(); end != -1; end = graphemes.toNextBoundary()) {
        const QString piece = joined.mid(start, end - start);
        bytes += piece.toUtf8().size();
        if (bytes > maxBytes)
            break;
        out += piece;
        start = end;
    }
    while (out.endsWith(u'-'))
        out.chop(1);
    if (isReservedDeviceName(out))
        out += u'_';
    return out;
}
} // namespace

QString ExportFileName::slug(const QString &title)
{
    if (QString out = clean(title, kMaxSlugBytes); !out.isEmpty())
        return out;
    // A title with nothing usable in it; the translation is cleaned too.
    if (QString out = clean(tr("conversation"), kMaxSlugBytes); !out.isEmpty())
        return out;
    return QStringLiteral("conversation");
}

QString ExportFileName::forConversation(const Conversation &conversation, ExportFormat format,
                                        int attempt)
{
    QString name = slug(conversation.title) + u'-' + QString::number(conversation.id);
    if (attempt > 1)
        name += u'-' + QString::number(attempt);
    return name + extension(format);
}

QString ExportFileName::extension(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Markdown:
        return QStringLiteral(".md");
    case ExportFormat::Json:
        return QStringLiteral(".json");
    }
    return QStringLiteral(".md");
}
