#include "store/conversationstore.h"
#include "store/sqlitedatabase.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QVariant>

#include <memory>

#include <unistd.h>

namespace {

// A plain QSQLITE connection that knows nothing of Confab: it sees the file as another program
// (or an older Confab) would, without Database's pragmas or migrations.
class RawConnection
{
public:
    explicit RawConnection(const QString &path)
        : m_name(QStringLiteral("raw-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_open = db.open();
    }
    ~RawConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    bool isOpen() const { return m_open; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
    bool m_open = false;
};

// Runs one statement; an empty string means success, otherwise the driver's error.
QString run(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return q.lastError().text() + QStringLiteral(" [") + sql + QStringLiteral("]");
    return {};
}

// The first column of the first row of a query, or an invalid QVariant.
QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

// Everything the schema consists of, in a stable order, to compare two files.
QStringList schemaOf(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    QStringList out;
    if (!q.exec(QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_master "
                               "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")))
        return {QStringLiteral("error: ") + q.lastError().text()};
    while (q.next()) {
        out << q.value(0).toString() + QLatin1Char('|') + q.value(1).toString() + QLatin1Char('|') +
                   q.value(2).toString() + QLatin1Char('|') + q.value(3).toString();
    }
    return out;
}

// A column as "TYPE NOT NULL DEFAULT value" (PRAGMA table_info), or empty if there is none.
QString columnOf(const QSqlDatabase &db, const QString &table, const QString &column)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)))
        return {};
    while (q.next()) {
        if (q.value(1).toString() != column)
            continue;
        QString out = q.value(2).toString();
        if (q.value(3).toInt() == 1)
            out += QStringLiteral(" NOT NULL");
        if (!q.value(4).isNull())
            out += QStringLiteral(" DEFAULT ") + q.value(4).toString();
        return out;
    }
    return {};
}

// Sets an environment variable for one scope and puts the old value back afterwards.
class EnvGuard
{
public:
    EnvGuard(const char *name, const QByteArray &value)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_old(qgetenv(name))
    {
        qputenv(name, value);
    }
    ~EnvGuard()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    EnvGuard(const EnvGuard &) = delete;
    EnvGuard &operator=(const EnvGuard &) = delete;

private:
    const char *m_name;
    bool m_had;
    QByteArray m_old;
};

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void openCreatesFileAndMigrates();
    void pragmas();
    void reopenIsNoOp();
    void migratesFromEveryEarlierVersion_data();
    void migratesFromEveryEarlierVersion();
    void newerFileIsAnError();
    void targetBeyondLatestIsAnError();
    void failedMigrationRollsBack();
    void defaultPathHonoursXdgDataHome();
    void unwritableFolderIsAnError_data();
    void unwritableFolderIsAnError();

