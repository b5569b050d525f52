#include "store/conversationstore.h"
#include "store/sqlitedatabase.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QVariant>

#include <functional>
#include <memory>

namespace {

QString errorOf(const auto &result)
{
    return result.ok() ? QString() : result.error();
}

QString run(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return q.lastError().text() + QStringLiteral(" [") + sql + QStringLiteral("]");
    return {};
}

QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return QStringLiteral("error: ") + q.lastError().text();
    return q.value(0);
}

// Describes where two texts first differ; empty when they are equal. QCOMPARE would print all
// of a megabyte.
QString difference(const QString &actual, const QString &expected)
{
    if (actual == expected)
        return {};
    qsizetype i = 0;
    while (i < actual.size() && i < expected.size() && actual.at(i) == expected.at(i))
        ++i;
    return QStringLiteral("sizes %1 vs %2, first difference at %3: U+%4 vs U+%5")
        .arg(actual.size())
        .arg(expected.size())
        .arg(i)
        .arg(i < actual.size() ? actual.at(i).unicode() : 0, 4, 16, QLatin1Char('0'))
        .arg(i < expected.size() ? expected.at(i).unicode() : 0, 4, 16, QLatin1Char('0'));
}

// Every BMP character but NUL, the surrogates and the noncharacters U+FFFE/U+FFFF (SQLite turns
// those two into U+FFFD when it converts its UTF-8 back to UTF-16).
QString binaryish()
{
    QString out;
    for (char16_t c = 1; c < 0xD800; ++c)
        out.append(QChar(c));
    for (char16_t c = 0xE000; c < 0xFFFE; ++c)
        out.append(QChar(c));
    return out;
}

QString megabyte()
{
    const QString piece =
        QStringLiteral("Line %1: 漢字 and ascii, 🙂, \"quotes\" 'and' \\ ;\n");
    QString out;
    out.reserve(1 << 20);
    for (int i = 0; out.size() < (1 << 20); ++i)
        out += piece.arg(i);
    out.truncate(1 << 20);
    if (out.back().isHighSurrogate())
        out.back() = QLatin1Char('x');
    return out;
}

} // namespace

class TestConversationStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createAndList();
    void listIsOrderedByActivity();
    void unknownConversationIsAnError();
    void rename();
    void deleteCascadesToMessages();
    void addExchange();
    void addExchangeForUnknownConversationWritesNothing();
    void addExchangeIsOneTransaction();
    void saveProgress();
    void saveMessage_data();
    void saveMessage();
    void markStreamingInterrupted();
    void textRoundTrips_data();
    void textRoundTrips();
    void readOnlyDatabaseGivesErrors();

private:
    QString filePath() const { return m_dir->filePath(QStringLiteral("confab.sqlite3")); }
    QSqlDatabase sql() const { return m_db->connection(); }
    qint64 newConversation(const QString &title = QStringLiteral("Chat"));

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteDatabase> m_db;
    std::unique_ptr<ConversationStore> m_store;
};

void TestConversationStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
    m_db = std::make_unique<SqliteDatabase>();
    const VoidResult opened = m_db->open(filePath());
    QVERIFY2(opened.ok(), qPrintable(errorOf(opened)));
    m_store = std::make_unique<ConversationStore>(*m_db);
}

void TestConversationStore::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

qint64 TestConversationStore::newConversation(const QString &title)
{
    const auto created = m_store->createConversation(title);
    if (!created.ok()) {
        qWarning("createConversation failed: %s", qPrintable(created.error()));
        return 0;
    }
    return created.value().id;
}

