#pragma once

#include <QCoreApplication>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <functional>

class SpendingLedger;

// Asked before anything that costs money is sent: a message, an edit sent
// again, Regenerate and Continue generation all go through ChatActions, which
// asks this first. Once a daily or monthly budget is used up, the user says
// whether to go on anyway.
class BudgetCheck
{
    Q_DECLARE_TR_FUNCTIONS(BudgetCheck)
public:
    // Asks a yes/no question; true: yes. By default a QMessageBox over the parent.
    using Question = std::function<bool(const QString &title, const QString &text)>;

    explicit BudgetCheck(QWidget *parent);

    // For tests, or another way of asking.
    void setQuestion(Question question) { m_question = std::move(question); }

    // True when sending may go ahead: no ledger, no budget reached, or the
    // user chose to send anyway.
    bool allowsSending(const SpendingLedger *spending) const;

private:
    QPointer<QWidget> m_parent;
    Question m_question;
};
