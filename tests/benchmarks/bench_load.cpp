// The GUI thread under load, with the real objects in one process: a
// database, store, client, registry and two MainWindows (offscreen unless
// QT_QPA_PLATFORM says otherwise), against the fake server on loopback, which
// runs on a thread of its own so that writing the replies costs the GUI
// thread nothing. Each reply is sent as one write of the whole body: the
// fastest rate the server can send.
//
//   bench_load [--only load|single] [--rounds N] [--chats N] [--deltas N]
//
// load:   ten conversations (five in each window, started by typing in the
//         composer and pressing Enter) stream the recorded 80 KB reply token
//         by token, all at once, while the user types in a composer and
//         scrolls a chat. Then every window goes to a new chat, and the
//         finished chats leave memory.
// single: one reply of 200,000 deltas (the recorded reply repeated to about
//         1.2 MB) in a window that follows it.
//
// Prints the longest gap between two turns of the event loop (a 0 ms timer
// timestamps each turn) and, from QApplication::notify, the events that took
// longest and what received them, so a stall says where it is; whether every
// stored reply equals what the server sent (characters lost); and the
// process's PSS (/proc/self/smaps_rollup) before, and after the replies are
// done and their chats closed (also after malloc_trim, which tells memory
// still held from memory freed but kept by the allocator). Nothing is
// asserted.
#include "chatview.h"
#include "chatworld.h"
#include "composer.h"
#include "mainwindow.h"
#include "models/messagelistmodel.h"
#include "processmemory.h"
#include "session/chatsession.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QMetaEnum>
#include <QMutex>
#include <QPointer>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSysInfo>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QWheelEvent>

#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

namespace {

// --- measuring ---------------------------------------------------------------

// Times every event delivered from the event loop itself (not the ones sent
// from inside another event), and keeps the longest with what received it.
class TimedApplication : public QApplication
{
public:
    using QApplication::QApplication;

    struct Slow
    {
        double ms = 0;
        QString what;
    };

    bool notify(QObject *receiver, QEvent *event) override
    {
        // Only the GUI thread's events: the network's and the server's
        // threads come through here too.
        if (m_depth > 0 || !m_recording || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        ++m_depth;
        QElapsedTimer timer;
        timer.start();
        const QEvent::Type type = event->type();
        const bool result = QApplication::notify(receiver, event);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        --m_depth;
        if (ms > 5 && (m_slow.size() < 8 || ms > m_slow.back().ms)) {
            // The receiver may be gone (deleteLater): described only now
            // that it is worth it, and only from what outlives it.
            m_slow.push_back({ms, describe(receiver, type)});
            std::sort(m_slow.begin(), m_slow.end(),
                      [](const Slow &a, const Slow &b) { return a.ms > b.ms; });
            if (m_slow.size() > 8)
                m_slow.pop_back();
        }
        return result;
    }

    void record(bool on)
    {
        m_recording = on;
        if (on)
            m_slow.clear();
    }
    const std::vector<Slow> &slowest() const { return m_slow; }

    // What the bench was doing, added to the description of a slow event.
    std::function<QString()> phase;

private:
    QString describe(QObject *receiver, QEvent::Type type) const
    {
        const char *key = QMetaEnum::fromType<QEvent::Type>().valueToKey(type);
        const QString typeName = QString::fromLatin1(key ? key : "user event");
        QString who = QStringLiteral("(deleted)");
        if (type != QEvent::DeferredDelete) {
            who = QString::fromLatin1(receiver->metaObject()->className());
            if (!receiver->objectName().isEmpty())
                who += QLatin1Char('"') + receiver->objectName() + QLatin1Char('"');
            if (QObject *parent = receiver->parent())
                who +=
                    QStringLiteral(" in ") + QString::fromLatin1(parent->metaObject()->className());
        }
        return typeName + QStringLiteral(" to ") + who +
               (phase ? QStringLiteral(", ") + phase() : QString());
    }

    int m_depth = 0;
    bool m_recording = false;
    std::vector<Slow> m_slow;
};

// The longest time between two turns of the event loop: a 0 ms timer fires
// once per turn, so a gap between two of its shots is a turn that took that
// long (input waited as long).
class TurnGaps : public QObject
{
public:
    explicit TurnGaps(std::function<QString()> phase)
        : m_phase(std::move(phase))
    {
        m_timer.setInterval(0);
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }
    void start()
    {
        m_gaps.clear();
        m_longest = 0;
        m_where.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double longest() const { return m_longest; }
    QString where() const { return m_where; }
    double percentile(double p) const
    {
        if (m_gaps.empty())
            return 0;
        std::vector<double> v = m_gaps;
        std::sort(v.begin(), v.end());
        return v[std::min(v.size() - 1, size_t(p / 100.0 * double(v.size() - 1) + 0.5))];
    }
    size_t over(double ms) const
    {
        return size_t(
            std::count_if(m_gaps.begin(), m_gaps.end(), [ms](double g) { return g > ms; }));
    }
    size_t turns() const { return m_gaps.size(); }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const double gap = double(now - m_last) / 1e6;
        m_last = now;
        m_gaps.push_back(gap);
        if (gap > m_longest) {
            m_longest = gap;
            // What the bench saw at the end of the gap: the turn that took
            // so long was doing this.
            m_where =
                QStringLiteral("at %1 s, %2").arg(double(now) / 1e9, 0, 'f', 2).arg(m_phase());
        }
    }

