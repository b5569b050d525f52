#pragma once

#include <QString>

// What a process takes in memory, as the benchmarks report it.
class ProcessMemory
{
public:
    // Proportional set size from /proc/self/smaps_rollup, in MiB; -1 if unreadable.
    static double pssMiB();
    // The same for another process (bench_startup's children): /proc/PID/smaps_rollup.
    static double pssMiB(qint64 pid);

private:
    static double pssFrom(const QString &path);
};
