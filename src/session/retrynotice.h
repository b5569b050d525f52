#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QObject>
#include <QTimer>

// The live line shown on a pending reply while the client waits to send the
// request again: "Retrying in 3 s (attempt 2 of 3)". It counts down once a
// second, says "Retrying now" when the wait is over, and is never stored: it
// describes the present, not the message.
class RetryNotice : public QObject
{
    Q_OBJECT
public:
    explicit RetryNotice(QObject *parent = nullptr);

    void start(int delayMs, int attempt, int attempts);
    // Emits textChanged("") if a notice was showing.
    void clear();
    QString text() const { return m_text; }

signals:
    void textChanged(const QString &text);

private:
    void update();

    QTimer m_tick;
    QDeadlineTimer m_deadline;
    int m_attempt = 0;
    int m_attempts = 0;
    QString m_text;
};
