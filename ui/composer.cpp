#include "composer.h"

#include <QAbstractTextDocumentLayout>
#include <QKeyEvent>
#include <QTextBlock>
#include <QTextLayout>

Composer::Composer(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setAccessibleName(tr("Message"));
    setPlaceholderText(tr("Type a message. Enter sends, Shift+Enter adds a line."));
    setTabChangesFocus(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    // The height follows the text: ask the layout again when it changes.
    connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            [this] { updateGeometry(); });
}

int Composer::lineCount() const
{
    // Visual lines, wrapped ones included.
    int lines = 0;
    for (QTextBlock block = document()->firstBlock(); block.isValid(); block = block.next())
        lines += qMax(1, block.layout() ? block.layout()->lineCount() : 1);
    return lines;
}

QSize Composer::sizeHint() const
{
    const int lines = qBound(kMinLines, lineCount(), kMaxLines);
    const QMargins m = contentsMargins();
    const int h = fontMetrics().lineSpacing() * lines + int(2 * document()->documentMargin()) +
                  m.top() + m.bottom() + 2;
    return {QPlainTextEdit::sizeHint().width(), h};
}

QSize Composer::minimumSizeHint() const
{
    const QMargins m = contentsMargins();
    return {QPlainTextEdit::minimumSizeHint().width(), fontMetrics().lineSpacing() * kMinLines +
                                                           int(2 * document()->documentMargin()) +
                                                           m.top() + m.bottom() + 2};
}

void Composer::beginEdit(qint64 messageId, const QString &text)
{
    if (m_editing == 0)
        m_draftBeforeEdit = toPlainText();
    m_editing = messageId;
    setPlainText(text);
    moveCursor(QTextCursor::End);
    setFocus();
    emit editingChanged(m_editing);
}

void Composer::cancelEdit()
{
    if (m_editing == 0)
        return;
    m_editing = 0;
    setPlainText(m_draftBeforeEdit);
    m_draftBeforeEdit.clear();
    moveCursor(QTextCursor::End);
    emit editingChanged(0);
}

void Composer::finishEdit()
{
    if (m_editing == 0)
        return;
    m_editing = 0;
    clear();
    setPlainText(m_draftBeforeEdit);
    m_draftBeforeEdit.clear();
    emit editingChanged(0);
}

bool Composer::event(QEvent *event)
{
    // Esc gives up an edit here, before the window's Esc (Stop) sees it.
    if (event->type() == QEvent::ShortcutOverride && m_editing != 0) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier) {
            event->accept();
            return true;
        }
    }
    return QPlainTextEdit::event(event);
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
    if (event->key() == Qt::Key_Escape && m_editing != 0) {
        cancelEdit();
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Up && event->modifiers() == Qt::NoModifier &&
        document()->isEmpty()) {
        emit editLastRequested();
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}
