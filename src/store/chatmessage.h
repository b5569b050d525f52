#pragma once

#include "messagestate.h"

#include <QDateTime>
#include <QString>

// One stored message, as the database and the models see it.
struct ChatMessage
{
    enum class Role { System, User, Assistant };

    qint64 id = 0;
    qint64 conversationId = 0;
    Role role = Role::User;
    QString content;
    QString reasoning; // the model's visible reasoning, kept apart from content
    MessageState state = MessageState::Complete;
    QString model;
    QString error;         // why it failed, in words for the user
    int promptTokens = -1; // -1: unknown (no usage from the server, nothing to estimate with)
    int completionTokens = -1;
    // The token counts are the tokenizer's estimate of what was sent and
    // received, because the server reported no usage; its cost is shown as one.
    bool usageEstimated = false;
    QDateTime createdAt;
    QDateTime updatedAt;

    static QString roleToString(Role role);
    static Role roleFromString(const QString &text);
};