void TestConversationStore::createAndList()
{
    const auto empty = m_store->conversations();
    QVERIFY(empty.ok());
    QVERIFY(empty.value().isEmpty());

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const auto created =
        m_store->createConversation(QStringLiteral("First"), QStringLiteral("gpt-4o"));
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(created.ok(), qPrintable(errorOf(created)));
    const Conversation c = created.value();
    QVERIFY(c.id > 0);
    QCOMPARE(c.title, QStringLiteral("First"));
    QCOMPARE(c.model, QStringLiteral("gpt-4o"));
    QVERIFY(c.createdAt.toMSecsSinceEpoch() >= before);
    QVERIFY(c.createdAt.toMSecsSinceEpoch() <= after);
    QCOMPARE(c.updatedAt, c.createdAt);

    const auto second = m_store->createConversation(QString());
    QVERIFY(second.ok());
    QVERIFY(second.value().id != c.id);

    const auto listed = m_store->conversations();
    QVERIFY(listed.ok());
    QCOMPARE(listed.value().size(), 2);

    const auto read = m_store->conversation(c.id);
    QVERIFY2(read.ok(), qPrintable(errorOf(read)));
    QCOMPARE(read.value().id, c.id);
    QCOMPARE(read.value().title, c.title);
    QCOMPARE(read.value().model, c.model);
    QCOMPARE(read.value().systemPrompt, QString());
    QCOMPARE(read.value().createdAt, c.createdAt);
    QCOMPARE(read.value().updatedAt, c.updatedAt);
}

void TestConversationStore::listIsOrderedByActivity()
{
    const qint64 a = newConversation(QStringLiteral("a"));
    const qint64 b = newConversation(QStringLiteral("b"));
    const qint64 c = newConversation(QStringLiteral("c"));
    const qint64 d = newConversation(QStringLiteral("d"));
    // Times set directly, so the order does not depend on the clock moving between calls and
    // differs from both insertion order and its reverse.
    QCOMPARE(run(sql(),
                 QStringLiteral("UPDATE conversations SET updated_at = 3000 WHERE id = %1").arg(a)),
             QString());
    QCOMPARE(run(sql(),
                 QStringLiteral("UPDATE conversations SET updated_at = 1000 WHERE id = %1").arg(b)),
             QString());
    QCOMPARE(run(sql(),
                 QStringLiteral("UPDATE conversations SET updated_at = 5000 WHERE id = %1").arg(c)),
             QString());
    QCOMPARE(run(sql(),
                 QStringLiteral("UPDATE conversations SET updated_at = 2000 WHERE id = %1").arg(d)),
             QString());

    auto ids = [this] {
        QList<qint64> out;
        const auto listed = m_store->conversations();
        if (listed.ok()) {
            for (const Conversation &conv : listed.value())
                out << conv.id;
        }
        return out;
    };
    QCOMPARE(ids(), (QList<qint64>{c, a, d, b}));

    // A new exchange makes its conversation the most recent.
    QVERIFY(m_store->addExchange(b, QStringLiteral("hi"), QStringLiteral("m")).ok());
    QCOMPARE(ids(), (QList<qint64>{b, c, a, d}));
    const auto listed = m_store->conversations();
    QVERIFY(listed.ok());
    QCOMPARE(listed.value().at(1).updatedAt.toMSecsSinceEpoch(), 5000);
}

void TestConversationStore::unknownConversationIsAnError()
{
    const qint64 id = newConversation();
    const auto missing = m_store->conversation(id + 1000);
    QVERIFY(!missing.ok());
    QVERIFY(!missing.error().isEmpty());
    QVERIFY(m_store->conversation(id).ok());

    const auto messages = m_store->messages(id + 1000);
    QVERIFY(messages.ok());
    QVERIFY(messages.value().isEmpty());
}

void TestConversationStore::rename()
{
    const qint64 id = newConversation(QStringLiteral("Before"));
    const qint64 other = newConversation(QStringLiteral("Other"));
    const auto before = m_store->conversation(id);
    QVERIFY(before.ok());

    const VoidResult renamed = m_store->renameConversation(id, QStringLiteral("After"));
    QVERIFY2(renamed.ok(), qPrintable(errorOf(renamed)));
    const auto after = m_store->conversation(id);
    QVERIFY(after.ok());
    QCOMPARE(after.value().title, QStringLiteral("After"));
    QCOMPARE(after.value().createdAt, before.value().createdAt);
    QCOMPARE(m_store->conversation(other).value().title, QStringLiteral("Other"));
}

