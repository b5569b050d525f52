#include "windowmanager.h"

#include "mainwindow.h"

WindowManager::WindowManager(SessionRegistry &sessions, ConversationListModel &conversations,
                             AppSettings &settings, ApiKeys &keys, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_conversations(conversations)
    , m_settings(settings)
    , m_keys(keys)
{
}

MainWindow *WindowManager::openWindow()
{
    auto *window = new MainWindow(m_sessions, m_conversations, m_settings, m_keys);
    window->setAttribute(Qt::WA_DeleteOnClose);
    m_windows.append(window);
    window->show();
    window->raise();
    window->activateWindow();
    return window;
}

QList<MainWindow *> WindowManager::windows() const
{
    QList<MainWindow *> out;
    for (const QPointer<MainWindow> &w : m_windows) {
        if (w)
            out.append(w);
    }
    return out;
}
