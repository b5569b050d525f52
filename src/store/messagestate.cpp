#include "messagestate.h"

#include <array>
#include <utility>

namespace {
constexpr std::array<std::pair<MessageState, const char *>, 7> kNames{{
    {MessageState::Streaming, "streaming"},
    {MessageState::Complete, "complete"},
    {MessageState::Stopped, "stopped"},
    {MessageState::Interrupted, "interrupted"},
    {MessageState::Truncated, "truncated"},
    {MessageState::Failed, "failed"},
    {MessageState::Filtered, "filtered"},
}};
} // namespace

QString messageStateToString(MessageState state)
{
    for (const auto &[value, name] : kNames) {
        if (value == state)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("complete");
}

MessageState messageStateFromString(const QString &text)
{
    for (const auto &[value, name] : kNames) {
        if (text == QLatin1String(name))
            return value;
    }
    // An unknown state comes from a newer version; showing the text as
    // complete loses nothing.
    return MessageState::Complete;
}
