#include "spendingledger.h"

#include <QLocale>
#include <QSettings>

#include <algorithm>

namespace {
const QString kGroup = QStringLiteral("spending");
const QString kDaily = QStringLiteral("dailyBudget");
const QString kMonthly = QStringLiteral("monthlyBudget");
const QString kDays = QStringLiteral("days");

QString money(double dollars)
{
    return QStringLiteral("$") + QLocale().toString(dollars, 'f', dollars < 1 ? 4 : 2);
}
} // namespace

SpendingLedger::SpendingLedger(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    if (!m_settings)
        return;
    m_settings->beginGroup(kGroup);
    m_daily = std::max(0.0, m_settings->value(kDaily, 0.0).toDouble());
    m_monthly = std::max(0.0, m_settings->value(kMonthly, 0.0).toDouble());
    m_settings->beginGroup(kDays);
    for (const QString &key : m_settings->childKeys()) {
        const QDate day = QDate::fromString(key, Qt::ISODate);
        if (day.isValid())
            m_days.insert(day, m_settings->value(key).toDouble());
    }
    m_settings->endGroup();
    m_settings->endGroup();
}

void SpendingLedger::record(double dollars, const QDate &day)
{
    if (dollars <= 0 || !day.isValid())
        return;
    m_days[day] += dollars;
    save(day);
    emit changed();
}

double SpendingLedger::spentOn(const QDate &day) const
{
    return m_days.value(day, 0.0);
}

double SpendingLedger::spentInMonth(const QDate &day) const
{
    double total = 0;
    for (auto it = m_days.lowerBound(QDate(day.year(), day.month(), 1));
         it != m_days.cend() && it.key().month() == day.month() && it.key().year() == day.year();
         ++it)
        total += it.value();
    return total;
}

void SpendingLedger::setBudgets(double daily, double monthly)
{
    m_daily = std::max(0.0, daily);
    m_monthly = std::max(0.0, monthly);
    if (m_settings) {
        m_settings->beginGroup(kGroup);
        m_settings->setValue(kDaily, m_daily);
        m_settings->setValue(kMonthly, m_monthly);
        m_settings->endGroup();
    }
    emit changed();
}

QString SpendingLedger::reachedBudget(const QDate &today) const
{
    if (m_daily > 0 && spentOn(today) >= m_daily) {
        return tr("Today's replies have cost %1, which reaches your daily budget of %2.")
            .arg(money(spentOn(today)), money(m_daily));
    }
    if (m_monthly > 0 && spentInMonth(today) >= m_monthly) {
        return tr("This month's replies have cost %1, which reaches your monthly budget of %2.")
            .arg(money(spentInMonth(today)), money(m_monthly));
    }
    return {};
}

void SpendingLedger::save(const QDate &day) const
{
    if (!m_settings)
        return;
    m_settings->beginGroup(kGroup);
    m_settings->beginGroup(kDays);
    m_settings->setValue(day.toString(Qt::ISODate), m_days.value(day));
    m_settings->endGroup();
    m_settings->endGroup();
}
