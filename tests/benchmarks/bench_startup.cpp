// How fast Confab starts and how small it stays, measured from outside as a
// user meets it (issue 14), against a bare Qt window in the same run.
//
// Three profiles are seeded through the store, each in folders of its own
// (XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and TMPDIR, so each has its
// own database, settings and single-instance lock):
//   (a) first start: no database, no settings;
//   (b) 1,000 chats and a chat of 10,000 messages, which is the one restored;
//   (c) the same 1,000 chats and a chat of 10 messages, restored.
// The restored chat is the one WindowManager brings back: the settings' list
// of open windows names it. Every program is started as a process (with
// posix_spawn) on the X server in $DISPLAY with CONFAB_PRINT_FIRST_FRAME=1:
// it prints "first-frame <CLOCK_MONOTONIC ns>" once the messages' view has
// been painted (Confab: FirstFrameReporter on the chat view's viewport; the
// bare window, tests/benchmarks/bare_window.cpp, on its QTextBrowser's), and
// the time from just before the spawn to that is the time to the first
// frame. 3 s later its PSS is read from /proc/PID/smaps_rollup, then it is
// killed. Before every start the profile's files are put back as seeded, so
// every run starts from the same disk.
//
// Runs go round the four programs in turn (one warm-up round first, not
// counted), so a busy moment of the machine falls on all of them alike.
// Medians: of 8 runs for the time, of 3 for PSS. Prints figures only;
// nothing here asserts a time.
//
// Confab gets OPENAI_API_KEY (a dummy, as the end-to-end tests do), so no
// keychain is asked at start-up, and a private D-Bus session bus if none is
// set (Qt asks the session bus for the theme and accessibility; without one
// libdbus would try to start one through X11 autolaunch).
//
// Usage: DISPLAY=:57 bench_startup [--runs N] [--pss-runs N] [--settle-ms N] [--keep]
// --keep leaves the seeded profiles in place (their folders are printed), to
// profile a start by hand.
#include "benchmarkchats.h"
#include "privatesessionbus.h"
#include "processmemory.h"
#include "samplemedian.h"
#include "store/conversationstore.h"
#include "store/sqlitedatabase.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSettings>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QVariantMap>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {

QTextStream out(stdout);

qint64 monotonicNs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

// One program under test, with the folders it runs in.
struct Subject
{
    // Every member has an initializer, so the list below names only what it
    // sets without -Wmissing-field-initializers.
    QString label{};
    QString binary{};
    QString root{};         // beneath it: data, config, cache, tmp, and the pristine copies
    bool seeded = false;    // false: data and config start empty every time
    QString databasePath{}; // where Confab looks (Database::defaultPath under this profile)
    QString settingsPath{}; // where Confab's QSettings() reads (Confab/confab.conf)
    QList<double> ms{};     // spawn to first frame
    QList<double> pss{};    // MiB, settleMs after the first frame
    QString failure{};      // why a run failed, if one did

    QString dir(const char *name) const { return root + QLatin1Char('/') + QLatin1String(name); }
};

// A started program: its pid and the read end of its stderr.
struct Child
{
    pid_t pid = -1;
    int err = -1;
    QByteArray errText; // everything it wrote to stderr so far
};

QString pristineDatabase(const Subject &s)
{
    return s.dir("pristine.sqlite3");
}

QString pristineSettings(const Subject &s)
{
    return s.dir("pristine.conf");
}

bool replaceFile(const QString &from, const QString &to)
{
    QFile::remove(to);
    return QDir().mkpath(QFileInfo(to).absolutePath()) && QFile::copy(from, to);
}

// Puts the profile's files back as seeded (or empty), so every start meets
// the same disk. The cache folder is left alone: it holds what the desktop
// keeps between runs (fontconfig's), not Confab's state.
bool resetFolders(const Subject &s)
{
    for (const char *name : {"data", "config", "tmp"}) {
        QDir(s.dir(name)).removeRecursively();
        if (!QDir().mkpath(s.dir(name)))
            return false;
    }
    QDir().mkpath(s.dir("cache"));
    if (!s.seeded)
        return true;
    return replaceFile(pristineDatabase(s), s.databasePath) &&
           replaceFile(pristineSettings(s), s.settingsPath);
}

