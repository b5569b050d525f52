#include "redaction.h"

#include <QRegularExpression>

namespace {
QtMessageHandler g_previous = nullptr; // Qt's handler API is a plain function pointer

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_previous(type, context, Redaction::redact(message));
}

struct Rule
{
    QRegularExpression pattern;
    QString replacement;
};

const QList<Rule> &rules()
{
    // Each pattern must not fire on ordinary words ("task-list", "tokens: 12").
    static const QList<Rule> list{
        // Provider keys by their prefixes: OpenAI and most compatible
        // servers (sk-, sk-proj-, sk-or-, sk-ant-), Groq (gsk_), xAI (xai-),
        // Google (AIza). Not when glued to a word before them.
        {QRegularExpression(QStringLiteral(
             R"((?<![A-Za-z0-9])(?:sk-|gsk_|xai-)[A-Za-z0-9_\-]{8,}|(?<![A-Za-z0-9])AIza[A-Za-z0-9_\-]{20,})")),
         QStringLiteral("[redacted]")},
        // Keys without a prefix (Azure OpenAI's 32 hex digits, Mistral's and
        // others' 32 letters and digits): any run of 32 or more letters and
        // digits with both in it. A hash in a log goes too, which is no loss.
        {QRegularExpression(QStringLiteral(
             R"((?<![A-Za-z0-9_\-])(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{32,}(?![A-Za-z0-9_\-]))")),
         QStringLiteral("[redacted]")},
        // Authorization and Proxy-Authorization values.
        {QRegularExpression(QStringLiteral(R"(\b(Bearer|Basic)\s+[A-Za-z0-9_\-\.=:+/~]{8,})"),
                            QRegularExpression::CaseInsensitiveOption),
         QStringLiteral("\\1 [redacted]")},
        // key=..., "api_key": "...", password: ...
        {QRegularExpression(
             QStringLiteral(R"(\b((?:api[_-]?key|access[_-]?token|token|password|passwd|secret)))"
                            R"((["']?\s*[=:]\s*["']?)[^\s"',;&]{6,})"),
             QRegularExpression::CaseInsensitiveOption),
         QStringLiteral("\\1\\2[redacted]")},
        // Credentials inside URLs: scheme://user:password@host
        {QRegularExpression(QStringLiteral(R"(://[^/\s:@]+:[^/\s@]+@)")),
         QStringLiteral("://[redacted]@")},
    };
    return list;
}
} // namespace

QString Redaction::redact(const QString &text)
{
    QString out = text;
    for (const Rule &rule : rules())
        out.replace(rule.pattern, rule.replacement);
    return out;
}

void Redaction::installMessageHandler()
{
    g_previous = qInstallMessageHandler(handler);
}
