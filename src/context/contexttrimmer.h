#pragma once

#include "api/chatrequest.h"

#include <QList>

class RequestTokenCounter;

// Fits a request into a model's context: the system prompt(s) at the start
// and the newest turns stay, and the oldest turns between them are left out
// until the rest fits the budget. The turns that must go out whatever their
// size (the new message, a continuation's partial reply) are never dropped:
// if they alone are too big, the server will say so.
class ContextTrimmer
{
public:
    struct Result
    {
        QList<ChatRequest::Turn> turns;
        int omitted = 0;      // turns left out
        qsizetype tokens = 0; // of what is kept, as RequestTokenCounter counts
    };

    // `keepLast`: how many turns at the end must stay.
    static Result fit(const QList<ChatRequest::Turn> &turns, RequestTokenCounter &counter,
                      qsizetype budget, int keepLast = 1);
};
