#include "messagelistmodel.h"

#include "messagewords.h"

#include <QCoreApplication>
#include <QTimer>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace {
// Text that, once freed, is worth handing back to the system.
constexpr qsizetype kReleaseAfterCharacters = 64 * 1024;

// glibc keeps what a closed conversation freed (its text, the documents that
// showed it, the stream's buffers) inside its heaps, fragmented by what is
// still in use, and the process never shrinks: ten long replies left 95-215
// MiB behind (bench_load). malloc_trim gives the free pages back. Once, a
// little later, for every conversation closed meanwhile (the view lets go of
// its layouts around the same time); it takes some tens of milliseconds.
void releaseFreedMemorySoon()
{
#ifdef __GLIBC__
    static bool queued = false; // the heap is the process's: one flag for it
    QCoreApplication *app = QCoreApplication::instance();
    if (queued || !app)
        return;
    queued = true;
    QTimer::singleShot(500, app, [] {
        queued = false;
        malloc_trim(0);
    });
#endif
}
} // namespace

MessageListModel::MessageListModel(QObject *parent)
    : QAbstractListModel(parent)
{}

MessageListModel::~MessageListModel()
{
    qsizetype characters = 0;
    for (const ChatMessage &m : std::as_const(m_messages))
        characters += m.content.size() + m.reasoning.size();
    if (characters >= kReleaseAfterCharacters)
        releaseFreedMemorySoon();
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ChatMessage &m = m_messages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case ContentRole:
        // Display is the text too, so accessibility tools read the message.
        return m.content;
    case Qt::AccessibleTextRole:
        // What the chat shows around the text, said too: who, and how it ended.
        return MessageWords::spoken(m, m_transientStatus.value(m.id));
    case IdRole:
        return m.id;
    case RoleRole:
        return ChatMessage::roleToString(m.role);
    case ReasoningRole:
        return m.reasoning;
    case StateRole:
        return int(m.state);
    case ErrorRole:
        return m.error;
    case ModelRole:
        return m.model;
    case CreatedAtRole:
        return m.createdAt;
    case PromptTokensRole:
        return m.promptTokens;
    case CompletionTokensRole:
        return m.completionTokens;
    case TransientStatusRole:
        return m_transientStatus.value(m.id);
    case CostRole:
    case CostEstimatedRole: {
        const std::optional<Cost> cost = m_cost ? m_cost(m) : std::nullopt;
        if (!cost)
            return {};
        return role == CostRole ? QVariant(cost->dollars) : QVariant(cost->estimated);
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {
        {IdRole, "messageId"},
        {RoleRole, "role"},
        {ContentRole, "content"},
        {ReasoningRole, "reasoning"},
        {StateRole, "state"},
        {ErrorRole, "error"},
        {ModelRole, "model"},
        {CreatedAtRole, "createdAt"},
        {PromptTokensRole, "promptTokens"},
        {CompletionTokensRole, "completionTokens"},
        {TransientStatusRole, "transientStatus"},
        {CostRole, "cost"},
        {CostEstimatedRole, "costEstimated"},
    };
}

void MessageListModel::setMessages(const QList<ChatMessage> &messages)
{
    beginResetModel();
    m_messages = messages;
    m_transientStatus.clear();
    m_olderLoader = nullptr;
    m_hasOlder = false;
    endResetModel();
}

void MessageListModel::setOlderLoader(OlderLoader loader, bool hasOlder)
{
    m_olderLoader = std::move(loader);
    m_hasOlder = hasOlder && m_olderLoader;
}

bool MessageListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_hasOlder;
}

void MessageListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const qint64 oldest = m_messages.isEmpty() ? 0 : m_messages.first().id;
    // One more than a page says whether there is more after it.
    Result<QList<ChatMessage>> older = m_olderLoader(oldest, kPageSize + 1);
    if (!older) {
        // Nothing to show for it but what is already there; stop asking.
        m_hasOlder = false;
        return;
    }
    QList<ChatMessage> page = older.value();
    m_hasOlder = page.size() > kPageSize;
    if (m_hasOlder)
        page.removeFirst();
    if (page.isEmpty())
        return;
    beginInsertRows({}, 0, int(page.size()) - 1);
    m_messages = page + m_messages;
    endInsertRows();
}

void MessageListModel::removeAfter(qint64 messageId)
{
    const int row = rowOf(messageId);
    if (row < 0 || row == m_messages.size() - 1)
        return;
    beginRemoveRows({}, row + 1, int(m_messages.size()) - 1);
    for (qsizetype i = row + 1; i < m_messages.size(); ++i)
        m_transientStatus.remove(m_messages.at(i).id);
    m_messages.resize(row + 1);
    endRemoveRows();
}

void MessageListModel::append(const ChatMessage &message)
{
    const int row = int(m_messages.size());
    beginInsertRows({}, row, row);
    m_messages.append(message);
    endInsertRows();
}

int MessageListModel::rowOf(qint64 messageId) const
{
    // Replies stream into the last rows; search from the end.
    for (qsizetype i = m_messages.size() - 1; i >= 0; --i) {
        if (m_messages.at(i).id == messageId)
            return int(i);
    }
    return -1;
}

const ChatMessage *MessageListModel::find(qint64 messageId) const
{
    const int row = rowOf(messageId);
    return row < 0 ? nullptr : &m_messages.at(row);
}

void MessageListModel::appendContent(qint64 messageId, const QString &text)
{
    const int row = rowOf(messageId);
    if (row < 0 || text.isEmpty())
        return;
    m_messages[row].content += text;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {ContentRole, Qt::DisplayRole});
}

void MessageListModel::appendReasoning(qint64 messageId, const QString &text)
{
    const int row = rowOf(messageId);
    if (row < 0 || text.isEmpty())
        return;
    m_messages[row].reasoning += text;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {ReasoningRole});
}

void MessageListModel::update(const ChatMessage &message)
{
    const int row = rowOf(message.id);
    if (row < 0)
        return;
    ChatMessage &old = m_messages[row];
    QList<int> roles;
    if (old.content != message.content)
        roles << ContentRole << Qt::DisplayRole;
    if (old.reasoning != message.reasoning)
        roles << ReasoningRole;
    if (old.state != message.state)
        roles << StateRole;
    if (old.error != message.error)
        roles << ErrorRole;
    if (old.model != message.model)
        roles << ModelRole;
    if (old.promptTokens != message.promptTokens)
        roles << PromptTokensRole;
    if (old.completionTokens != message.completionTokens)
        roles << CompletionTokensRole;
    old = message;
    if (!roles.isEmpty()) {
        const QModelIndex i = index(row);
        emit dataChanged(i, i, roles);
    }
}

void MessageListModel::setTransientStatus(qint64 messageId, const QString &text)
{
    const int row = rowOf(messageId);
    if (row < 0 || m_transientStatus.value(messageId) == text)
        return;
    if (text.isEmpty())
        m_transientStatus.remove(messageId);
    else
        m_transientStatus.insert(messageId, text);
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {TransientStatusRole});
}

void MessageListModel::refreshCosts()
{
    if (m_messages.isEmpty())
        return;
    emit dataChanged(index(0), index(int(m_messages.size()) - 1), {CostRole, CostEstimatedRole});
}
