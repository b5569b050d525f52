#include "budgetcheck.h"

#include "costs/spendingledger.h"

#include <QMessageBox>

BudgetCheck::BudgetCheck(QWidget *parent)
    : m_parent(parent)
{}

bool BudgetCheck::allowsSending(const SpendingLedger *spending) const
{
    if (!spending)
        return true;
    const QString reached = spending->reachedBudget();
    if (reached.isEmpty())
        return true;
    const QString title = tr("Budget reached");
    const QString text = reached + QLatin1Char('\n') + tr("Send anyway?");
    if (m_question)
        return m_question(title, text);
    return QMessageBox::question(m_parent, title, text) == QMessageBox::Yes;
}
