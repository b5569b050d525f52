#include "conversationstore.h"

#include "core/logging.h"
#include "sqlitedatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <limits>

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QVariant tokens(int value)
{
    return value < 0 ? QVariant() : QVariant(value);
}

// A null QString binds as SQL NULL, which the NOT NULL text columns refuse.
// QSQLITE binds every QString with sqlite3_bind_text16, which reads a leading
// U+FEFF as a byte order mark and drops it (and a leading U+FFFE as one that
// byte-swaps the whole text): text pasted from a file would lose a character.
// A mark of our own in front is the one SQLite takes, and the text is kept
// (U+FFFE, a noncharacter, then comes back as U+FFFD; the rest is intact).
QVariant text(const QString &value)
{
    if (value.isNull())
        return QVariant(QStringLiteral(""));
    if (value.startsWith(QChar(0xFEFF)) || value.startsWith(QChar(0xFFFE)))
        return QVariant(QChar(0xFEFF) + value);
    return value;
}

// Columns in the order of kMessageColumns and kConversationColumns below.
ChatMessage messageFrom(const QSqlQuery &q)
{
    ChatMessage m;
    m.id = q.value(0).toLongLong();
    m.conversationId = q.value(1).toLongLong();
    m.role = ChatMessage::roleFromString(q.value(2).toString());
    m.content = q.value(3).toString();
    m.reasoning = q.value(4).toString();
    m.state = messageStateFromString(q.value(5).toString());
    m.model = q.value(6).toString();
    m.error = q.value(7).toString();
    m.promptTokens = q.value(8).isNull() ? -1 : q.value(8).toInt();
    m.completionTokens = q.value(9).isNull() ? -1 : q.value(9).toInt();
    m.createdAt = fromMs(q.value(10).toLongLong());
    m.updatedAt = fromMs(q.value(11).toLongLong());
    m.usageEstimated = q.value(12).toBool();
    return m;
}

Conversation conversationFrom(const QSqlQuery &q)
{
    Conversation c;
    c.id = q.value(0).toLongLong();
    c.title = q.value(1).toString();
    c.model = q.value(2).toString();
    c.systemPrompt = q.value(3).toString();
    c.createdAt = fromMs(q.value(4).toLongLong());
    c.updatedAt = fromMs(q.value(5).toLongLong());
    return c;
}

const char *const kConversationColumns =
    "SELECT id, title, model, system_prompt, created_at, updated_at FROM conversations";
const char *const kMessageColumns =
    "SELECT id, conversation_id, role, content, reasoning, state, model, error, prompt_tokens, "
    "completion_tokens, created_at, updated_at, usage_estimated FROM messages";
} // namespace

ConversationStore::ConversationStore(SqliteDatabase &database)
    : m_db(database)
{}

QString ConversationStore::failure(const QSqlError &error) const
{
    m_lastProblem = m_db.diagnose(error);
    return m_lastProblem.what() + QStringLiteral(" (") + error.text() + QLatin1Char(')');
}

template<typename Write> auto ConversationStore::writing(Write &&write)
{
    // Writes to a deleted file would be lost at exit: the file is put back
    // first. After a failure, once what caused it is mended, the write is
    // tried once more (the caller retries later if it fails again).
    if (m_db.fileIsGone()) {
        if (VoidResult s = m_db.recover(); !s)
            qCWarning(lcStore) << "could not write the database again:" << s.error();
    }
    m_lastProblem = {};
    auto result = write();
    // Only a failure of the database itself (not "no such message") can be
    // mended by recovering.
    if (!result && m_lastProblem.kind() != StorageProblem::Kind::NoProblem && m_db.recover())
        result = write();
    if (result)
        m_lastProblem = {};
    return result;
}

Result<QList<Conversation>> ConversationStore::conversations() const
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QString::fromLatin1(kConversationColumns) +
                QStringLiteral(" ORDER BY updated_at DESC, id DESC")))
        return Result<QList<Conversation>>::failure(failure(q.lastError()));
    QList<Conversation> out;
    while (q.next())
        out << conversationFrom(q);
    return out;
}

Result<Conversation> ConversationStore::conversation(qint64 id) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QString::fromLatin1(kConversationColumns) + QStringLiteral(" WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return Result<Conversation>::failure(failure(q.lastError()));
    if (!q.next())
        return Result<Conversation>::failure(tr("The conversation %1 does not exist.").arg(id));
    return conversationFrom(q);
}

Result<Conversation> ConversationStore::createConversation(const QString &title,
                                                           const QString &model)
{
    return writing([&]() -> Result<Conversation> {
        const qint64 now = nowMs();
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("INSERT INTO conversations (title, model, created_at, updated_at) "
                                 "VALUES (?, ?, ?, ?)"));
        q.addBindValue(text(title));
        q.addBindValue(text(model));
        q.addBindValue(now);
        q.addBindValue(now);
        if (!q.exec())
            return Result<Conversation>::failure(failure(q.lastError()));
        Conversation c;
        c.id = q.lastInsertId().toLongLong();
        c.title = title;
        c.model = model;
        c.createdAt = c.updatedAt = fromMs(now);
        return c;
    });
}

