#pragma once

#include <QPlainTextEdit>

// The message box. Enter sends, Shift+Enter inserts a new line. The text is
// cleared only when the owner says the message was accepted (it may be
// refused, e.g. while no key is set), so nothing typed is ever lost.
class Composer : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit Composer(QWidget *parent = nullptr);

    QSize sizeHint() const override;

signals:
    void submitted(const QString &text);

protected:
    void keyPressEvent(QKeyEvent *event) override;
};
