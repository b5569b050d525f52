#pragma once

#include "retrypolicy.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

// Everything one chat completion request needs. The key is carried here only
// in memory, on its way to the Authorization header.
struct ChatRequest
{
    struct Turn
    {
        QString role; // "system", "user", "assistant"
        QString content;
        // DeepSeek's prefix completion: the model continues this (last,
        // assistant) message instead of answering it.
        bool prefix = false;
    };

    // How long to wait. A reply may take as long as it likes in total; what
    // is limited is the silence.
    struct Timeouts
    {
        // Until the request is on its way: name lookup, TCP, proxy, TLS.
        int connectMs = 30'000;
        // For the first answer and then between two pieces of the reply.
        // Reasoning models can think for minutes before they say anything.
        int idleMs = 300'000;
    };

    QUrl baseUrl;   // e.g. https://api.openai.com/v1
    QString apiKey; // empty: no Authorization header (local servers)
    QString model;
    QList<Turn> messages;
    // Sent only when set: otherwise the server's defaults apply.
    std::optional<double> temperature;
    int maxTokens = 0; // 0: not sent
    Timeouts timeouts;
    // The user confirmed that the key may travel over plain http:// to this
    // non-loopback host. Without it the client refuses to send the request.
    bool allowKeyInClear = false;
    int maxRetries = RetryPolicy::kDefaultMaxRetries;
};
