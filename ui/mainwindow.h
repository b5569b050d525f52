#pragma once

#include "session/appcontext.h"
#include "session/chatsession.h"

#include <QMainWindow>
#include <QPointer>

class ApiKeys;
class AppSettings;
class ChatActions;
class ChatHeader;
class ChatView;
class Composer;
class ConversationListModel;
class ConversationSidebar;
class ElidedLabel;
class QLabel;
class QPushButton;
class SessionRegistry;
class TokenCountLabel;
class ProxyController;
class Tokenizers;

// A window showing one conversation at a time, with the conversation list
// beside it. Everything it shows lives in the models; the window only wires
// user actions to the session registry.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Shows the conversation `conversationId`, or a new chat (0, or one that
    // cannot be opened).
    explicit MainWindow(const AppContext &app, qint64 conversationId = 0,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    ChatSession *currentSession() const { return m_session; }
    // The messages' view (main watches its first paint when asked to).
    ChatView *chatView() const { return m_chat; }
    void showConversation(qint64 id);
    void newChat();

    void showNotice(const QString &text); // shown above the composer until dismissed

signals:
    void newWindowRequested();
    void openInNewWindowRequested(qint64 conversationId);
    // The window shows another conversation or a new chat (the window
    // manager remembers which, in case of a crash).
    void currentSessionChanged(ChatSession *session);
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void buildMenus();
    void showSession(ChatSession *session);
    void send();
    void stop();
    void openSettings();
    void deleteConversation(qint64 id);
    void exportConversation();
    void exportAllConversations();
    void updateActions();

    AppContext m_app;
    SessionRegistry &m_sessions;
    AppSettings &m_settings;
    ApiKeys &m_keys;
    QPointer<ChatSession> m_session;
    ConversationSidebar *m_sidebar;
    ElidedLabel *m_title;
    ChatView *m_chat;
    QLabel *m_notice;
    QString m_storageNotice; // the notice's text while it says the disk refused a write
    Composer *m_composer;
    ChatActions *m_actions;
    ChatHeader *m_header;
    QAction *m_showSidebar = nullptr;
    bool m_sidebarChosen = false; // the user showed or hid it; narrow windows then obey
    TokenCountLabel *m_tokenCount;
    QPushButton *m_send;
    QPushButton *m_stop;
    QMetaObject::Connection m_streamingConnection;
    QMetaObject::Connection m_titleConnection;
};
