// Opening a conversation from the list, from the click to its first painted
// frame (issue 14: at most 16 ms for 10 messages, 30 ms for 10,000). The real
// MainWindow with real parts behind it (ChatWorld: a SQLite file in a
// temporary folder, the store, the registry, the tokenizers), on the X server
// in $DISPLAY; the database holds 200 ordinary chats, one of 10 messages and
// one of 10,000 (realistic text, replies with usage: BenchmarkChats).
//
// Each click is QTest::mouseClick on the row in the conversation list's
// viewport; the time runs from just before it until the chat view's viewport
// has painted (an event filter sees the paint; a zero timer, once the event
// loop is back, reads the clock after the window was painted and flushed).
// Clicks alternate between the two chats, so every open reads its messages
// from the store again (the session of a chat no window shows is let go);
// between clicks the window is left idle until the token count under the
// composer is shown, which is also timed ("counts shown"). One open of each
// first, not counted, warms the caches (fonts, the tokenizer's vocabulary).
// Prints medians; nothing here asserts a time. Without a D-Bus session bus
// set, it starts one of its own (PrivateSessionBus), as bench_startup does.
//
// Usage: DISPLAY=:57 bench_openconversation [--clicks N] (N per chat, default 10)
#include "benchmarkchats.h"
#include "chatview.h"
#include "chatworld.h"
#include "conversationsidebar.h"
#include "mainwindow.h"
#include "models/conversationlistmodel.h"
#include "privatesessionbus.h"
#include "samplemedian.h"
#include "tokencountlabel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QListView>
#include <QSysInfo>
#include <QTest>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace {

