#pragma once

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

class QTextStream;

// `confab --export-markdown DIR [--conversation ID]` and `--export-json DIR`:
// exports from the database without a display and without any GUI object, so
// it works over ssh, in cron and in scripts. main() checks isRequested()
// before it creates a QApplication and, if so, runs this with a
// QCoreApplication and returns its exit code.
//
// Prints each file written on stdout, one per line; errors go to stderr in
// words a user can act on. Exit codes: 0 done, 1 the export failed (database
// missing or unreadable, unknown id, folder not writable), 2 bad arguments.
class ExportCommand
{
    Q_DECLARE_TR_FUNCTIONS(ExportCommand)

public:
    enum ExitCode { Success = 0, Failure = 1, UsageError = 2 };

    // The export options, also added to the GUI's parser so --help lists them.
    static QList<QCommandLineOption> options();
    // Whether the raw command line asks for an export; called before any
    // QCoreApplication exists, so it looks at argv itself.
    static bool isRequested(int argc, const char *const *argv);

    // `arguments` as QCoreApplication::arguments() gives them (program name first).
    int run(const QStringList &arguments, const QString &databasePath, QTextStream &out,
            QTextStream &err) const;
};
