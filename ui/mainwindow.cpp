#include "mainwindow.h"

#include "api/chatclient.h"
#include "chatactions.h"
#include "chatheader.h"
#include "chatview.h"
#include "composer.h"
#include "conversationsidebar.h"
#include "elidedlabel.h"
#include "export/conversationexporter.h"
#include "export/exportfilename.h"
#include "models/conversationlistmodel.h"
#include "modeltablesdialog.h"
#include "replybar.h"
#include "secrets/apikeys.h"
#include "session/chatsession.h"
#include "session/sessionregistry.h"
#include "settings/appsettings.h"
#include "settingsdialog.h"
#include "store/conversationstore.h"
#include "tokencountlabel.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(const AppContext &app, qint64 conversationId, QWidget *parent)
    : QMainWindow(parent)
    , m_app(app)
    , m_sessions(app.sessions)
    , m_settings(app.settings)
    , m_keys(app.keys)
    , m_sidebar(new ConversationSidebar(&app.conversations, this))
    , m_title(new ElidedLabel(this))
    , m_chat(new ChatView(this))
    , m_notice(new QLabel(this))
    , m_composer(new Composer(this))
    , m_actions(new ChatActions(m_chat, m_composer, app.spending, this))
    , m_header(new ChatHeader(app.settings, this))
    , m_tokenCount(new TokenCountLabel(app.tokenizers, app.catalogue, this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_stop(new QPushButton(tr("Stop"), this))
{
    setWindowTitle(tr("Confab"));
    resize(1000, 700);

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setContentsMargins(10, 6, 10, 6);

    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::PlainText);
    // No fixed accessible name: a screen reader then hears the label's text,
    // which is what the notice says; "Notice" says what it is.
    m_notice->setObjectName(QStringLiteral("notice"));
    m_notice->setAccessibleDescription(tr("Notice"));
    m_notice->setStyleSheet(QStringLiteral(
        "QLabel { background: rgba(192,57,43,0.12); border: 1px solid rgba(192,57,43,0.5);"
        " border-radius: 4px; padding: 6px; }"));
    m_notice->hide();

    m_send->setAccessibleName(tr("Send"));
    m_send->setToolTip(tr("Send (Enter)"));
    m_send->setDefault(false);
    m_stop->setAccessibleName(tr("Stop"));
    m_stop->setToolTip(tr("Stop the reply (Esc)"));

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_send);
    buttons->addWidget(m_stop);
    buttons->addStretch();
    auto *composerRow = new QHBoxLayout;
    composerRow->addWidget(m_composer, 1);
    composerRow->addLayout(buttons);

    auto *chatPanel = new QWidget(this);
    auto *chatLayout = new QVBoxLayout(chatPanel);
    chatLayout->setContentsMargins(0, 0, 6, 6);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_header);
    chatLayout->addLayout(titleRow);
    chatLayout->addWidget(m_chat, 1);
    chatLayout->addWidget(m_notice);
    chatLayout->addWidget(m_actions->replyBar());
    chatLayout->addWidget(m_actions->editBar());
    chatLayout->addLayout(composerRow);
    chatLayout->addWidget(m_tokenCount);
    m_tokenCount->setDraftEditor(m_composer);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_sidebar);
    splitter->addWidget(chatPanel);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({240, 760});
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);

    buildMenus();

    connect(m_composer, &Composer::submitted, this, &MainWindow::send);
    connect(m_send, &QPushButton::clicked, this, &MainWindow::send);
    connect(m_stop, &QPushButton::clicked, this, &MainWindow::stop);
    connect(m_sidebar, &ConversationSidebar::conversationActivated, this,
            &MainWindow::showConversation);
    connect(m_sidebar, &ConversationSidebar::newChatRequested, this, &MainWindow::newChat);
    connect(m_sidebar, &ConversationSidebar::openInNewWindowRequested, this,
            &MainWindow::openInNewWindowRequested);
    connect(m_sidebar, &ConversationSidebar::deleteRequested, this,
            &MainWindow::deleteConversation);
    connect(m_sidebar, &ConversationSidebar::undoRequested, this, [this] {
        const qint64 id = m_sessions.pendingRemoval();
        if (m_sessions.undoRemoval())
            showConversation(id);
    });
    connect(m_sidebar, &ConversationSidebar::undoExpired, this, [this] {
        if (VoidResult s = m_sessions.commitRemoval(); !s)
            showNotice(s.error());
    });
    // Removed here or in another window: do not keep showing it.
    connect(&m_sessions, &SessionRegistry::conversationRemoved, this, [this](qint64 id) {
        if (m_session && m_session->conversationId() == id) {
            m_session = nullptr;
            newChat();
        }
    });
    connect(m_actions, &ChatActions::failed, this, &MainWindow::showNotice);
    connect(m_header, &ChatHeader::failed, this, &MainWindow::showNotice);
    connect(&m_sessions, &SessionRegistry::actionFailed, this, &MainWindow::showNotice);
    connect(&m_sessions, &SessionRegistry::storageFailed, this,
            [this](const StorageProblem &problem) {
                m_notice->setToolTip(problem.detail());
                showNotice(problem.replyNotice());
                m_storageNotice = m_notice->text();
            });
    connect(&m_sessions, &SessionRegistry::storageRecovered, this, [this] {
        // Only the notice that said the disk refused: another may have come since.
        if (!m_storageNotice.isEmpty() && m_notice->text() == m_storageNotice)
            m_notice->hide();
        m_notice->setToolTip({});
        m_storageNotice.clear();
    });
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, this, &MainWindow::stop);
    // Settings, the model tables or the budgets changed in any window: this
    // one counts and prices again too.
    connect(&m_settings, &AppSettings::changed, m_tokenCount, &TokenCountLabel::refresh);

    // The conversation asked for, or a new chat: no session made only to
    // be thrown away.
    if (conversationId != 0)
        showConversation(conversationId);
    if (!m_session)
        newChat();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newChatAction = file->addAction(tr("&New Chat"), this, &MainWindow::newChat);
    QAction *newWindow = file->addAction(tr("New &Window"), this, &MainWindow::newWindowRequested);
    newWindow->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    newChatAction->setShortcut(QKeySequence::New);
    file->addSeparator();
    QAction *exportOne =
        file->addAction(tr("&Export Conversation…"), this, &MainWindow::exportConversation);
    exportOne->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addAction(tr("Export &All Conversations…"), this, &MainWindow::exportAllConversations);
    file->addSeparator();
    // The window manager quits: it remembers the open windows first.
    QAction *quit = file->addAction(tr("&Quit"), this, &MainWindow::quitRequested);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *rename =
        edit->addAction(tr("&Rename Conversation"), m_sidebar, &ConversationSidebar::renameCurrent);
    rename->setShortcut(QKeySequence(Qt::Key_F2));
    edit->addSeparator();
    QAction *settings = edit->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    settings->setShortcuts({QKeySequence::Preferences, QKeySequence(Qt::CTRL | Qt::Key_Comma)});
    edit->addAction(tr("&Models and Prices…"), this, [this] {
        // Every window hears of the change (ModelCatalogue::changed).
        ModelTablesDialog dialog(m_app.catalogue, &m_app.spending, this);
        dialog.exec();
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_showSidebar = view->addAction(tr("Show &Conversations"));
    m_showSidebar->setCheckable(true);
    m_showSidebar->setChecked(true);
    m_showSidebar->setShortcut(QKeySequence(Qt::Key_F9));
    connect(m_showSidebar, &QAction::triggered, this, [this](bool shown) {
        m_sidebarChosen = true;
        m_sidebar->setVisible(shown);
    });
    menuBar()->addMenu(m_actions->menu());

    // A visible Settings button too: the first thing a new user needs.
    auto *settingsButton = new QPushButton(tr("Settings"), this);
    settingsButton->setAccessibleName(tr("Settings"));
    settingsButton->setFlat(true);
    connect(settingsButton, &QPushButton::clicked, this, &MainWindow::openSettings);
    statusBar()->addPermanentWidget(settingsButton);
}

MainWindow::~MainWindow()
{
    if (m_session)
        m_sessions.release(m_session);
}

void MainWindow::showSession(ChatSession *session)
{
    disconnect(m_streamingConnection);
    disconnect(m_titleConnection);
    // Held while shown: the registry lets a session go once no window shows
    // it and it has nothing left to write.
    m_sessions.hold(session);
    if (m_session) // held once per window: the same session again is held and released
        m_sessions.release(m_session);
    m_session = session;
    m_tokenCount->setSession(session);
    m_chat->setModel(session->model());
    m_actions->setSession(session);
    m_header->setSession(session);
    m_streamingConnection =
        connect(session, &ChatSession::streamingChanged, this, &MainWindow::updateActions);
    m_titleConnection =
        connect(session, &ChatSession::conversationChanged, this, [this](const Conversation &c) {
            m_title->setFullText(c.title);
            m_sidebar->selectConversation(c.id);
        });
    const QString title = session->conversation().title;
    m_title->setFullText(title.isEmpty() ? tr("New chat") : title);
    m_sidebar->selectConversation(session->conversationId());
    updateActions();
    m_composer->setFocus();
    emit currentSessionChanged(session);
}

void MainWindow::showConversation(qint64 id)
{
    if (m_session && m_session->conversationId() == id)
        return;
    Result<ChatSession *> session = m_sessions.session(id);
    if (!session) {
        showNotice(tr("The conversation could not be opened: %1").arg(session.error()));
        return;
    }
    showSession(session.value());
}

void MainWindow::newChat()
{
    if (m_session && m_session->conversationId() == 0) {
        m_composer->setFocus(); // already on an empty new chat
        return;
    }
    showSession(m_sessions.newChat());
}

void MainWindow::send()
{
    if (!m_session)
        return;
    const QString text = m_composer->toPlainText();
    if (text.trimmed().isEmpty())
        return;
    const bool editing = m_composer->editingMessage() != 0;
    const Result<bool> sent = m_actions->submit(text);
    if (!sent) {
        // The text stays in the composer.
        const StorageProblem &problem = m_sessions.store().lastProblem();
        if (problem.kind() == StorageProblem::Kind::NoProblem) {
            showNotice(sent.error());
            return;
        }
        m_notice->setToolTip(problem.detail());
        showNotice(problem.messageNotice());
        m_storageNotice = m_notice->text();
        return;
    }
    if (!sent.value())
        return; // not sent over a budget: the text stays too
    m_notice->hide();
    if (!editing) // an edit that was sent brings the draft back
        m_composer->clear();
}

void MainWindow::stop()
{
    if (m_session)
        m_session->stop();
}

void MainWindow::updateActions()
{
    const bool streaming = m_session && m_session->isStreaming();
    m_send->setEnabled(!streaming);
    m_stop->setEnabled(streaming);
}

void MainWindow::showNotice(const QString &text)
{
    const bool changed = text != m_notice->text() || m_notice->isHidden();
    m_notice->setText(text);
    m_notice->show();
    // Said once, not again every time a retry fails the same way.
    if (changed) {
        QAccessibleEvent alert(m_notice, QAccessible::Alert);
        QAccessible::updateAccessibility(&alert);
    }
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_settings, m_keys, this, m_app.proxy);
    dialog.setChatClient(&m_app.client);
    dialog.exec();
    m_tokenCount->refresh(); // the model or the system prompt may have changed
}

