#include "retrynotice.h"

RetryNotice::RetryNotice(QObject *parent)
    : QObject(parent)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        m_tick.setInterval(1000);
        update();
    });
}

void RetryNotice::start(int delayMs, int attempt, int attempts)
{
    m_deadline = QDeadlineTimer(delayMs);
    m_attempt = attempt;
    m_attempts = attempts;
    // Tick on the second boundaries of the wait, so "in 3 s" turns into
    // "in 2 s" when two seconds are left, not at some offset from that.
    m_tick.start(delayMs % 1000 == 0 ? 1000 : delayMs % 1000);
    update();
}

void RetryNotice::clear()
{
    m_tick.stop();
    if (m_text.isEmpty())
        return;
    m_text.clear();
    emit textChanged(m_text);
}

void RetryNotice::update()
{
    const qint64 left = m_deadline.remainingTime();
    QString text;
    if (left <= 0) {
        m_tick.stop();
        text = tr("Retrying now (attempt %1 of %2)…").arg(m_attempt).arg(m_attempts);
    } else {
        const int seconds = int((left + 999) / 1000);
        text = tr("Retrying in %n s (attempt %1 of %2)", nullptr, seconds)
                   .arg(m_attempt)
                   .arg(m_attempts);
    }
    if (text == m_text)
        return;
    m_text = text;
    emit textChanged(m_text);
}
