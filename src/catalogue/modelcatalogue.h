#pragma once

#include "context/contextlimits.h"
#include "costs/pricetable.h"

#include <QObject>

class QSettings;

// What Confab knows about models: how much each takes in one request
// (ContextLimits) and what it costs (PriceTable), both edited by the user in
// Models and Prices and kept in the settings file. One object, so that every
// window, session and label that reads them hears of a change (changed())
// and nobody holds a table that may be missing.
class ModelCatalogue : public QObject
{
    Q_OBJECT
public:
    // `settings` may be null (nothing is stored); it must outlive this.
    explicit ModelCatalogue(QSettings *settings = nullptr, QObject *parent = nullptr);

    const ContextLimits &limits() const { return m_limits; }
    const PriceTable &prices() const { return m_prices; }

    // The user's edits, stored and announced once.
    void setTables(const QList<ContextLimits::Entry> &contexts, int replyReserve,
                   const QList<PriceTable::Entry> &prices);

signals:
    void changed();

private:
    ContextLimits m_limits;
    PriceTable m_prices;
};
