#pragma once

#include "api/chatrequest.h"
#include "tokenizer.h"

#include <QHash>
#include <QList>
#include <QString>

#include <memory>

// Counts the tokens of a chat request the way the server bills them: each
// message's content and role in OpenAI's chat format, plus its framing
// (<|start|>role ... <|end|>: 3 tokens a message, and 3 that prime the
// reply), as in OpenAI's cookbook (num_tokens_from_messages). The history is
// counted once: each message's count is kept until a count no longer sees
// that message, so while the user types only the draft is tokenized again.
// Used on the GUI thread; the tokenizer itself may be shared.
class RequestTokenCounter
{
public:
    static constexpr int kTokensPerMessage = 3;
    static constexpr int kReplyPriming = 3;

    struct Count
    {
        qsizetype draft = 0;   // the draft's own text
        qsizetype request = 0; // everything the send would carry, draft included
    };

    // Clears what was counted when the encoding changes.
    void setTokenizer(std::shared_ptr<const Tokenizer> tokenizer);
    const Tokenizer *tokenizer() const { return m_tokenizer.get(); }

    // `history`: the turns a send would carry before the draft (system
    // prompt first); the draft, trimmed as sending trims it, is the last
    // user turn when it is not empty. Needs a tokenizer.
    Count count(const QList<ChatRequest::Turn> &history, const QString &draft);
    // One message with its role and framing, cached.
    qsizetype countTurn(const ChatRequest::Turn &turn);

    qsizetype cachedTexts() const { return m_cache.size(); }

    // Around a series of countTurn() calls made outside count(): what the
    // round did not count is forgotten at its end.
    void startRound() { ++m_generation; }
    void finishRound();

private:
    qsizetype cachedCount(const QString &text);

    struct Entry
    {
        qsizetype tokens = 0;
        quint64 lastUse = 0;
    };
    std::shared_ptr<const Tokenizer> m_tokenizer;
    QHash<QString, Entry> m_cache;
    quint64 m_generation = 0;
};
