// How much a streaming reply costs to show, per screen update, against
// rendering the finished text once. Feeds a recorded ~80 KB reply (prose,
// tables, code in several languages, Chinese and Japanese) token by token at
// 3,000 tokens per second; updates are coalesced to one per 16 ms frame, as
// ChatView does, so each update brings about 48 tokens.
//
//   bench_streaming_render [reply.md] [--width N] [--runs N] [--only stream|once]
//
// Prints, per update: the cost of bringing the message's layout up to date
// (parse the changed Markdown, build and lay out the changed blocks), the
// cost of painting what a window shows of it, and the whole frame through a
// real ChatView (model change, flush, list layout, paint). Then the total
// layout CPU of the stream against laying out the final text once, and the
// old way (the whole message re-rendered on every update) for comparison.
// Times are thread CPU time; medians over the runs. Nothing is asserted.
#include "chatview.h"
#include "markdown/incrementalmarkdown.h"
#include "markdown/markdownrenderer.h"
#include "messagelayout.h"
#include "messagestyle.h"
#include "models/messagelistmodel.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QRegularExpression>
#include <QSysInfo>
#include <QTextDocument>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <vector>

namespace {
constexpr int kTokensPerSecond = 3000;
constexpr int kFrameMs = ChatView::kFrameIntervalMs;
constexpr int kTokensPerUpdate = kTokensPerSecond * kFrameMs / 1000;

double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double timed(const std::function<void()> &work)
{
    const double start = cpuMs();
    work();
    return cpuMs() - start;
}

// Roughly how a BPE tokenizer cuts text: a word with its leading space,
// punctuation runs, newlines, one or two CJK characters; long words in pieces.
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
        if (m.capturedStart() > at) // anything the pattern missed, kept whole
            tokens << text.mid(at, m.capturedStart() - at);
        tokens << m.captured();
        at = m.capturedEnd();
    }
    if (at < text.size())
        tokens << text.mid(at);
    return tokens;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p / 100.0 * double(v.size() - 1) + 0.5));
    return v[i];
}

double median(std::vector<double> v)
{
    return percentile(std::move(v), 50);
}

struct Run
{
    std::vector<double> markdown; // per update, Markdown to blocks only
    std::vector<double> layout;   // per update
    std::vector<double> paint;    // per update
    std::vector<double> frame;    // per update, through ChatView
    double layoutTotal = 0;
    double layoutTotalUnpainted = 0;
    double oneShotLayout = 0;
    double oneShotPaint = 0;
    std::vector<double> naive; // per sampled update, the old way
};

void paintBottom(const MessageLayout &layout, QImage &image)
{
    image.fill(Qt::white);
    QPainter painter(&image);
    const qreal top = qMax<qreal>(0, layout.height() - image.height());
    painter.translate(0, -top);
    layout.paint(&painter, QRectF(0, top, image.width(), image.height()), {});
}

// Which parts to run: all, or only "stream" or "once" (for callgrind, whose
// instruction counts are steadier than times on a busy machine).
QString g_only;