void TestConversationStore::deleteCascadesToMessages()
{
    const qint64 doomed = newConversation(QStringLiteral("doomed"));
    const qint64 kept = newConversation(QStringLiteral("kept"));
    QVERIFY(m_store->addExchange(doomed, QStringLiteral("1"), QStringLiteral("m")).ok());
    QVERIFY(m_store->addExchange(doomed, QStringLiteral("2"), QStringLiteral("m")).ok());
    QVERIFY(m_store->addExchange(kept, QStringLiteral("3"), QStringLiteral("m")).ok());
    const QString countFor =
        QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = %1");
    QCOMPARE(scalar(sql(), countFor.arg(doomed)).toInt(), 4);

    const VoidResult deleted = m_store->deleteConversation(doomed);
    QVERIFY2(deleted.ok(), qPrintable(errorOf(deleted)));
    QVERIFY(!m_store->conversation(doomed).ok());
    QCOMPARE(scalar(sql(), countFor.arg(doomed)).toInt(), 0);
    QCOMPARE(scalar(sql(), countFor.arg(kept)).toInt(), 2);
    QCOMPARE(scalar(sql(), QStringLiteral("SELECT count(*) FROM messages")).toInt(), 2);
    QCOMPARE(m_store->conversations().value().size(), 1);
}

void TestConversationStore::addExchange()
{
    const qint64 id = newConversation();
    QCOMPARE(
        run(sql(), QStringLiteral("UPDATE conversations SET updated_at = 1 WHERE id = %1").arg(id)),
        QString());
    const QDateTime createdAt = m_store->conversation(id).value().createdAt;

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const auto exchange =
        m_store->addExchange(id, QStringLiteral("What is 2+2?"), QStringLiteral("gpt-4o-mini"));
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(exchange.ok(), qPrintable(errorOf(exchange)));

    const ChatMessage &user = exchange.value().user;
    const ChatMessage &assistant = exchange.value().assistant;
    QVERIFY(user.id > 0);
    QVERIFY(assistant.id > user.id);
    QCOMPARE(user.conversationId, id);
    QCOMPARE(user.role, ChatMessage::Role::User);
    QCOMPARE(user.content, QStringLiteral("What is 2+2?"));
    QCOMPARE(user.state, MessageState::Complete);
    QCOMPARE(assistant.conversationId, id);
    QCOMPARE(assistant.role, ChatMessage::Role::Assistant);
    QCOMPARE(assistant.content, QString());
    QCOMPARE(assistant.state, MessageState::Streaming);
    QCOMPARE(assistant.model, QStringLiteral("gpt-4o-mini"));

    // What the caller was given is what is on disk.
    const auto stored = m_store->messages(id);
    QVERIFY(stored.ok());
    QCOMPARE(stored.value().size(), 2);
    for (int i = 0; i < 2; ++i) {
        const ChatMessage &got = stored.value().at(i);
        const ChatMessage &want = i == 0 ? user : assistant;
        QCOMPARE(got.id, want.id);
        QCOMPARE(got.conversationId, id);
        QCOMPARE(got.role, want.role);
        QCOMPARE(got.content, want.content);
        QCOMPARE(got.state, want.state);
        QCOMPARE(got.model, want.model);
        QCOMPARE(got.promptTokens, -1);
        QCOMPARE(got.completionTokens, -1);
        QCOMPARE(got.createdAt, want.createdAt);
    }
    QCOMPARE(
        scalar(sql(), QStringLiteral("SELECT state FROM messages WHERE id = %1").arg(assistant.id))
            .toString(),
        QStringLiteral("streaming"));

    const auto conversation = m_store->conversation(id);
    QVERIFY(conversation.ok());
    QVERIFY(conversation.value().updatedAt.toMSecsSinceEpoch() >= before);
    QVERIFY(conversation.value().updatedAt.toMSecsSinceEpoch() <= after);
    QCOMPARE(conversation.value().createdAt, createdAt);
}

void TestConversationStore::addExchangeForUnknownConversationWritesNothing()
{
    const qint64 id = newConversation();
    const auto exchange =
        m_store->addExchange(id + 1000, QStringLiteral("lost?"), QStringLiteral("m"));
    QVERIFY(!exchange.ok());
    QVERIFY(!exchange.error().isEmpty());
    QCOMPARE(scalar(sql(), QStringLiteral("SELECT count(*) FROM messages")).toInt(), 0);

    // The connection is usable afterwards: no transaction was left open.
    QVERIFY(m_store->addExchange(id, QStringLiteral("fine"), QStringLiteral("m")).ok());
    QCOMPARE(scalar(sql(), QStringLiteral("SELECT count(*) FROM messages")).toInt(), 2);
    m_db->close();
    SqliteDatabase reopened;
    QVERIFY(reopened.open(filePath()).ok());
    QCOMPARE(scalar(reopened.connection(), QStringLiteral("SELECT count(*) FROM messages")).toInt(),
             2);
}

