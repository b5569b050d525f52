#pragma once

#include "core/result.h"

#include <QWidget>

class AppSettings;
class ProxyController;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

// The Network page of the Settings dialog: how long to wait for a server,
// how often to retry, and how to reach it (the system's proxy, none, or a
// proxy given by hand with optional credentials). The proxy password goes to
// the keychain through the ProxyController, never to the settings file.
class NetworkSettingsWidget : public QWidget
{
    Q_OBJECT
public:
    // Without a ProxyController there is nowhere safe to put a password, so
    // the password field is not offered.
    NetworkSettingsWidget(AppSettings &settings, ProxyController *proxy, QWidget *parent = nullptr);

    // Whether the fields make sense; the error says what to fix.
    VoidResult validate() const;
    void showProblem(const QString &text);
    // Writes the choices to the settings and the password to the keychain.
    void apply();

private:
    void updateEnabled();

    AppSettings &m_settings;
    ProxyController *m_proxy;
    QSpinBox *m_connectTimeout;
    QSpinBox *m_idleTimeout;
    QSpinBox *m_retries;
    QComboBox *m_mode;
    QComboBox *m_type;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_passwordNote;
    QLabel *m_problem;
    QString m_loadedPassword;
    bool m_passwordLoaded = false;
};
