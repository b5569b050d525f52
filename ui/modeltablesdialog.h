#pragma once

#include <QDialog>

class ModelCatalogue;
class QDoubleSpinBox;
class SpendingLedger;
class QSpinBox;
class QTableWidget;

// Edits the two model tables: each model's context window (and the tokens
// kept free for the reply), and its price per million input and output
// tokens; and, with a ledger, the daily and monthly budgets. Rows are model
// names as ModelName matches them. OK stores it all; Cancel changes nothing.
class ModelTablesDialog : public QDialog
{
    Q_OBJECT
public:
    // Without a ledger there is no Budgets page.
    explicit ModelTablesDialog(ModelCatalogue &catalogue, SpendingLedger *spending = nullptr,
                               QWidget *parent = nullptr);

    QTableWidget *contextTable() const { return m_context; }
    QTableWidget *priceTable() const { return m_prices; }
    QSpinBox *replyReserve() const { return m_reserve; }
    QDoubleSpinBox *dailyBudget() const { return m_daily; }
    QDoubleSpinBox *monthlyBudget() const { return m_monthly; }

    void accept() override;

private:
    void fill(bool defaults);

    ModelCatalogue &m_catalogue;
    QTableWidget *m_context;
    QTableWidget *m_prices;
    QSpinBox *m_reserve;
    SpendingLedger *m_spending;
    QDoubleSpinBox *m_daily;
    QDoubleSpinBox *m_monthly;
};
