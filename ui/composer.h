#pragma once

#include <QPlainTextEdit>

// The message box. Enter sends, Shift+Enter inserts a new line. The text is
// cleared only when the owner says the message was accepted (it may be
// refused, e.g. while no key is set), so nothing typed is ever lost.
//
// It grows with its text up to kMaxLines, then scrolls. Up in an empty box
// asks to edit the last message; while a message is being edited, Esc gives
// the edit up and brings back whatever draft was there before.
class Composer : public QPlainTextEdit
{
    Q_OBJECT
public:
    static constexpr int kMinLines = 2;
    static constexpr int kMaxLines = 12;

    explicit Composer(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // Editing an earlier message: its text replaces the draft until the edit
    // is sent or given up.
    void beginEdit(qint64 messageId, const QString &text);
    void cancelEdit(); // the draft comes back
    void finishEdit(); // the edit was sent; the box is cleared
    qint64 editingMessage() const { return m_editing; }

signals:
    void submitted(const QString &text);
    void editLastRequested();
    void editingChanged(qint64 messageId); // 0: no longer editing

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    int lineCount() const;

    qint64 m_editing = 0;
    QString m_draftBeforeEdit;
};
