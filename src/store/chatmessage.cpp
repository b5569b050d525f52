#include "chatmessage.h"

QString ChatMessage::roleToString(Role role)
{
    switch (role) {
    case Role::System:
        return QStringLiteral("system");
    case Role::User:
        return QStringLiteral("user");
    case Role::Assistant:
        return QStringLiteral("assistant");
    }
    return QStringLiteral("user");
}

ChatMessage::Role ChatMessage::roleFromString(const QString &text)
{
    if (text == QLatin1String("system"))
        return Role::System;
    if (text == QLatin1String("assistant"))
        return Role::Assistant;
    return Role::User;
}
