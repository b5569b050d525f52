#include "continuationrequest.h"

ContinuationRequest::Mode ContinuationRequest::modeFor(const QUrl &baseUrl,
                                                       AppSettings::Continuation choice)
{
    switch (choice) {
    case AppSettings::Continuation::TrailingAssistant:
        return Mode::TrailingAssistant;
    case AppSettings::Continuation::Instruction:
        return Mode::Instruction;
    case AppSettings::Continuation::Automatic:
        break;
    }
    // Prefix completion exists only on DeepSeek's beta endpoint; elsewhere the
    // "prefix" field is unknown and may be refused.
    if (baseUrl.host().endsWith(QLatin1String("deepseek.com")) &&
        baseUrl.path().contains(QLatin1String("/beta")))
        return Mode::Prefix;
    // Ollama continues a trailing assistant message ("prefill"); its port is
    // the best sign of it there is. An OpenAI-style server would instead
    // answer that message with a new turn, so nothing is guessed beyond it.
    if (baseUrl.port() == 11434)
        return Mode::TrailingAssistant;
    return Mode::Instruction;
}

QString ContinuationRequest::instruction()
{
    // Sent to the model, not shown to the user; English works across models.
    return QStringLiteral(
        "Your previous message was cut off. Continue it from exactly where it stopped, "
        "starting with the next character. Do not repeat anything already written and do not "
        "add any preamble.");
}

QList<ChatRequest::Turn> ContinuationRequest::turns(Mode mode, const QString &partialReply)
{
    if (partialReply.isEmpty())
        return {}; // nothing to continue: a plain request for the reply
    ChatRequest::Turn reply{QStringLiteral("assistant"), partialReply};
    if (mode == Mode::Prefix) {
        reply.prefix = true;
        return {reply};
    }
    if (mode == Mode::TrailingAssistant)
        return {reply};
    return {reply, {QStringLiteral("user"), instruction()}};
}
