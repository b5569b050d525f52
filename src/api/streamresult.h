#pragma once

#include "apierror.h"
#include "tokenusage.h"

#include <QString>

// How one completion stream ended.
struct StreamResult
{
    enum class Outcome {
        Finished, // the server finished the reply ([DONE] or a finish_reason)
        Failed,   // see error; the text received so far is still valid
        Aborted,  // the user stopped it
    };

    Outcome outcome = Outcome::Finished;
    QString finishReason; // "stop", "length", "content_filter", ... (Finished)
    ApiError error;       // (Failed)
    TokenUsage usage;     // invalid if the server sent none
    // The model declined: the text came as delta.refusal (OpenAI structured
    // outputs) and is a refusal, not an answer.
    bool refusal = false;
};