std::vector<std::string> childEnvironment(const Subject &s, const QByteArray &sessionBus)
{
    const QHash<QByteArray, QByteArray> overrides = {
        {"XDG_DATA_HOME", s.dir("data").toLocal8Bit()},
        {"XDG_CONFIG_HOME", s.dir("config").toLocal8Bit()},
        {"XDG_CACHE_HOME", s.dir("cache").toLocal8Bit()},
        {"TMPDIR", s.dir("tmp").toLocal8Bit()},
        {"CONFAB_PRINT_FIRST_FRAME", "1"},
        {"QT_QPA_PLATFORM", "xcb"},
        // As the end-to-end tests run it: a key from the environment, so
        // start-up asks no keychain.
        {"OPENAI_API_KEY", "sk-bench-startup-not-a-real-key"},
        {"DBUS_SESSION_BUS_ADDRESS", sessionBus},
    };
    const QList<QByteArray> dropped = {"OPENAI_BASE_URL", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON",
                                       "QT_ACCESSIBILITY", "QT_LOGGING_RULES"};
    std::vector<std::string> env;
    for (char **e = environ; *e; ++e) {
        const QByteArray entry(*e);
        const QByteArray name = entry.left(entry.indexOf('='));
        if (!overrides.contains(name) && !dropped.contains(name))
            env.emplace_back(*e);
    }
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it)
        env.push_back((it.key() + '=' + it.value()).toStdString());
    return env;
}

std::optional<Child> spawnChild(const QString &binary, const std::vector<std::string> &env,
                                qint64 &spawnedAtNs, QString &error)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        error = QStringLiteral("pipe: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return std::nullopt;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<char *> envp;
    for (const std::string &e : env)
        envp.push_back(const_cast<char *>(e.c_str()));
    envp.push_back(nullptr);
    const QByteArray path = binary.toLocal8Bit();
    char *argv[] = {const_cast<char *>(path.constData()), nullptr};
    Child child;
    spawnedAtNs = monotonicNs();
    const int rc = posix_spawn(&child.pid, path.constData(), &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        error =
            QStringLiteral("posix_spawn %1: %2").arg(binary, QString::fromLocal8Bit(strerror(rc)));
        return std::nullopt;
    }
    child.err = fds[0];
    return child;
}

// Reads the child's stderr for up to `timeoutMs`; stops early at a
// "first-frame" line when `frameNs` is given. False if the child closed its
// stderr (it exited) first.
bool readChild(Child &child, int timeoutMs, qint64 *frameNs)
{
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        if (frameNs) {
            // A whole line: "first-frame <ns>\n", at the start of a line.
            static const QByteArray tag("first-frame ");
            qsizetype at = child.errText.startsWith(tag) ? 0 : child.errText.indexOf('\n' + tag);
            if (at >= 0) {
                at = child.errText.indexOf(tag, at);
                const qsizetype end = child.errText.indexOf('\n', at);
                if (end > at) {
                    *frameNs =
                        child.errText.mid(at + tag.size(), end - at - tag.size()).toLongLong();
                    return true;
                }
            }
        }
        const qint64 left = timeoutMs - timer.elapsed();
        if (left <= 0)
            return !frameNs;
        pollfd p{child.err, POLLIN, 0};
        const int ready = poll(&p, 1, int(left));
        if (ready < 0 && errno != EINTR)
            return false;
        if (ready <= 0)
            continue;
        char buffer[4096];
        const ssize_t n = read(child.err, buffer, sizeof buffer);
        if (n == 0)
            return false; // the child is gone
        if (n > 0)
            child.errText.append(buffer, n);
    }
}

void stopChild(Child &child)
{
    if (child.pid > 0) {
        kill(child.pid, SIGKILL);
        waitpid(child.pid, nullptr, 0);
    }
    if (child.err >= 0)
        close(child.err);
    child = Child{};
}

