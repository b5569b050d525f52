#include "noautofetchproxymodel.h"

NoAutoFetchProxyModel::NoAutoFetchProxyModel(QObject *parent)
    : QIdentityProxyModel(parent)
{}

bool NoAutoFetchProxyModel::canFetchMore(const QModelIndex &) const
{
    return false;
}

void NoAutoFetchProxyModel::fetchMore(const QModelIndex &) {}

bool NoAutoFetchProxyModel::sourceCanFetchMore() const
{
    return sourceModel() && sourceModel()->canFetchMore({});
}

void NoAutoFetchProxyModel::sourceFetchMore()
{
    if (sourceModel())
        sourceModel()->fetchMore({});
}
