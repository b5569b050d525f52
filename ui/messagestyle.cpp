#include "messagestyle.h"

#include <QFontDatabase>
#include <QFontMetricsF>

namespace {
QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QTextCharFormat colored(const QColor &color, bool italic = false)
{
    QTextCharFormat f;
    f.setForeground(color);
    if (italic)
        f.setFontItalic(true);
    return f;
}
} // namespace

MessageStyle MessageStyle::create(const QFont &font, const QPalette &palette)
{
    MessageStyle s;
    s.font = font;
    s.monoFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    s.monoFont.setPointSizeF(font.pointSizeF() > 0 ? font.pointSizeF() * 0.95
                                                   : s.monoFont.pointSizeF());
    s.palette = palette;
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    s.dark = base.lightnessF() < 0.5f;
    s.codeBackground = mix(base, text, s.dark ? 0.07 : 0.045);
    s.codeHeader = mix(base, text, s.dark ? 0.12 : 0.09);
    s.border = mix(base, text, 0.22);
    s.muted = mix(base, text, 0.6);
    s.userBubble = mix(base, palette.color(QPalette::Highlight), s.dark ? 0.22 : 0.12);

    using K = CodeTokenizer::Kind;
    // Two well-tried schemes (IntelliJ light and Darcula), readable on both.
    if (s.dark) {
        s.tokenFormats[size_t(K::Keyword)] = colored(QColor(0xcc, 0x78, 0x32));
        s.tokenFormats[size_t(K::Literal)] = colored(QColor(0x98, 0x76, 0xaa));
        s.tokenFormats[size_t(K::String)] = colored(QColor(0x6a, 0xab, 0x73));
        s.tokenFormats[size_t(K::Comment)] = colored(QColor(0x8a, 0x8f, 0x98), true);
        s.tokenFormats[size_t(K::Number)] = colored(QColor(0x68, 0x97, 0xbb));
    } else {
        s.tokenFormats[size_t(K::Keyword)] = colored(QColor(0x00, 0x33, 0xb3));
        s.tokenFormats[size_t(K::Literal)] = colored(QColor(0x87, 0x10, 0x94));
        s.tokenFormats[size_t(K::String)] = colored(QColor(0x06, 0x7d, 0x17));
        s.tokenFormats[size_t(K::Comment)] = colored(QColor(0x8c, 0x8c, 0x8c), true);
        s.tokenFormats[size_t(K::Number)] = colored(QColor(0x17, 0x50, 0xeb));
    }

    const QFontMetricsF fm(font);
    s.blockGap = fm.lineSpacing() * 0.6;
    s.codePadding = qRound(fm.height() * 0.5);
    s.codeHeaderHeight = qRound(fm.height() * 1.6);

    auto css = [](const QColor &c) {
        return c.name(QColor::HexRgb);
    };
    const QString mono = s.monoFont.family();
    auto add = [&s](const char *element, const QString &attributes) {
        s.htmlAttributes.append({QString::fromLatin1(element), attributes});
    };
    add("<code", QStringLiteral(" style=\"font-family: '%1'; background-color: %2;\"")
                     .arg(mono, css(s.codeBackground)));
    add("<pre", QStringLiteral(" style=\"font-family: '%1'; background-color: %2;\"")
                    .arg(mono, css(s.codeBackground)));
    add("<th", QStringLiteral(" bgcolor=\"%1\"").arg(css(s.codeHeader)));
    add("<table",
        QStringLiteral(" style=\"border-color: %1; border-style: solid;\"").arg(css(s.border)));
    add("<blockquote", QStringLiteral(" style=\"color: %1;\"").arg(css(s.muted)));
    add("<h1", QStringLiteral(" style=\"font-size: x-large;\""));
    add("<h2", QStringLiteral(" style=\"font-size: large;\""));
    for (const char *h : {"<h3", "<h4", "<h5", "<h6"})
        add(h, QStringLiteral(" style=\"font-size: medium;\""));
    for (K kind : {K::Keyword, K::Literal, K::String, K::Comment, K::Number}) {
        const QString cls =
            QStringLiteral("<span class=\"%1\"").arg(CodeTokenizer::className(kind));
        s.htmlAttributes.append(
            {cls, QStringLiteral(" style=\"color: %1;\"")
                      .arg(css(s.tokenFormats[size_t(kind)].foreground().color()))});
    }
    return s;
}

QString MessageStyle::styled(const QString &html) const
{
    if (!html.contains(QLatin1Char('<')))
        return html;
    QString out = html;
    for (const auto &[element, attributes] : htmlAttributes) {
        // Only whole element names: "<h1" must not match "<h1x", "<th" not "<thead".
        for (qsizetype at = out.indexOf(element); at >= 0;
             at = out.indexOf(element, at + element.size())) {
            const qsizetype end = at + element.size();
            if (end < out.size() && (out.at(end) == u'>' || out.at(end) == u' '))
                out.insert(end, attributes);
        }
    }
    return out;
}
