#pragma once

#include <QDate>
#include <QMap>
#include <QObject>
#include <QString>

class QSettings;

// What replies have cost, per day (recorded by ChatSession as each reply
// ends, priced with PriceTable, estimated when the server sent no usage),
// and the optional daily and monthly budgets. Kept in QSettings (group
// "spending"): a few numbers a day, no message text. Totals cover the
// replies since spending was first recorded.
class SpendingLedger : public QObject
{
    Q_OBJECT
public:
    // `settings` may be null (nothing is stored); it must outlive this.
    explicit SpendingLedger(QSettings *settings = nullptr, QObject *parent = nullptr);

    void record(double dollars, const QDate &day = QDate::currentDate());
    double spentOn(const QDate &day) const;
    double spentInMonth(const QDate &day) const; // the month `day` is in

    // 0: no budget.
    double dailyBudget() const { return m_daily; }
    double monthlyBudget() const { return m_monthly; }
    void setBudgets(double daily, double monthly);

    // Says which budget is used up on `today`, in words for the user; empty
    // while none is.
    QString reachedBudget(const QDate &today = QDate::currentDate()) const;

signals:
    // Something was spent or a budget changed: whatever shows the totals or
    // asks before sending looks again.
    void changed();

private:
    void save(const QDate &day) const;

    QSettings *m_settings;
    QMap<QDate, double> m_days;
    double m_daily = 0;
    double m_monthly = 0;
};
