#pragma once

#include <QSqlDatabase>
#include <QString>

// Three stored conversations that exercise every corner of the export
// formats: a table, code fences of both kinds (one inside the other), Chinese
// text and emoji, reasoning, a heading-like line inside a reply, a reply cut
// off inside a code block, every early-ended state, an error that quotes an
// API key, and titles that are hostile as file names. Written with plain SQL
// and fixed times (the database must already have the current schema), so
// the golden files under tests/data/export/ stay valid.
class ExportFixture
{
public:
    // The key-shaped text inside one stored error; no export may contain it.
    static QString leakedKey() { return QStringLiteral("sk-proj-ABCDEF1234567890SECRET"); }

    // Empty on success, else what went wrong.
    static QString create(const QSqlDatabase &db);
};