    std::function<QString()> m_phase;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_gaps;
    double m_longest = 0;
    QString m_where;
};

// Gives the allocator's free pages back to the system; how long it took, in ms.
double trimHeap()
{
    QElapsedTimer timer;
    timer.start();
    malloc_trim(0);
    return double(timer.nsecsElapsed()) / 1e6;
}

// --- the server --------------------------------------------------------------

// FakeOpenAiServer on a thread of its own. The responder runs there.
class ServerThread
{
public:
    ~ServerThread()
    {
        if (m_server) {
            FakeOpenAiServer *server = m_server;
            QMetaObject::invokeMethod(
                server, [server] { delete server; }, Qt::BlockingQueuedConnection);
        }
        m_thread.quit();
        m_thread.wait();
    }
    bool start(FakeOpenAiServer::Responder responder)
    {
        m_server = new FakeOpenAiServer;
        m_server->setResponder(std::move(responder));
        m_server->moveToThread(&m_thread);
        m_thread.start();
        bool ok = false;
        QMetaObject::invokeMethod(
            m_server, [this, &ok] { ok = m_server->listen(); }, Qt::BlockingQueuedConnection);
        return ok;
    }
    QUrl baseUrl() const { return m_server->baseUrl(); }

private:
    QThread m_thread;
    FakeOpenAiServer *m_server = nullptr;
};

// Roughly how a BPE tokenizer cuts text (as bench_streaming_render does).
QStringList tokenize(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("\\n|[\\x{3000}-\\x{9fff}\\x{ff00}-\\x{ffef}]{1,2}| ?[A-Za-z]{1,6}| ?[0-9]"
                       "{1,3}| ?[^\\sA-Za-z0-9\\x{3000}-\\x{9fff}\\x{ff00}-\\x{ffef}]{1,3}| +"));
    QStringList tokens;
    qsizetype at = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart() > at)
            tokens << text.mid(at, m.capturedStart() - at);
        tokens << m.captured();
        at = m.capturedEnd();
    }
    if (at < text.size())
        tokens << text.mid(at);
    return tokens;
}

// `text` in `count` deltas of about the same length, never cutting a
// surrogate pair.
QStringList splitEvenly(const QString &text, int count)
{
    QStringList deltas;
    const qsizetype per = qMax<qsizetype>(1, text.size() / count);
    qsizetype at = 0;
    while (at < text.size()) {
        qsizetype end = qMin(text.size(), at + per);
        if (deltas.size() == count - 1)
            end = text.size();
        if (end < text.size() && text.at(end).isLowSurrogate())
            ++end;
        deltas << text.mid(at, end - at);
        at = end;
    }
    return deltas;
}

