#include "requesttokencounter.h"

void RequestTokenCounter::setTokenizer(std::shared_ptr<const Tokenizer> tokenizer)
{
    if (m_tokenizer && tokenizer && m_tokenizer->encoding() == tokenizer->encoding())
        return;
    m_tokenizer = std::move(tokenizer);
    m_cache.clear();
}

qsizetype RequestTokenCounter::cachedCount(const QString &text)
{
    auto it = m_cache.find(text);
    if (it == m_cache.end())
        it = m_cache.insert(text, Entry{m_tokenizer->count(text), 0});
    it->lastUse = m_generation;
    return it->tokens;
}

qsizetype RequestTokenCounter::countTurn(const ChatRequest::Turn &turn)
{
    return kTokensPerMessage + cachedCount(turn.role) + cachedCount(turn.content);
}

RequestTokenCounter::Count RequestTokenCounter::count(const QList<ChatRequest::Turn> &history,
                                                      const QString &draft)
{
    Count result;
    if (!m_tokenizer)
        return result;
    startRound();
    for (const ChatRequest::Turn &turn : history)
        result.request += countTurn(turn);
    const QString text = draft.trimmed();
    if (!text.isEmpty()) {
        // Not cached: it changes with every key.
        result.draft = m_tokenizer->count(text);
        result.request += kTokensPerMessage + cachedCount(QStringLiteral("user")) + result.draft;
    }
    result.request += kReplyPriming;
    finishRound();
    return result;
}

void RequestTokenCounter::finishRound()
{
    // Forget texts this round did not see (deleted, edited, another chat).
    m_cache.removeIf(
        [this](const QHash<QString, Entry>::iterator &it) { return it->lastUse != m_generation; });
}