// Ends `loop` once the watched widget has painted: the filter sees the
// paint before it is done, a zero timer fires after it (and the flush).
class PaintWatcher : public QObject
{
public:
    PaintWatcher(QWidget *widget, QEventLoop &loop, const QElapsedTimer &clock)
        : m_loop(loop)
        , m_clock(clock)
    {
        widget->installEventFilter(this);
    }
    qint64 paintedNs = -1;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            watched->removeEventFilter(this);
            QTimer::singleShot(0, this, [this] {
                paintedNs = m_clock.nsecsElapsed();
                m_loop.quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QEventLoop &m_loop;
    const QElapsedTimer &m_clock;
    bool m_seen = false;
};

void idle(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

struct Target
{
    QString label{};
    qint64 id = 0;
    QList<double> frameMs{};   // click to the first painted frame
    QList<double> countedMs{}; // click to the token count under the composer
};

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY")) {
        std::fprintf(stderr,
                     "bench_openconversation: DISPLAY is not set. It shows the real window on an "
                     "X server; start one first, e.g.\n"
                     "  Xvfb :57 -screen 0 1280x1024x24 &\n"
                     "  DISPLAY=:57 %s\n",
                     argv[0]);
        return 2;
    }
    qputenv("QT_QPA_PLATFORM", "xcb");
    // Qt asks the session bus at start-up; one of our own if none is set.
    PrivateSessionBus bus;
    const QByteArray sessionBus = bus.ensure();
    if (sessionBus.isEmpty()) {
        std::fprintf(stderr, "bench_openconversation: no D-Bus session bus is set and "
                             "dbus-daemon could not start one (package dbus).\n");
        return 2;
    }
    qputenv("DBUS_SESSION_BUS_ADDRESS", sessionBus);
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const qsizetype at = args.indexOf(QStringLiteral("--clicks"));
    const int clicks = at >= 0 && at + 1 < args.size() ? std::max(1, args.at(at + 1).toInt()) : 10;

    ChatWorld world;
    if (!world.setUp({.listen = false})) {
        std::fprintf(stderr, "%s\n", qPrintable(world.errorString()));
        return 1;
    }
    QElapsedTimer seeding;
    seeding.start();
    BenchmarkChats chats(*world.store);
    const QString model = QStringLiteral("gpt-4o-mini");
    for (int i = 0; i < 200; ++i) {
        if (Result<qint64> id = chats.store(chats.question().left(48), 2 + 2 * (i % 5), model);
            !id) {
            std::fprintf(stderr, "seeding: %s\n", qPrintable(id.error()));
            return 1;
        }
    }
    Result<qint64> large = chats.store(QStringLiteral("A chat of 10,000 messages"), 10000, model);
    Result<qint64> small =
        large ? chats.store(QStringLiteral("A chat of 10 messages"), 10, model) : large;
    if (!small) {
        std::fprintf(stderr, "seeding: %s\n", qPrintable(small.error()));
        return 1;
    }
    if (VoidResult loaded = world.registry->loadConversations(); !loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error()));
        return 1;
    }
    const double seededS = seeding.elapsed() / 1000.0;
    const qsizetype largeSize = world.stored(large.value()).size();

    MainWindow window(world.context());
    window.resize(1000, 700);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) {
        std::fprintf(stderr, "the window was never shown\n");
        return 1;
    }
    QListView *list = window.findChild<ConversationSidebar *>()->list();
    auto *count = window.findChild<TokenCountLabel *>();
    QWidget *viewport = window.chatView()->viewport();

    QList<Target> targets = {{QStringLiteral("10 messages"), small.value()},
                             {QStringLiteral("10,000 messages"), large.value()}};
    // Returns false if the chat did not open or paint.
    const auto open = [&](Target &target, bool counted) {
        const QAbstractItemModel *rows = list->model();
        const QModelIndexList hits = rows->match(rows->index(0, 0), ConversationListModel::IdRole,
                                                 target.id, 1, Qt::MatchExactly);
        if (hits.isEmpty())
            return false;
        list->scrollTo(hits.first());
        idle(50);
        const QPoint pos = list->visualRect(hits.first()).center();

        QEventLoop loop;
        QElapsedTimer clock;
        PaintWatcher watcher(viewport, loop, clock);
        qint64 countedNs = -1;
        const QMetaObject::Connection shown = QObject::connect(
            count, &TokenCountLabel::counted, &app, [&] { countedNs = clock.nsecsElapsed(); });
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        clock.start();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, pos);
        if (watcher.paintedNs < 0)
            loop.exec();
        // Idle until the counts are shown (or 5 s), as a user reading would.
        QElapsedTimer wait;
        wait.start();
        while (countedNs < 0 && wait.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QObject::disconnect(shown);
        idle(100);
        if (watcher.paintedNs < 0 || !window.currentSession() ||
            window.currentSession()->conversationId() != target.id)
            return false;
        if (counted) {
            target.frameMs.append(watcher.paintedNs / 1e6);
            if (countedNs >= 0)
                target.countedMs.append(countedNs / 1e6);
        }
        return true;
    };

    // Warm-up: each once, then the tokenizer's vocabulary is surely loaded.
    for (Target &t : targets) {
        if (!open(t, false)) {
            std::fprintf(stderr, "could not open %s\n", qPrintable(t.label));
            return 1;
        }
    }
    idle(500);
    for (int i = 0; i < clicks; ++i) {
        for (Target &t : targets) {
            if (!open(t, true)) {
                std::fprintf(stderr, "could not open %s\n", qPrintable(t.label));
                return 1;
            }
        }
    }

    QTextStream out(stdout);
    const auto fixed = [](double v) {
        return QString::number(v, 'f', 1);
    };
    out << "bench_openconversation: click on a row of the conversation list to the chat's first "
           "painted frame\n"
        << "  machine: " << QSysInfo::prettyProductName() << ", " << QThread::idealThreadCount()
        << " cores, Qt " << qVersion() << ", platform " << QGuiApplication::platformName()
        << ", window 1000x700\n"
        << "  seeded in " << seededS << " s: 200 chats of 2-10 messages, and chats of "
        << world.stored(small.value()).size() << " and " << largeSize << " messages\n"
        << "  medians of " << clicks << " clicks per chat, alternating\n\n"
        << "| chat opened | click to first frame (ms) | min-max | click to counts shown (ms) |\n"
        << "|---|---|---|---|\n";
    for (const Target &t : targets) {
        const auto [lo, hi] = std::minmax_element(t.frameMs.cbegin(), t.frameMs.cend());
        out << "| " << t.label << " | " << fixed(sampleMedian(t.frameMs)) << " | " << fixed(*lo)
            << "-" << fixed(*hi) << " | "
            << (t.countedMs.isEmpty() ? QStringLiteral("not shown")
                                      : fixed(sampleMedian(t.countedMs)))
            << " |\n";
    }
    out << "\n(targets: 16 ms for 10 messages, 30 ms for 10,000)\n";
    return 0;
}
