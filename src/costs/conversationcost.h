#pragma once

#include "replycost.h"
#include "store/chatmessage.h"

#include <QHash>

#include <QList>
#include <QString>

class PriceTable;
class RequestTokenCounter;

// What a conversation's replies cost: for each reply, its stored usage (the
// server's, stream_options.include_usage, or the estimate ChatSession stored
// when it sent none, as many local and compatible servers do) or, for a
// reply stored without either, an estimate: the tokenizer's count of the
// request that preceded the reply (system prompt and earlier messages) and
// of the reply. Priced with the reply's own model.
class ConversationCost
{
public:
    struct Total
    {
        double dollars = 0;
        int replies = 0;   // replies priced
        int estimated = 0; // of them, without usage from the server (stored or counted here)
        int unpriced = 0;  // replies whose model has no price
        qint64 promptTokens = 0;
        qint64 completionTokens = 0;
        // Each priced reply's cost, by message id: what is shown with it.
        QHash<qint64, ReplyCost::Cost> perReply;
    };

    // `counter` needs a tokenizer for estimates; without one, replies
    // without usage are left out (counted as unpriced).
    static Total of(const QList<ChatMessage> &messages, const QString &systemPrompt,
                    const PriceTable &prices, RequestTokenCounter &counter);
};
