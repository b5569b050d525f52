#pragma once

#include "secrets/secretstore.h"
#include "settings/proxysettings.h"

#include <QObject>
#include <QProcessEnvironment>

class AppSettings;
class QNetworkAccessManager;

// Keeps the application's one QNetworkAccessManager on the proxy the user
// chose (see ProxyFactory), now and whenever the settings change. The proxy
// password lives in the keychain under "proxy-password": it is read from
// there when a manual proxy with a user name is chosen, kept in memory, and
// never written anywhere else.
class ProxyController : public QObject
{
    Q_OBJECT
public:
    static QString keychainName() { return QStringLiteral("proxy-password"); }

    ProxyController(
        QNetworkAccessManager *network, AppSettings &settings, SecretStore &secrets,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
        QObject *parent = nullptr);

    // Puts the current settings into effect. Called by itself on changes.
    void apply();

    // For the Settings dialog. Saving an empty password removes it.
    void readPassword(QObject *context, SecretStore::ReadCallback done);
    void savePassword(const QString &password, QObject *context, SecretStore::DoneCallback done);
    // The same, for callers that go away before the keychain answers (a
    // closing dialog): a failure is reported through problem().
    void storePassword(const QString &password);

signals:
    // The manager now uses the current settings (with the password, if any).
    void applied();
    // Something the user should know, e.g. the keychain could not give the
    // proxy password.
    void problem(const QString &message);

private:
    void install();

    QNetworkAccessManager *m_network;
    AppSettings &m_settings;
    SecretStore &m_secrets;
    QProcessEnvironment m_environment;
    ProxySettings m_installed;
    QString m_password;
    bool m_passwordKnown = false;
    int m_generation = 0; // so a slow keychain answer for old settings is dropped
};
