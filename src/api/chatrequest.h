#pragma once

#include <QList>
#include <QString>
#include <QUrl>

// Everything one chat completion request needs. The key is carried here only
// in memory, on its way to the Authorization header.
struct ChatRequest
{
    struct Turn
    {
        QString role; // "system", "user", "assistant"
        QString content;
    };

    QUrl baseUrl;   // e.g. https://api.openai.com/v1
    QString apiKey; // empty: no Authorization header (local servers)
    QString model;
    QList<Turn> messages;
};
