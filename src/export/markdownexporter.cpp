#include "markdownexporter.h"

#include "core/redaction.h"

namespace {
// Every exported time is ISO 8601 in UTC, so the file reads the same wherever it is opened.
QString isoUtc(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

// A heading is one line: anything that would start a new line becomes a space.
QString oneLine(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QChar(0x2028) ||
            c == QChar(0x2029) || c == QChar(0x85))
            c = QLatin1Char(' ');
    }
    return out.simplified();
}

// Text that reads as itself inside a heading: one line, and the characters
// Markdown would take as emphasis, links, code or raw HTML (`<script>` in a
// title) backslash-escaped. The front matter keeps the exact text.
QString literalInline(const QString &text)
{
    QString out;
    for (const QChar c : oneLine(text)) {
        if (QStringView(u"\\`*_[]<>&~#").contains(c))
            out += u'\\';
        out += c;
    }
    return out;
}

// Every line of `text` inside a blockquote; what is quoted cannot leak out of it.
QString quoted(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    if (text.endsWith(QLatin1Char('\n')))
        lines.removeLast();
    QString out;
    for (const QString &line : lines)
        out += line.isEmpty() ? QStringLiteral(">\n") : QStringLiteral("> ") + line + u'\n';
    return out;
}

QString hex(char16_t c, int digits)
{
    return QString::number(uint(c), 16).toUpper().rightJustified(digits, QLatin1Char('0'));
}

// The model named in the front matter: the conversation's own, or (when it
// follows the default from Settings) the one that wrote the latest reply.
QString modelOf(const Conversation &conversation, const QList<ChatMessage> &messages)
{
    if (!conversation.model.isEmpty())
        return conversation.model;
    for (auto it = messages.crbegin(); it != messages.crend(); ++it) {
        if (it->role == ChatMessage::Role::Assistant && !it->model.isEmpty())
            return it->model;
    }
    return {};
}
} // namespace

QString MarkdownExporter::toMarkdown(const Conversation &conversation,
                                     const QList<ChatMessage> &messages) const
{
    QString out;
    out += QStringLiteral("---\n");
    out += QStringLiteral("title: ") + yamlQuoted(conversation.title) + u'\n';
    out += QStringLiteral("id: ") + QString::number(conversation.id) + u'\n';
    out += QStringLiteral("created: ") + isoUtc(conversation.createdAt) + u'\n';
    out += QStringLiteral("updated: ") + isoUtc(conversation.updatedAt) + u'\n';
    out += QStringLiteral("model: ") + yamlQuoted(modelOf(conversation, messages)) + u'\n';
    if (!conversation.systemPrompt.isEmpty())
        out += QStringLiteral("system_prompt: ") + yamlQuoted(conversation.systemPrompt) + u'\n';
    // Lets a later export recognise its own earlier file and update it in place.
    out += QStringLiteral("generator: Confab\n");
    out += QStringLiteral("---\n\n");

    const QString title = literalInline(conversation.title);
    out += QStringLiteral("# ") + (title.isEmpty() ? tr("Untitled conversation") : title) + u'\n';

    for (const ChatMessage &message : messages)
        out += u'\n' + messageSection(message);
    return out;
}

QString MarkdownExporter::messageSection(const ChatMessage &message) const
{
    QString heading = QStringLiteral("## ") + roleName(message.role);
    const QString model = literalInline(message.model);
    if (message.role == ChatMessage::Role::Assistant && !model.isEmpty())
        heading += QStringLiteral(" (") + model + u')';
    heading += QStringLiteral(" · ") + isoUtc(message.createdAt) + u'\n';

    QStringList blocks;
    if (!message.reasoning.isEmpty()) {
        blocks << QStringLiteral("> **") + tr("Reasoning") + QStringLiteral("**\n>\n") +
                      quoted(message.reasoning);
    }
    if (!message.content.isEmpty()) {
        QString content = message.content;
        if (!content.endsWith(u'\n'))
            content += u'\n';
        if (const QString fence = unclosedFence(content); !fence.isEmpty())
            content += fence + u'\n';
        blocks << content;
    }
    if (const QString note = stateNote(message); !note.isEmpty())
        blocks << note;

    QString out = heading;
    for (const QString &block : blocks)
        out += u'\n' + block;
    return out;
}

