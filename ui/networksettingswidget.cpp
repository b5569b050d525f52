#include "networksettingswidget.h"

#include "api/proxycontroller.h"
#include "settings/appsettings.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

NetworkSettingsWidget::NetworkSettingsWidget(AppSettings &settings, ProxyController *proxy,
                                             QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_proxy(proxy)
    , m_connectTimeout(new QSpinBox(this))
    , m_idleTimeout(new QSpinBox(this))
    , m_retries(new QSpinBox(this))
    , m_mode(new QComboBox(this))
    , m_type(new QComboBox(this))
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_passwordNote(new QLabel(this))
    , m_problem(new QLabel(this))
{
    m_connectTimeout->setRange(1, 600);
    m_connectTimeout->setSuffix(tr(" s"));
    m_connectTimeout->setAccessibleName(tr("Connect timeout"));
    m_connectTimeout->setToolTip(tr("How long to wait for a connection to the server."));
    m_connectTimeout->setValue(m_settings.connectTimeoutSeconds());
    m_idleTimeout->setRange(10, 3600);
    m_idleTimeout->setSuffix(tr(" s"));
    m_idleTimeout->setAccessibleName(tr("Idle timeout"));
    m_idleTimeout->setToolTip(tr("How long a reply may stay silent before Confab gives up on "
                                 "it. Reasoning models can think for minutes before they "
                                 "answer. A reply may take as long as it likes in total."));
    m_idleTimeout->setValue(m_settings.idleTimeoutSeconds());
    m_retries->setRange(0, 10);
    m_retries->setAccessibleName(tr("Retries"));
    m_retries->setToolTip(tr("How often a request that failed before any answer arrived "
                             "(server busy, rate limited, no connection) is sent again."));
    m_retries->setValue(m_settings.maxRetries());

    m_mode->setAccessibleName(tr("Proxy"));
    m_mode->addItem(tr("System settings"), int(ProxySettings::Mode::System));
    m_mode->addItem(tr("No proxy"), int(ProxySettings::Mode::None));
    m_mode->addItem(tr("Manual"), int(ProxySettings::Mode::Manual));
    m_mode->setToolTip(tr("System settings: the desktop's proxy and the https_proxy, "
                          "http_proxy, all_proxy and no_proxy variables. Servers on this "
                          "computer are always reached directly."));
    m_type->setAccessibleName(tr("Proxy type"));
    m_type->addItem(tr("HTTP"), int(ProxySettings::Type::Http));
    m_type->addItem(tr("SOCKS5"), int(ProxySettings::Type::Socks5));
    m_host->setAccessibleName(tr("Proxy host"));
    m_host->setPlaceholderText(tr("proxy.example.com"));
    m_port->setRange(1, 65535);
    m_port->setAccessibleName(tr("Proxy port"));
    m_user->setAccessibleName(tr("Proxy user name"));
    m_user->setPlaceholderText(tr("Optional"));
    m_password->setAccessibleName(tr("Proxy password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_passwordNote->setWordWrap(true);
    m_passwordNote->setTextFormat(Qt::PlainText);
    m_passwordNote->setText(tr("Stored in the system keychain, never in a file."));

    const ProxySettings p = m_settings.proxy();
    m_mode->setCurrentIndex(m_mode->findData(int(p.mode)));
    m_type->setCurrentIndex(m_type->findData(int(p.type)));
    m_host->setText(p.host);
    m_port->setValue(p.port > 0 ? p.port : (p.type == ProxySettings::Type::Socks5 ? 1080 : 3128));
    m_user->setText(p.user);

    auto *timing = new QGroupBox(tr("Waiting for the server"), this);
    auto *timingForm = new QFormLayout(timing);
    timingForm->addRow(tr("&Connect timeout:"), m_connectTimeout);
    timingForm->addRow(tr("&Idle timeout:"), m_idleTimeout);
    timingForm->addRow(tr("&Retries:"), m_retries);

    auto *proxyBox = new QGroupBox(tr("Proxy"), this);
    auto *proxyForm = new QFormLayout(proxyBox);
    proxyForm->addRow(tr("&Proxy:"), m_mode);
    proxyForm->addRow(tr("&Type:"), m_type);
    proxyForm->addRow(tr("&Host:"), m_host);
    proxyForm->addRow(tr("P&ort:"), m_port);
    proxyForm->addRow(tr("&User name:"), m_user);
    proxyForm->addRow(tr("Pass&word:"), m_password);
    proxyForm->addRow(QString(), m_passwordNote);

    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setAccessibleName(tr("Network settings problem"));
    m_problem->setStyleSheet(QStringLiteral("QLabel { color: #c0392b; }"));
    m_problem->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_problem);
    layout->addWidget(timing);
    layout->addWidget(proxyBox);
    layout->addStretch();

    if (!m_proxy) {
        m_password->hide();
        m_passwordNote->hide();
        proxyForm->labelForField(m_password)->hide();
    } else {
        m_proxy->readPassword(this, [this](const Result<QString> &password) {
            if (!password) {
                m_passwordNote->setText(password.error());
                return;
            }
            m_loadedPassword = password.value();
            m_passwordLoaded = true;
            if (m_password->text().isEmpty())
                m_password->setText(m_loadedPassword);
        });
    }
    connect(m_mode, &QComboBox::currentIndexChanged, this, &NetworkSettingsWidget::updateEnabled);
    updateEnabled();
}

void NetworkSettingsWidget::updateEnabled()
{
    const bool manual = m_mode->currentData().toInt() == int(ProxySettings::Mode::Manual);
    for (QWidget *w : {static_cast<QWidget *>(m_type), static_cast<QWidget *>(m_host),
                       static_cast<QWidget *>(m_port), static_cast<QWidget *>(m_user),
                       static_cast<QWidget *>(m_password)})
        w->setEnabled(manual);
}

VoidResult NetworkSettingsWidget::validate() const
{
    if (m_mode->currentData().toInt() != int(ProxySettings::Mode::Manual))
        return Ok{};
    const QString host = m_host->text().trimmed();
    if (host.isEmpty() || host.contains(QLatin1Char(' ')) || host.contains(QLatin1Char('/')))
        return VoidResult::failure(tr("Enter the proxy's host name or address (without http://)."));
    return Ok{};
}

void NetworkSettingsWidget::showProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
    if (!text.isEmpty())
        m_host->setFocus();
}

void NetworkSettingsWidget::apply()
{
    m_settings.setConnectTimeoutSeconds(m_connectTimeout->value());
    m_settings.setIdleTimeoutSeconds(m_idleTimeout->value());
    m_settings.setMaxRetries(m_retries->value());
    ProxySettings p;
    p.mode = ProxySettings::Mode(m_mode->currentData().toInt());
    p.type = ProxySettings::Type(m_type->currentData().toInt());
    // Kept whatever the mode, for the next time Manual is chosen.
    p.host = m_host->text().trimmed();
    p.port = m_port->value();
    p.user = m_user->text().trimmed();
    // The password first, so the proxy is set up with it in one go.
    const QString password = m_password->text();
    if (m_proxy && (!m_passwordLoaded || password != m_loadedPassword) &&
        !(password.isEmpty() && !m_passwordLoaded))
        m_proxy->storePassword(p.user.isEmpty() ? QString() : password);
    m_settings.setProxy(p);
}
