#include "appsettings.h"

#include "api/retrypolicy.h"

#include <QSettings>

namespace {
const QString kBaseUrl = QStringLiteral("api/baseUrl");
const QString kModel = QStringLiteral("api/model");
const QString kSystemPrompt = QStringLiteral("chat/systemPrompt");
const QString kTemperature = QStringLiteral("chat/temperature");
const QString kMaxTokens = QStringLiteral("chat/maxTokens");
const QString kContinuation = QStringLiteral("chat/continuation");
const QString kKnownModels = QStringLiteral("api/knownModels");
const QString kConnectTimeout = QStringLiteral("network/connectTimeoutSeconds");
const QString kIdleTimeout = QStringLiteral("network/idleTimeoutSeconds");
const QString kMaxRetries = QStringLiteral("network/maxRetries");
const QString kProxyMode = QStringLiteral("network/proxyMode");
const QString kProxyType = QStringLiteral("network/proxyType");
const QString kProxyHost = QStringLiteral("network/proxyHost");
const QString kProxyPort = QStringLiteral("network/proxyPort");
const QString kProxyUser = QStringLiteral("network/proxyUser");
const QString kKeyInClear = QStringLiteral("network/keyInClearHosts");

// scheme://host:port, the unit a confirmation applies to.
QString origin(const QUrl &url)
{
    return url.scheme().toLower() + QStringLiteral("://") + url.host().toLower() +
           QLatin1Char(':') + QString::number(url.port(80));
}
} // namespace

AppSettings::AppSettings(QSettings *settings, const QString &environmentBaseUrl, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    const QUrl url(environmentBaseUrl.trimmed());
    if (!environmentBaseUrl.trimmed().isEmpty() && url.isValid() && !url.scheme().isEmpty())
        m_environmentBaseUrl = url;
}

QUrl AppSettings::baseUrl() const
{
    return baseUrlFromEnvironment() ? m_environmentBaseUrl : storedBaseUrl();
}

QUrl AppSettings::storedBaseUrl() const
{
    const QUrl url(m_settings->value(kBaseUrl).toString());
    return url.isValid() && !url.scheme().isEmpty() ? url : defaultBaseUrl();
}

void AppSettings::setBaseUrl(const QUrl &url)
{
    if (url == storedBaseUrl())
        return;
    m_settings->setValue(kBaseUrl, url.toString());
    emit changed();
}

QString AppSettings::model() const
{
    const QString model = m_settings->value(kModel).toString().trimmed();
    return model.isEmpty() ? defaultModel() : model;
}

void AppSettings::setModel(const QString &model)
{
    if (model.trimmed() == this->model())
        return;
    m_settings->setValue(kModel, model.trimmed());
    emit changed();
}

double AppSettings::temperature() const
{
    bool ok = false;
    const double t = m_settings->value(kTemperature).toDouble(&ok);
    return ok && t >= 0 && t <= 2 ? t : -1;
}

void AppSettings::setTemperature(double temperature)
{
    const double value = temperature < 0 ? -1 : qMin(temperature, 2.0);
    if (qFuzzyCompare(value + 10, this->temperature() + 10))
        return;
    if (value < 0)
        m_settings->remove(kTemperature);
    else
        m_settings->setValue(kTemperature, value);
    emit changed();
}

int AppSettings::maxTokens() const
{
    return qMax(0, m_settings->value(kMaxTokens).toInt());
}

void AppSettings::setMaxTokens(int maxTokens)
{
    if (qMax(0, maxTokens) == this->maxTokens())
        return;
    if (maxTokens <= 0)
        m_settings->remove(kMaxTokens);
    else
        m_settings->setValue(kMaxTokens, maxTokens);
    emit changed();
}

AppSettings::Continuation AppSettings::continuation() const
{
    const QString value = m_settings->value(kContinuation).toString();
    if (value == QLatin1String("assistant"))
        return Continuation::TrailingAssistant;
    if (value == QLatin1String("instruction"))
        return Continuation::Instruction;
    return Continuation::Automatic;
}

