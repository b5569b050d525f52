#include "conversationcost.h"

#include "pricetable.h"
#include "requesttokencounter.h"

ConversationCost::Total ConversationCost::of(const QList<Message> &messages,
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
    for (const Message &m : messages) {
        const QString role = Message::roleToString(m.role);
        if (m.role == Message::Role::Assistant &&
            (m.completionTokens >= 0 || !m.content.isEmpty())) {
            qint64 prompt = m.promptTokens;
            qint64 completion = m.completionTokens;
            // Stored, whether reported or estimated when the reply ended;
            // replies stored before estimates were are estimated here.
            const bool reported = prompt >= 0 && completion >= 0;
            if (!reported && canEstimate) {
                prompt = history;
                // The reply's own tokens: its turn less the turn's framing.
                completion = counter.countTurn({role, m.content}) - counter.countTurn({role, {}});
            }
            const std::optional<double> dollars =
                reported || canEstimate ? prices.cost(m.model, prompt, completion) : std::nullopt;
            if (dollars) {
                total.dollars += *dollars;
                total.promptTokens += prompt;
                total.completionTokens += completion;
                ++total.replies;
                total.estimated += reported && !m.usageEstimated ? 0 : 1;
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
