#pragma once

#include "store/chatmessage.h"

#include <QCoreApplication>
#include <QString>

// The words for a message that the chat paints and a screen reader speaks:
// who wrote it, and how it ended when it did not end normally. In one place
// so what is seen and what is heard cannot drift apart.
class MessageWords
{
    Q_DECLARE_TR_FUNCTIONS(MessageWords)
public:
    static QString author(ChatMessage::Role role);
    // Empty for a reply that ended normally.
    static QString state(MessageState state);
    // What the chat says under a message: the live note if there is one
    // ("Retrying in 3 s…", never stored), else how it ended and the error.
    // Empty for a reply that ended normally, and for one whose growing text
    // says it all.
    static QString note(const ChatMessage &message, const QString &live);
    // "Assistant (Interrupted — …): text", for assistive technology.
    // `live` is a note that is not stored ("Retrying in 3 s…").
    static QString spoken(const ChatMessage &message, const QString &live);
};
