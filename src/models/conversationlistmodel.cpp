#include "conversationlistmodel.h"

#include <algorithm>

namespace {
// True if a belongs above b: the same order as ConversationStore::conversations() (most recent
// activity first, the newer conversation first on a tie), so a conversation keeps its row when
// only its title changes and the list reads the same after a restart.
bool sortsBefore(const Conversation &a, const Conversation &b)
{
    if (a.updatedAt != b.updatedAt)
        return a.updatedAt > b.updatedAt;
    return a.id > b.id;
}
} // namespace

ConversationListModel::ConversationListModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_conversations.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Conversation &c = m_conversations.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return c.title.isEmpty() ? tr("New chat") : c.title;
    case Qt::EditRole:
        return c.title;
    case Qt::ToolTipRole:
        return c.title;
    case IdRole:
        return c.id;
    case ModelRole:
        return c.model;
    case UpdatedAtRole:
        return c.updatedAt;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    return {{IdRole, "conversationId"},
            {TitleRole, "title"},
            {ModelRole, "model"},
            {UpdatedAtRole, "updatedAt"}};
}

Qt::ItemFlags ConversationListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractListModel::flags(index);
    if (index.isValid() && m_renamer)
        f |= Qt::ItemIsEditable;
    return f;
}

bool ConversationListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !m_renamer ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const Conversation &c = m_conversations.at(index.row());
    const QString title = value.toString().simplified();
    if (title.isEmpty() || title == c.title)
        return false;
    // The renamer refreshes the row (upsert) once the title is stored.
    return bool(m_renamer(c.id, title));
}

void ConversationListModel::setConversations(const QList<Conversation> &conversations)
{
    beginResetModel();
    m_conversations = conversations;
    std::stable_sort(m_conversations.begin(), m_conversations.end(), sortsBefore);
    endResetModel();
}

int ConversationListModel::rowOf(qint64 id) const
{
    for (qsizetype i = 0; i < m_conversations.size(); ++i) {
        if (m_conversations.at(i).id == id)
            return int(i);
    }
    return -1;
}

const Conversation *ConversationListModel::find(qint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_conversations.at(row);
}

int ConversationListModel::sortedRowFor(const Conversation &conversation) const
{
    // The row it belongs at among the other conversations (itself excluded).
    int row = 0;
    for (const Conversation &other : m_conversations) {
        if (other.id != conversation.id && sortsBefore(other, conversation))
            ++row;
    }
    return row;
}

void ConversationListModel::upsert(const Conversation &conversation)
{
    const int from = rowOf(conversation.id);
    const int to = sortedRowFor(conversation);
    if (from < 0) {
        beginInsertRows({}, to, to);
        m_conversations.insert(to, conversation);
        endInsertRows();
        return;
    }
    m_conversations[from] = conversation;
    const QModelIndex changed = index(from);
    emit dataChanged(changed, changed, {Qt::DisplayRole, TitleRole, ModelRole, UpdatedAtRole});
    if (to != from) {
        // A move keeps the views' selection on it, unlike remove + insert.
        beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
        m_conversations.move(from, to);
        endMoveRows();
    }
}

void ConversationListModel::remove(qint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_conversations.removeAt(row);
    endRemoveRows();
}