private:
    QString filePath() const { return m_dir->filePath(QStringLiteral("confab.sqlite3")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestDatabase::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
}

void TestDatabase::cleanup()
{
    m_dir.reset();
}

void TestDatabase::openCreatesFileAndMigrates()
{
    QVERIFY(SqliteDatabase::latestVersion() >= 2);
    QCOMPARE(SqliteDatabase::latestVersion(), int(SqliteDatabase::migrations().size()));
    QVERIFY(!QFileInfo::exists(filePath()));

    SqliteDatabase db;
    QVERIFY(!db.isOpen());
    const VoidResult opened = db.open(filePath());
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
    QVERIFY(db.isOpen());
    QCOMPARE(db.path(), filePath());
    QVERIFY(QFileInfo(filePath()).isFile());
    QCOMPARE(db.userVersion(), SqliteDatabase::latestVersion());

    // The tables the store needs are there and usable.
    QCOMPARE(run(db.connection(), QStringLiteral("SELECT id, title, model, system_prompt, "
                                                 "created_at, updated_at FROM conversations")),
             QString());
    QCOMPARE(run(db.connection(),
                 QStringLiteral("SELECT id, conversation_id, role, content, reasoning, state, "
                                "model, error, prompt_tokens, completion_tokens, created_at, "
                                "updated_at FROM messages")),
             QString());

    db.close();
    QVERIFY(!db.isOpen());

    // The version is in the file, not only in the connection.
    RawConnection raw(filePath());
    QVERIFY(raw.isOpen());
    QCOMPARE(scalar(raw.db(), QStringLiteral("PRAGMA user_version")).toInt(),
             SqliteDatabase::latestVersion());
}

void TestDatabase::pragmas()
{
    SqliteDatabase db;
    const VoidResult opened = db.open(filePath());
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
    QCOMPARE(scalar(db.connection(), QStringLiteral("PRAGMA journal_mode")).toString(),
             QStringLiteral("wal"));
    QCOMPARE(scalar(db.connection(), QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    QVERIFY(scalar(db.connection(), QStringLiteral("PRAGMA busy_timeout")).toInt() > 0);

    // WAL is a property of the file: a connection that sets nothing sees it too, while
    // foreign_keys is per connection and stays off there (SQLite's default).
    RawConnection raw(filePath());
    QVERIFY(raw.isOpen());
    QCOMPARE(scalar(raw.db(), QStringLiteral("PRAGMA journal_mode")).toString(),
             QStringLiteral("wal"));
    QCOMPARE(scalar(raw.db(), QStringLiteral("PRAGMA foreign_keys")).toInt(), 0);
}

void TestDatabase::reopenIsNoOp()
{
    qint64 conversationId = 0;
    {
        SqliteDatabase db;
        const VoidResult opened = db.open(filePath());
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
        ConversationStore store(db);
        const auto created = store.createConversation(QStringLiteral("Kept"));
        QVERIFY(created.ok());
        conversationId = created.value().id;
        QVERIFY(
            store.addExchange(conversationId, QStringLiteral("hello"), QStringLiteral("m")).ok());
    }
    const QStringList schemaBefore = [&] {
        RawConnection raw(filePath());
        return schemaOf(raw.db());
    }();
    QVERIFY(!schemaBefore.isEmpty());

    SqliteDatabase db;
    // Twice on the same object and once more on a new one: none of them may re-run a step
    // (creating the tables again would fail) or lose data.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const VoidResult opened = db.open(filePath());
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
        QCOMPARE(db.userVersion(), SqliteDatabase::latestVersion());
    }
    SqliteDatabase other;
    const VoidResult opened = other.open(filePath());
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
    QCOMPARE(other.userVersion(), SqliteDatabase::latestVersion());
    QCOMPARE(schemaOf(other.connection()), schemaBefore);

    ConversationStore store(other);
    const auto conversations = store.conversations();
    QVERIFY(conversations.ok());
    QCOMPARE(conversations.value().size(), 1);
    QCOMPARE(conversations.value().first().title, QStringLiteral("Kept"));
    const auto messages = store.messages(conversationId);
    QVERIFY(messages.ok());
    QCOMPARE(messages.value().size(), 2);
    QCOMPARE(messages.value().first().content, QStringLiteral("hello"));
}

void TestDatabase::migratesFromEveryEarlierVersion_data()
{
    QTest::addColumn<int>("fromVersion");
    for (int v = 0; v < SqliteDatabase::latestVersion(); ++v)
        QTest::addRow("from v%d", v) << v;
}

void TestDatabase::migratesFromEveryEarlierVersion()
{
    QFETCH(int, fromVersion);

    // The schema a new install gets, to compare the upgraded file against.
    QStringList freshSchema;
    {
        SqliteDatabase fresh;
        const VoidResult opened = fresh.open(m_dir->filePath(QStringLiteral("fresh.sqlite3")));
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
        freshSchema = schemaOf(fresh.connection());
    }

    const bool hasData = fromVersion >= 1;
    {
        SqliteDatabase old;
        const VoidResult opened = old.open(filePath(), fromVersion);
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
        QCOMPARE(old.userVersion(), fromVersion);
        if (fromVersion < 2) {
            // The reasoning column must not exist yet, or this is not a v0/v1 file.
            QVERIFY(
                !run(old.connection(), QStringLiteral("SELECT reasoning FROM messages")).isEmpty());
        }
        if (fromVersion < 3) {
            QVERIFY(!run(old.connection(), QStringLiteral("SELECT usage_estimated FROM messages"))
                         .isEmpty());
        }
        if (hasData) {
            // Written with the columns version 1 had, as that version of Confab wrote them.
            QCOMPARE(run(old.connection(),
                         QStringLiteral("INSERT INTO conversations (id, title, model, "
                                        "created_at, updated_at) VALUES (7, 'Old chat', 'gpt-x', "
                                        "1000, 2000)")),
                     QString());
            QCOMPARE(run(old.connection(),
                         QStringLiteral("INSERT INTO messages (conversation_id, role, content, "
                                        "state, model, prompt_tokens, created_at, updated_at) "
                                        "VALUES (7, 'user', 'question', 'complete', '', NULL, "
                                        "1000, 1000), (7, 'assistant', 'answer', 'stopped', "
                                        "'gpt-x', 12, 1500, 2000)")),
                     QString());
        }
    }

    SqliteDatabase db;
    const VoidResult opened = db.open(filePath());
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
    QCOMPARE(db.userVersion(), SqliteDatabase::latestVersion());
    QCOMPARE(schemaOf(db.connection()), freshSchema);

    // The v2 and v3 columns exist, NOT NULL with their defaults.
    QCOMPARE(columnOf(db.connection(), QStringLiteral("messages"), QStringLiteral("reasoning")),
             QStringLiteral("TEXT NOT NULL DEFAULT ''"));
    QCOMPARE(
        columnOf(db.connection(), QStringLiteral("messages"), QStringLiteral("usage_estimated")),
        QStringLiteral("INTEGER NOT NULL DEFAULT 0"));

    ConversationStore store(db);
    if (hasData) {
        const auto conversation = store.conversation(7);
        QVERIFY2(conversation.ok(),
                 qPrintable(conversation.ok() ? QString() : conversation.error()));
        QCOMPARE(conversation.value().title, QStringLiteral("Old chat"));
        QCOMPARE(conversation.value().model, QStringLiteral("gpt-x"));
        QCOMPARE(conversation.value().systemPrompt, QString());
        QCOMPARE(conversation.value().updatedAt.toMSecsSinceEpoch(), 2000);

        const auto messages = store.messages(7);
        QVERIFY(messages.ok());
        QCOMPARE(messages.value().size(), 2);
        const ChatMessage &user = messages.value().at(0);
        const ChatMessage &assistant = messages.value().at(1);
        QCOMPARE(user.role, ChatMessage::Role::User);
        QCOMPARE(user.content, QStringLiteral("question"));
        QCOMPARE(user.reasoning, QString());
        QCOMPARE(user.promptTokens, -1);
        QCOMPARE(assistant.role, ChatMessage::Role::Assistant);
        QCOMPARE(assistant.content, QStringLiteral("answer"));
        QCOMPARE(assistant.reasoning, QString());
        QCOMPARE(assistant.state, MessageState::Stopped);
        QCOMPARE(assistant.promptTokens, 12);
        QCOMPARE(assistant.completionTokens, -1);
        QVERIFY(!assistant.usageEstimated); // what an older version stored came from the server
        QCOMPARE(assistant.createdAt.toMSecsSinceEpoch(), 1500);
    }

    // And the upgraded file takes new writes.
    const auto created = store.createConversation(QStringLiteral("New"));
    QVERIFY(created.ok());
    const auto exchange =
        store.addExchange(created.value().id, QStringLiteral("q"), QStringLiteral("m"));
    QVERIFY2(exchange.ok(), qPrintable(exchange.ok() ? QString() : exchange.error()));
    ChatMessage reply = exchange.value().assistant;
    reply.promptTokens = 30;
    reply.completionTokens = 4;
    reply.usageEstimated = true;
    QVERIFY(store.saveMessage(reply).ok());
    QVERIFY(store
                .saveProgress(exchange.value().assistant.id, QStringLiteral("a"),
                              QStringLiteral("thinking"))
                .ok());
    const auto messages = store.messages(created.value().id);
    QVERIFY(messages.ok());
    QCOMPARE(messages.value().size(), 2);
    QCOMPARE(messages.value().at(1).reasoning, QStringLiteral("thinking"));
    QCOMPARE(messages.value().at(1).promptTokens, 30);
    QCOMPARE(messages.value().at(1).completionTokens, 4);
    QVERIFY(messages.value().at(1).usageEstimated);
    QVERIFY(!messages.value().at(0).usageEstimated);
}

void TestDatabase::newerFileIsAnError()
{
    const int newer = SqliteDatabase::latestVersion() + 1;
    {
        RawConnection raw(filePath());
        QVERIFY(raw.isOpen());
        QCOMPARE(run(raw.db(), QStringLiteral("CREATE TABLE future (x)")), QString());
        QCOMPARE(run(raw.db(), QStringLiteral("PRAGMA user_version = %1").arg(newer)), QString());
    }

    SqliteDatabase db;
    const VoidResult opened = db.open(filePath());
    QVERIFY(!opened.ok());
    QVERIFY2(opened.error().contains(QStringLiteral("newer")), qPrintable(opened.error()));
    QVERIFY2(opened.error().contains(filePath()), qPrintable(opened.error()));
    QVERIFY(!db.isOpen()); // a file we cannot use is not left open

    // Nothing was touched: the version and the unknown table are as the newer app left them.
    RawConnection raw(filePath());
    QCOMPARE(scalar(raw.db(), QStringLiteral("PRAGMA user_version")).toInt(), newer);
    QCOMPARE(scalar(raw.db(), QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = "
                                             "'conversations'"))
                 .toInt(),
             0);
    QCOMPARE(run(raw.db(), QStringLiteral("SELECT x FROM future")), QString());
}

void TestDatabase::targetBeyondLatestIsAnError()
{
    // A programming error, but still an error value rather than a read past the list's end.
    SqliteDatabase db;
    const VoidResult opened = db.open(filePath(), SqliteDatabase::latestVersion() + 1);
    QVERIFY(!opened.ok());
    QVERIFY(!opened.error().isEmpty());
    QVERIFY(!db.isOpen());
    RawConnection raw(filePath());
    QCOMPARE(scalar(raw.db(), QStringLiteral("PRAGMA user_version")).toInt(), 0);
}

void TestDatabase::failedMigrationRollsBack()
{
    {
        RawConnection raw(filePath());
        QVERIFY(raw.isOpen());
        // Step 1 creates "conversations" and then "messages"; this makes the second fail.
        QCOMPARE(run(raw.db(), QStringLiteral("CREATE TABLE messages (x TEXT)")), QString());
        QCOMPARE(run(raw.db(), QStringLiteral("INSERT INTO messages VALUES ('mine')")), QString());
        QCOMPARE(scalar(raw.db(), QStringLiteral("PRAGMA user_version")).toInt(), 0);
    }

    SqliteDatabase db;
    const VoidResult opened = db.open(filePath());
    QVERIFY(!opened.ok());
    QVERIFY2(opened.error().contains(QStringLiteral("messages")), qPrintable(opened.error()));
    QVERIFY(!db.isOpen());

    RawConnection raw(filePath());
    QCOMPARE(scalar(raw.db(), QStringLiteral("PRAGMA user_version")).toInt(), 0);
    // The table the step created before it failed is gone again; the file is as it was.
    QCOMPARE(scalar(raw.db(), QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = "
                                             "'conversations'"))
                 .toInt(),
             0);
    QCOMPARE(scalar(raw.db(), QStringLiteral("SELECT x FROM messages")).toString(),
             QStringLiteral("mine"));
}

