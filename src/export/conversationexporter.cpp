#include "conversationexporter.h"

#include "exportfilename.h"
#include "jsonexporter.h"
#include "markdownexporter.h"
#include "store/conversationstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace {
// A front matter is a few lines; anything bigger than this at the top of a
// file is not one of ours. The JSON check reads the whole file, so it is
// capped too: an unrelated huge file is simply "not ours".
constexpr qint64 kMaxFrontMatterBytes = 1 << 20;
constexpr qint64 kMaxJsonBytes = qint64(512) << 20;
// Past this many "-2", "-3"... something is wrong with the folder.
constexpr int kMaxAttempts = 1000;

bool isMarkdownExportOf(QFile &file, qint64 id)
{
    if (file.readLine(8) != "---\n")
        return false;
    bool sameId = false;
    bool ours = false;
    qint64 read = 4;
    while (!file.atEnd() && read < kMaxFrontMatterBytes) {
        const QByteArray line = file.readLine(kMaxFrontMatterBytes);
        read += line.size();
        if (line == "---\n")
            return sameId && ours;
        if (line == "id: " + QByteArray::number(id) + '\n')
            sameId = true;
        else if (line == "generator: Confab\n")
            ours = true;
    }
    return false;
}

bool isJsonExportOf(QFile &file, qint64 id)
{
    if (file.size() > kMaxJsonBytes)
        return false;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    return root.value(QLatin1String("format")).toString() == JsonExporter::formatName() &&
           root.value(QLatin1String("conversation"))
                   .toObject()
                   .value(QLatin1String("id"))
                   .toInteger(-1) == id;
}
} // namespace

ConversationExporter::ConversationExporter(const ConversationStore &store)
    : m_store(store)
{}

Result<QByteArray> ConversationExporter::render(qint64 conversationId, ExportFormat format) const
{
    using R = Result<QByteArray>;
    const Result<Conversation> conversation = m_store.conversation(conversationId);
    if (!conversation)
        return R::failure(conversation.error());
    const Result<QList<ChatMessage>> messages = m_store.messages(conversationId);
    if (!messages)
        return R::failure(messages.error());
    switch (format) {
    case ExportFormat::Markdown:
        return MarkdownExporter().toMarkdown(conversation.value(), messages.value()).toUtf8();
    case ExportFormat::Json:
        return JsonExporter().toJson(conversation.value(), messages.value());
    }
    return R::failure(tr("Unknown export format."));
}

VoidResult ConversationExporter::exportToFile(qint64 conversationId, const QString &filePath,
                                              ExportFormat format) const
{
    const Result<QByteArray> data = render(conversationId, format);
    if (!data)
        return VoidResult::failure(data.error());
    return write(filePath, data.value());
}

Result<QStringList> ConversationExporter::exportToFolder(const QString &folder, ExportFormat format,
                                                         const QList<qint64> &ids) const
{
    using R = Result<QStringList>;
    // An unknown id fails before anything is created on disk.
    QList<Conversation> conversations;
    if (ids.isEmpty()) {
        Result<QList<Conversation>> all = m_store.conversations();
        if (!all)
            return R::failure(all.error());
        conversations = std::move(all).value();
    } else {
        for (qint64 id : ids) {
            Result<Conversation> one = m_store.conversation(id);
            if (!one)
                return R::failure(one.error());
            conversations << one.value();
        }
    }

    const QFileInfo info(folder);
    if (info.exists() && !info.isDir())
        return R::failure(tr("Cannot export to %1: it is a file, not a folder.")
                              .arg(QDir::toNativeSeparators(folder)));
    if (!QDir().mkpath(folder))
        return R::failure(tr("Cannot export to %1: the folder could not be created.")
                              .arg(QDir::toNativeSeparators(folder)));
    if (!QFileInfo(folder).isWritable())
        return R::failure(tr("Cannot export to %1: the folder is not writable.")
                              .arg(QDir::toNativeSeparators(folder)));
    const QDir dir(folder);

    QStringList written;
    for (const Conversation &conversation : conversations) {
        const Result<QByteArray> data = render(conversation.id, format);
        if (!data)
            return R::failure(data.error());
        // The id in the name keeps conversations apart; numbering steps
        // around files that are someone else's.
        QString path;
        for (int attempt = 1; path.isEmpty(); ++attempt) {
            if (attempt > kMaxAttempts)
                return R::failure(tr("Cannot export to %1: too many files with the same name.")
                                      .arg(QDir::toNativeSeparators(folder)));
            const QString candidate =
                dir.filePath(ExportFileName::forConversation(conversation, format, attempt));
            const QFileInfo target(candidate);
            const bool free = !target.exists() && !target.isSymLink();
            const bool earlierExport = target.isFile() && !target.isSymLink() &&
                                       isExportOf(candidate, conversation.id, format);
            if (free || earlierExport)
                path = candidate;
        }
        if (VoidResult s = write(path, data.value()); !s)
            return R::failure(s.error());
        written << path;
    }
    return written;
}

bool ConversationExporter::isExportOf(const QString &path, qint64 id, ExportFormat format)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    switch (format) {
    case ExportFormat::Markdown:
        return isMarkdownExportOf(file, id);
    case ExportFormat::Json:
        return isJsonExportOf(file, id);
    }
    return false;
}

VoidResult ConversationExporter::write(const QString &path, const QByteArray &data) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return VoidResult::failure(
            tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    if (file.write(data) != data.size() || !file.commit())
        return VoidResult::failure(
            tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    return Ok{};
}
