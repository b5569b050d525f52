#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class ApiKeys;
class AppSettings;
class ConversationListModel;
class MainWindow;
class SessionRegistry;

// Opens and keeps track of the main windows. Every window shares the same
// registry, so a conversation open in two windows is one model.
class WindowManager : public QObject
{
    Q_OBJECT
public:
    WindowManager(SessionRegistry &sessions, ConversationListModel &conversations,
                  AppSettings &settings, ApiKeys &keys, QObject *parent = nullptr);

    // A new window on a new chat, shown and raised.
    MainWindow *openWindow();
    QList<MainWindow *> windows() const;

private:
    SessionRegistry &m_sessions;
    ConversationListModel &m_conversations;
    AppSettings &m_settings;
    ApiKeys &m_keys;
    QList<QPointer<MainWindow>> m_windows;
};
