// The chat completion chunk decoder (CompletionStream: SSE events to text and
// reasoning deltas, usage, finish reason and errors; whole JSON bodies and
// error bodies through ApiError) on a reply whose body is the input. The reply
// is a QNetworkReply of our own that hands the body over as told, so the
// stream runs exactly as it does on the network, without one. Input: one byte
// choosing the response (event stream, JSON, an error status, no type; a
// connection that ends cleanly or is cut), two choosing where the body is cut
// into two deliveries, then the body. Delivered whole, in two pieces and in
// small pieces, the deltas and the result must be the same; finished() comes
// exactly once and nothing after it; a failure has an error the user can read.
#include "api/completionstream.h"
#include "fuzzsupport.h"

#include <QNetworkReply>

#include <cstring>

namespace {

class FuzzReply : public QNetworkReply
{
public:
    FuzzReply(int status, const QByteArray &contentType)
    {
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, status);
        if (!contentType.isEmpty())
            setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }

    void start() { emit metaDataChanged(); }
    void deliver(QByteArrayView bytes)
    {
        m_body.append(bytes);
        emit readyRead();
    }
    void end(bool cut)
    {
        if (cut)
            setError(QNetworkReply::RemoteHostClosedError,
                     QStringLiteral("Connection closed by the fuzzer"));
        setFinished(true);
        emit finished();
    }

    void abort() override { setFinished(true); }
    qint64 bytesAvailable() const override
    {
        return m_body.size() - m_read + QNetworkReply::bytesAvailable();
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin(maxSize, m_body.size() - m_read);
        if (n <= 0)
            return isFinished() ? -1 : 0;
        std::memcpy(data, m_body.constData() + m_read, std::size_t(n));
        m_read += n;
        return n;
    }

private:
    QByteArray m_body;
    qint64 m_read = 0;
};

struct Run
{
    QStringList deltas; // "c:" content, "r:" reasoning
    int finished = 0;
    int afterFinished = 0;
    StreamResult result;

    QString describe() const
    {
        QString s;
        for (const QString &d : deltas)
            s += QStringLiteral("  %1\n").arg(fuzz::visible(d));
        s += QStringLiteral("  outcome %1 finish \"%2\" usage %3/%4/%5 refusal %6 error %7/%8 "
                            "\"%9\"\n")
                 .arg(int(result.outcome))
                 .arg(result.finishReason)
                 .arg(result.usage.promptTokens)
                 .arg(result.usage.completionTokens)
                 .arg(result.usage.totalTokens)
                 .arg(result.refusal)
                 .arg(int(result.error.kind))
                 .arg(result.error.httpStatus)
                 .arg(fuzz::visible(result.error.detail));
        return s;
    }
    bool sameAs(const Run &o) const
    {
        return deltas == o.deltas && result.outcome == o.result.outcome &&
               result.finishReason == o.result.finishReason &&
               result.usage.promptTokens == o.result.usage.promptTokens &&
               result.usage.completionTokens == o.result.usage.completionTokens &&
               result.usage.totalTokens == o.result.usage.totalTokens &&
               result.refusal == o.result.refusal && result.error.kind == o.result.error.kind &&
               result.error.httpStatus == o.result.error.httpStatus &&
               result.error.detail == o.result.error.detail;
    }
};

Run run(int status, const QByteArray &contentType, bool cut, QByteArrayView body,
        const QList<qsizetype> &cuts)
{
    Run out;
    FuzzReply *reply = nullptr;
    // No retries: a retry waits on a timer, and this is about decoding.
    CompletionStream stream([&] { return reply = new FuzzReply(status, contentType); },
                            ChatRequest::Timeouts{}, RetryPolicy(0));
    QObject::connect(&stream, &CompletionStream::contentDelta, [&](const QString &text) {
        out.deltas << QStringLiteral("c:") + text;
        out.afterFinished += out.finished;
    });
    QObject::connect(&stream, &CompletionStream::reasoningDelta, [&](const QString &text) {
        out.deltas << QStringLiteral("r:") + text;
        out.afterFinished += out.finished;
    });
    QObject::connect(&stream, &CompletionStream::finished, [&](const StreamResult &result) {
        ++out.finished;
        out.result = result;
    });
    // The stream lets go of the reply when it ends (deleteLater, which never
    // runs here: the reply lives until the stream, its parent, goes).
    reply->start();
    qsizetype at = 0;
    for (const qsizetype c : cuts) {
        reply->deliver(body.sliced(at, c - at));
        at = c;
    }
    reply->deliver(body.sliced(at));
    reply->end(cut);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::ensureApplication(); // the stream's timers need one
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    fuzz::Input input(data, size);
    const std::uint8_t mode = input.byte();
    const std::uint16_t position = input.u16();
    const QByteArrayView body = input.rest();

    static const int kErrorStatuses[] = {400, 401, 402, 403, 404, 407,
                                         413, 429, 500, 502, 503, 302};
    int status = 200;
    QByteArray contentType;
    switch (mode & 3) {
    case 0:
        contentType = QByteArrayLiteral("text/event-stream; charset=utf-8");
        break;
    case 1:
        contentType = QByteArrayLiteral("application/json");
        break;
    case 2:
        status = kErrorStatuses[(mode >> 3) % std::size(kErrorStatuses)];
        contentType = (mode & 0x80) ? QByteArrayLiteral("text/html") : "application/json";
        break;
    default:
        break; // no Content-Type at all, as some local servers send
    }
    const bool cut = mode & 4;

    const Run whole = run(status, contentType, cut, body, {});
    const auto compare = [&](const Run &other, const char *how) {
        if (!other.sameAs(whole))
            fuzz::fail(
                how,
                QStringLiteral("whole:\n%1pieces:\n%2").arg(whole.describe(), other.describe()));
    };
    compare(run(status, contentType, cut, body, {position % (body.size() + 1)}),
            "two pieces decode differently from the whole body");
    QList<qsizetype> small;
    fuzz::Generator generator(position);
    for (qsizetype at = 1 + generator.bounded(7); at < body.size(); at += 1 + generator.bounded(7))
        small.append(at);
    compare(run(status, contentType, cut, body, small),
            "small pieces decode differently from the whole body");

    fuzz::check(whole.finished == 1, "finished() not exactly once",
                [&] { return whole.describe(); });
    fuzz::check(whole.afterFinished == 0, "a delta after finished()",
                [&] { return whole.describe(); });
    const StreamResult &r = whole.result;
    fuzz::check(r.outcome != StreamResult::Outcome::Aborted, "aborted without abort()",
                [&] { return whole.describe(); });
    if (r.outcome == StreamResult::Outcome::Failed) {
        fuzz::check(r.error.isError(), "a failure without an error",
                    [&] { return whole.describe(); });
        fuzz::check(!r.error.userMessage().trimmed().isEmpty(), "a failure with no words",
                    [&] { return whole.describe(); });
    } else {
        fuzz::check(!r.finishReason.isEmpty(), "finished without a reason",
                    [&] { return whole.describe(); });
    }
    return 0;
}
