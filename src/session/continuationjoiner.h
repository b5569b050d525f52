#pragma once

#include <QString>

// Joins a continuation onto a reply that stopped early. Models asked to
// continue often start by repeating the end of what they already wrote; the
// repeated part must not appear twice. The joiner holds back the start of the
// continuation only while it could still be such a repeat (while it matches
// text near the end of the reply), then releases it with the overlap removed,
// so the user sees the continuation with at most a few characters of delay.
class ContinuationJoiner
{
public:
    // Overlaps shorter than this are left alone: a continuation may
    // legitimately start with the same word or space the reply ended with.
    static constexpr int kMinOverlap = 6;
    // The longest repeat looked for; beyond it the text is released as is.
    static constexpr int kMaxOverlap = 2000;

    explicit ContinuationJoiner(const QString &existing);

    // The next piece of the continuation; returns what may be shown now.
    QString feed(const QString &delta);
    // The stream ended: whatever is still held, with the overlap removed.
    QString finish();

private:
    QString release();
    bool couldStillBeARepeat() const;

    QString m_tail; // the end of the existing reply
    QString m_held;
    bool m_decided = false;
};