// The number in "chat N: ..." of the request's last user message.
int chatNumber(const RecordedRequest &request)
{
    const QJsonArray messages = request.json().value(QStringLiteral("messages")).toArray();
    QString last;
    for (const QJsonValue &m : messages) {
        if (m.toObject().value(QStringLiteral("role")).toString() == QLatin1String("user"))
            last = m.toObject().value(QStringLiteral("content")).toString();
    }
    static const QRegularExpression re(QStringLiteral("^chat (\\d+):"));
    const QRegularExpressionMatch m = re.match(last);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

// How the server sends a reply: each SSE event in its own turn of its event
// loop, right after the previous one (as fake_openai_server
// --chunk-delay-ms 0 does), or the whole body in one write.
enum class Rate { Paced, Burst };

FakeResponse response(const QByteArray &body, Rate rate)
{
    if (rate == Rate::Burst)
        return FakeOpenAiServer::sse(body);
    FakeResponse r;
    qsizetype at = 0;
    while (at < body.size()) {
        const qsizetype end = body.indexOf("\n\n", at);
        const qsizetype next = end < 0 ? body.size() : end + 2;
        r.steps.append(ScriptStep{body.mid(at, next - at), 0});
        at = next;
    }
    return r;
}

// --- the bench ---------------------------------------------------------------

struct Chat
{
    QString reply; // what the server sends
    QPointer<ChatSession> session;
    qint64 conversationId = 0;
};

struct Figures
{
    double longestGap = 0;
    QString gapWhere;
    double p99 = 0;
    size_t over16 = 0;
    size_t over50 = 0;
    size_t turns = 0;
    double seconds = 0;
    int lostReplies = 0;
    qint64 lostCharacters = 0;
    int maxConcurrent = 0;
    std::vector<TimedApplication::Slow> slowest;
};

class Bench
{
public:
    Bench(TimedApplication &app, const QString &replyPath)
        : m_app(app)
        , m_replyPath(replyPath)
    {}

    bool setUp()
    {
        QFile file(m_replyPath);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(m_replyPath));
            return false;
        }
        m_recorded = QString::fromUtf8(file.readAll());
        if (!m_server.start([this](const RecordedRequest &r) { return respond(r); })) {
            std::fprintf(stderr, "the fake server could not listen\n");
            return false;
        }
        if (!m_world.setUp({.envKey = QStringLiteral("sk-bench"),
                            .model = QStringLiteral("gpt-4o"),
                            .listen = false})) {
            std::fprintf(stderr, "%s\n", qPrintable(m_world.errorString()));
            return false;
        }
        m_world.settings->setBaseUrl(m_server.baseUrl());
        for (int w = 0; w < 2; ++w) {
            auto window = std::make_unique<MainWindow>(m_world.context());
            window->resize(1000, 700);
            window->move(40 + 1020 * w, 40);
            window->show();
            if (!QTest::qWaitForWindowExposed(window.get())) {
                std::fprintf(stderr, "window %d was not exposed\n", w);
                return false;
            }
            m_windows.push_back(std::move(window));
        }
        m_app.phase = [this] {
            return phase();
        };
        return true;
    }

    // Ten chats (five per window) at once, while the user types and scrolls.
    Figures load(int chats, Rate rate)
    {
        m_chats.clear();
        {
            QMutexLocker lock(&m_mutex);
            m_responses.clear();
            for (int i = 0; i < chats; ++i) {
                Chat chat;
                chat.reply = QStringLiteral("Reply %1.\n\n").arg(i) + m_recorded;
                m_responses.append(response(
                    FakeOpenAiServer::chatStream(tokenize(chat.reply), QStringLiteral("stop")),
                    rate));
                m_chats.push_back(chat);
            }
        }
        m_typing = true;
        return run([this, chats] {
            for (int i = 0; i < chats; ++i) {
                MainWindow *window = m_windows[size_t(i % 2)].get();
                if (i >= 2)
                    window->newChat();
                Composer *composer = window->findChild<Composer *>();
                composer->clear(); // what the typing left there
                QTest::keyClicks(composer, QStringLiteral("chat %1: write the guide").arg(i));
                QTest::keyClick(composer, Qt::Key_Return);
                m_chats[size_t(i)].session = window->currentSession();
            }
        });
    }

    // One reply of `deltas` deltas, about 1.2 MB, in a window following it.
    Figures single(int deltas, Rate rate)
    {
        m_chats.clear();
        QString text;
        while (text.toUtf8().size() < 1'200'000)
            text += m_recorded + QStringLiteral("\n\n");
        {
            QMutexLocker lock(&m_mutex);
            m_responses.clear();
            Chat chat;
            chat.reply = text;
            m_responses.append(response(
                FakeOpenAiServer::chatStream(splitEvenly(text, deltas), QStringLiteral("stop")),
                rate));
            m_chats.push_back(chat);
        }
        m_typing = false;
        return run([this] {
            MainWindow *window = m_windows[0].get();
            window->newChat();
            Composer *composer = window->findChild<Composer *>();
            composer->clear();
            QTest::keyClicks(composer, QStringLiteral("chat 0: write it all"));
            QTest::keyClick(composer, Qt::Key_Return);
            m_chats[0].session = window->currentSession();
        });
    }

    // Every window goes to a new chat; the finished chats leave memory (and
    // a second is left for what happens after that).
    void closeChats()
    {
        for (auto &window : m_windows)
            window->newChat();
        QTest::qWait(1000);
    }

    int sessions() const { return m_world.registry->sessionCount(); }
    qint64 replyBytes() const
    {
        qint64 n = 0;
        for (const Chat &c : m_chats)
            n += c.reply.toUtf8().size();
        return n;
    }

