#include "composer.h"

#include <QKeyEvent>

Composer::Composer(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setAccessibleName(tr("Message"));
    setPlaceholderText(tr("Type a message. Enter sends, Shift+Enter adds a line."));
    setTabChangesFocus(true);
}

QSize Composer::sizeHint() const
{
    const int lines = 3;
    const int h = fontMetrics().lineSpacing() * lines + 2 * (frameWidth() + 4);
    return {QPlainTextEdit::sizeHint().width(), h};
}

void Composer::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        const QString text = toPlainText().trimmed();
        if (!text.isEmpty())
            emit submitted(text);
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}
