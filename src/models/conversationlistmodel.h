#pragma once

#include "store/conversation.h"

#include <QAbstractListModel>
#include <QList>

// The conversations in the sidebar, most recently active first.
class ConversationListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        ModelRole,
        UpdatedAtRole,
    };
    Q_ENUM(Roles)

    explicit ConversationListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setConversations(const QList<Conversation> &conversations);
    // Inserts a new conversation or refreshes a known one, moving it to the
    // place its activity time gives it.
    void upsert(const Conversation &conversation);
    void remove(qint64 id);

    int rowOf(qint64 id) const;
    const Conversation *find(qint64 id) const;

private:
    int sortedRowFor(const Conversation &conversation) const;

    QList<Conversation> m_conversations;
};
