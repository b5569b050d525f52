#pragma once

#include <QString>

// Where a message is in its life. Stored as text so the database stays
// readable with the sqlite3 shell.
enum class MessageState {
    Streaming,   // the reply is arriving
    Complete,    // the model finished normally
    Stopped,     // the user stopped it
    Interrupted, // the connection dropped or the app was killed
    Truncated,   // finish_reason "length"
    Failed,      // an error ended it; the error text is stored with it
    Filtered,    // finish_reason "content_filter"
};

QString messageStateToString(MessageState state);
MessageState messageStateFromString(const QString &text);
