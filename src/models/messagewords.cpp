#include "messagewords.h"

QString MessageWords::author(ChatMessage::Role role)
{
    switch (role) {
    case ChatMessage::Role::User:
        return tr("You");
    case ChatMessage::Role::System:
        return tr("System");
    default:
        return tr("Assistant");
    }
}

QString MessageWords::state(MessageState state)
{
    switch (state) {
    case MessageState::Streaming:
        return tr("Writing…");
    case MessageState::Stopped:
        return tr("Stopped");
    case MessageState::Interrupted:
        return tr("Interrupted");
    case MessageState::Truncated:
        return tr("Cut off at the length limit");
    case MessageState::Failed:
        return tr("Failed");
    case MessageState::Filtered:
        return tr("Stopped by the content filter");
    default:
        return {};
    }
}

QString MessageWords::note(const ChatMessage &message, const QString &live)
{
    if (!live.isEmpty())
        return live;
    const QString label = state(message.state);
    if (label.isEmpty())
        return message.error;
    if (message.state == MessageState::Streaming && !message.content.isEmpty())
        return {};
    return message.error.isEmpty() ? label : label + QStringLiteral(" — ") + message.error;
}

QString MessageWords::spoken(const ChatMessage &message, const QString &live)
{
    const QString how = note(message, live);
    const QString who = author(message.role);
    return (how.isEmpty() ? who : tr("%1 (%2)").arg(who, how)) + QStringLiteral(": ") +
           message.content;
}
