#pragma once

#include <QByteArray>

#include <sys/types.h>

// A D-Bus session bus of the benchmarks' own, for runs with none set (a
// shell over ssh, CI). A desktop always has one, and Qt talks to it at
// start-up (theme, accessibility); without DBUS_SESSION_BUS_ADDRESS, libdbus
// would start one itself through X11 autolaunch, which outlives the run and
// is shared by every later program. dbus-daemon (package dbus) is started
// here and stopped when this object goes.
class PrivateSessionBus
{
public:
    PrivateSessionBus() = default;
    PrivateSessionBus(const PrivateSessionBus &) = delete;
    PrivateSessionBus &operator=(const PrivateSessionBus &) = delete;
    ~PrivateSessionBus();

    // The session bus to use: DBUS_SESSION_BUS_ADDRESS if it is set, else
    // a new private bus. Empty if none could be started.
    QByteArray ensure();
    // Whether ensure() started a bus of its own.
    bool isPrivate() const { return m_pid > 0; }

private:
    QByteArray m_address;
    pid_t m_pid = -1;
};
