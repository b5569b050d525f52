#pragma once

#include "proxysettings.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

class QSettings;

// The user's choices (base URL, model, system prompt), stored with QSettings.
// Never holds the API key. OPENAI_BASE_URL, when set, wins for this run and is
// never written back.
class AppSettings : public QObject
{
    Q_OBJECT
public:
    static QUrl defaultBaseUrl() { return QUrl(QStringLiteral("https://api.openai.com/v1")); }
    static QString defaultModel() { return QStringLiteral("gpt-4o-mini"); }

    // `environmentBaseUrl` is OPENAI_BASE_URL (empty if unset).
    AppSettings(QSettings *settings, const QString &environmentBaseUrl, QObject *parent = nullptr);

    QUrl baseUrl() const; // what requests use
    QUrl storedBaseUrl() const;
    bool baseUrlFromEnvironment() const { return m_environmentBaseUrl.isValid(); }
    void setBaseUrl(const QUrl &url);

    QString model() const;
    void setModel(const QString &model);

    QString systemPrompt() const;
    void setSystemPrompt(const QString &prompt);

    // Sampling options sent with every request when set; unset (a negative
    // temperature, zero max tokens) leaves them to the server's defaults.
    double temperature() const; // -1: unset, else 0..2
    void setTemperature(double temperature);
    int maxTokens() const; // 0: unset
    void setMaxTokens(int maxTokens);
    // How Continue generation asks the server to go on (see ContinuationRequest).
    enum class Continuation { Automatic, TrailingAssistant, Instruction };
    Continuation continuation() const;
    void setContinuation(Continuation continuation);
    // Models the server listed the last time the connection was tested, for
    // the model choosers.
    QStringList knownModels() const;
    void setKnownModels(const QStringList &models);

    // Network. Timeouts in seconds; see ChatRequest::Timeouts for what they mean.
    static constexpr int kDefaultConnectTimeoutS = 30;
    static constexpr int kDefaultIdleTimeoutS = 300;
    int connectTimeoutSeconds() const;
    void setConnectTimeoutSeconds(int seconds);
    int idleTimeoutSeconds() const;
    void setIdleTimeoutSeconds(int seconds);
    int maxRetries() const;
    void setMaxRetries(int retries);
    ProxySettings proxy() const;
    void setProxy(const ProxySettings &proxy);

    // The user confirmed that the API key may travel over plain http:// to
    // this URL's host and port (a server on the local network, say).
    bool keyInClearAllowed(const QUrl &url) const;
    void setKeyInClearAllowed(const QUrl &url, bool allowed);

signals:
    void changed();
    void networkChanged(); // proxy settings changed (also emits changed())

private:
    QSettings *m_settings;
    QUrl m_environmentBaseUrl;
};
