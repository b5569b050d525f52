#include "storageproblem.h"

QString StorageProblem::what() const
{
    switch (m_kind) {
    case Kind::DiskFull:
        return tr("The disk is full.");
    case Kind::ReadOnly:
        return tr("The disk or the database file is read-only.");
    case Kind::FileGone:
        return tr("The database file was deleted or moved while Confab was running.");
    case Kind::NoProblem:
    case Kind::Other:
        break;
    }
    return tr("The database could not be written (%1).").arg(m_detail);
}

QString StorageProblem::replyNotice() const
{
    switch (m_kind) {
    case Kind::DiskFull:
        return tr("The disk is full. Your reply is kept in memory; free some space and it will be "
                  "saved.");
    case Kind::ReadOnly:
        return tr("The disk or the database file is read-only. Your reply is kept in memory; make "
                  "it writable again and it will be saved.");
    case Kind::FileGone:
        return tr("The database file was deleted or moved while Confab was running. Your "
                  "conversations are kept in memory and are being written to a new file.");
    case Kind::NoProblem:
    case Kind::Other:
        break;
    }
    return tr("Your messages could not be saved to disk (%1). They are kept in memory and saving "
              "is retried every few seconds.")
        .arg(m_detail);
}

QString StorageProblem::messageNotice() const
{
    switch (m_kind) {
    case Kind::DiskFull:
        return tr("The disk is full, so your message was not sent; it is still in the box. Free "
                  "some space and send it again.");
    case Kind::ReadOnly:
        return tr("The disk or the database file is read-only, so your message was not sent; it "
                  "is still in the box. Make it writable and send it again.");
    case Kind::FileGone:
    case Kind::NoProblem:
    case Kind::Other:
        break;
    }
    return tr("Your message could not be saved, so it was not sent; it is still in the box (%1).")
        .arg(m_detail);
}
