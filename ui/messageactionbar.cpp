#include "messageactionbar.h"

#include <QHBoxLayout>
#include <QToolButton>

MessageActionBar::MessageActionBar(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 0, 2, 0);
    layout->setSpacing(2);
    m_continue =
        addButton(tr("Continue generation"), tr("Ask the model to carry on where this reply ended"),
                  QStringLiteral("media-playback-start"));
    m_edit = addButton(tr("Edit"), tr("Edit this message and send it again"),
                       QStringLiteral("document-edit"));
    m_regenerate = addButton(tr("Regenerate"), tr("Ask for a new reply (Ctrl+R)"),
                             QStringLiteral("view-refresh"));
    m_copy = addButton(tr("Copy"), tr("Copy the whole message as Markdown"),
                       QStringLiteral("edit-copy"));
    connect(m_copy, &QToolButton::clicked, this, [this] { emit copyRequested(m_messageId); });
    connect(m_edit, &QToolButton::clicked, this, [this] { emit editRequested(m_messageId); });
    connect(m_regenerate, &QToolButton::clicked, this,
            [this] { emit regenerateRequested(m_messageId); });
    connect(m_continue, &QToolButton::clicked, this,
            [this] { emit continueRequested(m_messageId); });
    // It sits over the header's right end; a background keeps text from
    // showing through when the window is narrow.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
}

QToolButton *MessageActionBar::addButton(const QString &text, const QString &tip, const QString &)
{
    auto *button = new QToolButton(this);
    button->setText(text);
    button->setAccessibleName(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setFocusPolicy(Qt::TabFocus);
    layout()->addWidget(button);
    return button;
}

void MessageActionBar::setMessage(qint64 messageId, Actions actions)
{
    m_messageId = messageId;
    m_copy->setVisible(actions.copy);
    m_edit->setVisible(actions.edit);
    m_regenerate->setVisible(actions.regenerate);
    m_continue->setVisible(actions.continueGeneration);
    adjustSize();
}