Run runOnce(const QStringList &tokens, int width, const MessageStyle &style)
{
    Run run;
    MarkdownRenderer renderer;
    QImage image(width, 700, QImage::Format_ARGB32_Premultiplied);

    // The Markdown side alone: cut, parse the tail, render it to HTML.
    if (g_only.isEmpty()) {
        IncrementalMarkdown markdown(renderer);
        QString text;
        for (qsizetype i = 0; i < tokens.size();) {
            const qsizetype end = qMin(tokens.size(), i + kTokensPerUpdate);
            for (; i < end; ++i)
                text += tokens.at(i);
            run.markdown.push_back(timed([&] { markdown.setText(text); }));
        }
    }

    // The stream, through MessageLayout alone: painted after each update as
    // in the app, and once more without painting, which leaves the caches
    // warm for the next update and so shows what painting costs the layout.
    auto stream = [&](bool paint) {
        MessageLayout layout(renderer, style);
        layout.setWidth(width);
        QString text;
        double total = 0;
        for (qsizetype i = 0; i < tokens.size();) {
            const qsizetype end = qMin(tokens.size(), i + kTokensPerUpdate);
            for (; i < end; ++i)
                text += tokens.at(i);
            const double ms = timed([&] {
                layout.setMarkdown(text, i < tokens.size());
                (void)layout.height();
            });
            total += ms;
            if (paint) {
                run.layout.push_back(ms);
                run.paint.push_back(timed([&] { paintBottom(layout, image); }));
            }
        }
        return total;
    };
    if (g_only.isEmpty() || g_only == QLatin1String("stream"))
        run.layoutTotal = stream(true);
    if (g_only.isEmpty())
        run.layoutTotalUnpainted = stream(false);
    const QString finalText = tokens.join(QString());
    if (g_only.isEmpty() || g_only == QLatin1String("once")) {
        MessageLayout layout(renderer, style);
        run.oneShotLayout = timed([&] {
            layout.setWidth(width);
            layout.setMarkdown(finalText);
            (void)layout.height();
        });
        run.oneShotPaint = timed([&] { paintBottom(layout, image); });
    }

    // The old way: the whole message to HTML and one QTextDocument, on every
    // update. Quadratic, so only every 16th update is measured.
    if (g_only.isEmpty()) {
        QString text;
        int update = 0;
        for (qsizetype i = 0; i < tokens.size(); ++update) {
            const qsizetype end = qMin(tokens.size(), i + kTokensPerUpdate);
            for (; i < end; ++i)
                text += tokens.at(i);
            if (update % 16 != 0)
                continue;
            run.naive.push_back(timed([&] {
                QTextDocument document;
                document.setDocumentMargin(0);
                document.setDefaultFont(style.font);
                document.setHtml(style.styled(renderer.toHtml(text)));
                document.setTextWidth(width);
                (void)document.size();
            }));
        }
    }

    // Whole frames through the real view: the model takes the tokens, the
    // frame flush lays out the list and the window is painted.
    if (g_only.isEmpty()) {
        MessageListModel model;
        ChatMessage user;
        user.id = 1;
        user.role = ChatMessage::Role::User;
        user.content = QStringLiteral("Write me a long guide, with tables and code.");
        ChatMessage reply;
        reply.id = 2;
        reply.role = ChatMessage::Role::Assistant;
        reply.state = MessageState::Streaming;
        model.setMessages({user, reply});
        ChatView view;
        view.resize(width + 60, 700);
        view.setModel(&model);
        view.show();
        view.doItemsLayout();
        QImage frame(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
        for (qsizetype i = 0; i < tokens.size();) {
            const qsizetype end = qMin(tokens.size(), i + kTokensPerUpdate);
            run.frame.push_back(timed([&] {
                for (; i < end; ++i)
                    model.appendContent(2, tokens.at(i));
                view.flushPendingUpdates();
                view.doItemsLayout();
                view.viewport()->render(&frame);
            }));
        }
    }
    return run;
}
} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QString path = QFileInfo(QString::fromUtf8(__FILE__)).absolutePath() +
                   QStringLiteral("/data/streaming_reply.md");
    int width = 760;
    int runs = 3;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--width") && i + 1 < args.size())
            width = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--runs") && i + 1 < args.size())
            runs = qMax(1, args.at(++i).toInt());
        else if (args.at(i) == QLatin1String("--only") && i + 1 < args.size())
            g_only = args.at(++i);
        else
            path = args.at(i);
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return 2;
    }
    const QString reply = QString::fromUtf8(file.readAll());
    const QStringList tokens = tokenize(reply);
    const MessageStyle style = MessageStyle::create(app.font(), app.palette());

    std::printf("machine: %s, %s, %d logical CPUs, Qt %s, platform %s\n",
                qPrintable(QSysInfo::prettyProductName()),
                qPrintable(QSysInfo::currentCpuArchitecture()), QThread::idealThreadCount(),
                qVersion(), qPrintable(QGuiApplication::platformName()));
    std::printf(
        "reply: %lld bytes UTF-8, %lld characters, %lld tokens; %d tokens/s, one update per "
        "%d ms = %d tokens per update; width %d px; %d runs\n\n",
        qint64(reply.toUtf8().size()), qint64(reply.size()), qint64(tokens.size()),
        kTokensPerSecond, kFrameMs, kTokensPerUpdate, width, runs);

    std::vector<Run> results;
    for (int r = 0; r < runs; ++r)
        results.push_back(runOnce(tokens, width, style));

    auto med = [&](const std::function<double(const Run &)> &f) {
        std::vector<double> v;
        for (const Run &run : results)
            v.push_back(f(run));
        return median(v);
    };
    const size_t updates = results.front().layout.size();
    std::printf("updates per stream: %zu\n\n", updates);
    std::printf("%-44s %9s %9s %9s\n", "per update (ms CPU)", "p50", "p99", "max");
    auto row = [&](const char *name, std::vector<double> Run::*member) {
        std::printf("%-44s %9.3f %9.3f %9.3f\n", name,
                    med([&](const Run &r) { return percentile(r.*member, 50); }),
                    med([&](const Run &r) { return percentile(r.*member, 99); }),
                    med([&](const Run &r) { return percentile(r.*member, 100); }));
    };
    row("Markdown only (cut, parse tail, to HTML)", &Run::markdown);
    row("layout (Markdown + lay out changed blocks)", &Run::layout);
    row("paint (a 700 px window of the message)", &Run::paint);
    row("whole frame through ChatView", &Run::frame);
    row("old way: whole message re-rendered (1/16)", &Run::naive);

    const double total = med([](const Run &r) { return r.layoutTotal; });
    const double oneShot = med([](const Run &r) { return r.oneShotLayout; });
    const double naiveTotal = med([](const Run &r) {
        double sum = 0;
        for (double v : r.naive)
            sum += v;
        return sum * 16; // sampled every 16th update
    });
    std::printf("\nlayout CPU, whole stream:            %9.1f ms\n", total);
    std::printf("layout CPU, final text once:         %9.1f ms\n", oneShot);
    std::printf("ratio stream / once:                 %9.2f x   (target < 2x)\n",
                oneShot > 0 ? total / oneShot : 0.0);
    const double unpainted = med([](const Run &r) { return r.layoutTotalUnpainted; });
    std::printf("  the same stream, nothing painted:  %9.1f ms   (%.2f x once)\n", unpainted,
                oneShot > 0 ? unpainted / oneShot : 0.0);
    std::printf("old way, whole stream (estimated):   %9.1f ms   (%.0f x once)\n", naiveTotal,
                oneShot > 0 ? naiveTotal / oneShot : 0.0);
    std::printf("paint once (700 px window):          %9.3f ms\n",
                med([](const Run &r) { return r.oneShotPaint; }));
    std::printf("\np99 layout per update: %.3f ms (target < 4 ms); p99 whole frame: %.3f ms\n",
                med([](const Run &r) { return percentile(r.layout, 99); }),
                med([](const Run &r) { return percentile(r.frame, 99); }));
    return 0;
}