VoidResult ConversationStore::renameConversation(qint64 id, const QString &title)
{
    return writing([&]() -> VoidResult {
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("UPDATE conversations SET title = ? WHERE id = ?"));
        q.addBindValue(text(title));
        q.addBindValue(id);
        if (!q.exec())
            return VoidResult::failure(failure(q.lastError()));
        return Ok{};
    });
}

VoidResult ConversationStore::deleteConversation(qint64 id)
{
    return writing([&]() -> VoidResult {
        // Messages go with it through ON DELETE CASCADE.
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("DELETE FROM conversations WHERE id = ?"));
        q.addBindValue(id);
        if (!q.exec())
            return VoidResult::failure(failure(q.lastError()));
        return Ok{};
    });
}

Result<QList<ChatMessage>> ConversationStore::messages(qint64 conversationId) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QString::fromLatin1(kMessageColumns) +
              QStringLiteral(" WHERE conversation_id = ? ORDER BY id"));
    q.addBindValue(conversationId);
    if (!q.exec())
        return Result<QList<ChatMessage>>::failure(failure(q.lastError()));
    QList<ChatMessage> out;
    while (q.next())
        out << messageFrom(q);
    return out;
}

Result<QList<ChatMessage>> ConversationStore::recentMessages(qint64 conversationId, int limit,
                                                             qint64 beforeId) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    // The newest page, read backwards through the (conversation_id, id) index.
    q.prepare(QString::fromLatin1(kMessageColumns) +
              QStringLiteral(" WHERE conversation_id = ? AND id < ? ORDER BY id DESC LIMIT ?"));
    q.addBindValue(conversationId);
    q.addBindValue(beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max());
    q.addBindValue(limit);
    if (!q.exec())
        return Result<QList<ChatMessage>>::failure(failure(q.lastError()));
    QList<ChatMessage> out;
    while (q.next())
        out.prepend(messageFrom(q));
    return out;
}

VoidResult ConversationStore::deleteMessagesAfter(qint64 conversationId, qint64 messageId)
{
    return writing([&] { return deleteAfter(conversationId, messageId); });
}

VoidResult ConversationStore::deleteAfter(qint64 conversationId, qint64 messageId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM messages WHERE conversation_id = ? AND id > ?"));
    q.addBindValue(conversationId);
    q.addBindValue(messageId);
    if (!q.exec())
        return VoidResult::failure(failure(q.lastError()));
    return Ok{};
}

Result<ChatMessage> ConversationStore::restartReply(qint64 conversationId, qint64 userMessageId,
                                                    const QString &userText, const QString &model)
{
    return writing([&]() -> Result<ChatMessage> {
        using R = Result<ChatMessage>;
        QSqlDatabase db = m_db.connection();
        if (!db.transaction())
            return R::failure(failure(db.lastError()));
        auto fail = [&db](const QString &error) {
            db.rollback();
            return R::failure(error);
        };
        const qint64 now = nowMs();
        if (!userText.isNull()) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("UPDATE messages SET content = ?, updated_at = ? "
                                     "WHERE id = ? AND conversation_id = ?"));
            q.addBindValue(text(userText));
            q.addBindValue(now);
            q.addBindValue(userMessageId);
            q.addBindValue(conversationId);
            if (!q.exec())
                return fail(failure(q.lastError()));
            if (q.numRowsAffected() != 1)
                return fail(tr("The message %1 does not exist.").arg(userMessageId));
        }
        if (VoidResult deleted = deleteAfter(conversationId, userMessageId); !deleted)
            return fail(deleted.error());
        if (VoidResult touched = touchConversation(conversationId, now); !touched)
            return fail(touched.error());
        ChatMessage assistant;
        assistant.conversationId = conversationId;
        assistant.role = ChatMessage::Role::Assistant;
        assistant.state = MessageState::Streaming;
        assistant.model = model;
        assistant.createdAt = assistant.updatedAt = fromMs(now);
        Result<ChatMessage> inserted = insertMessage(assistant);
        if (!inserted)
            return fail(inserted.error());
        if (!db.commit()) {
            const QString error = failure(db.lastError());
            return fail(error);
        }
        return inserted;
    });
}

VoidResult ConversationStore::setConversationOptions(qint64 id, const QString &model,
                                                     const QString &systemPrompt)
{
    return writing([&]() -> VoidResult {
        QSqlQuery q(m_db.connection());
        q.prepare(
            QStringLiteral("UPDATE conversations SET model = ?, system_prompt = ? WHERE id = ?"));
        q.addBindValue(text(model));
        q.addBindValue(text(systemPrompt));
        q.addBindValue(id);
        if (!q.exec())
            return VoidResult::failure(failure(q.lastError()));
        return Ok{};
    });
}

