#pragma once

#include <QDialog>

class ContextWindows;
class PriceTable;
class QSpinBox;
class QTableWidget;

// Edits the two model tables: each model's context window (and the tokens
// kept free for the reply), and its price per million input and output
// tokens. Rows are model names as ModelName matches them. OK stores both
// tables; Cancel changes nothing.
class ModelTablesDialog : public QDialog
{
    Q_OBJECT
public:
    ModelTablesDialog(ContextWindows &windows, PriceTable &prices, QWidget *parent = nullptr);

    QTableWidget *contextTable() const { return m_context; }
    QTableWidget *priceTable() const { return m_prices; }
    QSpinBox *replyReserve() const { return m_reserve; }

    void accept() override;

private:
    void fill(bool defaults);

    ContextWindows &m_windows;
    PriceTable &m_priceTable;
    QTableWidget *m_context;
    QTableWidget *m_prices;
    QSpinBox *m_reserve;
};
