// The fake OpenAI-compatible server as a program, for the end-to-end tests
// that drive the real binary. It answers every chat completion with the same
// reply, streamed in small deltas, and serves until it is killed.

#include "fakeopenaiserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <memory>

namespace {

// Deltas of about three characters. Counting code points keeps a surrogate
// pair in one delta, so each delta is valid UTF-8 on its own.
QStringList splitReply(const QString &reply, int perDelta = 3)
{
    QStringList deltas;
    QString current;
    int count = 0;
    for (qsizetype i = 0; i < reply.size(); ++i) {
        current += reply.at(i);
        if (reply.at(i).isHighSurrogate() && i + 1 < reply.size() &&
            reply.at(i + 1).isLowSurrogate()) {
            current += reply.at(++i);
        }
        if (++count == perDelta) {
            deltas.append(current);
            current.clear();
            count = 0;
        }
    }
    if (!current.isEmpty())
        deltas.append(current);
    return deltas;
}

QByteArray pathOnly(const QByteArray &target)
{
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.left(query);
}

FakeResponse jsonResponse(const QJsonObject &object)
{
    FakeResponse response;
    response.contentType = "application/json";
    response.framing = FakeResponse::Framing::ContentLength;
    response.steps = {ScriptStep{QJsonDocument(object).toJson(QJsonDocument::Compact), 0}};
    return response;
}

FakeResponse modelsResponse()
{
    return jsonResponse(QJsonObject{
        {QStringLiteral("object"), QStringLiteral("list")},
        {QStringLiteral("data"),
         QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("fake-model")},
                                {QStringLiteral("object"), QStringLiteral("model")}}}}});
}

// A request to continue a reply that stopped early carries the partial reply
// as its last assistant message. The answer is the rest of the reply, starting
// with a repeat of the last few characters as real models tend to do, so the
// client's overlap removal is exercised end to end.
QString continuationOf(const QJsonObject &body, const QString &reply)
{
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    QString partial;
    for (const QJsonValue &m : messages) {
        if (m.toObject().value(QStringLiteral("role")).toString() == QLatin1String("assistant"))
            partial = m.toObject().value(QStringLiteral("content")).toString();
    }
    if (partial.isEmpty() || partial.size() >= reply.size() || !reply.startsWith(partial))
        return reply;
    const qsizetype repeat = qMin<qsizetype>(partial.size(), 12);
    return reply.mid(partial.size() - repeat);
}

// `reasoning`, if any, streams first as DeepSeek's reasoning_content deltas,
// as a reasoning model thinks before it answers (not when continuing).
FakeResponse chatResponse(const RecordedRequest &request, const QString &fullReply,
                          const QString &reasoning, int chunkDelayMs, int charsPerDelta)
{
    const QJsonObject body = request.json();
    const QString reply = continuationOf(body, fullReply);
    const QStringList deltas = splitReply(reply, charsPerDelta);
    const int promptTokens = 10;
    const auto completionTokens = int(deltas.size());

    if (!body.value(QStringLiteral("stream")).toBool()) {
        const QJsonObject usage{{QStringLiteral("prompt_tokens"), promptTokens},
                                {QStringLiteral("completion_tokens"), completionTokens},
                                {QStringLiteral("total_tokens"), promptTokens + completionTokens}};
        const QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                                  {QStringLiteral("content"), reply}};
        const QJsonObject choice{{QStringLiteral("index"), 0},
                                 {QStringLiteral("message"), message},
                                 {QStringLiteral("finish_reason"), QStringLiteral("stop")}};
        return jsonResponse(
            QJsonObject{{QStringLiteral("id"), QStringLiteral("chatcmpl-1")},
                        {QStringLiteral("object"), QStringLiteral("chat.completion")},
                        {QStringLiteral("created"), 1},
                        {QStringLiteral("model"), QStringLiteral("fake-model")},
                        {QStringLiteral("choices"), QJsonArray{choice}},
                        {QStringLiteral("usage"), usage}});
    }

    // Like the real API, usage comes only to clients that ask for it.
    const bool withUsage = body.value(QStringLiteral("stream_options"))
                               .toObject()
                               .value(QStringLiteral("include_usage"))
                               .toBool();
    const QByteArray stream =
        FakeOpenAiServer::chatStream(deltas, QStringLiteral("stop"), withUsage, true);
    // One event per step, so the client sees the reply grow.
    FakeResponse response;
    if (reply == fullReply) {
        for (const QString &piece : splitReply(reasoning)) {
            const QJsonObject delta{{QStringLiteral("reasoning_content"), piece}};
            const QJsonObject choice{{QStringLiteral("index"), 0},
                                     {QStringLiteral("delta"), delta}};
            response.steps.append(ScriptStep{FakeOpenAiServer::sseData(QJsonObject{
                                                 {QStringLiteral("choices"), QJsonArray{choice}}}),
                                             response.steps.isEmpty() ? 0 : chunkDelayMs});
        }
    }
    const QList<QByteArray> events = stream.split('\n');
    QByteArray event;
    for (const QByteArray &line : events) {
        if (!line.isEmpty()) {
            event = line + '\n';
            continue;
        }
        if (event.isEmpty())
            continue;
        response.steps.append(
            ScriptStep{event + '\n', response.steps.isEmpty() ? 0 : chunkDelayMs});
        event.clear();
    }
    return response;
}

