#include "contexttrimmer.h"

#include "tokenizer/requesttokencounter.h"

ContextTrimmer::Result ContextTrimmer::fit(const QList<ChatRequest::Turn> &turns,
                                           RequestTokenCounter &counter, qsizetype budget,
                                           int keepLast)
{
    Result result;
    // No counting round of its own: it runs after the count of the whole
    // request (RequestPlan), and a round would forget the older turns it
    // leaves out, which the next count needs again.
    qsizetype leading = 0; // system prompts at the start
    while (leading < turns.size() && turns.at(leading).role == QLatin1String("system"))
        ++leading;
    const qsizetype firstKept = std::max(leading, turns.size() - std::max(keepLast, 0));

    qsizetype tokens = RequestTokenCounter::kReplyPriming;
    for (qsizetype i = 0; i < leading; ++i)
        tokens += counter.countTurn(turns.at(i));
    for (qsizetype i = firstKept; i < turns.size(); ++i)
        tokens += counter.countTurn(turns.at(i));
    // Newest first, and stop at the first that does not fit: what is sent is
    // the recent conversation without a gap.
    qsizetype start = firstKept;
    while (start > leading) {
        const qsizetype t = counter.countTurn(turns.at(start - 1));
        if (tokens + t > budget)
            break;
        tokens += t;
        --start;
    }
    result.turns = turns.mid(0, leading) + turns.mid(start);
    result.omitted = int(start - leading);
    result.tokens = tokens;
    return result;
}