void AppSettings::setContinuation(Continuation continuation)
{
    if (continuation == this->continuation())
        return;
    switch (continuation) {
    case Continuation::Automatic:
        m_settings->remove(kContinuation);
        break;
    case Continuation::TrailingAssistant:
        m_settings->setValue(kContinuation, QStringLiteral("assistant"));
        break;
    case Continuation::Instruction:
        m_settings->setValue(kContinuation, QStringLiteral("instruction"));
        break;
    }
    emit changed();
}

QStringList AppSettings::knownModels() const
{
    return m_settings->value(kKnownModels).toStringList();
}

void AppSettings::setKnownModels(const QStringList &models)
{
    m_settings->setValue(kKnownModels, models);
}

QString AppSettings::systemPrompt() const
{
    return m_settings->value(kSystemPrompt).toString();
}

void AppSettings::setSystemPrompt(const QString &prompt)
{
    if (prompt == systemPrompt())
        return;
    m_settings->setValue(kSystemPrompt, prompt);
    emit changed();
}

int AppSettings::connectTimeoutSeconds() const
{
    const int seconds = m_settings->value(kConnectTimeout, kDefaultConnectTimeoutS).toInt();
    return seconds > 0 ? seconds : kDefaultConnectTimeoutS;
}

void AppSettings::setConnectTimeoutSeconds(int seconds)
{
    if (seconds == connectTimeoutSeconds())
        return;
    m_settings->setValue(kConnectTimeout, seconds);
    emit changed();
}

int AppSettings::idleTimeoutSeconds() const
{
    const int seconds = m_settings->value(kIdleTimeout, kDefaultIdleTimeoutS).toInt();
    return seconds > 0 ? seconds : kDefaultIdleTimeoutS;
}

void AppSettings::setIdleTimeoutSeconds(int seconds)
{
    if (seconds == idleTimeoutSeconds())
        return;
    m_settings->setValue(kIdleTimeout, seconds);
    emit changed();
}

int AppSettings::maxRetries() const
{
    bool ok = false;
    const int retries = m_settings->value(kMaxRetries).toInt(&ok);
    return ok && retries >= 0 ? retries : RetryPolicy::kDefaultMaxRetries;
}

void AppSettings::setMaxRetries(int retries)
{
    if (retries == maxRetries())
        return;
    m_settings->setValue(kMaxRetries, retries);
    emit changed();
}

ProxySettings AppSettings::proxy() const
{
    ProxySettings p;
    const QString mode = m_settings->value(kProxyMode).toString();
    if (mode == QLatin1String("none"))
        p.mode = ProxySettings::Mode::None;
    else if (mode == QLatin1String("manual"))
        p.mode = ProxySettings::Mode::Manual;
    p.type = m_settings->value(kProxyType).toString() == QLatin1String("socks5")
                 ? ProxySettings::Type::Socks5
                 : ProxySettings::Type::Http;
    p.host = m_settings->value(kProxyHost).toString();
    p.port = m_settings->value(kProxyPort).toInt();
    p.user = m_settings->value(kProxyUser).toString();
    return p;
}

void AppSettings::setProxy(const ProxySettings &proxy)
{
    if (proxy == this->proxy())
        return;
    const char *mode = proxy.mode == ProxySettings::Mode::None     ? "none"
                       : proxy.mode == ProxySettings::Mode::Manual ? "manual"
                                                                   : "system";
    m_settings->setValue(kProxyMode, QString::fromLatin1(mode));
    m_settings->setValue(kProxyType, proxy.type == ProxySettings::Type::Socks5
                                         ? QStringLiteral("socks5")
                                         : QStringLiteral("http"));
    m_settings->setValue(kProxyHost, proxy.host.trimmed());
    m_settings->setValue(kProxyPort, proxy.port);
    m_settings->setValue(kProxyUser, proxy.user);
    emit networkChanged();
    emit changed();
}

bool AppSettings::keyInClearAllowed(const QUrl &url) const
{
    return m_settings->value(kKeyInClear).toStringList().contains(origin(url));
}

void AppSettings::setKeyInClearAllowed(const QUrl &url, bool allowed)
{
    QStringList hosts = m_settings->value(kKeyInClear).toStringList();
    const QString key = origin(url);
    if (hosts.contains(key) == allowed)
        return;
    if (allowed)
        hosts.append(key);
    else
        hosts.removeAll(key);
    m_settings->setValue(kKeyInClear, hosts);
    emit changed();
}
