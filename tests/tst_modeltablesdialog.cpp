// The dialog that edits the context windows and the prices: what is typed
// is stored on OK, nothing on Cancel, and the defaults come back on request.
#include "modeltablesdialog.h"
#include "tokenizer/contextwindows.h"
#include "tokenizer/pricetable.h"
#include "tokenizer/spendingledger.h"

#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

class TestModelTablesDialog : public QObject
{
    Q_OBJECT

private slots:
    void editsAreStoredOnOk()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        ContextWindows windows(&settings);
        PriceTable prices(&settings);
        {
            ModelTablesDialog dialog(windows, prices);
            QCOMPARE(dialog.contextTable()->rowCount(), int(ContextWindows::defaults().size()));
            QCOMPARE(dialog.priceTable()->rowCount(), int(PriceTable::defaults().size()));
            const int row = dialog.contextTable()->rowCount();
            dialog.contextTable()->insertRow(row);
            dialog.contextTable()->setItem(row, 0, new QTableWidgetItem(QStringLiteral("qwen3")));
            dialog.contextTable()->setItem(row, 1, new QTableWidgetItem(QStringLiteral("32,768")));
            dialog.replyReserve()->setValue(1000);
            dialog.priceTable()->setRowCount(1);
            dialog.priceTable()->setItem(0, 0, new QTableWidgetItem(QStringLiteral("qwen3")));
            dialog.priceTable()->setItem(0, 1, new QTableWidgetItem(QStringLiteral("0.2")));
            dialog.priceTable()->setItem(0, 2, new QTableWidgetItem(QStringLiteral("0.6")));
            dialog.accept();
        }
        QCOMPARE(windows.contextFor(u"qwen3-32b").value_or(0), 32768);
        QCOMPARE(windows.replyReserve(), 1000);
        QCOMPARE(prices.table(), (QList<PriceTable::Entry>{{QStringLiteral("qwen3"), 0.2, 0.6}}));
        // Stored: a new table from the same settings has them.
        QCOMPARE(ContextWindows(&settings).contextFor(u"qwen3").value_or(0), 32768);
        QCOMPARE(PriceTable(&settings).table(), prices.table());
    }

    void budgetsAreSetWithALedger()
    {
        ContextWindows windows;
        PriceTable prices;
        SpendingLedger spending;
        spending.setBudgets(1.0, 0);
        ModelTablesDialog dialog(windows, prices, &spending);
        QCOMPARE(dialog.dailyBudget()->value(), 1.0);
        QCOMPARE(dialog.monthlyBudget()->value(), 0.0);
        dialog.dailyBudget()->setValue(2.5);
        dialog.monthlyBudget()->setValue(30);
        dialog.accept();
        QCOMPARE(spending.dailyBudget(), 2.5);
        QCOMPARE(spending.monthlyBudget(), 30.0);
    }

    void cancelChangesNothing()
    {
        ContextWindows windows;
        PriceTable prices;
        ModelTablesDialog dialog(windows, prices);
        dialog.contextTable()->setRowCount(0);
        dialog.priceTable()->setRowCount(0);
        dialog.reject();
        QCOMPARE(windows.table(), ContextWindows::defaults());
        QCOMPARE(prices.table(), PriceTable::defaults());
    }

    void restoresDefaults()
    {
        ContextWindows windows;
        windows.setTable({{QStringLiteral("only"), 1000}});
        PriceTable prices;
        prices.setTable({});
        ModelTablesDialog dialog(windows, prices);
        QCOMPARE(dialog.contextTable()->rowCount(), 1);
        QCOMPARE(dialog.priceTable()->rowCount(), 0);
        const auto buttons = dialog.findChildren<QPushButton *>();
        const auto reset = std::find_if(buttons.begin(), buttons.end(), [](QPushButton *b) {
            return b->text() == ModelTablesDialog::tr("Restore Defaults");
        });
        QVERIFY(reset != buttons.end());
        (*reset)->click();
        dialog.accept();
        QCOMPARE(windows.table(), ContextWindows::defaults());
        QCOMPARE(prices.table(), PriceTable::defaults());
    }
};

QTEST_MAIN(TestModelTablesDialog)
#include "tst_modeltablesdialog.moc"