void TestConversationStore::addExchangeIsOneTransaction()
{
    const qint64 id = newConversation();
    QCOMPARE(
        run(sql(), QStringLiteral("UPDATE conversations SET updated_at = 1 WHERE id = %1").arg(id)),
        QString());
    // The user's row goes in, then the assistant's fails: the user's must not stay behind,
    // and the conversation's activity time must not move.
    QCOMPARE(run(sql(), QStringLiteral("CREATE TRIGGER refuse_assistant BEFORE INSERT ON messages "
                                       "WHEN NEW.role = 'assistant' "
                                       "BEGIN SELECT RAISE(ABORT, 'no assistant today'); END")),
             QString());

    const auto exchange = m_store->addExchange(id, QStringLiteral("half"), QStringLiteral("m"));
    QVERIFY(!exchange.ok());
    QVERIFY2(exchange.error().contains(QStringLiteral("no assistant today")),
             qPrintable(exchange.error()));
    QCOMPARE(scalar(sql(), QStringLiteral("SELECT count(*) FROM messages")).toInt(), 0);
    QCOMPARE(m_store->conversation(id).value().updatedAt.toMSecsSinceEpoch(), 1);

    QCOMPARE(run(sql(), QStringLiteral("DROP TRIGGER refuse_assistant")), QString());
    QVERIFY(m_store->addExchange(id, QStringLiteral("whole"), QStringLiteral("m")).ok());
    QCOMPARE(scalar(sql(), QStringLiteral("SELECT count(*) FROM messages")).toInt(), 2);
}

void TestConversationStore::saveProgress()
{
    const qint64 id = newConversation();
    const auto exchange = m_store->addExchange(id, QStringLiteral("q"), QStringLiteral("m"));
    QVERIFY(exchange.ok());
    const qint64 assistantId = exchange.value().assistant.id;

    QVERIFY(m_store->saveProgress(assistantId, QStringLiteral("The ans"), QString()).ok());
    const VoidResult saved =
        m_store->saveProgress(assistantId, QStringLiteral("The answer is"), QStringLiteral("2+2"));
    QVERIFY2(saved.ok(), qPrintable(errorOf(saved)));

    const auto messages = m_store->messages(id);
    QVERIFY(messages.ok());
    QCOMPARE(messages.value().size(), 2);
    QCOMPARE(messages.value().at(0).content, QStringLiteral("q"));
    const ChatMessage &assistant = messages.value().at(1);
    QCOMPARE(assistant.content, QStringLiteral("The answer is"));
    QCOMPARE(assistant.reasoning, QStringLiteral("2+2"));
    // Progress is text only: the reply is still streaming.
    QCOMPARE(assistant.state, MessageState::Streaming);
    QCOMPARE(assistant.model, QStringLiteral("m"));

    // On disk, not just in this connection: another connection (another process) sees it.
    SqliteDatabase other;
    QVERIFY(other.open(filePath()).ok());
    ConversationStore otherStore(other);
    QCOMPARE(otherStore.messages(id).value().at(1).content, QStringLiteral("The answer is"));
}

void TestConversationStore::saveMessage_data()
{
    QTest::addColumn<MessageState>("state");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("promptTokens");
    QTest::addColumn<int>("completionTokens");
    QTest::addColumn<bool>("estimated");

    QTest::newRow("complete with usage")
        << MessageState::Complete << QString() << 12 << 34 << false;
    QTest::newRow("complete without usage")
        << MessageState::Complete << QString() << -1 << -1 << false;
    QTest::newRow("prompt usage only") << MessageState::Truncated << QString() << 50 << -1 << false;
    QTest::newRow("estimated usage") << MessageState::Complete << QString() << 40 << 9 << true;
    QTest::newRow("zero usage is not null")
        << MessageState::Complete << QString() << 0 << 0 << false;
    QTest::newRow("stopped") << MessageState::Stopped << QString() << -1 << 7 << false;
    QTest::newRow("interrupted") << MessageState::Interrupted << QString() << -1 << -1 << false;
    QTest::newRow("filtered") << MessageState::Filtered << QString() << 3 << 0 << false;
    QTest::newRow("failed with error")
        << MessageState::Failed
        << QStringLiteral("The API key was rejected (401). Open Settings to enter a new one.") << -1
        << -1 << false;
}