void MainWindow::deleteConversation(qint64 id)
{
    // No question asked: it can be undone for a few seconds.
    const QAbstractItemModel *list = m_sidebar->list()->model();
    const QModelIndexList hits =
        list->match(list->index(0, 0), ConversationListModel::IdRole, id, 1, Qt::MatchExactly);
    const QString title =
        hits.isEmpty() ? QString() : hits.first().data(ConversationListModel::TitleRole).toString();
    m_sessions.removeWithUndo(id);
    m_sidebar->showUndo(title);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // Below this width the conversation list would squeeze the chat: it
    // steps aside (F9 brings it back) unless the user said otherwise.
    constexpr int kNarrow = 640;
    if (!m_sidebarChosen && m_showSidebar) {
        const bool shown = width() >= kNarrow;
        m_sidebar->setVisible(shown);
        m_showSidebar->setChecked(shown);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QMainWindow::closeEvent(event);
}

void MainWindow::exportConversation()
{
    if (!m_session || m_session->conversationId() == 0) {
        showNotice(tr("This chat is empty, so there is nothing to export yet."));
        return;
    }
    const QString markdown = tr("Markdown (*.md)");
    const QString json = tr("JSON, every stored field (*.json)");
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QFileDialog dialog(this, tr("Export Conversation"),
                       QDir(documents).filePath(ExportFileName::forConversation(
                           m_session->conversation(), ExportFormat::Markdown)));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setNameFilters({markdown, json});
    // The dialog adds the suffix before it asks about replacing a file, so
    // the file it warned about is the file written.
    dialog.setDefaultSuffix(QStringLiteral("md"));
    connect(&dialog, &QFileDialog::filterSelected, &dialog, [&](const QString &filter) {
        dialog.setDefaultSuffix(filter == json ? QStringLiteral("json") : QStringLiteral("md"));
    });
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    const QString path = dialog.selectedFiles().constFirst();
    const ExportFormat format = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
                                    ? ExportFormat::Json
                                    : ExportFormat::Markdown;
    const VoidResult exported = ConversationExporter(m_sessions.store())
                                    .exportToFile(m_session->conversationId(), path, format);
    if (!exported) {
        showNotice(tr("The conversation could not be exported: %1").arg(exported.error()));
        return;
    }
    statusBar()->showMessage(tr("Exported to %1").arg(QDir::toNativeSeparators(path)), 8000);
}

void MainWindow::exportAllConversations()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Export All Conversations to a Folder"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    if (folder.isEmpty())
        return;
    const Result<QStringList> written =
        ConversationExporter(m_sessions.store()).exportToFolder(folder, ExportFormat::Markdown);
    if (!written) {
        showNotice(tr("The conversations could not be exported: %1").arg(written.error()));
        return;
    }
    statusBar()->showMessage(
        tr("Exported %n conversation(s) to %1.", nullptr, int(written.value().size()))
            .arg(QDir::toNativeSeparators(folder)),
        8000);
}
