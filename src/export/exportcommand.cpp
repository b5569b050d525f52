#include "exportcommand.h"

#include "conversationexporter.h"
#include "store/conversationstore.h"
#include "store/sqlitedatabase.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

#include <cstring>
#include <utility>

namespace {
const QString kMarkdown = QStringLiteral("export-markdown");
const QString kJson = QStringLiteral("export-json");
const QString kConversation = QStringLiteral("conversation");
} // namespace

QList<QCommandLineOption> ExportCommand::options()
{
    return {
        QCommandLineOption(kMarkdown,
                           tr("Export conversations to Markdown files in <folder> (one file "
                              "each) and quit, without opening a window."),
                           tr("folder")),
        QCommandLineOption(kJson,
                           tr("Export conversations to JSON files (every stored field) in "
                              "<folder> and quit, without opening a window."),
                           tr("folder")),
        QCommandLineOption(kConversation,
                           tr("With --export-markdown or --export-json: export only the "
                              "conversation with this id."),
                           tr("id")),
    };
}

bool ExportCommand::isRequested(int argc, const char *const *argv)
{
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        if (std::strcmp(arg, "--") == 0)
            return false; // what follows is positional
        for (const char *name : {"--export-markdown", "--export-json"}) {
            const std::size_t length = std::strlen(name);
            if (std::strncmp(arg, name, length) == 0 && (arg[length] == '\0' || arg[length] == '='))
                return true;
        }
    }
    return false;
}

int ExportCommand::run(const QStringList &arguments, const QString &databasePath, QTextStream &out,
                       QTextStream &err) const
{
    const auto fail = [&err](const QString &message, int code) {
        err << QStringLiteral("confab: ") << message << Qt::endl;
        return code;
    };

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Exports Confab conversations to files."));
    const QCommandLineOption help = parser.addHelpOption();
    parser.addOptions(options());
    if (!parser.parse(arguments))
        return fail(parser.errorText() + u'\n' + tr("Run confab --help to see the options."),
                    UsageError);
    if (parser.isSet(help)) {
        out << parser.helpText();
        return Success;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(tr("Unexpected argument: %1").arg(parser.positionalArguments().constFirst()),
                    UsageError);

    QList<std::pair<ExportFormat, QString>> targets;
    for (const auto &[format, name] :
         {std::pair{ExportFormat::Markdown, kMarkdown}, std::pair{ExportFormat::Json, kJson}}) {
        if (!parser.isSet(name))
            continue;
        const QString folder = parser.value(name);
        if (folder.isEmpty())
            return fail(tr("--%1 needs a folder to write to.").arg(name), UsageError);
        targets.append({format, folder});
    }
    if (targets.isEmpty())
        return fail(tr("Nothing to do: give --export-markdown or --export-json a folder."),
                    UsageError);

    QList<qint64> ids;
    if (parser.isSet(kConversation)) {
        bool isNumber = false;
        const qint64 id = parser.value(kConversation).toLongLong(&isNumber);
        if (!isNumber || id <= 0)
            return fail(tr("--conversation needs the id of a conversation (a whole number), "
                           "not \"%1\".")
                            .arg(parser.value(kConversation)),
                        UsageError);
        ids << id;
    }

    // Opening creates a missing file; an export must not invent an empty
    // database and report success, so look first.
    const QString shownPath = QDir::toNativeSeparators(databasePath);
    const QFileInfo database(databasePath);
    if (!database.exists())
        return fail(tr("There is no Confab database at %1, so there is nothing to export. "
                       "(Confab keeps it in $XDG_DATA_HOME/confab/.)")
                        .arg(shownPath),
                    Failure);
    if (!database.isFile() || !database.isReadable())
        return fail(tr("The Confab database at %1 cannot be read.").arg(shownPath), Failure);

    SqliteDatabase db;
    if (VoidResult opened = db.open(databasePath); !opened)
        return fail(
            tr("The Confab database at %1 cannot be read: %2").arg(shownPath, opened.error()),
            Failure);
    const ConversationStore store(db);
    const ConversationExporter exporter(store);

    int exported = 0;
    for (const auto &[format, folder] : targets) {
        const Result<QStringList> written = exporter.exportToFolder(folder, format, ids);
        if (!written)
            return fail(written.error(), Failure);
        for (const QString &path : written.value())
            out << QDir::toNativeSeparators(path) << u'\n';
        exported += int(written.value().size());
    }
    out.flush();
    if (exported == 0)
        err << tr("confab: there are no conversations to export.") << Qt::endl;
    return Success;
}
