#pragma once

#include <QWidget>

class QToolButton;

// The buttons for one message, shown over its header: Copy, Edit (your own
// messages), Regenerate (the last reply) and Continue generation (a reply
// that ended early). Real buttons, so they take keyboard focus and assistive
// technology finds them by name.
class MessageActionBar : public QWidget
{
    Q_OBJECT
public:
    struct Actions
    {
        bool copy = false;
        bool edit = false;
        bool regenerate = false;
        bool continueGeneration = false;
        bool any() const { return copy || edit || regenerate || continueGeneration; }
    };

    explicit MessageActionBar(QWidget *parent = nullptr);

    void setMessage(qint64 messageId, Actions actions);
    qint64 messageId() const { return m_messageId; }

signals:
    void copyRequested(qint64 messageId);
    void editRequested(qint64 messageId);
    void regenerateRequested(qint64 messageId);
    void continueRequested(qint64 messageId);

private:
    QToolButton *addButton(const QString &text, const QString &tip, const QString &icon);

    qint64 m_messageId = 0;
    QToolButton *m_copy;
    QToolButton *m_edit;
    QToolButton *m_regenerate;
    QToolButton *m_continue;
};
