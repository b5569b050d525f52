// Confab's tokenizer against the npm ones, in one run, on the same input:
// js-tiktoken (pure JavaScript) and tiktoken (OpenAI's Rust core compiled to
// WASM). tests/tokenizer/bench.mjs times those two and hands over the texts
// it used; this program times ours on them and prints MB/s and the ratios,
// then the worst case: one character repeated, a single piece for the merge.
//
//   bench_tokenizer [--no-npm]
//
// Needs node and npm (tests/tokenizer/setup.sh installs the packages into the
// build tree). Prints figures; asserts nothing about time.
#include "tokenizer/tokenizers.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

#ifndef CONFAB_SOURCE_DIR
#error "CONFAB_SOURCE_DIR and CONFAB_BUILD_DIR come from tests/benchmarks/CMakeLists.txt"
#endif

namespace {

// Runs a program, passing its stderr through; its stdout, or an error.
Result<QByteArray> run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(program, arguments);
    if (!process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        return Result<QByteArray>::failure(
            QStringLiteral("%1 %2 failed: %3")
                .arg(program, arguments.join(QLatin1Char(' ')), process.errorString()));
    }
    return process.readAllStandardOutput();
}

double mbPerSecond(double bytes, double seconds)
{
    return seconds > 0 ? bytes / seconds / 1e6 : 0;
}

struct Timing
{
    double seconds = 0; // one pass over the corpus, best of the rounds
    qsizetype tokens = 0;
};

Timing timeOurs(const Tokenizer &tokenizer, const QStringList &documents, int passes)
{
    Timing timing;
    for (const QString &d : documents) // warm-up, and the token count
        timing.tokens += qsizetype(tokenizer.encode(d).size());
    // Best of several rounds (at least 5, for at least half a second): on a
    // busy machine the best is the one least disturbed.
    double best = 1e30;
    QElapsedTimer total;
    total.start();
    for (int round = 0; round < 5 || (total.elapsed() < 500 && round < 100); ++round) {
        QElapsedTimer timer;
        timer.start();
        qsizetype sink = 0;
        for (int p = 0; p < passes; ++p) {
            for (const QString &d : documents)
                sink += qsizetype(tokenizer.encode(d).size());
        }
        best = std::min(best, double(timer.nsecsElapsed()) / 1e9);
        if (sink != timing.tokens * passes)
            std::printf("  (!) token count changed between passes\n");
    }
    timing.seconds = best / passes;
    return timing;
}

