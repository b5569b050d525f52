#pragma once

#include <QLabel>

// A one-line label that ends its text with "…" when it does not fit, instead
// of cutting a letter in half, and gives the whole text as its tooltip and
// accessible name. For titles, which can be as long as a first message.
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text);
    const QString &fullText() const { return m_full; }
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void elide();

    QString m_full;
};
