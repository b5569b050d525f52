#pragma once

#include "api/chatrequest.h"
#include "settings/appsettings.h"

#include <QCoreApplication>
#include <QList>
#include <QUrl>

// How to ask a model to continue a reply that stopped early, so that what it
// sends can be appended to the same message.
class ContinuationRequest
{
    Q_DECLARE_TR_FUNCTIONS(ContinuationRequest)

public:
    enum class Mode {
        // DeepSeek's prefix completion (beta endpoint): the partial reply is
        // sent as an assistant message with "prefix": true and the model
        // continues it exactly.
        Prefix,
        // The partial reply is sent as the last message, the assistant's, and
        // nothing after it: servers that render their chat template without
        // closing that turn (Ollama, llama.cpp) continue it exactly.
        TrailingAssistant,
        // The partial reply is sent back as the assistant's message, followed
        // by a user turn asking to go on from the exact point it stopped.
        // Works with every OpenAI-compatible server; the model may repeat a
        // little, which ContinuationJoiner removes.
        Instruction,
    };

    // The user's choice in Settings, or for Automatic: DeepSeek's beta
    // endpoint prefix completion, Ollama (its port, 11434) a trailing
    // assistant message, any other server the instruction, which works
    // everywhere.
    static Mode modeFor(const QUrl &baseUrl,
                        AppSettings::Continuation choice = AppSettings::Continuation::Automatic);
    // The turns to add after the history that precedes the partial reply.
    static QList<ChatRequest::Turn> turns(Mode mode, const QString &partialReply);
    static QString instruction();
};
