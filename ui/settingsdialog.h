#pragma once

#include <QDialog>

class ApiKeys;
class AppSettings;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

// API key, base URL, model and system prompt. The key goes to the system
// keychain; if the keychain cannot take it the user is told why and may use
// the key for this session only. It is never written anywhere else.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(AppSettings &settings, ApiKeys &keys, QWidget *parent = nullptr);

    void accept() override;

private:
    void applySettings();
    void finishWithKeychainFailure(const QString &key, const QString &reason);

    AppSettings &m_settings;
    ApiKeys &m_keys;
    QLineEdit *m_apiKey;
    QLabel *m_keyStatus;
    QLineEdit *m_baseUrl;
    QComboBox *m_model;
    QPlainTextEdit *m_systemPrompt;
    QDialogButtonBox *m_buttons;
    QString m_loadedKey;
};