void TestConversationStore::saveMessage()
{
    QFETCH(MessageState, state);
    QFETCH(QString, error);
    QFETCH(int, promptTokens);
    QFETCH(int, completionTokens);
    QFETCH(bool, estimated);

    const qint64 id = newConversation();
    const auto exchange = m_store->addExchange(id, QStringLiteral("q"), QStringLiteral("m"));
    QVERIFY(exchange.ok());

    // First something else, so every field has to be overwritten (and usage set to NULL).
    ChatMessage message = exchange.value().assistant;
    message.content = QStringLiteral("draft");
    message.reasoning = QStringLiteral("draft reasoning");
    message.state = MessageState::Failed;
    message.error = QStringLiteral("earlier error");
    message.promptTokens = 999;
    message.completionTokens = 888;
    message.usageEstimated = !estimated;
    QVERIFY(m_store->saveMessage(message).ok());

    message.content = QStringLiteral("final answer");
    message.reasoning = QStringLiteral("final reasoning");
    message.state = state;
    message.model = QStringLiteral("served-model");
    message.error = error;
    message.promptTokens = promptTokens;
    message.completionTokens = completionTokens;
    message.usageEstimated = estimated;
    const VoidResult saved = m_store->saveMessage(message);
    QVERIFY2(saved.ok(), qPrintable(errorOf(saved)));

    const auto messages = m_store->messages(id);
    QVERIFY(messages.ok());
    QCOMPARE(messages.value().size(), 2);
    const ChatMessage &stored = messages.value().at(1);
    QCOMPARE(stored.id, message.id);
    QCOMPARE(stored.content, message.content);
    QCOMPARE(stored.reasoning, message.reasoning);
    QCOMPARE(stored.state, state);
    QCOMPARE(stored.model, message.model);
    QCOMPARE(stored.error, error);
    QCOMPARE(stored.promptTokens, promptTokens);
    QCOMPARE(stored.completionTokens, completionTokens);
    QCOMPARE(stored.usageEstimated, estimated);
    // The user's message is untouched.
    QCOMPARE(messages.value().at(0).content, QStringLiteral("q"));
    QCOMPARE(messages.value().at(0).state, MessageState::Complete);

    const QString isNull = QStringLiteral("SELECT %1 IS NULL FROM messages WHERE id = %2");
    QCOMPARE(scalar(sql(), isNull.arg(QStringLiteral("prompt_tokens")).arg(message.id)).toInt(),
             promptTokens < 0 ? 1 : 0);
    QCOMPARE(scalar(sql(), isNull.arg(QStringLiteral("completion_tokens")).arg(message.id)).toInt(),
             completionTokens < 0 ? 1 : 0);
    QCOMPARE(
        scalar(sql(), QStringLiteral("SELECT state FROM messages WHERE id = %1").arg(message.id))
            .toString(),
        messageStateToString(state));
}

