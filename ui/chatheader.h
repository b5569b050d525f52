#pragma once

#include <QPointer>
#include <QWidget>

class AppSettings;
class ChatSession;
class QComboBox;
class QToolButton;

// Above the chat: this conversation's own model and system prompt, which
// override the defaults from Settings (stored with the conversation; for a
// new chat, from its first message on).
class ChatHeader : public QWidget
{
    Q_OBJECT
public:
    ChatHeader(AppSettings &settings, QWidget *parent = nullptr);

    void setSession(ChatSession *session);
    QComboBox *modelBox() const { return m_model; }
    // The dialog that edits this conversation's system prompt.
    void editSystemPrompt();

signals:
    void failed(const QString &message);

private:
    void fillModels();
    void applyModel();

    AppSettings &m_settings;
    QPointer<ChatSession> m_session;
    QMetaObject::Connection m_sessionConnection;
    QComboBox *m_model;
    QToolButton *m_prompt;
    bool m_filling = false;
};
