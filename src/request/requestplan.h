#pragma once

#include "api/chatrequest.h"
#include "store/chatmessage.h"

#include <QList>
#include <QString>

#include <optional>

class ModelCatalogue;
class RequestTokenCounter;

// What one request to the model carries, and what it will take: the one
// place that decides it. Built from the conversation's settings, its history
// (the messages before the reply, oldest first) and either the draft being
// typed or the turns of a continuation. The session sends plan.turns; the
// label under the composer shows plan's counts while the user types; both
// therefore agree on what is left out to fit the model's context.
//
// Pure: no store, no network, no model. Counting needs a tokenizer (the
// counter's); without one nothing is counted or left out.
class RequestPlan
{
public:
    struct Input
    {
        QString model;
        QString systemPrompt; // the conversation's, else the default; may be empty
        QList<ChatMessage> history;
        // A message not stored yet (the label's draft); empty when the new
        // message is already the last of the history (a send).
        QString draft;
        // After the history: how Continue generation asks for the rest.
        QList<ChatRequest::Turn> continuation;
        int maxTokens = 0; // Settings' max tokens for a reply; 0: unset
    };

    QList<ChatRequest::Turn> turns;  // to send, system prompt first
    int omitted = 0;                 // earlier turns left out to fit
    bool counted = false;            // a tokenizer was there for the counts below
    qsizetype draftTokens = 0;       // the draft's own text
    qsizetype requestTokens = 0;     // everything, as if nothing were left out
    qsizetype sentTokens = 0;        // what `turns` take
    std::optional<int> promptBudget; // the model's context less the reply's reserve
    // What sending `turns` costs before any reply, at the model's input price.
    std::optional<double> promptCost;

    // The system prompt and every message with text, as the model sees them.
    static QList<ChatRequest::Turn> turnsOf(const QString &systemPrompt,
                                            const QList<ChatMessage> &history);

    // `counter` may be null, or have no tokenizer: then the plan sends
    // everything and counts nothing.
    static RequestPlan make(const Input &input, const ModelCatalogue &catalogue,
                            RequestTokenCounter *counter);
};