// One start of a program: the time to its first frame and, if asked, its
// PSS `settleMs` later. False, with s.failure set, if it did not paint.
bool runOnce(Subject &s, const QByteArray &sessionBus, bool counted, bool withPss, int settleMs)
{
    if (!resetFolders(s)) {
        s.failure = QStringLiteral("could not prepare the folders under ") + s.root;
        return false;
    }
    qint64 spawnedAt = 0;
    QString error;
    std::optional<Child> child =
        spawnChild(s.binary, childEnvironment(s, sessionBus), spawnedAt, error);
    if (!child) {
        s.failure = error;
        return false;
    }
    qint64 frameAt = 0;
    if (!readChild(*child, 30000, &frameAt)) {
        int status = 0;
        const bool exited = waitpid(child->pid, &status, WNOHANG) == child->pid;
        s.failure = QStringLiteral("no first-frame line%1; its stderr:\n%2")
                        .arg(exited ? QStringLiteral(" (it exited with status %1)").arg(status)
                                    : QStringLiteral(" within 30 s"),
                             QString::fromLocal8Bit(child->errText));
        if (exited)
            child->pid = -1;
        stopChild(*child);
        return false;
    }
    double pss = -1;
    if (withPss) {
        // Reading keeps its stderr flowing meanwhile.
        if (!readChild(*child, settleMs, nullptr)) {
            s.failure = QStringLiteral("it exited after its first frame; its stderr:\n") +
                        QString::fromLocal8Bit(child->errText);
            stopChild(*child);
            return false;
        }
        pss = ProcessMemory::pssMiB(qint64(child->pid));
    }
    stopChild(*child);
    if (counted) {
        s.ms.append((frameAt - spawnedAt) / 1e6);
        if (withPss)
            s.pss.append(pss);
    }
    return true;
}

// Seeds one profile's database and restored window through the store, then
// keeps pristine copies that every run starts from.
struct Seeding
{
    QString error;
    qint64 restoredId = 0;
};

QString databasePathUnder(const QString &dataHome)
{
    // Confab finds its database through QStandardPaths, which reads
    // XDG_DATA_HOME on every call: asked the same way here.
    const QByteArray saved = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", dataHome.toLocal8Bit());
    const QString path = SqliteDatabase::defaultPath();
    if (saved.isNull())
        qunsetenv("XDG_DATA_HOME");
    else
        qputenv("XDG_DATA_HOME", saved);
    return path;
}

bool writeRestoredWindow(const QString &path, qint64 conversationId)
{
    // What WindowManager::saveWindows writes: one window on this
    // conversation, with no geometry (it opens at its default size).
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSettings settings(path, QSettings::IniFormat);
    settings.setValue(QStringLiteral("windows/open"),
                      QVariantList{QVariantMap{{QStringLiteral("conversation"), conversationId},
                                               {QStringLiteral("geometry"), QByteArray()}}});
    settings.sync();
    return settings.status() == QSettings::NoError;
}

// The 1,000 chats both seeded profiles share, of 2 to 10 messages each.
QString seedCommonChats(const QString &path)
{
    SqliteDatabase db;
    if (VoidResult opened = db.open(path); !opened)
        return opened.error();
    ConversationStore store(db);
    BenchmarkChats chats(store, 1000);
    for (int i = 0; i < 1000; ++i) {
        const QString title = chats.question().left(48);
        if (Result<qint64> id = chats.store(title, 2 + 2 * (i % 5), QStringLiteral("gpt-4o-mini"));
            !id)
            return id.error();
    }
    return {};
}

