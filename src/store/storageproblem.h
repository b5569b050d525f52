#pragma once

#include <QCoreApplication>
#include <QString>

// Why a write to the database failed, in the terms a user can act on. The
// database says "database or disk is full" or "attempt to write a readonly
// database"; the user needs to hear what happened to the disk and what to do
// about it, and that nothing is lost meanwhile.
class StorageProblem
{
    Q_DECLARE_TR_FUNCTIONS(StorageProblem)
public:
    enum class Kind {
        NoProblem, // (not "None": Xlib #defines it)
        DiskFull,  // no space left on the device (or over a quota)
        ReadOnly,  // the file or its file system cannot be written
        FileGone,  // the database file was deleted or moved while open
        Other,     // an I/O error or anything else SQLite reported
    };

    StorageProblem() = default;
    StorageProblem(Kind kind, QString detail)
        : m_kind(kind)
        , m_detail(std::move(detail))
    {}

    Kind kind() const { return m_kind; }
    // What the database itself said (for logs and the tooltip).
    const QString &detail() const { return m_detail; }

    // One sentence: what happened to the disk.
    QString what() const;
    // The notice shown while a reply cannot be saved: what happened, that the
    // text is safe in memory, and what the user can do.
    QString replyNotice() const;
    // When the user's message could not be stored (so it was not sent).
    QString messageNotice() const;

private:
    Kind m_kind = Kind::NoProblem;
    QString m_detail;
};