private:
    FakeResponse respond(const RecordedRequest &request)
    {
        QMutexLocker lock(&m_mutex);
        const int n = chatNumber(request);
        if (n < 0 || n >= m_responses.size())
            return FakeOpenAiServer::error(400, QStringLiteral("not a chat of this bench"));
        return m_responses.at(n);
    }

    QString phase() const
    {
        qint64 received = 0;
        qint64 total = 0;
        int streaming = 0;
        for (const Chat &c : m_chats) {
            total += c.reply.size();
            if (!c.session)
                continue;
            if (c.session->isStreaming())
                ++streaming;
            const QList<ChatMessage> &all = c.session->model()->messages();
            if (!all.isEmpty() && all.last().role == ChatMessage::Role::Assistant)
                received += all.last().content.size();
        }
        return QStringLiteral("%1 streaming, %2 of %3 characters received")
            .arg(streaming)
            .arg(received)
            .arg(total);
    }

    Figures run(const std::function<void()> &startChats)
    {
        Figures f;
        TurnGaps gaps([this] { return phase(); });
        QElapsedTimer clock;
        clock.start();
        m_app.record(true);
        gaps.start();

        // The user: a key every 30 ms in the second window's composer (with
        // a Backspace now and then, never Enter), a wheel turn every 40 ms
        // over the first window's chat (up for a while, then back down).
        QTimer typing;
        typing.setInterval(30);
        int keys = 0;
        QObject::connect(&typing, &QTimer::timeout, [this, &keys] {
            Composer *composer = m_windows[1]->findChild<Composer *>();
            if (++keys % 12 == 0)
                QTest::keyClick(composer, Qt::Key_Backspace);
            else
                QTest::keyClick(composer, char('a' + keys % 26));
        });
        QTimer scrolling;
        scrolling.setInterval(40);
        int wheels = 0;
        QObject::connect(&scrolling, &QTimer::timeout, [this, &wheels] {
            ChatView *chat = m_windows[0]->findChild<ChatView *>();
            const bool up = (wheels++ / 25) % 2 == 0;
            const QPointF at(chat->viewport()->width() / 2.0, chat->viewport()->height() / 2.0);
            QWheelEvent wheel(at, chat->viewport()->mapToGlobal(at), QPoint(),
                              QPoint(0, up ? 120 : -120), Qt::NoButton, Qt::NoModifier,
                              Qt::NoScrollPhase, false);
            QApplication::sendEvent(chat->viewport(), &wheel);
        });

        // How many replies receive text at the same time.
        QTimer sampler;
        sampler.setInterval(10);
        std::vector<qsizetype> lastSize(m_chats.size(), 0);
        QObject::connect(&sampler, &QTimer::timeout, [this, &f, &lastSize] {
            int growing = 0;
            for (size_t i = 0; i < m_chats.size(); ++i) {
                const Chat &c = m_chats[i];
                if (!c.session || c.session->model()->messages().isEmpty())
                    continue;
                const qsizetype size = c.session->model()->messages().last().content.size();
                if (size != lastSize[i])
                    ++growing;
                lastSize[i] = size;
            }
            f.maxConcurrent = qMax(f.maxConcurrent, growing);
        });

        startChats();
        for (Chat &c : m_chats) {
            if (c.session)
                c.conversationId = c.session->conversationId();
        }
        if (m_typing) {
            typing.start();
            scrolling.start();
        }
        sampler.start();
        QEventLoop loop;
        QTimer deadline;
        deadline.setSingleShot(true);
        QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
        QObject::connect(m_world.registry.get(), &SessionRegistry::allRepliesFinished, &loop,
                         &QEventLoop::quit);
        deadline.start(300'000);
        if (m_world.registry->isStreaming())
            loop.exec();
        // A little longer, for what the end of a reply sets off (the cost,
        // the token count, the last layout).
        QTest::qWait(300);
        typing.stop();
        scrolling.stop();
        sampler.stop();
        gaps.stop();
        m_app.record(false);
        f.seconds = double(clock.elapsed()) / 1000.0;
        {
            QMutexLocker lock(&m_mutex); // not counted in the memory after
            m_responses.clear();
        }

        f.longestGap = gaps.longest();
        f.gapWhere = gaps.where();
        f.p99 = gaps.percentile(99);
        f.over16 = gaps.over(16);
        f.over50 = gaps.over(50);
        f.turns = gaps.turns();
        f.slowest = m_app.slowest();
        for (const Chat &c : m_chats) {
            const QList<ChatMessage> stored = m_world.stored(c.conversationId);
            const QString got = stored.isEmpty() ? QString() : stored.last().content;
            if (got != c.reply || stored.last().state != MessageState::Complete) {
                ++f.lostReplies;
                qsizetype same = 0;
                while (same < got.size() && same < c.reply.size() &&
                       got.at(same) == c.reply.at(same))
                    ++same;
                f.lostCharacters += c.reply.size() - same;
                std::printf("  lost: conversation %lld, %lld of %lld characters stored, state "
                            "%d, error %s\n",
                            c.conversationId, qint64(got.size()), qint64(c.reply.size()),
                            stored.isEmpty() ? -1 : int(stored.last().state),
                            stored.isEmpty() ? "" : qPrintable(stored.last().error));
            }
        }
        if (deadline.isActive() == false)
            std::printf("  (gave up waiting after 300 s)\n");
        return f;
    }

    TimedApplication &m_app;
    QString m_replyPath;
    QString m_recorded;
    ServerThread m_server; // before the world: the client's replies go first
    ChatWorld m_world;
    std::vector<std::unique_ptr<MainWindow>> m_windows;
    std::vector<Chat> m_chats;
    bool m_typing = false;
    QMutex m_mutex; // m_responses, read by the server's thread
    QList<FakeResponse> m_responses;
};

