#pragma once

#include <QDialog>
#include <QUrl>

class ApiKeys;
class AppSettings;
class ChatClient;
class QDoubleSpinBox;
class QSpinBox;
class NetworkSettingsWidget;
class ProxyController;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

// API key, base URL, model and system prompt. The key goes to the system
// keychain; if the keychain cannot take it the user is told why and may use
// the key for this session only. It is never written anywhere else.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    // `proxy` (optional) keeps the proxy password in the keychain; without
    // it the Network page offers no password field.
    SettingsDialog(AppSettings &settings, ApiKeys &keys, QWidget *parent = nullptr,
                   ProxyController *proxy = nullptr);

    void accept() override;
    // With a client, "Test connection" lists the server's models (GET
    // {base}/models) into the model list.
    void setChatClient(ChatClient *client);
    void testConnection();

private:
    void applySettings();
    void finishWithKeychainFailure(const QString &key, const QString &reason);
    QUrl effectiveBaseUrl() const;
    bool keyWouldBeExposed() const;
    void updateKeyInClearWarning();

    AppSettings &m_settings;
    ApiKeys &m_keys;
    QLineEdit *m_apiKey;
    QLabel *m_keyStatus;
    QLineEdit *m_baseUrl;
    QComboBox *m_model;
    QPlainTextEdit *m_systemPrompt;
    QDoubleSpinBox *m_temperature;
    QSpinBox *m_maxTokens;
    QComboBox *m_continuation;
    QPushButton *m_testConnection;
    QLabel *m_connectionStatus;
    ChatClient *m_client = nullptr;
    QDialogButtonBox *m_buttons;
    // Shown when the key would cross the network unencrypted (plain http://
    // to another machine): saving needs the box ticked.
    QLabel *m_keyInClearWarning;
    QCheckBox *m_allowKeyInClear;
    QUrl m_consentUrl; // the address m_allowKeyInClear speaks for
    NetworkSettingsWidget *m_network;
    QString m_loadedKey;
};