// Copies `common` to the profile's pristine database, adds the restored chat
// of `messages` messages (the newest, so first in the list), and writes the
// settings that restore it.
QString seedProfile(const Subject &s, const QString &common, int messages)
{
    QFile::remove(pristineDatabase(s));
    if (!QFile::copy(common, pristineDatabase(s)))
        return QStringLiteral("could not copy the seeded database to ") + pristineDatabase(s);
    qint64 restored = 0;
    {
        SqliteDatabase db;
        if (VoidResult opened = db.open(pristineDatabase(s)); !opened)
            return opened.error();
        ConversationStore store(db);
        BenchmarkChats chats(store, quint32(messages));
        Result<qint64> id =
            chats.store(QStringLiteral("The restored chat (%1 messages)").arg(messages), messages,
                        QStringLiteral("gpt-4o-mini"));
        if (!id)
            return id.error();
        restored = id.value();
    } // closed: the WAL is checkpointed into the file, which alone is copied
    if (!writeRestoredWindow(pristineSettings(s), restored))
        return QStringLiteral("could not write ") + pristineSettings(s);
    return {};
}

QString machine()
{
    QString cpu;
    QFile info(QStringLiteral("/proc/cpuinfo"));
    if (info.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : info.readAll().split('\n')) {
            if (line.startsWith("model name")) {
                cpu = QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
                break;
            }
        }
    }
    return QStringLiteral("%1, %2 (%3 cores), Qt %4")
        .arg(QSysInfo::prettyProductName(), cpu)
        .arg(QThread::idealThreadCount())
        .arg(QString::fromLatin1(qVersion()));
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    return QString::fromLatin1(file.readAll().split(' ').mid(0, 3).join(' '));
}

