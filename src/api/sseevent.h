#pragma once

#include <QString>

// One dispatched server-sent event. An empty type means the default "message".
struct SseEvent
{
    QString type;
    QString data;
    QString id;

    bool operator==(const SseEvent &) const = default;
};
