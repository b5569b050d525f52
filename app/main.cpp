// Builds the application's objects and connects them. No logic lives here.
#include "api/chatclient.h"
#include "api/proxycontroller.h"
#include "catalogue/modelcatalogue.h"
#include "chatview.h"
#include "core/redaction.h"
#include "core/textonlyrun.h"
#include "costs/spendingledger.h"
#include "export/exportcommand.h"
#include "firstframereporter.h"
#include "i18n/translationloader.h"
#include "ipc/singleinstance.h"
#include "mainwindow.h"
#include "models/conversationlistmodel.h"
#include "secrets/apikeys.h"
#include "secrets/keychainsecretstore.h"
#include "session/appcontext.h"
#include "session/sessionregistry.h"
#include "settings/appsettings.h"
#include "store/conversationstore.h"
#include "store/databaserecovery.h"
#include "store/sqlitedatabase.h"
#include "tokenizer/tokenizers.h"
#include "windowmanager.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLocale>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QTextStream>

int main(int argc, char **argv)
{
    Redaction::installMessageHandler();

    // Exporting needs no display (ssh, cron, scripts): it is decided before
    // any GUI object exists, runs with a QCoreApplication only, and its exit
    // code is the program's.
    if (ExportCommand::isRequested(argc, argv)) {
        QCoreApplication core(argc, argv);
        QCoreApplication::setOrganizationName(QStringLiteral("Confab"));
        QCoreApplication::setApplicationName(QStringLiteral("confab"));
        QCoreApplication::setApplicationVersion(QStringLiteral(CONFAB_VERSION));
        TranslationLoader translations; // messages in the user's language
        translations.install(QLocale::system());
        QTextStream out(stdout);
        QTextStream err(stderr);
        return ExportCommand().run(QCoreApplication::arguments(), SqliteDatabase::defaultPath(),
                                   out, err);
    }

    // --help and --version only print: they need no display, so they run on
    // the offscreen platform and work over ssh and in scripts too.
    if (TextOnlyRun::isRequested(argc, argv))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Confab"));
    QApplication::setApplicationName(QStringLiteral("confab"));
    QApplication::setApplicationDisplayName(QStringLiteral("Confab"));
    QApplication::setApplicationVersion(QStringLiteral(CONFAB_VERSION));
    // The reverse-DNS id of packaging/org.confab.Confab.desktop: Wayland
    // compositors find the window's name and icon through it.
    QApplication::setDesktopFileName(QStringLiteral("org.confab.Confab"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("org.confab.Confab")));

    // Before any text is built, so --help, dialogs and the window all follow
    // the system locale (LANG, LC_ALL, LC_MESSAGES).
    TranslationLoader translations;
    translations.install(QLocale::system());

    QCommandLineParser cli;
    cli.setApplicationDescription(
        QApplication::translate("main", "A desktop chat client for OpenAI-compatible servers."));
    cli.addHelpOption();
    cli.addVersionOption();
    cli.addOptions(ExportCommand::options()); // handled above, listed in --help
    // The desktop file's "New Window" action runs `confab --new-window`: a new
    // chat in a new window, in the running instance if there is one.
    cli.addOption(QCommandLineOption(QStringLiteral("new-window"),
                                     QApplication::translate("main", "Open a new window.")));
    cli.process(app);

    // One process owns the database: a second start asks the running one to
    // open a window and leaves. If it cannot reach it, it leaves too, without
    // touching the database, and says why.
    const QString databasePath = SqliteDatabase::defaultPath();
    SingleInstance instance(databasePath);
    const Result<SingleInstance::Role> role = instance.start(QApplication::arguments());
    if (!role) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Confab cannot start"),
                              role.error());
        return 1;
    }
    if (role.value() == SingleInstance::Role::HandedOver)
        return 0;

    SqliteDatabase database;
    Result<DatabaseRecovery::Outcome> opened = DatabaseRecovery::open(database, databasePath);
    if (!opened) {
        QMessageBox::critical(
            nullptr, QApplication::translate("main", "Confab cannot start"),
            QApplication::translate("main", "%1\n\nCheck that the folder is writable and the "
                                            "disk is not full, then start Confab again.")
                .arg(opened.error()));
        return 1;
    }
    ConversationStore store(database);

    // Environment overrides are for this run only; nothing writes them back.
    const QString envKey = qEnvironmentVariable("OPENAI_API_KEY");
    const QString envBaseUrl = qEnvironmentVariable("OPENAI_BASE_URL");

    QSettings qsettings;
    AppSettings settings(&qsettings, envBaseUrl);
    KeychainSecretStore keychain;
    ApiKeys keys(keychain, envKey);
    QNetworkAccessManager network;
    // The proxy the user chose (by default the system's), now and after changes.
    ProxyController proxy(&network, settings, keychain);
    ChatClient client(&network);
    ConversationListModel conversations;
    Tokenizers tokenizers; // each encoding loads when it is first needed
    ModelCatalogue catalogue(&qsettings);
    SpendingLedger spending(&qsettings);
    SessionRegistry sessions({store, client, keys, settings, tokenizers, catalogue, spending},
                             conversations);
    const VoidResult loaded = sessions.loadConversations();

    WindowManager windows(
        {sessions, conversations, settings, keys, client, tokenizers, catalogue, spending, &proxy},
        qsettings);
    QObject::connect(&proxy, &ProxyController::problem, &windows, [&windows](const QString &text) {
        for (MainWindow *w : windows.windows())
            w->showNotice(text);
    });
    QObject::connect(&instance, &SingleInstance::activationRequested, &windows,
                     &WindowManager::handleArguments);
    QObject::connect(&windows, &WindowManager::readyToQuit, &app, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    MainWindow *window = cli.isSet(QStringLiteral("new-window")) ? windows.openWindow()
                                                                 : windows.restoreWindows().first();
    // bench_startup asks when the restored chat is first on screen.
    if (FirstFrameReporter::isRequested())
        new FirstFrameReporter(window->chatView()->viewport());
    if (!loaded)
        window->showNotice(loaded.error());
    if (const QString notice = opened.value().notice(); !notice.isEmpty())
        window->showNotice(notice);

    keys.fetch(window, [window, &settings](const Result<QString> &key) {
        if (!key)
            window->showNotice(key.error());
        else if (key.value().isEmpty() && settings.baseUrl() == AppSettings::defaultBaseUrl())
            window->showNotice(QApplication::translate(
                "main", "Add your OpenAI API key in Settings (Ctrl+,) to start chatting."));
    });
    return app.exec();
}
