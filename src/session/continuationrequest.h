#pragma once

#include "api/chatrequest.h"

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
        // The partial reply is sent back as the assistant's message, followed
        // by a user turn asking to go on from the exact point it stopped.
        // Works with every OpenAI-compatible server; the model may repeat a
        // little, which ContinuationJoiner removes.
        Instruction,
    };

    static Mode modeFor(const QUrl &baseUrl);
    // The turns to add after the history that precedes the partial reply.
    static QList<ChatRequest::Turn> turns(Mode mode, const QString &partialReply);
    static QString instruction();
};