void TestDatabase::defaultPathHonoursXdgDataHome()
{
    const QString first = m_dir->filePath(QStringLiteral("data-one"));
    const QString second = m_dir->filePath(QStringLiteral("data-two"));
    {
        EnvGuard env("XDG_DATA_HOME", QFile::encodeName(first));
        QCOMPARE(SqliteDatabase::defaultPath(), first + QStringLiteral("/confab/confab.sqlite3"));
    }
    EnvGuard env("XDG_DATA_HOME", QFile::encodeName(second));
    const QString path = SqliteDatabase::defaultPath();
    // Read again on each call, not cached from the first one.
    QCOMPARE(path, second + QStringLiteral("/confab/confab.sqlite3"));

    // The folder does not exist yet; opening creates it.
    QVERIFY(!QFileInfo::exists(second));
    SqliteDatabase db;
    const VoidResult opened = db.open(path);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
    QVERIFY(QFileInfo(path).isFile());
    QCOMPARE(db.userVersion(), SqliteDatabase::latestVersion());
}

void TestDatabase::unwritableFolderIsAnError_data()
{
    QTest::addColumn<QString>("relativePath");
    QTest::newRow("file in the folder") << QStringLiteral("confab.sqlite3");
    QTest::newRow("subfolder to create") << QStringLiteral("confab/confab.sqlite3");
}

void TestDatabase::unwritableFolderIsAnError()
{
    QFETCH(QString, relativePath);
    if (geteuid() == 0)
        QSKIP("Permissions do not stop root.");

    const QString folder = m_dir->filePath(QStringLiteral("locked"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
    const auto restore = qScopeGuard([&] {
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    });

    const QString path = folder + QLatin1Char('/') + relativePath;
    SqliteDatabase db;
    const VoidResult opened = db.open(path);
    QVERIFY(!opened.ok());
    QVERIFY(!opened.error().isEmpty());
    QVERIFY(!QFileInfo::exists(path));
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
