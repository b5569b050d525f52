#include "chatheader.h"

#include "session/chatsession.h"
#include "settings/appsettings.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

ChatHeader::ChatHeader(AppSettings &settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_model(new QComboBox(this))
    , m_prompt(new QToolButton(this))
{
    m_model->setEditable(true);
    m_model->setAccessibleName(tr("Model for this conversation"));
    m_model->setToolTip(tr("The model this conversation uses; the first entry follows Settings"));
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_model->setMinimumContentsLength(10);
    m_prompt->setText(tr("System prompt…"));
    m_prompt->setAccessibleName(tr("System prompt for this conversation"));
    m_prompt->setToolTip(tr("Instructions for this conversation only"));
    m_prompt->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_model);
    layout->addWidget(m_prompt);
    connect(m_model, &QComboBox::activated, this, [this] { applyModel(); });
    connect(m_model->lineEdit(), &QLineEdit::editingFinished, this, [this] { applyModel(); });
    connect(m_prompt, &QToolButton::clicked, this, &ChatHeader::editSystemPrompt);
    connect(&m_settings, &AppSettings::changed, this, &ChatHeader::fillModels);
    fillModels();
}

void ChatHeader::setSession(ChatSession *session)
{
    disconnect(m_sessionConnection);
    m_session = session;
    // Options chosen in another window on the same conversation show here.
    if (session)
        m_sessionConnection =
            connect(session, &ChatSession::conversationChanged, this, &ChatHeader::fillModels);
    fillModels();
}

void ChatHeader::fillModels()
{
    m_filling = true;
    m_model->clear();
    // Index 0 stands for "whatever Settings says", and says what that is.
    m_model->addItem(tr("Default (%1)").arg(m_settings.model()), QString());
    QStringList models = m_settings.knownModels();
    for (const char *common : {"gpt-4o-mini", "gpt-4o", "gpt-4.1", "o4-mini"}) {
        if (!models.contains(QLatin1String(common)))
            models << QString::fromLatin1(common);
    }
    for (const QString &model : models)
        m_model->addItem(model, model);
    const QString chosen = m_session ? m_session->conversation().model : QString();
    if (chosen.isEmpty()) {
        m_model->setCurrentIndex(0);
    } else {
        if (m_model->findData(chosen) < 0)
            m_model->addItem(chosen, chosen);
        m_model->setCurrentIndex(m_model->findData(chosen));
    }
    const bool hasPrompt = m_session && !m_session->conversation().systemPrompt.isEmpty();
    m_prompt->setText(hasPrompt ? tr("System prompt ✓") : tr("System prompt…"));
    m_filling = false;
}

void ChatHeader::applyModel()
{
    if (m_filling || !m_session)
        return;
    const int index = m_model->findText(m_model->currentText());
    QString model = index >= 0 ? m_model->itemData(index).toString() : m_model->currentText();
    model = model.trimmed();
    if (model == m_session->conversation().model)
        return;
    if (VoidResult s = m_session->setOptions(model, m_session->conversation().systemPrompt); !s)
        emit failed(s.error());
    fillModels();
}

void ChatHeader::editSystemPrompt()
{
    if (!m_session)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("System Prompt for This Conversation"));
    auto *text = new QPlainTextEdit(&dialog);
    text->setAccessibleName(tr("System prompt"));
    text->setPlainText(m_session->conversation().systemPrompt);
    text->setPlaceholderText(tr("Empty: the default from Settings: %1")
                                 .arg(m_settings.systemPrompt().isEmpty()
                                          ? tr("none")
                                          : m_settings.systemPrompt().left(80)));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("Sent at the start of this conversation instead of the "
                                    "default system prompt."),
                                 &dialog));
    layout->addWidget(text);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    dialog.resize(520, 300);
    if (dialog.exec() != QDialog::Accepted || !m_session)
        return;
    if (VoidResult s = m_session->setOptions(m_session->conversation().model, text->toPlainText());
        !s)
        emit failed(s.error());
    fillModels();
}
