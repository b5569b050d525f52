#pragma once

#include <QObject>
#include <QPointer>

class QWidget;

// Says when a widget was first painted, for tests/benchmarks/bench_startup,
// which starts Confab as a process and measures from outside how long it
// takes from the spawn to the restored chat being on screen. A process
// cannot tell its parent that through anything but its output, so once the
// watched widget's first paint has been processed (the frame is drawn and
// handed to the window system), one line goes to stderr:
//
//     first-frame <CLOCK_MONOTONIC nanoseconds>
//
// and the reporter removes itself. The clock is the one the benchmark reads
// at the spawn, so the difference is the start-up time. main installs it
// only when CONFAB_PRINT_FIRST_FRAME is set: a normal run never pays for it.
class FirstFrameReporter : public QObject
{
    Q_OBJECT
public:
    // Whether the environment asks for the line (CONFAB_PRINT_FIRST_FRAME).
    static bool isRequested();

    // Watches `widget` (the chat view's viewport: the messages, not the
    // window's frame) until its first paint; a child of it, so it goes with it.
    explicit FirstFrameReporter(QWidget *widget);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void report();

    QPointer<QWidget> m_widget;
    bool m_painted = false;
};
