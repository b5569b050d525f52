#pragma once

#include "store/chatmessage.h"
#include "store/conversation.h"

#include <QByteArray>
#include <QList>

// One conversation as JSON (UTF-8) holding every stored field of the
// conversation and its messages: times to the millisecond in ISO 8601 UTC,
// missing token counts as null. Keys are in a stable (alphabetical) order so
// two exports of the same data are byte-for-byte equal and diff well.
//
// {"format": "confab.conversation", "formatVersion": 1,
//  "conversation": {...}, "messages": [{...}, ...]}
//
// The one field not copied verbatim is a message's error text: anything in it
// shaped like an API key is redacted, because a server may echo the key back.
class JsonExporter
{
public:
    static constexpr int kFormatVersion = 1;
    static QString formatName() { return QStringLiteral("confab.conversation"); }

    QByteArray toJson(const Conversation &conversation, const QList<ChatMessage> &messages) const;
};
