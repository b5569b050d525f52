#include "requestplan.h"

#include "catalogue/modelcatalogue.h"
#include "context/contexttrimmer.h"
#include "tokenizer/requesttokencounter.h"

QList<ChatRequest::Turn> RequestPlan::turnsOf(const QString &systemPrompt,
                                              const QList<ChatMessage> &history)
{
    QList<ChatRequest::Turn> turns;
    if (!systemPrompt.trimmed().isEmpty())
        turns.append({QStringLiteral("system"), systemPrompt});
    for (const ChatMessage &m : history) {
        // A reply that failed before any text carries nothing worth sending.
        if (m.content.isEmpty())
            continue;
        turns.append({ChatMessage::roleToString(m.role), m.content});
    }
    return turns;
}

RequestPlan RequestPlan::make(const Input &input, const ModelCatalogue &catalogue,
                              RequestTokenCounter *counter)
{
    RequestPlan plan;
    const QList<ChatRequest::Turn> history =
        turnsOf(input.systemPrompt, input.history) + input.continuation;
    const QString draft = input.draft.trimmed();
    plan.turns = history;
    if (!draft.isEmpty())
        plan.turns.append({QStringLiteral("user"), draft});
    plan.promptBudget = catalogue.limits().promptBudgetFor(input.model, input.maxTokens);
    if (!counter || !counter->tokenizer())
        return plan;

    plan.counted = true;
    // The draft counted apart (it is shown apart), the rest as one request.
    const RequestTokenCounter::Count count = counter->count(history, draft);
    plan.draftTokens = count.draft;
    plan.requestTokens = count.request;
    plan.sentTokens = count.request;
    // The new message (the draft, or the last stored one) and a
    // continuation's turns always go; the oldest history makes room.
    const int keepLast = 1 + int(input.continuation.size());
    if (plan.promptBudget && plan.requestTokens > *plan.promptBudget) {
        const ContextTrimmer::Result fitted =
            ContextTrimmer::fit(plan.turns, *counter, *plan.promptBudget, keepLast);
        plan.turns = fitted.turns;
        plan.omitted = fitted.omitted;
        plan.sentTokens = fitted.tokens;
    }
    plan.promptCost = catalogue.prices().cost(input.model, plan.sentTokens, 0);
    return plan;
}