void TestConversationStore::markStreamingInterrupted()
{
    const qint64 a = newConversation();
    const qint64 b = newConversation();
    const auto first = m_store->addExchange(a, QStringLiteral("1"), QStringLiteral("m"));
    const auto second = m_store->addExchange(a, QStringLiteral("2"), QStringLiteral("m"));
    const auto third = m_store->addExchange(b, QStringLiteral("3"), QStringLiteral("m"));
    QVERIFY(first.ok() && second.ok() && third.ok());

    ChatMessage done = second.value().assistant;
    done.content = QStringLiteral("done");
    done.state = MessageState::Complete;
    QVERIFY(m_store->saveMessage(done).ok());
    ChatMessage stopped = third.value().assistant;
    stopped.state = MessageState::Stopped;
    QVERIFY(m_store->saveMessage(stopped).ok());
    // A fourth one still streaming, with partial text that must be kept.
    const auto fourth = m_store->addExchange(b, QStringLiteral("4"), QStringLiteral("m"));
    QVERIFY(fourth.ok());
    QVERIFY(m_store->saveProgress(fourth.value().assistant.id, QStringLiteral("partial"), QString())
                .ok());

    const auto marked = m_store->markStreamingInterrupted();
    QVERIFY2(marked.ok(), qPrintable(errorOf(marked)));
    QCOMPARE(marked.value(), 2);

    auto stateOf = [this](qint64 conversationId, qint64 messageId) {
        // Held in a local: a range-for over value() of the temporary Result would dangle.
        const auto messages = m_store->messages(conversationId);
        for (const ChatMessage &m : messages.ok() ? messages.value() : QList<ChatMessage>()) {
            if (m.id == messageId)
                return m.state;
        }
        return MessageState::Filtered; // not found; no test expects this state
    };
    QCOMPARE(stateOf(a, first.value().assistant.id), MessageState::Interrupted);
    QCOMPARE(stateOf(a, second.value().assistant.id), MessageState::Complete);
    QCOMPARE(stateOf(b, third.value().assistant.id), MessageState::Stopped);
    QCOMPARE(stateOf(b, fourth.value().assistant.id), MessageState::Interrupted);
    QCOMPARE(stateOf(a, first.value().user.id), MessageState::Complete);
    QCOMPARE(m_store->messages(b).value().last().content, QStringLiteral("partial"));
    QCOMPARE(scalar(sql(), QStringLiteral("SELECT count(*) FROM messages WHERE state = "
                                          "'streaming'"))
                 .toInt(),
             0);

    const auto again = m_store->markStreamingInterrupted();
    QVERIFY(again.ok());
    QCOMPARE(again.value(), 0);
}

void TestConversationStore::textRoundTrips_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("cjk") << QStringLiteral("你好，世界。日本語のテキスト。한국어 문장.");
    QTest::newRow("emoji") << QStringLiteral(
        "👩‍👩‍👧‍👦 🏳️‍🌈 🇯🇵 👍🏽 𝄞 U+1F600: 😀");
    QTest::newRow("rtl and combining")
        << QStringLiteral("עברית \u200F العربية e\u0301 \u202Eevil\u202C \uFEFF\u200B");
    QTest::newRow("sql and markup")
        << QStringLiteral("'; DROP TABLE messages; -- \"x\" \\ %s %1 ? :name <b>&amp;</b>");
    QTest::newRow("control characters")
        << QStringLiteral("\u0001\u0002\t\r\n\u001B[31m\u007F\u0085\u2028\u2029 end");
    QTest::newRow("whitespace only") << QStringLiteral("  \n\n\t ");
    QTest::newRow("every BMP character") << binaryish();
    // SQLite takes a leading U+FEFF in UTF-16 input for a byte order mark and drops it; the
    // store must keep it.
    QTest::newRow("leading U+FEFF") << QStringLiteral("\uFEFFpasted from a file");
    QTest::newRow("two leading U+FEFF") << QStringLiteral("\uFEFF\uFEFFtwice");
    QTest::newRow("one megabyte") << megabyte();
}

