// What opening conversations one after another costs in memory: 40 stored
// conversations of 200 messages each are shown in one window, one after the
// other, as a user clicking down the list does. Prints the process's PSS
// (from /proc/self/smaps_rollup) before and after, and the sessions held in
// memory. Target (issue: sessions released): at most 2 MiB of growth.
// --keep-sessions keeps every session, as Confab did before, to compare. Prints
// figures only; nothing here asserts.
#include "chatworld.h"
#include "mainwindow.h"
#include "processmemory.h"
#include "session/chatsession.h"

#include <QApplication>
#include <QFile>
#include <QTest>
#include <QTextStream>

#include <cstdio>

namespace {
void settle()
{
    // Deferred deletes run, and the window paints what it shows.
    for (int i = 0; i < 5; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
    }
}
} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    constexpr int kConversations = 40;
    constexpr int kExchanges = 100; // 200 messages
    ChatWorld world;
    if (!world.setUp({.listen = false})) {
        std::fprintf(stderr, "%s\n", qPrintable(world.errorString()));
        return 1;
    }
    QList<qint64> ids;
    const QString answer = QStringLiteral("An answer of a few lines, with **Markdown**, a list:\n\n"
                                          "- one\n- two\n\nand `code`. ")
                               .repeated(4);
    for (int c = 0; c < kConversations; ++c) {
        ids << world.storeConversation(kExchanges, QStringLiteral("gpt-4o"),
                                       [&](ChatMessage &m, int) { m.content = answer; });
    }
    if (VoidResult loaded = world.registry->loadConversations(); !loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error()));
        return 1;
    }

    MainWindow window(world.context());
    window.resize(1000, 700);
    window.show();
    settle();
    // The first conversation opened warms the caches every later one shares
    // (fonts, the Markdown renderer): measured from there.
    window.showConversation(ids.first());
    settle();
    const double before = ProcessMemory::pssMiB();
    // --keep-sessions: every session stays (as before sessions were
    // released), for the comparison in the same run.
    const bool keep = QCoreApplication::arguments().contains(QStringLiteral("--keep-sessions"));
    for (qint64 id : ids) {
        window.showConversation(id);
        if (keep)
            world.registry->hold(window.currentSession());
        settle();
    }
    window.newChat();
    settle();
    const double after = ProcessMemory::pssMiB();
    QTextStream out(stdout);
    out << "bench_sessions" << (keep ? " --keep-sessions" : "") << ": " << kConversations
        << " conversations of " << 2 * kExchanges
        << " messages opened one after another in one window\n"
        << "  PSS after the first: " << QString::number(before, 'f', 1) << " MiB\n"
        << "  PSS after all:       " << QString::number(after, 'f', 1) << " MiB\n"
        << "  growth:              " << QString::number(after - before, 'f', 2)
        << " MiB (target: at most 2 MiB)\n"
        << "  sessions in memory:  " << world.registry->sessionCount() << '\n';
    return 0;
}
