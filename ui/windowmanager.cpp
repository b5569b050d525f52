#include "windowmanager.h"

#include "mainwindow.h"
#include "session/chatsession.h"
#include "session/sessionregistry.h"
#include "unsavedquitprompt.h"

#include <QApplication>
#include <QCloseEvent>
#include <QSettings>

namespace {
const QString kWindows = QStringLiteral("windows/open");
const QString kConversation = QStringLiteral("conversation");
const QString kGeometry = QStringLiteral("geometry");
} // namespace

WindowManager::WindowManager(const AppContext &app, QSettings &state, QObject *parent)
    : QObject(parent)
    , m_app(app)
    , m_sessions(app.sessions)
    , m_state(state)
{
    // We decide when to quit: not while a reply is still arriving.
    qApp->setQuitOnLastWindowClosed(false);
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(kSaveDelayMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &WindowManager::saveOpenWindows);
}

MainWindow *WindowManager::openWindow(qint64 conversationId)
{
    m_lossAccepted = false; // asked again at the next quit
    auto *window = new MainWindow(m_app, conversationId);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->installEventFilter(this);
    connect(window, &MainWindow::newWindowRequested, this, [this] { openWindow(); });
    connect(window, &MainWindow::openInNewWindowRequested, this,
            [this](qint64 id) { openWindow(id); });
    // Queued: Quit may ask a question (replies not saved), and the menu
    // action that asked, from a screen reader too, must return first.
    connect(window, &MainWindow::quitRequested, this, &WindowManager::quit, Qt::QueuedConnection);
    connect(window, &MainWindow::currentSessionChanged, this, [this](ChatSession *session) {
        scheduleSave();
        // A new chat becomes a stored conversation with its first message:
        // from then on the window must come back showing it.
        connect(session, &ChatSession::conversationChanged, this, &WindowManager::scheduleSave,
                Qt::UniqueConnection);
    });
    m_windows.append(window);
    window->show();
    window->raise();
    window->activateWindow();
    scheduleSave();
    return window;
}

QList<MainWindow *> WindowManager::restoreWindows()
{
    QList<MainWindow *> opened;
    for (const QVariant &entry : m_state.value(kWindows).toList()) {
        const QVariantMap map = entry.toMap();
        MainWindow *window = openWindow(map.value(kConversation).toLongLong());
        window->restoreGeometry(map.value(kGeometry).toByteArray());
        opened.append(window);
    }
    if (opened.isEmpty())
        opened.append(openWindow());
    return opened;
}

void WindowManager::handleArguments(const QStringList &arguments)
{
    // `confab` and `confab --new-window` both ask for a window; the running
    // instance is already busy elsewhere, so a new one is what the user wants.
    Q_UNUSED(arguments)
    if (m_quitting)
        m_quitting = false; // a start while finishing replies in the background
    openWindow();
}

QList<MainWindow *> WindowManager::windows() const
{
    QList<MainWindow *> out;
    for (const QPointer<MainWindow> &w : m_windows) {
        if (w && !w->isHidden())
            out.append(w);
    }
    return out;
}

void WindowManager::scheduleSave()
{
    if (!m_quitting)
        m_saveTimer.start();
}

void WindowManager::saveOpenWindows()
{
    // With no window left, the close or quit that left none has already
    // written down the windows to bring back; an empty list would forget them.
    if (const QList<MainWindow *> open = windows(); !open.isEmpty() && !m_quitting)
        saveWindows(open);
}

void WindowManager::saveWindows(const QList<MainWindow *> &windows)
{
    m_saveTimer.stop(); // what it would write is written now
    QVariantList list;
    for (MainWindow *w : windows) {
        const qint64 id = w->currentSession() ? w->currentSession()->conversationId() : 0;
        list.append(QVariantMap{{kConversation, id}, {kGeometry, w->saveGeometry()}});
    }
    m_state.setValue(kWindows, list);
    m_state.sync();
}

bool WindowManager::eventFilter(QObject *watched, QEvent *event)
{
    auto *window = qobject_cast<MainWindow *>(watched);
    if (window && (event->type() == QEvent::Move || event->type() == QEvent::Resize))
        scheduleSave();
    if (window && event->type() == QEvent::Close && !m_quitting) {
        QList<MainWindow *> remaining = windows();
        // The last window closing quits: not over replies only in memory
        // unless the user says so.
        if (remaining.size() == 1 && remaining.first() == window && !m_sessions.isStreaming()) {
            if (!UnsavedQuitPrompt::allowsQuitting(m_sessions, window)) {
                event->ignore();
                return true;
            }
            m_lossAccepted = true;
        }
        // Closing one of several windows forgets it; closing the last one
        // keeps it, so the next start opens where the user left off.
        if (remaining.size() > 1)
            remaining.removeAll(window);
        saveWindows(remaining);
        if (remaining.size() == 1 && remaining.first() == window)
            QMetaObject::invokeMethod(this, &WindowManager::quitWhenRepliesAreDone,
                                      Qt::QueuedConnection);
    }
    return QObject::eventFilter(watched, event);
}

void WindowManager::quit()
{
    const QList<MainWindow *> open = windows();
    if (!m_sessions.isStreaming()) {
        if (!UnsavedQuitPrompt::allowsQuitting(m_sessions, open.isEmpty() ? nullptr : open.first()))
            return;
        m_lossAccepted = true;
    }
    saveWindows(windows());
    m_quitting = true;
    for (MainWindow *w : windows())
        w->close();
    quitWhenRepliesAreDone();
}

void WindowManager::quitWhenRepliesAreDone()
{
    if (!windows().isEmpty())
        return; // a window was opened meanwhile
    if (!m_sessions.isStreaming()) {
        // A reply that ended with the windows closed may not have reached
        // the disk: asked here, with no window left to ask from.
        if (!m_lossAccepted && !UnsavedQuitPrompt::allowsQuitting(m_sessions, nullptr)) {
            m_quitting = false;
            restoreWindows();
            return;
        }
        emit readyToQuit();
        return;
    }
    // The reply finishes and is stored even though nobody is looking.
    connect(&m_sessions, &SessionRegistry::allRepliesFinished, this,
            &WindowManager::quitWhenRepliesAreDone, Qt::SingleShotConnection);
}