QString MarkdownExporter::stateNote(const ChatMessage &message) const
{
    QString note;
    switch (message.state) {
    case MessageState::Complete:
        break;
    case MessageState::Streaming:
        note = tr("**Incomplete:** this reply was still arriving when it was exported.");
        break;
    case MessageState::Stopped:
        note = tr("**Stopped:** the reply was stopped before it was complete.");
        break;
    case MessageState::Interrupted:
        note = tr("**Interrupted:** the connection closed before the reply was complete.");
        break;
    case MessageState::Truncated:
        note = tr("**Truncated:** the reply reached the model's length limit.");
        break;
    case MessageState::Failed:
        note = tr("**Failed:** the reply ended with an error.");
        break;
    case MessageState::Filtered:
        note = tr("**Filtered:** the server's content filter ended the reply.");
        break;
    }
    // An error can quote the server, and a server may echo what it was sent:
    // whatever is shaped like a key does not reach the file.
    const QString error = Redaction::redact(message.error.trimmed());
    if (!error.isEmpty()) {
        const QString line = tr("**Error:** %1").arg(error);
        note = note.isEmpty() ? line : note + QStringLiteral("\n\n") + line;
    }
    return note.isEmpty() ? QString() : quoted(note);
}

QString MarkdownExporter::roleName(ChatMessage::Role role) const
{
    switch (role) {
    case ChatMessage::Role::System:
        return tr("System");
    case ChatMessage::Role::User:
        return tr("User");
    case ChatMessage::Role::Assistant:
        return tr("Assistant");
    }
    return tr("User");
}

QString MarkdownExporter::yamlQuoted(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += text.at(i);
            out += text.at(++i);
            continue;
        }
        switch (c) {
        case u'\\':
            out += QStringLiteral("\\\\");
            continue;
        case u'"':
            out += QStringLiteral("\\\"");
            continue;
        case u'\0':
            out += QStringLiteral("\\0");
            continue;
        case u'\t':
            out += QStringLiteral("\\t");
            continue;
        case u'\n':
            out += QStringLiteral("\\n");
            continue;
        case u'\r':
            out += QStringLiteral("\\r");
            continue;
        case 0x85:
            out += QStringLiteral("\\N");
            continue;
        case 0x2028:
            out += QStringLiteral("\\L");
            continue;
        case 0x2029:
            out += QStringLiteral("\\P");
            continue;
        default:
            break;
        }
        // YAML's printable set; everything else is written as an escape. A
        // lone surrogate has no UTF-8 form at all and becomes U+FFFD.
        if (QChar::isSurrogate(c))
            out += QStringLiteral("\\uFFFD");
        else if (c < 0x20 || (c >= 0x7F && c < 0xA0))
            out += QStringLiteral("\\x") + hex(c, 2);
        else if (c == 0xFEFF || c == 0xFFFE || c == 0xFFFF)
            out += QStringLiteral("\\u") + hex(c, 4);
        else
            out += QChar(c);
    }
    out += u'"';
    return out;
}

QString MarkdownExporter::unclosedFence(const QString &content)
{
    // CommonMark fences: up to three spaces, then three or more backticks or
    // tildes; a backtick fence's info string has no backtick; the closing
    // fence uses the same character, at least as many, and nothing else.
    // Fences inside list items or blockquotes close with their container,
    // which our next heading ends, so only lines indented 0-3 spaces count.
    bool open = false;
    QChar fenceChar;
    qsizetype fenceLength = 0;
    qsizetype fenceIndent = 0;
    for (QStringView line : QStringView(content).split(u'\n')) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        qsizetype indent = 0;
        while (indent < line.size() && indent < 4 && line.at(indent) == u' ')
            ++indent;
        if (indent > 3 || indent >= line.size())
            continue;
        const QChar c = line.at(indent);
        if (c != u'`' && c != u'~')
            continue;
        qsizetype run = 0;
        while (indent + run < line.size() && line.at(indent + run) == c)
            ++run;
        if (run < 3)
            continue;
        const QStringView rest = line.mid(indent + run);
        if (!open) {
            if (c == u'`' && rest.contains(u'`'))
                continue;
            open = true;
            fenceChar = c;
            fenceLength = run;
            fenceIndent = indent;
        } else if (c == fenceChar && run >= fenceLength && rest.trimmed().isEmpty()) {
            open = false;
        }
    }
    if (!open)
        return {};
    return QString(fenceIndent, u' ') + QString(fenceLength, fenceChar);
}
