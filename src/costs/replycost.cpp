#include "replycost.h"

#include "pricetable.h"

std::optional<ReplyCost::Cost> ReplyCost::of(const ChatMessage &reply, const PriceTable &prices,
                                             const std::optional<TokenUsage> &estimate)
{
    if (reply.role != ChatMessage::Role::Assistant)
        return std::nullopt;
    Cost cost;
    if (hasStoredUsage(reply)) {
        cost.promptTokens = reply.promptTokens;
        cost.completionTokens = reply.completionTokens;
        cost.estimated = reply.usageEstimated;
    } else if (estimate) {
        cost.promptTokens = estimate->promptTokens;
        cost.completionTokens = estimate->completionTokens;
        cost.estimated = true;
    } else {
        return std::nullopt;
    }
    const std::optional<double> dollars =
        prices.cost(reply.model, cost.promptTokens, cost.completionTokens);
    if (!dollars)
        return std::nullopt;
    cost.dollars = *dollars;
    return cost;
}
