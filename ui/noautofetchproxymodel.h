#pragma once

#include <QIdentityProxyModel>

// Item views fetch more rows whenever the last row is visible, because for
// them "more" comes at the end. In a chat the last row is always visible and
// "more" means older messages, at the top: so the chat view sees its model
// through this proxy, which hides canFetchMore(), and fetches older messages
// itself when the user scrolls near the top.
class NoAutoFetchProxyModel : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit NoAutoFetchProxyModel(QObject *parent = nullptr);

    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    bool sourceCanFetchMore() const;
    void sourceFetchMore();
};
