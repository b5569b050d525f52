#include "redaction.h"

#include <QRegularExpression>

namespace {
QtMessageHandler g_previous = nullptr; // Qt's handler API is a plain function pointer

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_previous(type, context, Redaction::redact(message));
}
} // namespace

QString Redaction::redact(const QString &text)
{
    // sk-..., sk-proj-..., Bearer <token>, and long opaque tokens after "key=".
    static const QRegularExpression pattern(
        QStringLiteral(R"((sk-[A-Za-z0-9_\-]{8,})|(Bearer\s+[A-Za-z0-9_\-\.=:+/]{8,})|)"
                       R"(((?:api[_-]?key|token)\s*[=:]\s*[A-Za-z0-9_\-\.]{12,}))"),
        QRegularExpression::CaseInsensitiveOption);
    QString out = text;
    out.replace(pattern, QStringLiteral("[redacted]"));
    return out;
}

void Redaction::installMessageHandler()
{
    g_previous = qInstallMessageHandler(handler);
}
