#include "replybar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace {
QToolButton *button(const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setAccessibleName(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return b;
}
} // namespace

ReplyBar::ReplyBar(QWidget *parent)
    : QWidget(parent)
    , m_endedEarly(new QLabel(tr("The reply ended early."), this))
    , m_continue(button(tr("Continue generation"),
                        tr("Ask the model to carry on where the reply ended (Ctrl+Shift+Enter)"),
                        this))
    , m_regenerate(button(tr("Regenerate"), tr("Ask for a new reply (Ctrl+R)"), this))
{
    m_endedEarly->setTextFormat(Qt::PlainText);
    m_endedEarly->setForegroundRole(QPalette::PlaceholderText);
    // The label may shrink away in a narrow window; the buttons may not.
    m_endedEarly->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_endedEarly, 1);
    layout->addStretch(); // the buttons stay on the right when the label is hidden
    layout->addWidget(m_continue);
    layout->addWidget(m_regenerate);
    setAccessibleName(tr("Last reply"));
    connect(m_continue, &QToolButton::clicked, this, &ReplyBar::continueClicked);
    connect(m_regenerate, &QToolButton::clicked, this, &ReplyBar::regenerateClicked);
    setAvailable(false, false);
}

void ReplyBar::setAvailable(bool regenerate, bool continueGeneration)
{
    m_regenerate->setVisible(regenerate);
    m_continue->setVisible(continueGeneration);
    m_endedEarly->setVisible(continueGeneration);
    setVisible(regenerate || continueGeneration);
}