void TestConversationStore::textRoundTrips()
{
    QFETCH(QString, text);
    const QString reasoning = QStringLiteral("⟨") + text + QStringLiteral("⟩");

    const auto created = m_store->createConversation(text, text);
    QVERIFY2(created.ok(), qPrintable(errorOf(created)));
    const qint64 id = created.value().id;
    const auto exchange = m_store->addExchange(id, text, text);
    QVERIFY2(exchange.ok(), qPrintable(errorOf(exchange)));
    QVERIFY(m_store->saveProgress(exchange.value().assistant.id, text, reasoning).ok());
    ChatMessage failed = exchange.value().assistant;
    failed.content = text + text;
    failed.reasoning = reasoning;
    failed.error = text;
    failed.state = MessageState::Failed;

    // Through the store on this connection and on a fresh one, so nothing is served from memory.
    for (int pass = 0; pass < 2; ++pass) {
        const bool saved = pass == 1;
        if (saved)
            QVERIFY(m_store->saveMessage(failed).ok());
        SqliteDatabase other;
        QVERIFY(other.open(filePath()).ok());
        ConversationStore otherStore(other);
        for (ConversationStore *store : {m_store.get(), &otherStore}) {
            const auto conversation = store->conversation(id);
            QVERIFY(conversation.ok());
            QVERIFY2(difference(conversation.value().title, text).isEmpty(),
                     qPrintable(difference(conversation.value().title, text)));
            QVERIFY(conversation.value().model == text);

            const auto messages = store->messages(id);
            QVERIFY(messages.ok());
            QCOMPARE(messages.value().size(), 2);
            const ChatMessage &user = messages.value().at(0);
            const ChatMessage &assistant = messages.value().at(1);
            QVERIFY2(difference(user.content, text).isEmpty(),
                     qPrintable(difference(user.content, text)));
            QVERIFY(assistant.model == text);
            const QString content = saved ? failed.content : text;
            QVERIFY2(difference(assistant.content, content).isEmpty(),
                     qPrintable(difference(assistant.content, content)));
            QVERIFY2(difference(assistant.reasoning, reasoning).isEmpty(),
                     qPrintable(difference(assistant.reasoning, reasoning)));
            if (saved)
                QVERIFY2(difference(assistant.error, text).isEmpty(),
                         qPrintable(difference(assistant.error, text)));
        }
    }
}

void TestConversationStore::readOnlyDatabaseGivesErrors()
{
    const qint64 id = newConversation(QStringLiteral("Original"));
    const auto exchange = m_store->addExchange(id, QStringLiteral("q"), QStringLiteral("m"));
    QVERIFY(exchange.ok());
    const qint64 assistantId = exchange.value().assistant.id;

    // A second connection on the same file stays writable and is used to check the file.
    SqliteDatabase observer;
    QVERIFY(observer.open(filePath()).ok());
    QCOMPARE(run(sql(), QStringLiteral("PRAGMA query_only = 1")), QString());

    ChatMessage message = exchange.value().assistant;
    message.content = QStringLiteral("final");
    message.state = MessageState::Complete;

    const QList<std::pair<const char *, std::function<QString()>>> writes = {
        {"createConversation",
         [&] {
             return errorOf(m_store->createConversation(QStringLiteral("No")));
         }},
        {"renameConversation",
         [&] {
             return errorOf(m_store->renameConversation(id, QStringLiteral("No")));
         }},
        {"deleteConversation",
         [&] {
             return errorOf(m_store->deleteConversation(id));
         }},
        {"addExchange",
         [&] {
             return errorOf(m_store->addExchange(id, QStringLiteral("q2"), QStringLiteral("m")));
         }},
        {"saveProgress",
         [&] {
             return errorOf(m_store->saveProgress(assistantId, QStringLiteral("p"), QString()));
         }},
        {"saveMessage",
         [&] {
             return errorOf(m_store->saveMessage(message));
         }},
        {"markStreamingInterrupted",
         [&] {
             return errorOf(m_store->markStreamingInterrupted());
         }},
    };
    for (const auto &[name, write] : writes) {
        const QString error = write();
        QVERIFY2(!error.isEmpty(), name);
    }

    // Reads still work, and nothing changed on disk.
    QVERIFY(m_store->conversations().ok());
    ConversationStore check(observer);
    QCOMPARE(check.conversations().value().size(), 1);
    QCOMPARE(check.conversation(id).value().title, QStringLiteral("Original"));
    const auto messages = check.messages(id);
    QVERIFY(messages.ok());
    QCOMPARE(messages.value().size(), 2);
    QCOMPARE(messages.value().at(1).content, QString());
    QCOMPARE(messages.value().at(1).state, MessageState::Streaming);

    // Writable again, the same connection works: no transaction was left open by the failures.
    QCOMPARE(run(sql(), QStringLiteral("PRAGMA query_only = 0")), QString());
    QVERIFY(m_store->saveMessage(message).ok());
    QVERIFY(m_store->addExchange(id, QStringLiteral("q2"), QStringLiteral("m")).ok());
    QCOMPARE(check.messages(id).value().size(), 4);
}

QTEST_GUILESS_MAIN(TestConversationStore)
#include "tst_conversationstore.moc"
