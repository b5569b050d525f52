#include "appsettings.h"

#include <QSettings>

namespace {
const QString kBaseUrl = QStringLiteral("api/baseUrl");
const QString kModel = QStringLiteral("api/model");
const QString kSystemPrompt = QStringLiteral("chat/systemPrompt");
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
