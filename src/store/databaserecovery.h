#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QString>

class SqliteDatabase;

// Opens the conversation database at start-up and copes with a damaged one:
// a file SQLite cannot read, or that fails PRAGMA quick_check, is moved aside
// (kept, with a timestamp in its name, so nothing is destroyed) and a fresh
// database is started in its place. Only damage moves a file: a check that
// cannot run (the file is locked, an I/O error) is a plain failure that
// leaves the file where it is, because the database may be perfectly sound.
class DatabaseRecovery
{
    Q_DECLARE_TR_FUNCTIONS(DatabaseRecovery)

public:
    struct Outcome
    {
        QString movedTo;        // where the damaged file went; empty if none was
        QString notice() const; // what to tell the user; empty if nothing happened
    };

    static Result<Outcome> open(SqliteDatabase &database, const QString &path);
    // The second half of open(), for a database Database::open accepted:
    // quick_check, and a fresh file in its place only if it found damage.
    static Result<Outcome> checkOpened(SqliteDatabase &database);

    // "ok" for a sound database, otherwise what quick_check found; a failure
    // if quick_check could not run at all.
    static Result<QString> quickCheck(SqliteDatabase &database);

private:
    // Moves the damaged file aside and opens a fresh one at its path.
    static Result<Outcome> replaceDamaged(SqliteDatabase &database, const QString &path,
                                          const QString &problem);
};
