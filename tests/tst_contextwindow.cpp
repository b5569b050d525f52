// Fitting a request into the model's context: the table of limits, the
// trimming rule, and a real send through ChatSession to a fake server, which
// must receive only the system prompt and the newest turns, with the chat
// saying how many were left out.
#include "api/chatclient.h"
#include "catalogue/modelcatalogue.h"
#include "context/contextlimits.h"
#include "context/contexttrimmer.h"
#include "costs/spendingledger.h"
#include "fakeopenaiserver.h"
#include "models/conversationlistmodel.h"
#include "secrets/apikeys.h"
#include "secrets/memorysecretstore.h"
#include "session/chatsession.h"
#include "session/sessionregistry.h"
#include "settings/appsettings.h"
#include "store/conversationstore.h"
#include "store/sqlitedatabase.h"
#include "tokenizer/tokenizers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

ChatRequest::Turn turn(const char *role, const QString &content)
{
    return {QLatin1String(role), content};
}

// "role: content" lines, comparable and printable.
QStringList flat(const QList<ChatRequest::Turn> &turns)
{
    QStringList out;
    for (const ChatRequest::Turn &t : turns)
        out << t.role + QStringLiteral(": ") + t.content.left(40);
    return out;
}

} // namespace

class TestContextWindow : public QObject
{
    Q_OBJECT

private:
    Tokenizers m_tokenizers;

