#pragma once

#include "store/chatmessage.h"
#include "store/conversation.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

// One conversation as a Markdown document: a YAML front matter (title, id,
// created, updated, model), then each message under a "## Role · time"
// heading with its content exactly as it was written. Reasoning goes in a
// blockquote marked "Reasoning" before the answer, and a message that ended
// early carries a note saying how (and the error, with anything shaped like
// a key redacted).
//
// Content is never escaped, so a message may contain a line that looks like
// one of our headings; the JSON export is the lossless one. What the
// exporter does guard is the document's structure: a reply cut off inside a
// code fence gets the fence closed after it, otherwise every later message
// would render as code.
class MarkdownExporter
{
    Q_DECLARE_TR_FUNCTIONS(MarkdownExporter)

public:
    QString toMarkdown(const Conversation &conversation, const QList<ChatMessage> &messages) const;

    // A YAML double-quoted scalar that reads back as exactly `text`:
    // backslash, quote, line breaks and every non-printable character escaped.
    static QString yamlQuoted(const QString &text);
    // The fence that closes a code block left open at the end of `content`
    // (e.g. "```" or "  ~~~~"), or an empty string when every fence is closed.
    static QString unclosedFence(const QString &content);

private:
    QString messageSection(const ChatMessage &message) const;
    QString stateNote(const ChatMessage &message) const;
    QString roleName(ChatMessage::Role role) const;
};
