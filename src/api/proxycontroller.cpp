#include "proxycontroller.h"

#include "core/logging.h"
#include "proxyfactory.h"
#include "settings/appsettings.h"

#include <QNetworkAccessManager>

ProxyController::ProxyController(QNetworkAccessManager *network, AppSettings &settings,
                                 SecretStore &secrets, const QProcessEnvironment &environment,
                                 QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_environment(environment)
{
    connect(&m_settings, &AppSettings::networkChanged, this, &ProxyController::apply);
    apply();
}

void ProxyController::apply()
{
    m_installed = m_settings.proxy();
    const int generation = ++m_generation;
    const bool needsPassword =
        m_installed.mode == ProxySettings::Mode::Manual && !m_installed.user.isEmpty();
    if (!needsPassword || m_passwordKnown) {
        install();
        return;
    }
    // Until the keychain answers, requests go to the proxy without a
    // password; the proxy answers 407 and the user is told.
    install();
    m_secrets.read(keychainName(), this, [this, generation](const Result<QString> &password) {
        if (generation != m_generation)
            return;
        if (!password) {
            emit problem(tr("The proxy password could not be read from the system keychain. %1")
                             .arg(password.error()));
            return;
        }
        m_password = password.value();
        m_passwordKnown = true;
        install();
    });
}

void ProxyController::install()
{
    qCDebug(lcApi) << "proxy mode" << int(m_installed.mode) << "type" << int(m_installed.type)
                   << "host" << m_installed.host << "port" << m_installed.port;
    m_network->setProxyFactory(new ProxyFactory(m_installed, m_password, m_environment));
    // Connections kept alive from before would go on using the old route.
    m_network->clearConnectionCache();
    emit applied();
}

void ProxyController::readPassword(QObject *context, SecretStore::ReadCallback done)
{
    if (m_passwordKnown) {
        done(m_password);
        return;
    }
    m_secrets.read(keychainName(), context, done);
}

void ProxyController::savePassword(const QString &password, QObject *context,
                                   SecretStore::DoneCallback done)
{
    auto finish = [this, password, done](const VoidResult &status) {
        if (status) {
            m_password = password;
            m_passwordKnown = true;
            install();
        }
        done(status);
    };
    if (password.isEmpty())
        m_secrets.remove(keychainName(), context, finish);
    else
        m_secrets.write(keychainName(), password, context, finish);
}

void ProxyController::storePassword(const QString &password)
{
    savePassword(password, this, [this](const VoidResult &status) {
        if (!status)
            emit problem(tr("The proxy password could not be saved in the system keychain. %1")
                             .arg(status.error()));
    });
}
