// The dialog that edits the context windows and the prices: what is typed
// is stored on OK, nothing on Cancel, and the defaults come back on request.
#include "catalogue/modelcatalogue.h"
#include "context/contextlimits.h"
#include "costs/pricetable.h"
#include "costs/spendingledger.h"
#include "modeltablesdialog.h"

#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
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
        ModelCatalogue catalogue(&settings);
        QSignalSpy changed(&catalogue, &ModelCatalogue::changed);
        const ContextLimits &windows = catalogue.limits();
        const PriceTable &prices = catalogue.prices();
        {
            ModelTablesDialog dialog(catalogue);
            QCOMPARE(dialog.contextTable()->rowCount(), int(ContextLimits::defaults().size()));
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
        QCOMPARE(changed.size(), 1); // every window hears of it
        QCOMPARE(windows.contextFor(u"qwen3-32b").value_or(0), 32768);
        QCOMPARE(windows.replyReserve(), 1000);
        QCOMPARE(prices.table(), (QList<PriceTable::Entry>{{QStringLiteral("qwen3"), 0.2, 0.6}}));
        // Stored: a new table from the same settings has them.
        QCOMPARE(ContextLimits(&settings).contextFor(u"qwen3").value_or(0), 32768);
        QCOMPARE(PriceTable(&settings).table(), prices.table());
    }

    void budgetsAreSetWithALedger()
    {
        ModelCatalogue catalogue;
        SpendingLedger spending;
        spending.setBudgets(1.0, 0);
        ModelTablesDialog dialog(catalogue, &spending);
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
        ModelCatalogue catalogue;
        const ContextLimits &windows = catalogue.limits();
        const PriceTable &prices = catalogue.prices();
        ModelTablesDialog dialog(catalogue);
        dialog.contextTable()->setRowCount(0);
        dialog.priceTable()->setRowCount(0);
        dialog.reject();
        QCOMPARE(windows.table(), ContextLimits::defaults());
        QCOMPARE(prices.table(), PriceTable::defaults());
    }

    void restoresDefaults()
    {
        ModelCatalogue catalogue;
        catalogue.setTables({{QStringLiteral("only"), 1000}}, ContextLimits::kDefaultReplyReserve,
                            {});
        const ContextLimits &windows = catalogue.limits();
        const PriceTable &prices = catalogue.prices();
        ModelTablesDialog dialog(catalogue);
        QCOMPARE(dialog.contextTable()->rowCount(), 1);
        QCOMPARE(dialog.priceTable()->rowCount(), 0);
        const auto buttons = dialog.findChildren<QPushButton *>();
        const auto reset = std::find_if(buttons.begin(), buttons.end(), [](QPushButton *b) {
            return b->text() == ModelTablesDialog::tr("Restore Defaults");
        });
        QVERIFY(reset != buttons.end());
        (*reset)->click();
        dialog.accept();
        QCOMPARE(windows.table(), ContextLimits::defaults());
        QCOMPARE(prices.table(), PriceTable::defaults());
    }
};

QTEST_MAIN(TestModelTablesDialog)
#include "tst_modeltablesdialog.moc"
