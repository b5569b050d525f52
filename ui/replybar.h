#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

// The row above the composer with what can be done to the last reply:
// Regenerate, and Continue generation when the reply ended early (with a
// line saying so). The same actions sit on each message's hover bar and in
// the Chat menu; this row is always in the window's focus chain and in the
// accessibility tree, which widgets inside the chat list's viewport are not.
class ReplyBar : public QWidget
{
    Q_OBJECT
public:
    explicit ReplyBar(QWidget *parent = nullptr);

    // Hidden when neither can be done.
    void setAvailable(bool regenerate, bool continueGeneration);
    QToolButton *regenerateButton() const { return m_regenerate; }
    QToolButton *continueButton() const { return m_continue; }

signals:
    void regenerateClicked();
    void continueClicked();

private:
    QLabel *m_endedEarly;
    QToolButton *m_continue;
    QToolButton *m_regenerate;
};
