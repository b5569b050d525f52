#include "modelcatalogue.h"

ModelCatalogue::ModelCatalogue(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_limits(settings)
    , m_prices(settings)
{}

void ModelCatalogue::setTables(const QList<ContextLimits::Entry> &contexts, int replyReserve,
                               const QList<PriceTable::Entry> &prices)
{
    m_limits.setTable(contexts);
    m_limits.setReplyReserve(replyReserve);
    m_prices.setTable(prices);
    emit changed();
}
