#include "continuationjoiner.h"

ContinuationJoiner::ContinuationJoiner(const QString &existing)
    : m_tail(existing.right(kMaxOverlap))
    , m_decided(existing.isEmpty())
{}

QString ContinuationJoiner::feed(const QString &delta)
{
    if (m_decided)
        return delta;
    m_held += delta;
    if (couldStillBeARepeat() && m_held.size() < kMaxOverlap)
        return {};
    return release();
}

QString ContinuationJoiner::finish()
{
    if (m_decided)
        return {};
    return release();
}

bool ContinuationJoiner::couldStillBeARepeat() const
{
    // While the held text occurs somewhere in the tail, the model may be
    // in the middle of repeating it; once it does not, the repeat (if any)
    // is over and its length is known.
    return m_tail.contains(m_held);
}

QString ContinuationJoiner::release()
{
    m_decided = true;
    // The longest suffix of the tail that the held text starts with.
    const qsizetype longest = qMin(m_tail.size(), m_held.size());
    for (qsizetype k = longest; k >= kMinOverlap; --k) {
        if (m_held.startsWith(QStringView(m_tail).right(k))) {
            if (!QStringView(m_held).left(k).trimmed().isEmpty()) {
                const QString out = m_held.mid(k);
                m_held.clear();
                return out;
            }
            break;
        }
    }
    QString out;
    out.swap(m_held);
    return out;
}