QJsonObject logEntry(const RecordedRequest &request)
{
    QJsonObject headers;
    for (auto it = request.headers.cbegin(); it != request.headers.cend(); ++it)
        headers.insert(QString::fromLatin1(it.key()), QString::fromUtf8(it.value()));
    const QJsonDocument body = QJsonDocument::fromJson(request.body);
    QJsonValue bodyValue = QJsonValue::Null;
    if (body.isObject())
        bodyValue = body.object();
    else if (body.isArray())
        bodyValue = body.array();
    return QJsonObject{{QStringLiteral("method"), QString::fromLatin1(request.method)},
                       {QStringLiteral("path"), QString::fromUtf8(request.path)},
                       {QStringLiteral("headers"), headers},
                       {QStringLiteral("body"), bodyValue}};
}

bool writePortFile(const QString &path, quint16 port)
{
    // Written aside then renamed, so a reader never sees a half-written port.
    const QString tmpPath = path + QStringLiteral(".tmp");
    QFile file(tmpPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.write(QByteArray::number(port) + '\n');
    file.close();
    return std::rename(QFile::encodeName(tmpPath).constData(),
                       QFile::encodeName(path).constData()) == 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fake_openai_server"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A fake OpenAI-compatible server on 127.0.0.1 for end-to-end tests."));
    parser.addHelpOption();
    const QCommandLineOption portFileOption(QStringLiteral("port-file"),
                                            QStringLiteral("Write the chosen port to <path>."),
                                            QStringLiteral("path"));
    const QCommandLineOption replyOption(
        QStringLiteral("reply"), QStringLiteral("The assistant reply to every chat completion."),
        QStringLiteral("text"), QStringLiteral("Hello from the fake server."));
    const QCommandLineOption delayOption(QStringLiteral("chunk-delay-ms"),
                                         QStringLiteral("Delay between streamed deltas."),
                                         QStringLiteral("ms"), QStringLiteral("20"));
    const QCommandLineOption logOption(
        QStringLiteral("log"), QStringLiteral("Append one JSON line per request to <path>."),
        QStringLiteral("path"));
    const QCommandLineOption reasoningOption(
        QStringLiteral("reasoning"),
        QStringLiteral("Reasoning streamed (as reasoning_content) before the reply."),
        QStringLiteral("text"));
    const QCommandLineOption replyFileOption(
        QStringLiteral("reply-file"),
        QStringLiteral("Read the reply from <path> (UTF-8), for replies too long for --reply."),
        QStringLiteral("path"));
    const QCommandLineOption perDeltaOption(QStringLiteral("chars-per-delta"),
                                            QStringLiteral("Characters in each streamed delta."),
                                            QStringLiteral("n"), QStringLiteral("3"));
    parser.addOptions({portFileOption, replyOption, replyFileOption, reasoningOption, delayOption,
                       perDeltaOption, logOption});
    parser.process(app);

    bool delayOk = false;
    const int chunkDelayMs = parser.value(delayOption).toInt(&delayOk);
    if (!delayOk || chunkDelayMs < 0) {
        QTextStream(stderr) << "fake_openai_server: invalid --chunk-delay-ms\n";
        return 2;
    }
    const int charsPerDelta = parser.value(perDeltaOption).toInt();
    if (charsPerDelta < 1) {
        QTextStream(stderr) << "fake_openai_server: invalid --chars-per-delta\n";
        return 2;
    }
    QString reply = parser.value(replyOption);
    if (parser.isSet(replyFileOption)) {
        QFile file(parser.value(replyFileOption));
        if (!file.open(QIODevice::ReadOnly)) {
            QTextStream(stderr) << "fake_openai_server: cannot read " << file.fileName() << '\n';
            return 1;
        }
        reply = QString::fromUtf8(file.readAll());
    }
    const QString reasoning = parser.value(reasoningOption);

    std::unique_ptr<QFile> log;
    if (parser.isSet(logOption)) {
        log = std::make_unique<QFile>(parser.value(logOption));
        if (!log->open(QIODevice::WriteOnly | QIODevice::Append)) {
            QTextStream(stderr) << "fake_openai_server: cannot open log " << log->fileName() << ": "
                                << log->errorString() << '\n';
            return 1;
        }
    }

    FakeOpenAiServer server;
    server.setResponder(
        [&reply, &reasoning, chunkDelayMs, charsPerDelta](const RecordedRequest &request) {
            const QByteArray path = pathOnly(request.path);
            if (request.method == "GET" && path.endsWith("/models"))
                return modelsResponse();
            if (request.method == "POST" && path.endsWith("/chat/completions"))
                return chatResponse(request, reply, reasoning, chunkDelayMs, charsPerDelta);
            return FakeOpenAiServer::error(
                404,
                QStringLiteral("unknown endpoint %1 %2")
                    .arg(QString::fromLatin1(request.method), QString::fromUtf8(request.path)),
                QStringLiteral("invalid_request_error"));
        });
    QObject::connect(&server, &FakeOpenAiServer::requestReceived, &server,
                     [&server, &log](int index) {
                         if (!log)
                             return;
                         const QJsonObject entry = logEntry(server.requests().at(index));
                         log->write(QJsonDocument(entry).toJson(QJsonDocument::Compact) + '\n');
                         // The test reads the log while we run.
                         log->flush();
                     });

    if (!server.listen()) {
        QTextStream(stderr) << "fake_openai_server: cannot listen on 127.0.0.1\n";
        return 1;
    }
    if (parser.isSet(portFileOption) &&
        !writePortFile(parser.value(portFileOption), server.port())) {
        QTextStream(stderr) << "fake_openai_server: cannot write the port file\n";
        return 1;
    }
    QTextStream(stdout) << "fake_openai_server listening on " << server.baseUrl().toString()
                        << Qt::endl;
    return app.exec();
}
