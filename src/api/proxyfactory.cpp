#include "proxyfactory.h"

#include <QHostAddress>
#include <QUrl>

ProxyFactory::ProxyFactory(const ProxySettings &settings, const QString &password,
                           const QProcessEnvironment &environment)
    : m_settings(settings)
    , m_password(password)
    , m_environment(environment)
{}

bool ProxyFactory::isLoopback(const QString &host)
{
    QString h = host.toLower();
    if (h.endsWith(QLatin1Char('.'))) // "localhost." is the same name, fully qualified
        h.chop(1);
    if (h == QLatin1String("localhost") || h.endsWith(QLatin1String(".localhost")))
        return true;
    const QHostAddress address(h);
    if (address.isNull())
        return false;
    // 0.0.0.0 and :: are "every address of this computer": servers such as
    // llama.cpp print them as their address, and connecting to them reaches
    // this computer, never a proxy's.
    return address.isLoopback() || address == QHostAddress(QHostAddress::AnyIPv4) ||
           address == QHostAddress(QHostAddress::AnyIPv6);
}

bool ProxyFactory::excluded(const QString &host, int port, const QString &noProxy)
{
    const QString h = host.toLower();
    const QStringList entries = noProxy.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString entry : entries) {
        entry = entry.trimmed().toLower();
        if (entry == QLatin1String("*"))
            return true;
        // A port, unless the entry is a bare IPv6 address.
        const qsizetype colon = entry.lastIndexOf(QLatin1Char(':'));
        if (colon > 0 && entry.count(QLatin1Char(':')) == 1) {
            if (entry.mid(colon + 1).toInt() != port)
                continue;
            entry = entry.left(colon);
        }
        if (entry.startsWith(QLatin1Char('[')) && entry.endsWith(QLatin1Char(']')))
            entry = entry.mid(1, entry.size() - 2);
        if (entry.startsWith(QLatin1Char('.')))
            entry.remove(0, 1);
        if (entry.isEmpty())
            continue;
        if (h == entry || h.endsWith(QLatin1Char('.') + entry))
            return true;
        // CIDR ranges (10.0.0.0/8) as some tools accept.
        if (entry.contains(QLatin1Char('/'))) {
            const auto subnet = QHostAddress::parseSubnet(entry);
            const QHostAddress address(h);
            if (!address.isNull() && subnet.second >= 0 && address.isInSubnet(subnet))
                return true;
        }
    }
    return false;
}

QNetworkProxy ProxyFactory::fromUrl(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return QNetworkProxy(QNetworkProxy::NoProxy);
    const QUrl url = QUrl::fromUserInput(
        trimmed.contains(QLatin1String("://")) ? trimmed : QStringLiteral("http://") + trimmed);
    const QString scheme = url.scheme().toLower();
    QNetworkProxy proxy;
    if (scheme.startsWith(QLatin1String("socks5")) || scheme == QLatin1String("socks")) {
        proxy.setType(QNetworkProxy::Socks5Proxy);
        proxy.setPort(quint16(url.port(1080)));
    } else if (scheme == QLatin1String("http") || scheme == QLatin1String("https")) {
        proxy.setType(QNetworkProxy::HttpProxy);
        proxy.setPort(quint16(url.port(scheme == QLatin1String("https") ? 443 : 80)));
    } else {
        return QNetworkProxy(QNetworkProxy::NoProxy); // socks4, ...: not supported by Qt
    }
    proxy.setHostName(url.host());
    proxy.setUser(url.userName(QUrl::FullyDecoded));
    proxy.setPassword(url.password(QUrl::FullyDecoded));
    return proxy;
}

QList<QNetworkProxy> ProxyFactory::queryProxy(const QNetworkProxyQuery &query)
{
    const QString host = query.peerHostName();
    if (m_settings.mode == ProxySettings::Mode::None || isLoopback(host))
        return {QNetworkProxy(QNetworkProxy::NoProxy)};

    if (m_settings.mode == ProxySettings::Mode::Manual) {
        QNetworkProxy proxy(m_settings.type == ProxySettings::Type::Socks5
                                ? QNetworkProxy::Socks5Proxy
                                : QNetworkProxy::HttpProxy,
                            m_settings.host, quint16(m_settings.port));
        if (!m_settings.user.isEmpty()) {
            proxy.setUser(m_settings.user);
            proxy.setPassword(m_password);
        }
        return {proxy};
    }

    const QList<QNetworkProxy> system = systemProxyForQuery(query);
    for (const QNetworkProxy &proxy : system) {
        if (proxy.type() != QNetworkProxy::NoProxy && proxy.type() != QNetworkProxy::DefaultProxy)
            return system;
    }
    QString all = m_environment.value(QStringLiteral("all_proxy"));
    if (all.isEmpty())
        all = m_environment.value(QStringLiteral("ALL_PROXY"));
    QString noProxy = m_environment.value(QStringLiteral("no_proxy"));
    if (noProxy.isEmpty())
        noProxy = m_environment.value(QStringLiteral("NO_PROXY"));
    if (!all.isEmpty() && !excluded(host, query.peerPort(), noProxy)) {
        const QNetworkProxy proxy = fromUrl(all);
        if (proxy.type() != QNetworkProxy::NoProxy)
            return {proxy};
    }
    return {QNetworkProxy(QNetworkProxy::NoProxy)};
}
