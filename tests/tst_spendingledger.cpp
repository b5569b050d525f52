// Spending and budgets: per-day totals, the month's, the budget warnings,
// what is stored, and a real reply recorded by ChatSession (priced from the
// server's usage, or estimated without it).
#include "api/chatclient.h"
#include "catalogue/modelcatalogue.h"
#include "costs/pricetable.h"
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

#include <QNetworkAccessManager>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class TestSpendingLedger : public QObject
{
    Q_OBJECT

private slots:
    void totalsByDayAndMonth()
    {
        SpendingLedger ledger;
        ledger.record(0.25, QDate(2026, 3, 31));
        ledger.record(1.00, QDate(2026, 4, 1));
        ledger.record(0.50, QDate(2026, 4, 1));
        ledger.record(2.00, QDate(2026, 4, 30));
        ledger.record(4.00, QDate(2026, 5, 1));
        ledger.record(-3.0, QDate(2026, 4, 2)); // nothing: costs are not negative
        QCOMPARE(ledger.spentOn(QDate(2026, 4, 1)), 1.5);
        QCOMPARE(ledger.spentOn(QDate(2026, 4, 2)), 0.0);
        QCOMPARE(ledger.spentInMonth(QDate(2026, 4, 15)), 3.5);
        QCOMPARE(ledger.spentInMonth(QDate(2025, 4, 15)), 0.0);
    }

    void budgetsWarnOnceReached()
    {
        SpendingLedger ledger;
        const QDate day(2026, 4, 10);
        QVERIFY(ledger.reachedBudget(day).isEmpty()); // no budgets
        ledger.setBudgets(1.0, 5.0);
        ledger.record(0.99, day);
        QVERIFY(ledger.reachedBudget(day).isEmpty());
        ledger.record(0.01, day);
        QVERIFY(ledger.reachedBudget(day).contains(QLatin1String("daily")));
        QVERIFY(ledger.reachedBudget(day.addDays(1)).isEmpty()); // a new day
        ledger.record(4.0, QDate(2026, 4, 2));
        QVERIFY(ledger.reachedBudget(day.addDays(1)).contains(QLatin1String("monthly")));
        QVERIFY(ledger.reachedBudget(QDate(2026, 5, 1)).isEmpty()); // a new month
    }

    void storedInSettings()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        {
            SpendingLedger ledger(&settings);
            ledger.setBudgets(2.5, 40);
            ledger.record(0.125, QDate(2026, 1, 2));
            ledger.record(0.125, QDate(2026, 1, 2));
        }
        const SpendingLedger again(&settings);
        QCOMPARE(again.dailyBudget(), 2.5);
        QCOMPARE(again.monthlyBudget(), 40.0);
        QCOMPARE(again.spentOn(QDate(2026, 1, 2)), 0.25);
    }

    void aReplyIsRecorded()
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
        settings.setModel(QStringLiteral("priced-model"));
        Tokenizers tokenizers;
        ModelCatalogue catalogue;
        catalogue.setTables({}, ContextLimits::kDefaultReplyReserve,
                            {{QStringLiteral("priced-model"), 1.0, 2.0}});
        const PriceTable &prices = catalogue.prices();
        SpendingLedger spending;
        ConversationListModel conversations;
        SessionRegistry registry({store, client, keys, settings, tokenizers, catalogue, spending},
                                 conversations);
        ChatSession *session = registry.newChat();

        // The fake server reports 10 prompt tokens and one per delta.
        server.enqueue(FakeOpenAiServer::sse(
            FakeOpenAiServer::chatStream({QStringLiteral("Hello"), QStringLiteral(" there")})));
        QVERIFY(session->send(QStringLiteral("Hi")));
        QTRY_VERIFY(!session->isStreaming());
        const QDate today = QDate::currentDate();
        QCOMPARE(spending.spentOn(today), *prices.cost(u"priced-model", 10, 2));
        // And the chat shows it with the reply.
        MessageListModel *model = session->model();
        const QModelIndex first = model->index(model->rowCount() - 1);
        QCOMPARE(first.data(MessageListModel::CostRole).toDouble(),
                 *prices.cost(u"priced-model", 10, 2));
        QCOMPARE(first.data(MessageListModel::CostEstimatedRole).toBool(), false);
        QVERIFY(!model->index(model->rowCount() - 2).data(MessageListModel::CostRole).isValid());

        // No usage: estimated with the tokenizer, so something, and more
        // for a longer reply.
        const double before = spending.spentOn(today);
        server.enqueue(FakeOpenAiServer::sse(FakeOpenAiServer::chatStream(
            {QStringLiteral("A longer answer, with several words in it.")}, QStringLiteral("stop"),
            false)));
        QVERIFY(session->send(QStringLiteral("And?")));
        QTRY_VERIFY(!session->isStreaming());
        QVERIFY(spending.spentOn(today) > before);
        const QModelIndex second = model->index(model->rowCount() - 1);
        QCOMPARE(second.data(MessageListModel::CostRole).toDouble(),
                 spending.spentOn(today) - before);
        QCOMPARE(second.data(MessageListModel::CostEstimatedRole).toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestSpendingLedger)
#include "tst_spendingledger.moc"
