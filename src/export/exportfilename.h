#pragma once

#include "exportformat.h"
#include "store/conversation.h"

#include <QCoreApplication>
#include <QString>

// File names for exported conversations: "<slug>-<id>.md", where the slug is
// the title made safe for every common file system. Letters and digits of any
// script are kept (a Chinese title stays Chinese), lower-cased; everything
// else (path separators, control and format characters, punctuation, emoji)
// becomes a single "-". The slug is capped at kMaxSlugBytes of UTF-8 on a
// character boundary, so the whole name stays far below the 255-byte limit.
// The id makes names unique among conversations; `attempt` > 1 adds "-2",
// "-3"... for when a file of that name already exists and is not ours.
class ExportFileName
{
    Q_DECLARE_TR_FUNCTIONS(ExportFileName)

public:
    static constexpr int kMaxSlugBytes = 80;

    static QString slug(const QString &title);
    static QString forConversation(const Conversation &conversation, ExportFormat format,
                                   int attempt = 1);
    static QString extension(ExportFormat format);
};
