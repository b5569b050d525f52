#include "processmemory.h"

#include <QFile>
#include <QList>

double ProcessMemory::pssMiB()
{
    return pssFrom(QStringLiteral("/proc/self/smaps_rollup"));
}

double ProcessMemory::pssMiB(qint64 pid)
{
    return pssFrom(QStringLiteral("/proc/%1/smaps_rollup").arg(pid));
}

double ProcessMemory::pssFrom(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("Pss:"))
            return line.mid(4).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}
