#pragma once

#include "settings/proxysettings.h"

#include <QNetworkProxyFactory>
#include <QProcessEnvironment>

// Chooses the proxy for every connection Confab makes, from the user's
// choice: none, one proxy given by hand, or the system's. "System" is the
// desktop's setting and the environment (https_proxy, http_proxy, no_proxy),
// which Qt reads through libproxy, plus all_proxy, which that lookup ignores
// (checked on Qt 6.4.2, Debian 12): when it finds nothing, all_proxy (or
// ALL_PROXY) applies to every host that no_proxy does not exclude.
//
// Loopback hosts are always reached directly, whatever the setting: a proxy
// elsewhere cannot reach this computer's own servers (Ollama, llama.cpp),
// and curl-style tools that do proxy them surprise people who set
// https_proxy for the internet and then run a local model.
class ProxyFactory : public QNetworkProxyFactory
{
public:
    ProxyFactory(const ProxySettings &settings, const QString &password,
                 const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override;

    static bool isLoopback(const QString &host);
    // no_proxy syntax as curl reads it: comma-separated host names, domain
    // suffixes (".example.com" or "example.com"), IP addresses, "*" for all;
    // an entry may carry ":port".
    static bool excluded(const QString &host, int port, const QString &noProxy);
    // "socks5://user:pw@host:1080", "http://host:3128", "host:3128".
    static QNetworkProxy fromUrl(const QString &text);

private:
    ProxySettings m_settings;
    QString m_password;
    QProcessEnvironment m_environment;
};