void print(const char *name, const Figures &f)
{
    std::printf("%s: %.1f s, %zu event-loop turns\n", name, f.seconds, f.turns);
    std::printf("  longest gap between turns: %.1f ms (target < 50 ms), %s\n", f.longestGap,
                qPrintable(f.gapWhere));
    std::printf("  p99 gap %.2f ms; gaps over 16 ms: %zu, over 50 ms: %zu\n", f.p99, f.over16,
                f.over50);
    std::printf("  most replies receiving text at once: %d\n", f.maxConcurrent);
    std::printf("  replies lost or different: %d, characters lost: %lld\n", f.lostReplies,
                qint64(f.lostCharacters));
    std::printf("  longest events:\n");
    for (const TimedApplication::Slow &s : f.slowest)
        std::printf("    %7.1f ms  %s\n", s.ms, qPrintable(s.what));
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("QT_LOGGING_RULES", "confab.*.debug=false");
    TimedApplication app(argc, argv);
    QString only;
    QString rateName;
    int rounds = 2;
    int chats = 10;
    int deltas = 200'000;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--only"))
            only = args.at(++i);
        else if (args.at(i) == QLatin1String("--rate"))
            rateName = args.at(++i);
        else if (args.at(i) == QLatin1String("--rounds"))
            rounds = qMax(1, args.at(++i).toInt());
        else if (args.at(i) == QLatin1String("--chats"))
            chats = qMax(1, args.at(++i).toInt());
        else if (args.at(i) == QLatin1String("--deltas"))
            deltas = qMax(1, args.at(++i).toInt());
    }
    std::vector<std::pair<Rate, const char *>> rates;
    if (rateName.isEmpty() || rateName == QLatin1String("paced"))
        rates.emplace_back(Rate::Paced, "paced (one SSE event per server turn)");
    if (rateName.isEmpty() || rateName == QLatin1String("burst"))
        rates.emplace_back(Rate::Burst, "burst (the whole body in one write)");
    const QString replyPath = QFileInfo(QString::fromUtf8(__FILE__)).absolutePath() +
                              QStringLiteral("/data/streaming_reply.md");

    std::printf("machine: %s, %s, %d logical CPUs, Qt %s, platform %s\n",
                qPrintable(QSysInfo::prettyProductName()),
                qPrintable(QSysInfo::currentCpuArchitecture()), QThread::idealThreadCount(),
                qVersion(), qPrintable(QGuiApplication::platformName()));

    Bench bench(app, replyPath);
    if (!bench.setUp())
        return 2;
    QTest::qWait(300);
    const double start = ProcessMemory::pssMiB();
    std::printf("PSS with two windows open: %.1f MiB\n\n", start);

    for (const auto &[rate, rateText] : rates) {
        std::printf("=== server rate: %s\n\n", rateText);
        if (only.isEmpty() || only == QLatin1String("load")) {
            double previous = ProcessMemory::pssMiB();
            for (int r = 1; r <= rounds; ++r) {
                const Figures f = bench.load(chats, rate);
                const double done = ProcessMemory::pssMiB();
                bench.closeChats();
                const double closed = ProcessMemory::pssMiB();
                const double trimMs = trimHeap();
                const double afterTrim = ProcessMemory::pssMiB();
                std::printf("round %d: %d chats, %lld bytes of replies\n", r, chats,
                            bench.replyBytes());
                print("  load", f);
                std::printf("  PSS: before %.1f MiB, replies done %.1f, chats closed %.1f (%+.1f "
                            "from before), after malloc_trim (%.1f ms) %.1f (%+.1f from before, "
                            "%+.1f from the start); sessions in memory: %d\n\n",
                            previous, done, closed, closed - previous, trimMs, afterTrim,
                            afterTrim - previous, afterTrim - start, bench.sessions());
                previous = afterTrim;
            }
        }
        if (only.isEmpty() || only == QLatin1String("single")) {
            const double before = ProcessMemory::pssMiB();
            const Figures f = bench.single(deltas, rate);
            const double done = ProcessMemory::pssMiB();
            bench.closeChats();
            const double closed = ProcessMemory::pssMiB();
            const double trimMs = trimHeap();
            const double afterTrim = ProcessMemory::pssMiB();
            std::printf("one reply of %d deltas, %lld bytes\n", deltas, bench.replyBytes());
            print("  single", f);
            std::printf("  PSS: before %.1f MiB, reply done %.1f, chat closed %.1f (%+.1f), "
                        "after malloc_trim (%.1f ms) %.1f (%+.1f)\n\n",
                        before, done, closed, closed - before, trimMs, afterTrim,
                        afterTrim - before);
        }
    }
    return 0;
}
