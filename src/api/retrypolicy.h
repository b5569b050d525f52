#pragma once

#include "apierror.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>

// When a request that failed may be sent again, and after how long: the rules
// of the official OpenAI SDKs (openai-python, openai-node), so Confab behaves
// like the clients the providers test against. Pure logic; the caller owns
// the clock and the timer. Only failures before the first byte of a reply
// body are ever retried (the caller enforces that): a reply that has started
// is never silently sent again.
class RetryPolicy
{
public:
    static constexpr int kDefaultMaxRetries = 2;
    static constexpr int kInitialDelayMs = 500;
    static constexpr int kMaxDelayMs = 8'000;
    // A server asking for a longer wait than this is not obeyed; the
    // exponential delay is used instead, as the SDKs do.
    static constexpr int kMaxServerDelayMs = 60'000;

    // Response headers as QNetworkReply::rawHeaderPairs() gives them.
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit RetryPolicy(int maxRetries = kDefaultMaxRetries);

    int maxRetries() const { return m_maxRetries; }

    // Whether a failure may be retried, given that `retriesDone` retries were
    // already made. x-should-retry wins over the status, except that a
    // missing credit (402, insufficient_quota) is never retried: waiting does
    // not refill an account.
    bool shouldRetry(const ApiError &error, const Headers &headers, int retriesDone) const;

    // The wait before the next attempt, after `retriesDone` retries:
    // retry-after-ms or Retry-After (seconds or an HTTP date) when the server
    // sets it between 0 and 60 s exclusive of 0; otherwise
    // min(0.5 s * 2^retriesDone, 8 s) * jitter, jitter in [0.75, 1].
    static int delayMs(int retriesDone, const Headers &headers, double jitter,
                       const QDateTime &now);
    // The same with a random jitter and the current time.
    static int delayMs(int retriesDone, const Headers &headers);

    // What the server asked for in milliseconds, or -1 if nothing usable.
    static qint64 serverDelayMs(const Headers &headers, const QDateTime &now);

private:
    int m_maxRetries;
};