    RequestTokenCounter counter()
    {
        RequestTokenCounter c;
        c.setTokenizer(m_tokenizers.forEncoding(Tokenizer::Encoding::O200kBase).value());
        return c;
    }

private slots:
    void limitsByLongestName_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("tokens"); // 0: unknown
        QTest::newRow("gpt-4o") << QStringLiteral("gpt-4o") << 128000;
        QTest::newRow("gpt-4o-mini") << QStringLiteral("gpt-4o-mini-2024-07-18") << 128000;
        QTest::newRow("gpt-4") << QStringLiteral("gpt-4-0613") << 8192;
        QTest::newRow("gpt-4-32k") << QStringLiteral("gpt-4-32k") << 32768;
        QTest::newRow("gpt-4-turbo") << QStringLiteral("gpt-4-turbo-2024-04-09") << 128000;
        QTest::newRow("gpt-4.1") << QStringLiteral("openai/GPT-4.1-mini") << 1047576;
        QTest::newRow("o1-mini before o1") << QStringLiteral("o1-mini") << 128000;
        QTest::newRow("o1") << QStringLiteral("o1-2024-12-17") << 200000;
        QTest::newRow("not a prefix of a word") << QStringLiteral("o100") << 0;
        QTest::newRow("newer gpt-4 family unknown") << QStringLiteral("gpt-4.7") << 0;
        QTest::newRow("local model") << QStringLiteral("llama3.1:8b") << 0;
    }
    void limitsByLongestName()
    {
        QFETCH(QString, model);
        QFETCH(int, tokens);
        const ContextLimits windows;
        QCOMPARE(windows.contextFor(model).value_or(0), tokens);
    }

    void editsAreStored()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        {
            ContextLimits windows(&settings);
            windows.setTable({{QStringLiteral("Llama3.1"), 131072}, {QStringLiteral("bad"), 0}});
            windows.setReplyReserve(1000);
        }
        ContextLimits again(&settings);
        QCOMPARE(again.table(),
                 (QList<ContextLimits::Entry>{{QStringLiteral("llama3.1"), 131072}}));
        QCOMPARE(again.contextFor(u"llama3.1:8b"), std::nullopt); // ":" is not "-"
        QCOMPARE(again.contextFor(u"llama3.1-8b").value_or(0), 131072);
        QCOMPARE(again.promptBudgetFor(u"llama3.1").value_or(0), 131072 - 1000);
        QCOMPARE(again.contextFor(u"gpt-4o"), std::nullopt); // the table was replaced
        again.resetToDefaults();
        QCOMPARE(ContextLimits(&settings).table(), ContextLimits::defaults());
        QCOMPARE(ContextLimits(&settings).replyReserve(), ContextLimits::kDefaultReplyReserve);
    }

    // A reply may take up to max tokens: the server refuses a prompt that
    // leaves it less room, so the reserve is at least that.
    void maxTokensWidenTheReplyReserve()
    {
        ContextLimits windows;
        windows.setTable({{QStringLiteral("small-model"), 1200}});
        windows.setReplyReserve(200);
        QCOMPARE(windows.replyReserveFor(0), 200); // max tokens unset
        QCOMPARE(windows.replyReserveFor(100), 200);
        QCOMPARE(windows.replyReserveFor(500), 500);
        QCOMPARE(windows.promptBudgetFor(u"small-model").value_or(0), 1000);
        QCOMPARE(windows.promptBudgetFor(u"small-model", 100).value_or(0), 1000);
        QCOMPARE(windows.promptBudgetFor(u"small-model", 500).value_or(0), 700);
        QCOMPARE(windows.promptBudgetFor(u"small-model", 1100).value_or(0), 300); // a quarter
        QCOMPARE(windows.promptBudgetFor(u"unknown-model", 500), std::nullopt);
    }

    void keepsSystemAndNewestTurns()
    {
        RequestTokenCounter c = counter();
        const QString longText = QStringLiteral("word ").repeated(200); // ~200 tokens
        const QList<ChatRequest::Turn> turns = {turn("system", QStringLiteral("Be brief.")),
                                                turn("user", longText),
                                                turn("assistant", longText),
                                                turn("user", longText),
                                                turn("assistant", longText),
                                                turn("user", QStringLiteral("And now?"))};
        const qsizetype all = c.count(turns.mid(0, 5), turns.last().content).request;

        ContextTrimmer::Result everything = ContextTrimmer::fit(turns, c, all);
        QCOMPARE(everything.omitted, 0);
        QCOMPARE(everything.turns.size(), turns.size());
        QCOMPARE(everything.tokens, all);

        // One token short: the oldest turn after the system prompt goes.
        ContextTrimmer::Result fitted = ContextTrimmer::fit(turns, c, all - 1);
        QCOMPARE(fitted.omitted, 1);
        QCOMPARE(fitted.turns.first().role, QStringLiteral("system"));
        QCOMPARE(flat(fitted.turns.mid(1)), flat(turns.mid(2)));
        QVERIFY(fitted.tokens <= all - 1);

        // Room for nothing but what must go: system prompt and new message.
        ContextTrimmer::Result tight = ContextTrimmer::fit(turns, c, 10);
        QCOMPARE(tight.omitted, 4);
        QCOMPARE(flat(tight.turns), flat({turns.first(), turns.last()}));

        // A continuation keeps its last turns together.
        ContextTrimmer::Result continued = ContextTrimmer::fit(turns, c, 10, 3);
        QCOMPARE(continued.omitted, 2);
        QCOMPARE(flat(continued.turns.mid(1)), flat(turns.mid(3)));
    }

    void aSendLeavesOutTheOldestTurns()
    {
        QTemporaryDir dir;
        SqliteDatabase database;
        QVERIFY(database.open(dir.filePath(QStringLiteral("c.sqlite3"))));
        ConversationStore store(database);
        FakeOpenAiServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        ChatClient client(&network);
        MemorySecretStore secrets;
        ApiKeys keys(secrets, QStringLiteral("sk-test"));
        QSettings qsettings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        AppSettings settings(&qsettings, QString());
        settings.setBaseUrl(server.baseUrl());
        settings.setModel(QStringLiteral("small-model"));
        settings.setSystemPrompt(QStringLiteral("You are a test."));
        ModelCatalogue catalogue;
        catalogue.setTables({{QStringLiteral("small-model"), 1200}}, 200,
                            {}); // 1000 tokens for the prompt
        SpendingLedger spending;
        ConversationListModel conversations;
        SessionRegistry registry({store, client, keys, settings, m_tokenizers, catalogue, spending},
                                 conversations);
        ChatSession *session = registry.newChat();

        // Five exchanges of about 300 tokens each: only the newest fit.
        const QString longText = QStringLiteral("tokens ").repeated(150);
        for (int i = 0; i < 5; ++i) {
            server.enqueue(FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({longText})));
            QSignalSpy done(session, &ChatSession::streamingChanged);
            QVERIFY(session->send(QStringLiteral("Question %1: ").arg(i) + longText));
            QTRY_VERIFY(!session->isStreaming());
        }
        const QJsonArray sent = QJsonDocument::fromJson(server.requests().last().body)
                                    .object()
                                    .value(QLatin1String("messages"))
                                    .toArray();
        QCOMPARE(sent.first().toObject().value(QLatin1String("role")).toString(),
                 QStringLiteral("system"));
        QVERIFY(sent.last()
                    .toObject()
                    .value(QLatin1String("content"))
                    .toString()
                    .startsWith(QLatin1String("Question 4")));
        const int omitted = 1 + 2 * 4 + 1 - int(sent.size()); // system + 8 earlier + new
        QVERIFY2(omitted > 0 && sent.size() >= 3, qPrintable(QString::number(sent.size())));

        // What was sent fits the budget, counted as the server would.
        QList<ChatRequest::Turn> turns;
        for (const QJsonValue &v : sent) {
            turns.append({v.toObject().value(QLatin1String("role")).toString(),
                          v.toObject().value(QLatin1String("content")).toString()});
        }
        RequestTokenCounter c = counter();
        QVERIFY(c.count(turns.mid(0, turns.size() - 1), turns.last().content).request <= 1000);

        // The chat says it, on the message that was sent with less history.
        const QList<ChatMessage> &messages = session->model()->messages();
        const QModelIndex question = session->model()->index(int(messages.size()) - 2);
        const QString note = question.data(MessageListModel::TransientStatusRole).toString();
        QVERIFY2(note.contains(QString::number(omitted)), qPrintable(note));
        // With max tokens set above the reserve, the reply keeps that much
        // room: the next request leaves out more, and says so.
        QCOMPARE(session->pendingPromptBudget().value_or(0), 1000);
        settings.setMaxTokens(500);
        QCOMPARE(session->pendingPromptBudget().value_or(0), 700);
        server.enqueue(FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({longText})));
        QVERIFY(session->send(QStringLiteral("Question 5: ") + longText));
        QTRY_VERIFY(!session->isStreaming());
        const QJsonObject last = QJsonDocument::fromJson(server.requests().last().body).object();
        QCOMPARE(last.value(QLatin1String("max_tokens")).toInt(), 500);
        QList<ChatRequest::Turn> lastTurns;
        for (const QJsonValue &v : last.value(QLatin1String("messages")).toArray()) {
            lastTurns.append({v.toObject().value(QLatin1String("role")).toString(),
                              v.toObject().value(QLatin1String("content")).toString()});
        }
        const qsizetype lastTokens =
            c.count(lastTurns.mid(0, lastTurns.size() - 1), lastTurns.last().content).request;
        QVERIFY2(lastTokens <= 700 && lastTokens > 300, qPrintable(QString::number(lastTokens)));
        const QString lastNote = session->model()
                                     ->index(session->model()->rowCount() - 2)
                                     .data(MessageListModel::TransientStatusRole)
                                     .toString();
        QVERIFY2(lastNote.contains(QLocale().toString(500)), qPrintable(lastNote));

        // The first request had room for everything.
        QCOMPARE(QJsonDocument::fromJson(server.requests().first().body)
                     .object()
                     .value(QLatin1String("messages"))
                     .toArray()
                     .size(),
                 2);
    }
};

QTEST_GUILESS_MAIN(TestContextWindow)
#include "tst_contextwindow.moc"
