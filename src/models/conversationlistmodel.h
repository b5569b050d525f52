#pragma once

#include "core/result.h"
#include "store/conversation.h"

#include <QAbstractListModel>
#include <QList>

#include <functional>

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
    // Titles are editable in place (F2 in the sidebar) when a renamer is set;
    // it stores the new title and refreshes the row (SessionRegistry).
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    using Renamer = std::function<VoidResult(qint64 id, const QString &title)>;
    void setRenamer(Renamer renamer) { m_renamer = std::move(renamer); }

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
    Renamer m_renamer;
};
