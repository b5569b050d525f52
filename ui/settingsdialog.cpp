#include "settingsdialog.h"

#include "api/chatclient.h"
#include "networksettingswidget.h"
#include "secrets/apikeys.h"
#include "settings/appsettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

SettingsDialog::SettingsDialog(AppSettings &settings, ApiKeys &keys, QWidget *parent,
                               ProxyController *proxy)
    : QDialog(parent)
    , m_settings(settings)
    , m_keys(keys)
    , m_apiKey(new QLineEdit(this))
    , m_keyStatus(new QLabel(this))
    , m_baseUrl(new QLineEdit(this))
    , m_model(new QComboBox(this))
    , m_systemPrompt(new QPlainTextEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_keyInClearWarning(new QLabel(this))
    , m_allowKeyInClear(new QCheckBox(this))
    , m_network(new NetworkSettingsWidget(settings, proxy, this))
{
    setWindowTitle(tr("Settings"));
    setAccessibleName(tr("Settings"));

    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setAccessibleName(tr("API key"));
    m_apiKey->setPlaceholderText(tr("sk-…"));
    m_apiKey->setClearButtonEnabled(true);
    m_keyStatus->setWordWrap(true);
    m_keyStatus->setTextFormat(Qt::PlainText);
    m_baseUrl->setAccessibleName(tr("Base URL"));
    m_baseUrl->setText(m_settings.storedBaseUrl().toString());
    m_baseUrl->setPlaceholderText(AppSettings::defaultBaseUrl().toString());
    m_model->setEditable(true);
    m_model->setAccessibleName(tr("Model"));
    m_model->addItems({QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o"),
                       QStringLiteral("gpt-4.1"), QStringLiteral("o4-mini")});
    for (const QString &known : m_settings.knownModels()) {
        if (m_model->findText(known) < 0)
            m_model->addItem(known);
    }
    m_model->setCurrentText(m_settings.model());
    m_testConnection = new QPushButton(tr("&Test Connection"), this);
    m_testConnection->setAccessibleName(tr("Test connection"));
    m_testConnection->setToolTip(tr("Ask the server for its models, with this key and base URL"));
    m_testConnection->setEnabled(false);
    m_connectionStatus = new QLabel(this);
    m_connectionStatus->setWordWrap(true);
    m_connectionStatus->setTextFormat(Qt::PlainText);
    m_connectionStatus->setAccessibleName(tr("Connection status"));
    connect(m_testConnection, &QPushButton::clicked, this, &SettingsDialog::testConnection);
    // Unset (the lowest value) leaves the choice to the server.
    m_temperature = new QDoubleSpinBox(this);
    m_temperature->setAccessibleName(tr("Temperature"));
    m_temperature->setRange(-0.1, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(1);
    m_temperature->setSpecialValueText(tr("Server default"));
    m_temperature->setValue(m_settings.temperature() < 0 ? -0.1 : m_settings.temperature());
    m_maxTokens = new QSpinBox(this);
    m_maxTokens->setAccessibleName(tr("Max tokens"));
    m_maxTokens->setRange(0, 1'000'000);
    m_maxTokens->setSingleStep(256);
    m_maxTokens->setSpecialValueText(tr("Server default"));
    m_maxTokens->setValue(m_settings.maxTokens());
    m_continuation = new QComboBox(this);
    m_continuation->setAccessibleName(tr("How to continue a reply"));
    m_continuation->addItem(tr("Automatic"), int(AppSettings::Continuation::Automatic));
    m_continuation->addItem(tr("The server carries on my reply (Ollama, llama.cpp)"),
                            int(AppSettings::Continuation::TrailingAssistant));
    m_continuation->addItem(tr("Ask the model to carry on"),
                            int(AppSettings::Continuation::Instruction));
    m_continuation->setToolTip(
        tr("Continue generation sends the reply so far back to the server. Some servers carry "
           "it on as it is; with the others Confab asks the model to go on from where it "
           "stopped. Automatic picks by address (DeepSeek's beta endpoint, Ollama)."));
    m_continuation->setCurrentIndex(m_continuation->findData(int(m_settings.continuation())));
    m_systemPrompt->setAccessibleName(tr("System prompt"));
    m_systemPrompt->setPlainText(m_settings.systemPrompt());
    m_systemPrompt->setPlaceholderText(tr("Optional instructions sent at the start of every chat"));

    auto *form = new QFormLayout;
    form->addRow(tr("API &key:"), m_apiKey);
    form->addRow(QString(), m_keyStatus);
    form->addRow(tr("&Base URL:"), m_baseUrl);
    m_keyInClearWarning->setWordWrap(true);
    m_keyInClearWarning->setTextFormat(Qt::PlainText);
    m_keyInClearWarning->setAccessibleName(tr("Unencrypted connection warning"));
    m_keyInClearWarning->setStyleSheet(QStringLiteral(
        "QLabel { background: rgba(192,57,43,0.12); border: 1px solid rgba(192,57,43,0.5);"
        " border-radius: 4px; padding: 6px; }"));
    m_allowKeyInClear->setText(tr("Send my API key to this address over http:// anyway"));
    m_allowKeyInClear->setAccessibleName(m_allowKeyInClear->text());
    form->addRow(QString(), m_keyInClearWarning);
    form->addRow(QString(), m_allowKeyInClear);
    auto *modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(m_testConnection);
    // A row that is a layout gets no buddy from the form: without one the
    // label showed its "&" instead of making Alt+M choose the model.
    auto *modelLabel = new QLabel(tr("&Model:"), this);
    modelLabel->setBuddy(m_model);
    form->addRow(modelLabel, modelRow);
    form->addRow(QString(), m_connectionStatus);
    form->addRow(tr("&Temperature:"), m_temperature);
    form->addRow(tr("Max &tokens:"), m_maxTokens);
    form->addRow(tr("Contin&ue generation:"), m_continuation);
    form->addRow(tr("&System prompt:"), m_systemPrompt);
    auto *general = new QWidget(this);
    general->setLayout(form);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(general, tr("&General"));
    tabs->addTab(m_network, tr("&Network"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_baseUrl, &QLineEdit::textChanged, this, &SettingsDialog::updateKeyInClearWarning);
    connect(m_apiKey, &QLineEdit::textChanged, this, &SettingsDialog::updateKeyInClearWarning);
    updateKeyInClearWarning();

    if (m_settings.baseUrlFromEnvironment()) {
        m_baseUrl->setEnabled(false);
        m_baseUrl->setToolTip(tr("OPENAI_BASE_URL is set; it is used for this run only."));
        m_baseUrl->setText(m_settings.baseUrl().toString());
    }
    if (m_keys.fromEnvironment()) {
        m_apiKey->setEnabled(false);
        m_keyStatus->setText(tr("OPENAI_API_KEY is set and used for this run; it is not saved."));
        return;
    }
    m_keyStatus->setText(tr("Stored in the system keychain, never in a file."));
    m_keys.fetch(this, [this](const Result<QString> &key) {
        if (!key) {
            m_keyStatus->setText(key.error());
            return;
        }
        m_loadedKey = key.value();
        if (m_apiKey->text().isEmpty())
            m_apiKey->setText(m_loadedKey);
    });
}

QUrl SettingsDialog::effectiveBaseUrl() const
{
    if (m_settings.baseUrlFromEnvironment())
        return m_settings.baseUrl();
    const QString url = m_baseUrl->text().trimmed();
    return url.isEmpty() ? AppSettings::defaultBaseUrl() : QUrl(url);
}

bool SettingsDialog::keyWouldBeExposed() const
{
    const bool hasKey = m_keys.fromEnvironment() || !m_apiKey->text().trimmed().isEmpty();
    return hasKey && ChatClient::exposesKey(effectiveBaseUrl());
}

void SettingsDialog::updateKeyInClearWarning()
{
    const QUrl url = effectiveBaseUrl();
    const bool exposed = keyWouldBeExposed();
    // Consent belongs to one address: another address starts from what was
    // decided for it, never from the box ticked for the previous one.
    if (url != m_consentUrl) {
        m_consentUrl = url;
        m_allowKeyInClear->setChecked(m_settings.keyInClearAllowed(url));
    }
    if (exposed)
        m_keyInClearWarning->setText(
            tr("%1 is reached over plain http://, so your API key would cross the network "
               "unencrypted and anyone on the way could read it. Use https:// if the server "
               "offers it.")
                .arg(url.host()));
    m_keyInClearWarning->setVisible(exposed);
    m_allowKeyInClear->setVisible(exposed);
}

void SettingsDialog::applySettings()
{
    if (!m_settings.baseUrlFromEnvironment()) {
        const QString url = m_baseUrl->text().trimmed();
        m_settings.setBaseUrl(url.isEmpty() ? AppSettings::defaultBaseUrl() : QUrl(url));
    }
    m_settings.setModel(m_model->currentText());
    m_settings.setSystemPrompt(m_systemPrompt->toPlainText());
    m_settings.setTemperature(m_temperature->value() < 0 ? -1 : m_temperature->value());
    m_settings.setMaxTokens(m_maxTokens->value());
    m_settings.setContinuation(AppSettings::Continuation(m_continuation->currentData().toInt()));
}

void SettingsDialog::setChatClient(ChatClient *client)
{
    m_client = client;
    m_testConnection->setEnabled(client != nullptr);
}

void SettingsDialog::testConnection()
{
    if (!m_client)
        return;
    m_testConnection->setEnabled(false);
    m_connectionStatus->setText(tr("Asking %1 for its models…").arg(effectiveBaseUrl().toString()));
    // The key as typed here, not yet saved; else the one in use.
    auto ask = [this](const QString &key) {
        m_client->listModels(effectiveBaseUrl(), key, m_allowKeyInClear->isChecked(), this,
                             [this](const Result<QStringList> &models) {
                                 m_testConnection->setEnabled(true);
                                 if (!models) {
                                     m_connectionStatus->setText(models.error());
                                     return;
                                 }
                                 const QString current = m_model->currentText();
                                 m_model->clear();
                                 m_model->addItems(models.value());
                                 m_model->setCurrentText(current);
                                 m_settings.setKnownModels(models.value());
                                 m_connectionStatus->setText(tr("Connected: %n model(s) available.",
                                                                nullptr,
                                                                int(models.value().size())));
                             });
    };
    const QString typed = m_apiKey->text().trimmed();
    if (!typed.isEmpty() || !m_apiKey->isEnabled()) {
        if (m_apiKey->isEnabled())
            ask(typed);
        else
            m_keys.fetch(this,
                         [ask](const Result<QString> &key) { ask(key ? key.value() : QString()); });
        return;
    }
    ask(QString());
}

void SettingsDialog::accept()
{
    const QString url = m_baseUrl->text().trimmed();
    if (!url.isEmpty()) {
        const QUrl parsed(url);
        if (!parsed.isValid() || (parsed.scheme() != QLatin1String("http") &&
                                  parsed.scheme() != QLatin1String("https"))) {
            m_keyStatus->setText(tr("The base URL must start with https:// or http://."));
            m_baseUrl->setFocus();
            return;
        }
    }
    if (VoidResult network = m_network->validate(); !network) {
        m_network->showProblem(network.error());
        if (auto *tabs = findChild<QTabWidget *>())
            tabs->setCurrentWidget(m_network);
        return;
    }
    // The key is not sent in clear to another machine without consent.
    const QUrl effective = effectiveBaseUrl();
    if (keyWouldBeExposed() && !m_allowKeyInClear->isChecked()) {
        m_keyStatus->setText(tr("Use an https:// address, or tick the box to send the key over "
                                "http:// anyway."));
        m_allowKeyInClear->setFocus();
        return;
    }
    if (ChatClient::exposesKey(effective))
        m_settings.setKeyInClearAllowed(effective, m_allowKeyInClear->isChecked());
    applySettings();
    m_network->apply();
    const QString key = m_apiKey->text().trimmed();
    if (m_keys.fromEnvironment() || key == m_loadedKey) {
        QDialog::accept();
        return;
    }
    m_buttons->setEnabled(false);
    auto done = [this, key](const VoidResult &status) {
        m_buttons->setEnabled(true);
        if (status)
            QDialog::accept();
        else
            finishWithKeychainFailure(key, status.error());
    };
    if (key.isEmpty())
        m_keys.forget(this, done);
    else
        m_keys.save(key, this, done);
}

void SettingsDialog::finishWithKeychainFailure(const QString &key, const QString &reason)
{
    m_keyStatus->setText(reason);
    if (key.isEmpty())
        return;
    QMessageBox box(QMessageBox::Warning, tr("The key could not be saved"),
                    tr("The API key could not be saved in the system keychain.\n\n%1\n\n"
                       "Confab never stores keys in a file. You can use the key for this "
                       "session only; you will need to enter it again next time.")
                        .arg(reason),
                    QMessageBox::NoButton, this);
    QPushButton *session = box.addButton(tr("Use for This Session"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == session) {
        m_keys.useForSession(key);
        QDialog::accept();
    }
}
