#include "conversationcost.h"

#include "pricetable.h"
#include "replycost.h"
#include "tokenizer/requesttokencounter.h"

ConversationCost::Total ConversationCost::of(const QList<ChatMessage> &messages,
                                             const QString &systemPrompt, const PriceTable &prices,
                                             RequestTokenCounter &counter)
{
    Total total;
    const bool canEstimate = counter.tokenizer() != nullptr;
    if (canEstimate)
        counter.startRound();
    // The request before each reply, as ChatSession builds it: the system
    // prompt and every earlier message with text, counted once each.
    qint64 history = RequestTokenCounter::kReplyPriming;
    if (canEstimate && !systemPrompt.trimmed().isEmpty())
        history += counter.countTurn({QStringLiteral("system"), systemPrompt});
    for (const ChatMessage &m : messages) {
        const QString role = ChatMessage::roleToString(m.role);
        if (m.role == ChatMessage::Role::Assistant &&
            (m.completionTokens >= 0 || !m.content.isEmpty())) {
            // Replies stored before estimates were are estimated here: the
            // request before them, and their own tokens (their turn less the
            // turn's framing).
            std::optional<TokenUsage> estimate;
            if (!ReplyCost::hasStoredUsage(m) && canEstimate) {
                estimate = TokenUsage{};
                estimate->promptTokens = int(history);
                estimate->completionTokens =
                    int(counter.countTurn({role, m.content}) - counter.countTurn({role, {}}));
            }
            if (const std::optional<ReplyCost::Cost> cost = ReplyCost::of(m, prices, estimate)) {
                total.dollars += cost->dollars;
                total.promptTokens += cost->promptTokens;
                total.completionTokens += cost->completionTokens;
                ++total.replies;
                total.estimated += cost->estimated ? 1 : 0;
                total.perReply.insert(m.id, *cost);
            } else {
                ++total.unpriced;
            }
        }
        if (canEstimate && !m.content.isEmpty())
            history += counter.countTurn({role, m.content});
    }
    if (canEstimate)
        counter.finishRound();
    return total;
}
