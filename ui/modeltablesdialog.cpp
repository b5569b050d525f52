#include "modeltablesdialog.h"

#include "catalogue/modelcatalogue.h"
#include "costs/spendingledger.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

QTableWidget *newTable(const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->verticalHeader()->hide();
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    return table;
}

// A page: the table, and buttons to add and remove rows.
QWidget *page(QTableWidget *table, const QString &accessibleName, QWidget *parent)
{
    auto *widget = new QWidget(parent);
    auto *layout = new QVBoxLayout(widget);
    table->setAccessibleName(accessibleName);
    layout->addWidget(table);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(ModelTablesDialog::tr("Add Model"), widget);
    auto *remove = new QPushButton(ModelTablesDialog::tr("Remove Model"), widget);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);
    QObject::connect(add, &QPushButton::clicked, table, [table] {
        table->insertRow(table->rowCount());
        table->setCurrentCell(table->rowCount() - 1, 0);
        table->editItem(table->item(table->rowCount() - 1, 0));
    });
    QObject::connect(remove, &QPushButton::clicked, table, [table] {
        if (table->currentRow() >= 0)
            table->removeRow(table->currentRow());
    });
    return widget;
}

QString text(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

ModelTablesDialog::ModelTablesDialog(ModelCatalogue &catalogue, SpendingLedger *spending,
                                     QWidget *parent)
    : QDialog(parent)
    , m_catalogue(catalogue)
    , m_context(newTable({tr("Model"), tr("Context window (tokens)")}, this))
    , m_prices(newTable({tr("Model"), tr("Input, $ per 1M tokens"), tr("Output, $ per 1M tokens")},
                        this))
    , m_reserve(new QSpinBox(this))
    , m_spending(spending)
    , m_daily(new QDoubleSpinBox(this))
    , m_monthly(new QDoubleSpinBox(this))
{
    setWindowTitle(tr("Models: Context Windows and Prices"));
    resize(620, 480);
    m_reserve->setRange(0, 1000000);
    m_reserve->setSingleStep(1024);
    m_reserve->setAccessibleName(tr("Tokens kept for the reply"));

    auto *tabs = new QTabWidget(this);
    auto *contextPage = page(m_context, tr("Context windows"), tabs);
    auto *reserveRow = new QFormLayout;
    reserveRow->addRow(tr("Tokens kept for the reply:"), m_reserve);
    qobject_cast<QVBoxLayout *>(contextPage->layout())->addLayout(reserveRow);
    tabs->addTab(contextPage, tr("Context Windows"));
    tabs->addTab(page(m_prices, tr("Prices"), tabs), tr("Prices"));
    if (m_spending) {
        auto *budgets = new QWidget(tabs);
        auto *form = new QFormLayout(budgets);
        for (QDoubleSpinBox *box : {m_daily, m_monthly}) {
            box->setRange(0, 1000000);
            box->setDecimals(2);
            box->setPrefix(QStringLiteral("$"));
            box->setSpecialValueText(tr("None"));
        }
        m_daily->setAccessibleName(tr("Daily budget"));
        m_monthly->setAccessibleName(tr("Monthly budget"));
        m_daily->setValue(m_spending->dailyBudget());
        m_monthly->setValue(m_spending->monthlyBudget());
        form->addRow(tr("Daily budget:"), m_daily);
        form->addRow(tr("Monthly budget:"), m_monthly);
        const QDate today = QDate::currentDate();
        form->addRow(
            new QLabel(tr("Spent today: $%1. This month: $%2. Once a budget is reached, "
                          "sending asks first.")
                           .arg(QLocale().toString(m_spending->spentOn(today), 'f', 4),
                                QLocale().toString(m_spending->spentInMonth(today), 'f', 4)),
                       budgets));
        tabs->addTab(budgets, tr("Budgets"));
    } else {
        m_daily->hide();
        m_monthly->hide();
    }

    auto *note =
        new QLabel(tr("A row applies to the model of that name and to its variants after a "
                      "dash (gpt-4o also covers gpt-4o-mini, unless gpt-4o-mini has a row "
                      "of its own). When a conversation does not fit, the oldest messages "
                      "are left out of the request."),
                   this);
    note->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *reset = buttons->addButton(tr("Restore Defaults"), QDialogButtonBox::ResetRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(reset, &QPushButton::clicked, this, [this] { fill(true); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(note);
    layout->addWidget(buttons);
    fill(false);
}

void ModelTablesDialog::fill(bool defaults)
{
    const QLocale c = QLocale::c(); // numbers as typed in the file: no grouping
    const QList<ContextLimits::Entry> windows =
        defaults ? ContextLimits::defaults() : m_catalogue.limits().table();
    m_context->setRowCount(0);
    for (const ContextLimits::Entry &e : windows) {
        const int row = m_context->rowCount();
        m_context->insertRow(row);
        m_context->setItem(row, 0, new QTableWidgetItem(e.prefix));
        m_context->setItem(row, 1, new QTableWidgetItem(c.toString(e.tokens)));
    }
    m_reserve->setValue(defaults ? ContextLimits::kDefaultReplyReserve
                                 : m_catalogue.limits().replyReserve());
    const QList<PriceTable::Entry> prices =
        defaults ? PriceTable::defaults() : m_catalogue.prices().table();
    m_prices->setRowCount(0);
    for (const PriceTable::Entry &e : prices) {
        const int row = m_prices->rowCount();
        m_prices->insertRow(row);
        m_prices->setItem(row, 0, new QTableWidgetItem(e.prefix));
        m_prices->setItem(row, 1, new QTableWidgetItem(QString::number(e.inputPerMillion)));
        m_prices->setItem(row, 2, new QTableWidgetItem(QString::number(e.outputPerMillion)));
    }
}

void ModelTablesDialog::accept()
{
    // Rows without a name or with a number that does not read are dropped,
    // as the tables themselves drop them.
    QList<ContextLimits::Entry> windows;
    for (int row = 0; row < m_context->rowCount(); ++row) {
        bool ok = false;
        const int tokens = text(m_context, row, 1).remove(QLatin1Char(',')).toInt(&ok);
        if (ok)
            windows.append({text(m_context, row, 0), tokens});
    }
    QList<PriceTable::Entry> prices;
    for (int row = 0; row < m_prices->rowCount(); ++row) {
        bool inOk = false;
        bool outOk = false;
        const double in = text(m_prices, row, 1).toDouble(&inOk);
        const double out = text(m_prices, row, 2).toDouble(&outOk);
        if (inOk && outOk)
            prices.append({text(m_prices, row, 0), in, out});
    }
    m_catalogue.setTables(windows, m_reserve->value(), prices);
    if (m_spending)
        m_spending->setBudgets(m_daily->value(), m_monthly->value());
    QDialog::accept();
}
