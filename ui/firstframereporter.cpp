#include "firstframereporter.h"

#include <QEvent>
#include <QTimer>
#include <QWidget>

#include <cstdio>
#include <ctime>

bool FirstFrameReporter::isRequested()
{
    return qEnvironmentVariableIsSet("CONFAB_PRINT_FIRST_FRAME");
}

FirstFrameReporter::FirstFrameReporter(QWidget *widget)
    : QObject(widget)
    , m_widget(widget)
{
    widget->installEventFilter(this);
}

bool FirstFrameReporter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_widget && event->type() == QEvent::Paint && !m_painted) {
        m_painted = true;
        // The filter runs before the widget paints, and the window is flushed
        // to the screen only after every widget in it has painted: a zero
        // timer fires once the event loop is back, after both.
        QTimer::singleShot(0, this, &FirstFrameReporter::report);
    }
    return QObject::eventFilter(watched, event);
}

void FirstFrameReporter::report()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const long long ns = static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
    std::fprintf(stderr, "first-frame %lld\n", ns);
    std::fflush(stderr);
    if (m_widget)
        m_widget->removeEventFilter(this);
    deleteLater();
}
