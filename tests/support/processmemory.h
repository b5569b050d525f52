#pragma once

// What this process takes in memory, as the benchmarks report it.
class ProcessMemory
{
public:
    // Proportional set size from /proc/self/smaps_rollup, in MiB; -1 if unreadable.
    static double pssMiB();
};
