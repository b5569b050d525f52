#pragma once

#include <QDateTime>
#include <QString>

struct Conversation
{
    qint64 id = 0;
    QString title;
    QString model;        // empty: use the default model from Settings
    QString systemPrompt; // empty: use the default system prompt
    QDateTime createdAt;
    QDateTime updatedAt;
};