int intOption(const QStringList &args, const QString &name, int fallback)
{
    const qsizetype at = args.indexOf(name);
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1).toInt() : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const int runs = std::max(1, intOption(args, QStringLiteral("--runs"), 8));
    const int pssRuns = std::clamp(intOption(args, QStringLiteral("--pss-runs"), 3), 0, runs);
    const int settleMs = intOption(args, QStringLiteral("--settle-ms"), 3000);
    const bool keep = args.contains(QStringLiteral("--keep"));

    if (qEnvironmentVariableIsEmpty("DISPLAY")) {
        std::fprintf(stderr,
                     "bench_startup: DISPLAY is not set. It starts Confab and a bare Qt window "
                     "as processes on a real X server; start one first, e.g.\n"
                     "  Xvfb :57 -screen 0 1280x1024x24 &\n"
                     "  DISPLAY=:57 %s\n",
                     argv[0]);
        return 2;
    }
    for (const char *binary : {CONFAB_BINARY, BARE_WINDOW_BINARY}) {
        if (!QFileInfo(QString::fromLocal8Bit(binary)).isExecutable()) {
            std::fprintf(stderr,
                         "bench_startup: %s is missing; build the confab and "
                         "bare_window targets first.\n",
                         binary);
            return 2;
        }
    }

    PrivateSessionBus bus;
    const QByteArray sessionBus = bus.ensure();
    if (sessionBus.isEmpty()) {
        std::fprintf(stderr, "bench_startup: no D-Bus session bus is set and dbus-daemon "
                             "could not start one (package dbus).\n");
        return 2;
    }

    QTemporaryDir base(QDir::tempPath() + QStringLiteral("/bench_startup-XXXXXX"));
    if (!base.isValid()) {
        std::fprintf(stderr, "bench_startup: no temporary folder: %s\n",
                     qPrintable(base.errorString()));
        return 1;
    }
    base.setAutoRemove(!keep);

    const QString confab = QString::fromLocal8Bit(CONFAB_BINARY);
    QList<Subject> subjects = {
        {.label = QStringLiteral("bare Qt window"),
         .binary = QString::fromLocal8Bit(BARE_WINDOW_BINARY),
         .root = base.filePath(QStringLiteral("bare"))},
        {.label = QStringLiteral("Confab, first start (no database)"),
         .binary = confab,
         .root = base.filePath(QStringLiteral("first"))},
        {.label = QStringLiteral("1,000 chats, a 10,000-message chat restored"),
         .binary = confab,
         .root = base.filePath(QStringLiteral("large")),
         .seeded = true},
        {.label = QStringLiteral("1,000 chats, a 10-message chat restored"),
         .binary = confab,
         .root = base.filePath(QStringLiteral("small")),
         .seeded = true},
    };
    for (Subject &s : subjects) {
        QDir().mkpath(s.root);
        s.databasePath = databasePathUnder(s.dir("data"));
        s.settingsPath = s.dir("config") + QStringLiteral("/Confab/confab.conf");
    }

    out << "bench_startup: time from spawn to the first painted frame of the restored chat, and "
           "PSS "
        << settleMs / 1000.0 << " s later\n"
        << "  machine: " << machine() << '\n'
        << "  date: " << QDateTime::currentDateTime().toString(Qt::ISODate)
        << ", X server: " << qEnvironmentVariable("DISPLAY")
        << ", session bus: " << (bus.isPrivate() ? "private (started here)" : "inherited") << '\n'
        << "  load average at start: " << loadAverage() << '\n';
    out.flush();

    QElapsedTimer seedTimer;
    seedTimer.start();
    const QString common = base.filePath(QStringLiteral("common.sqlite3"));
    QString seedError = seedCommonChats(common);
    if (seedError.isEmpty())
        seedError = seedProfile(subjects[2], common, 10000);
    if (seedError.isEmpty())
        seedError = seedProfile(subjects[3], common, 10);
    if (!seedError.isEmpty()) {
        std::fprintf(stderr, "bench_startup: seeding failed: %s\n", qPrintable(seedError));
        return 1;
    }
    out << "  seeded in " << seedTimer.elapsed() / 1000.0 << " s: database of profile (b) "
        << QString::number(QFileInfo(pristineDatabase(subjects[2])).size() / 1048576.0, 'f', 1)
        << " MiB, (c) "
        << QString::number(QFileInfo(pristineDatabase(subjects[3])).size() / 1048576.0, 'f', 1)
        << " MiB\n";
    if (keep) {
        for (const Subject &s : subjects)
            out << "  kept: " << s.label << ": " << s.root << '\n';
    }
    out.flush();

    // Round 0 warms the page cache and fontconfig's cache and is not counted.
    for (int round = 0; round <= runs; ++round) {
        const bool counted = round > 0;
        const bool withPss = counted && round <= pssRuns;
        for (Subject &s : subjects) {
            if (!runOnce(s, sessionBus, counted, withPss, settleMs)) {
                std::fprintf(stderr, "bench_startup: %s (%s): %s\n", qPrintable(s.label),
                             qPrintable(s.binary), qPrintable(s.failure));
                return 1;
            }
        }
        out << "  round " << round << (counted ? "" : " (warm-up)") << " done\n";
        out.flush();
    }

    const double bareMs = sampleMedian(subjects[0].ms);
    const double barePss = sampleMedian(subjects[0].pss);
    const auto fixed = [](double v, int decimals) {
        return QString::number(v, 'f', decimals);
    };
    out << "\nmedians of " << runs << " starts (time) and " << pssRuns
        << " (PSS); load average at end: " << loadAverage() << "\n\n"
        << "| profile | time to first frame (ms) | × bare | PSS (MiB) | × bare |\n"
        << "|---|---|---|---|---|\n";
    for (const Subject &s : subjects) {
        const double ms = sampleMedian(s.ms);
        const double pss = sampleMedian(s.pss);
        out << "| " << s.label << " | " << fixed(ms, 1) << " | " << fixed(ms / bareMs, 2) << " | "
            << fixed(pss, 1) << " | " << fixed(pss / barePss, 2) << " |\n";
    }
    out << "\nevery start (ms, in the order run):\n";
    for (const Subject &s : subjects) {
        QStringList all;
        for (double v : s.ms)
            all << fixed(v, 1);
        QStringList pss;
        for (double v : s.pss)
            pss << fixed(v, 1);
        out << "  " << s.label << ": " << all.join(QStringLiteral(", ")) << "; PSS "
            << pss.join(QStringLiteral(", ")) << '\n';
    }
    out << "\nrestoring 10,000 messages against 10: time "
        << fixed(sampleMedian(subjects[2].ms) / sampleMedian(subjects[3].ms), 3) << "x, PSS "
        << fixed(sampleMedian(subjects[2].pss) / sampleMedian(subjects[3].pss), 3)
        << "x (target: within 1.05x)\n";
    return 0;
}