double timeOnce(const Tokenizer &tokenizer, const QString &text, int rounds = 3)
{
    double best = 1e30;
    for (int round = 0; round < rounds; ++round) {
        QElapsedTimer timer;
        timer.start();
        const std::vector<int> ids = tokenizer.encode(text);
        best = std::min(best, double(timer.nsecsElapsed()) / 1e9);
        if (ids.empty())
            std::printf("  (!) nothing encoded\n");
    }
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool npm = !app.arguments().contains(QLatin1String("--no-npm"));
    const QString source = QStringLiteral(CONFAB_SOURCE_DIR);
    const QString tokenizerDir = source + QLatin1String("/tests/tokenizer");
    Tokenizers tokenizers;

    struct Set
    {
        QString name;
        QStringList documents;
        qint64 bytes = 0;
        int passes = 1;
    };
    QList<Set> sets;
    QJsonObject npmResults;
    if (npm) {
        std::printf("Running js-tiktoken and tiktoken (npm) on the corpus...\n");
        std::fflush(stdout);
        Result<QByteArray> modules =
            run(QStringLiteral("bash"), {tokenizerDir + QLatin1String("/setup.sh"),
                                         QStringLiteral(CONFAB_BUILD_DIR "/tokenizer-npm")});
        if (!modules) {
            std::fprintf(stderr, "%s\n", qPrintable(modules.error()));
            return 1;
        }
        QTemporaryDir tmp;
        const QString out = tmp.filePath(QStringLiteral("bench.json"));
        Result<QByteArray> ran = run(QStringLiteral("node"),
                                     {tokenizerDir + QLatin1String("/bench.mjs"),
                                      QString::fromUtf8(modules.value().trimmed()),
                                      tokenizerDir + QLatin1String("/corpus.json"), source, out});
        if (!ran) {
            std::fprintf(stderr, "%s\n", qPrintable(ran.error()));
            return 1;
        }
        QFile file(out);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "bench.mjs wrote nothing\n");
            return 1;
        }
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        for (const QJsonValue &value : json.value(QLatin1String("sets")).toArray()) {
            const QJsonObject o = value.toObject();
            Set set;
            set.name = o.value(QLatin1String("name")).toString();
            for (const QJsonValue &d : o.value(QLatin1String("documents")).toArray())
                set.documents << d.toString();
            set.bytes = o.value(QLatin1String("bytes")).toInteger();
            set.passes = o.value(QLatin1String("passes")).toInt(1);
            sets.append(set);
        }
        npmResults = json.value(QLatin1String("results")).toObject();
        std::printf("node %s\n", qPrintable(json.value(QLatin1String("node")).toString()));
    }

    for (auto encoding : {Tokenizer::Encoding::O200kBase, Tokenizer::Encoding::Cl100kBase}) {
        QElapsedTimer loadTimer;
        loadTimer.start();
        auto loaded = tokenizers.forEncoding(encoding);
        if (!loaded) {
            std::fprintf(stderr, "%s\n", qPrintable(loaded.error()));
            return 1;
        }
        std::printf("%s: vocabulary loaded in %.1f ms\n",
                    qPrintable(Tokenizer::encodingName(encoding)),
                    double(loadTimer.nsecsElapsed()) / 1e6);
    }

    for (qsizetype i = 0; i < sets.size(); ++i) {
        const Set &set = sets.at(i);
        std::printf("\nCorpus as %s: %.1f KB of UTF-8 (English, CJK, code, JSON, emoji, mixed "
                    "scripts%s), %d passes.\n",
                    qPrintable(set.name), double(set.bytes) / 1024,
                    set.documents.size() > 1 ? ", random mixes" : "", set.passes);
        std::printf("%-12s %12s %12s %12s %12s %10s\n", "MB/s", "Confab", "tiktoken", "js-tiktoken",
                    "vs tiktoken", "vs js");
        for (auto encoding : {Tokenizer::Encoding::O200kBase, Tokenizer::Encoding::Cl100kBase}) {
            const QString name = Tokenizer::encodingName(encoding);
            const Tokenizer &tokenizer = *tokenizers.forEncoding(encoding).value();
            const Timing ours = timeOurs(tokenizer, set.documents, set.passes);
            const QJsonObject theirs = npmResults.value(name)
                                           .toObject()
                                           .value(QLatin1String("sets"))
                                           .toArray()
                                           .at(i)
                                           .toObject();
            const auto npmTiming = [&](const char *which) {
                const QJsonObject o = theirs.value(QLatin1String(which)).toObject();
                return Timing{o.value(QLatin1String("seconds")).toDouble(),
                              qsizetype(o.value(QLatin1String("tokens")).toInteger())};
            };
            const Timing wasm = npmTiming("tiktoken");
            const Timing js = npmTiming("js");
            const auto bytes = double(set.bytes);
            std::printf("%-12s %12.2f %12.2f %12.2f %11.1fx %9.1fx\n", qPrintable(name),
                        mbPerSecond(bytes, ours.seconds), mbPerSecond(bytes, wasm.seconds),
                        mbPerSecond(bytes, js.seconds), wasm.seconds / ours.seconds,
                        js.seconds / ours.seconds);
            if (ours.tokens != wasm.tokens || ours.tokens != js.tokens) {
                std::printf("  (!) token counts differ: Confab %lld, tiktoken %lld, js-tiktoken "
                            "%lld\n",
                            qlonglong(ours.tokens), qlonglong(wasm.tokens), qlonglong(js.tokens));
            }
        }
    }

    std::printf("\nWorst case: one character repeated (a single piece to merge), best of 3, ms.\n");
    for (auto encoding : {Tokenizer::Encoding::O200kBase, Tokenizer::Encoding::Cl100kBase}) {
        const QString name = Tokenizer::encodingName(encoding);
        const Tokenizer &tokenizer = *tokenizers.forEncoding(encoding).value();
        std::printf("%s, 100 KB: ", qPrintable(name));
        for (auto [label, c] : {std::pair{"'a'", QChar(u'a')}, std::pair{"' '", QChar(u' ')},
                                std::pair{"'\\n'", QChar(u'\n')}, std::pair{"'!'", QChar(u'!')},
                                std::pair{"'7'", QChar(u'7')}}) {
            std::printf("%s %.1f  ", label, timeOnce(tokenizer, QString(100000, c)) * 1e3);
        }
        // 3 bytes of UTF-8 each: 100 KB is 33,334 of them.
        std::printf("'中' %.1f\n", timeOnce(tokenizer, QString(33334, QChar(0x4E2D))) * 1e3);

        const QJsonObject worst =
            npmResults.value(name).toObject().value(QLatin1String("worst")).toObject();
        if (worst.isEmpty())
            continue;
        std::printf("  %-14s %10s %10s %12s\n", "run", "Confab", "tiktoken", "js-tiktoken");
        for (const char *c : {"a", " ", "!"}) {
            for (int n : {1000, 4000, 16000}) {
                const QString key = QStringLiteral("\"%1\" %2").arg(QLatin1String(c)).arg(n);
                const double ours = timeOnce(tokenizer, QString(n, QLatin1Char(*c))) * 1e3;
                const auto npmMs = [&](const char *which) {
                    const QJsonValue v = worst.value(QLatin1String(which)).toObject().value(key);
                    return v.isDouble() ? QString::number(v.toDouble() * 1e3, 'f', 1)
                                        : QStringLiteral("-");
                };
                std::printf("  %-14s %10.2f %10s %12s\n", qPrintable(key), ours,
                            qPrintable(npmMs("tiktoken")), qPrintable(npmMs("js")));
            }
        }
    }
    std::printf("\n(-: not run; both npm tokenizers merge a long piece in quadratic time, so "
                "100 KB would take tiktoken about 15 s and js-tiktoken hours.)\n");
    return 0;
}
