// The baseline of bench_startup: the least a Qt 6 chat window can be, a
// QMainWindow with a list of conversations (QListView) beside the messages
// (QTextBrowser), with some placeholder text, at Confab's window size. It
// links Qt Widgets only, so its start-up time and memory are Qt's own, which
// is the limit Confab is measured against (issue 14).
//
// With CONFAB_PRINT_FIRST_FRAME set it prints, as Confab does (see
// ui/firstframereporter.h), one line to stderr once the messages' viewport
// has first been painted and flushed:
//
//     first-frame <CLOCK_MONOTONIC nanoseconds>
//
// and then keeps running until it is killed or its window is closed. Nothing
// of Confab is linked, so the reporter is repeated here in a few lines.
#include <QApplication>
#include <QEvent>
#include <QListView>
#include <QMainWindow>
#include <QSplitter>
#include <QStringListModel>
#include <QTextBrowser>
#include <QTimer>

#include <cstdio>
#include <ctime>

namespace {
// Prints the line after the watched widget's first paint has been processed:
// the filter sees the paint before it happens, the zero timer fires once the
// event loop is back, after the window was painted and flushed.
class FirstFrame : public QObject
{
public:
    explicit FirstFrame(QWidget *widget)
        : QObject(widget)
    {
        widget->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            watched->removeEventFilter(this);
            QTimer::singleShot(0, this, [] {
                timespec now{};
                clock_gettime(CLOCK_MONOTONIC, &now);
                std::fprintf(stderr, "first-frame %lld\n",
                             static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec);
                std::fflush(stderr);
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_painted = false;
};

QString placeholderHtml()
{
    QString html;
    for (int i = 0; i < 12; ++i)
        html += QStringLiteral(
            "<p><b>You</b></p><p>How do I read a file line by line in C++ and keep "
            "only the lines that contain a word?</p>"
            "<p><b>Assistant</b></p><p>Open it with <code>std::ifstream</code> and call "
            "<code>std::getline</code> in a loop; keep a line when "
            "<code>line.find(word) != std::string::npos</code>. For large files, "
            "reserve the output vector and avoid copying each line twice.</p>"
            "<ul><li>check that the stream opened</li><li>handle the last line without "
            "a newline</li></ul><pre>while (std::getline(in, line))\n"
            "    if (line.find(word) != std::string::npos) out.push_back(line);</pre>");
    return html;
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("bare_window"));

    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Bare Qt window"));
    window.resize(1000, 700); // Confab's MainWindow opens at this size

    QStringList titles;
    for (int i = 0; i < 40; ++i)
        titles << QStringLiteral("Conversation %1").arg(i + 1);
    QStringListModel model(titles);

    auto *splitter = new QSplitter(&window);
    auto *list = new QListView(splitter);
    list->setModel(&model);
    auto *messages = new QTextBrowser(splitter);
    messages->setHtml(placeholderHtml());
    splitter->addWidget(list);
    splitter->addWidget(messages);
    splitter->setSizes({240, 760});
    window.setCentralWidget(splitter);

    if (qEnvironmentVariableIsSet("CONFAB_PRINT_FIRST_FRAME"))
        new FirstFrame(messages->viewport());
    window.show();
    return app.exec();
}
