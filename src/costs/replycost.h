#pragma once

#include "api/tokenusage.h"
#include "store/chatmessage.h"

#include <optional>

class PriceTable;

// What one reply cost: the one pricing rule behind the cost shown with a
// reply and the chat's total (ConversationCost adds these up). A reply's
// stored usage (the server's, or the tokenizer's estimate stored when it sent
// none) priced with the reply's own model; a reply stored without either
// (before estimates were stored) is priced from the estimate the caller
// counted, if any.
class ReplyCost
{
public:
    struct Cost
    {
        double dollars = 0;
        bool estimated = false; // not the server's own figures
        qint64 promptTokens = 0;
        qint64 completionTokens = 0;
    };

    static bool hasStoredUsage(const ChatMessage &reply)
    {
        return reply.promptTokens >= 0 && reply.completionTokens >= 0;
    }
    // Nothing for a message that is not a reply, or whose model has no price.
    static std::optional<Cost> of(const ChatMessage &reply, const PriceTable &prices,
                                  const std::optional<TokenUsage> &estimate = std::nullopt);
};
