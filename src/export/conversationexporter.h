#pragma once

#include "core/result.h"
#include "exportformat.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

class ConversationStore;

// Exports stored conversations to files: one to a file the user chose, or
// many to a folder, one file each, named by ExportFileName. Files are
// written atomically (QSaveFile), so an interrupted export never leaves half
// a file where a good one was.
//
// In a folder, an existing file is replaced only when it is an earlier
// export of the same conversation (its front matter or JSON names the same
// id and comes from Confab); any other file of that name is left alone and
// the new file gets a numbered name instead.
//
// Reads the store only; it has no access to settings or the keychain, which
// is what keeps keys and headers out of every export.
class ConversationExporter
{
    Q_DECLARE_TR_FUNCTIONS(ConversationExporter)

public:
    explicit ConversationExporter(const ConversationStore &store);

    // One conversation in the given format, UTF-8.
    Result<QByteArray> render(qint64 conversationId, ExportFormat format) const;
    // Writes one conversation to `filePath`, replacing what is there (the
    // file dialog already asked the user).
    VoidResult exportToFile(qint64 conversationId, const QString &filePath,
                            ExportFormat format) const;
    // Writes the given conversations (all of them when `ids` is empty) into
    // `folder`, creating it if needed. Returns the paths written, in the
    // store's order (most recent first). Stops at the first failure.
    Result<QStringList> exportToFolder(const QString &folder, ExportFormat format,
                                       const QList<qint64> &ids = {}) const;

    // Whether the file at `path` is an earlier export of conversation `id`.
    static bool isExportOf(const QString &path, qint64 id, ExportFormat format);

private:
    VoidResult write(const QString &path, const QByteArray &data) const;

    const ConversationStore &m_store;
};