Result<ChatMessage> ConversationStore::insertMessage(const ChatMessage &message)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO messages (conversation_id, role, content, reasoning, state, model, error, "
        "prompt_tokens, completion_tokens, usage_estimated, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(message.conversationId);
    q.addBindValue(ChatMessage::roleToString(message.role));
    q.addBindValue(text(message.content));
    q.addBindValue(text(message.reasoning));
    q.addBindValue(messageStateToString(message.state));
    q.addBindValue(text(message.model));
    q.addBindValue(text(message.error));
    q.addBindValue(tokens(message.promptTokens));
    q.addBindValue(tokens(message.completionTokens));
    q.addBindValue(int(message.usageEstimated));
    q.addBindValue(message.createdAt.toMSecsSinceEpoch());
    q.addBindValue(message.updatedAt.toMSecsSinceEpoch());
    if (!q.exec())
        return Result<ChatMessage>::failure(failure(q.lastError()));
    ChatMessage stored = message;
    stored.id = q.lastInsertId().toLongLong();
    return stored;
}

VoidResult ConversationStore::touchConversation(qint64 conversationId, qint64 now)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE conversations SET updated_at = ? WHERE id = ?"));
    q.addBindValue(now);
    q.addBindValue(conversationId);
    if (!q.exec())
        return VoidResult::failure(failure(q.lastError()));
    if (q.numRowsAffected() != 1)
        return VoidResult::failure(tr("The conversation %1 does not exist.").arg(conversationId));
    return Ok{};
}

Result<ConversationStore::Exchange>
ConversationStore::addExchange(qint64 conversationId, const QString &userText, const QString &model)
{
    return writing([&]() -> Result<Exchange> {
        using R = Result<Exchange>;
        QSqlDatabase db = m_db.connection();
        if (!db.transaction())
            return R::failure(failure(db.lastError()));

        const qint64 now = nowMs();
        ChatMessage user;
        user.conversationId = conversationId;
        user.role = ChatMessage::Role::User;
        user.content = userText;
        user.state = MessageState::Complete;
        user.createdAt = user.updatedAt = fromMs(now);

        ChatMessage assistant;
        assistant.conversationId = conversationId;
        assistant.role = ChatMessage::Role::Assistant;
        assistant.state = MessageState::Streaming;
        assistant.model = model;
        assistant.createdAt = assistant.updatedAt = fromMs(now);

        VoidResult touched = touchConversation(conversationId, now);
        Result<ChatMessage> u =
            touched ? insertMessage(user) : Result<ChatMessage>::failure(touched.error());
        Result<ChatMessage> a =
            u ? insertMessage(assistant) : Result<ChatMessage>::failure(u.error());
        if (!a) {
            db.rollback();
            return R::failure(a.error());
        }
        if (!db.commit()) {
            const QString error = failure(db.lastError());
            db.rollback();
            return R::failure(error);
        }
        return Exchange{u.value(), a.value()};
    });
}

VoidResult ConversationStore::saveProgress(qint64 messageId, const QString &content,
                                           const QString &reasoning)
{
    return writing([&]() -> VoidResult {
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral(
            "UPDATE messages SET content = ?, reasoning = ?, updated_at = ? WHERE id = ?"));
        q.addBindValue(text(content));
        q.addBindValue(text(reasoning));
        q.addBindValue(nowMs());
        q.addBindValue(messageId);
        if (!q.exec())
            return VoidResult::failure(failure(q.lastError()));
        return Ok{};
    });
}

VoidResult ConversationStore::saveMessage(const ChatMessage &message)
{
    return writing([&]() -> VoidResult {
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral(
            "UPDATE messages SET content = ?, reasoning = ?, state = ?, model = ?, error = ?, "
            "prompt_tokens = ?, completion_tokens = ?, usage_estimated = ?, updated_at = ? "
            "WHERE id = ?"));
        q.addBindValue(text(message.content));
        q.addBindValue(text(message.reasoning));
        q.addBindValue(messageStateToString(message.state));
        q.addBindValue(text(message.model));
        q.addBindValue(text(message.error));
        q.addBindValue(tokens(message.promptTokens));
        q.addBindValue(tokens(message.completionTokens));
        q.addBindValue(int(message.usageEstimated));
        q.addBindValue(nowMs());
        q.addBindValue(message.id);
        if (!q.exec())
            return VoidResult::failure(failure(q.lastError()));
        return Ok{};
    });
}

Result<int> ConversationStore::markStreamingInterrupted()
{
    return writing([&]() -> Result<int> {
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("UPDATE messages SET state = ? WHERE state = ?"));
        q.addBindValue(messageStateToString(MessageState::Interrupted));
        q.addBindValue(messageStateToString(MessageState::Streaming));
        if (!q.exec())
            return Result<int>::failure(failure(q.lastError()));
        return q.numRowsAffected();
    });
}
