#include "privatesessionbus.h"

#include <QList>

#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

PrivateSessionBus::~PrivateSessionBus()
{
    if (m_pid > 0)
        kill(m_pid, SIGTERM);
}

QByteArray PrivateSessionBus::ensure()
{
    if (!m_address.isEmpty())
        return m_address;
    m_address = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    if (!m_address.isEmpty())
        return m_address;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return {};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    char program[] = "dbus-daemon";
    char sessionArg[] = "--session";
    char forkArg[] = "--fork"; // the daemon leaves the launcher, which exits
    char addressArg[] = "--print-address=1";
    char pidArg[] = "--print-pid=1";
    char *argv[] = {program, sessionArg, forkArg, addressArg, pidArg, nullptr};
    pid_t launcher = -1;
    const int rc = posix_spawnp(&launcher, program, &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return {};
    }
    QByteArray text;
    char buffer[512];
    ssize_t n;
    while ((n = read(fds[0], buffer, sizeof buffer)) > 0)
        text.append(buffer, n);
    close(fds[0]);
    waitpid(launcher, nullptr, 0);
    const QList<QByteArray> lines = text.trimmed().split('\n');
    if (lines.size() < 2)
        return {};
    m_address = lines.at(0).trimmed();
    m_pid = pid_t(lines.at(1).trimmed().toInt());
    if (m_pid <= 0)
        m_address.clear();
    return m_address;
}
