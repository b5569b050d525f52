#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QString>

class Database;

// Opens the conversation database at start-up and copes with a damaged one:
// a file SQLite cannot read, or that fails PRAGMA quick_check, is moved aside
// (kept, with a timestamp in its name, so nothing is destroyed) and a fresh
// database is started in its place.
class DatabaseRecovery
{
    Q_DECLARE_TR_FUNCTIONS(DatabaseRecovery)

public:
    struct Outcome
    {
        QString movedTo;        // where the damaged file went; empty if none was
        QString notice() const; // what to tell the user; empty if nothing happened
    };

    static Result<Outcome> open(Database &database, const QString &path);

    // "ok" for a sound database, otherwise what quick_check found.
    static QString quickCheck(Database &database);
};
