// What replies cost, through a real session against the fake server: an
// estimate made without usage is stored with the reply and outlives a
// restart; a continued reply adds its requests' usage up and the ledger
// counts each request once; the cost under the composer covers every stored
// message, not only the loaded page.
#include "chatworld.h"
#include "costs/pricetable.h"
#include "costs/spendingledger.h"
#include "session/chatsession.h"
#include "tokencountlabel.h"
#include "tokenizer/requesttokencounter.h"
#include "tokenizer/tokenizers.h"

#include <QJsonArray>
#include <QPlainTextEdit>
#include <QTest>

class TestReplyCost : public QObject
{
    Q_OBJECT

private:
    static constexpr auto kModel = u"priced-model";

    struct World : ChatWorld
    {
        bool setUp()
        {
            if (!ChatWorld::setUp({.model = QStringLiteral("priced-model")}))
                return false;
            setPrices({{QStringLiteral("priced-model"), 1.0, 2.0}});
            return true;
        }
        double cost(qint64 prompt, qint64 completion) const
        {
            return catalogue->prices().cost(kModel, prompt, completion).value_or(-1);
        }
        double spentToday() const { return spending->spentOn(QDate::currentDate()); }
        // The tokenizer's count of a request the server received, as
        // ChatSession estimates one.
        int promptOf(int request)
        {
            QList<ChatRequest::Turn> turns;
            const QJsonArray sent =
                server.requests().at(request).json().value(QLatin1String("messages")).toArray();
            for (const QJsonValue &v : sent) {
                turns.append(
                    {v[QLatin1String("role")].toString(), v[QLatin1String("content")].toString()});
            }
            return requestTokens(turns);
        }
        int requestTokens(const QList<ChatRequest::Turn> &turns)
        {
            RequestTokenCounter counter;
            counter.setTokenizer(tokenizers.forModel(kModel).value());
            return int(counter.count(turns, QString()).request);
        }
        int tokensOf(const QString &text)
        {
            return int(tokenizers.forModel(kModel).value()->count(text));
        }
    };
    std::unique_ptr<World> m_world;

    static QModelIndex lastRow(ChatSession *session)
    {
        return session->model()->index(session->model()->rowCount() - 1);
    }

private slots:
    void init()
    {
        m_world = std::make_unique<World>();
        QVERIFY2(m_world->setUp(), qPrintable(m_world->errorString()));
    }
    void cleanup() { m_world.reset(); }

    void anEstimateIsStoredAndOutlivesARestart()
    {
        World &w = *m_world;
        const QString answer = QStringLiteral("A longer answer, with several words in it.");
        w.server.enqueue(FakeOpenAiServer::sse(
            FakeOpenAiServer::chatStream({answer}, QStringLiteral("stop"), false)));
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("How long?")));
        QTRY_VERIFY(!session->isStreaming());

        // The tokenizer's count of what was sent and received, marked.
        const ChatMessage stored = w.stored(session->conversationId()).at(1);
        QVERIFY(stored.usageEstimated);
        QCOMPARE(stored.promptTokens, w.promptOf(0));
        QCOMPARE(stored.completionTokens, w.tokensOf(answer));
        const double dollars = w.cost(stored.promptTokens, stored.completionTokens);
        QCOMPARE(lastRow(session).data(MessageListModel::CostRole).toDouble(), dollars);
        QCOMPARE(lastRow(session).data(MessageListModel::CostEstimatedRole).toBool(), true);
        QCOMPARE(w.spentToday(), dollars);

        // Quit and start again: the reply still shows what it cost, as an estimate.
        const qint64 id = session->conversationId();
        w.makeRegistry();
        Result<ChatSession *> reopened = w.registry->session(id);
        QVERIFY(reopened);
        QCOMPARE(reopened.value()->model()->rowCount(), 2);
        const QModelIndex reply = lastRow(reopened.value());
        QCOMPARE(reply.data(MessageListModel::CostRole).toDouble(), dollars);
        QCOMPARE(reply.data(MessageListModel::CostEstimatedRole).toBool(), true);
        QCOMPARE(w.spentToday(), dollars); // nothing recorded again
    }

    void reportedUsageAddsUpAcrossContinuations()
    {
        World &w = *m_world;
        // The fake server reports 10 prompt tokens and one per delta.
        w.enqueueReply({QStringLiteral("One,"), QStringLiteral(" two,")}, QStringLiteral("length"));
        w.enqueueReply(
            {QStringLiteral(" three,"), QStringLiteral(" four,"), QStringLiteral(" five.")});
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("Count to five")));
        QTRY_VERIFY(!session->isStreaming());
        const qint64 id = session->model()->messages().at(1).id;
        QCOMPARE(session->model()->messages().at(1).state, MessageState::Truncated);
        QCOMPARE(w.spentToday(), w.cost(10, 2));

        QVERIFY(session->continueGeneration(id));
        QTRY_VERIFY(!session->isStreaming());
        const ChatMessage stored = w.stored(session->conversationId()).at(1);
        QCOMPARE(stored.content, QStringLiteral("One, two, three, four, five."));
        QCOMPARE(stored.promptTokens, 20);
        QCOMPARE(stored.completionTokens, 5);
        QVERIFY(!stored.usageEstimated);
        QCOMPARE(lastRow(session).data(MessageListModel::CostRole).toDouble(), w.cost(20, 5));
        QCOMPARE(lastRow(session).data(MessageListModel::CostEstimatedRole).toBool(), false);
        // Each request once: what the reply shows is what was recorded.
        QCOMPARE(w.spentToday(), w.cost(10, 2) + w.cost(10, 3));
    }

    void aContinuationEstimatesOnlyItsOwnText()
    {
        World &w = *m_world;
        const QString first = QStringLiteral("The answer to everything is");
        const QString rest = QStringLiteral(" forty-two, as the book says.");
        w.server.enqueue(FakeOpenAiServer::sse(
            FakeOpenAiServer::chatStream({first}, QStringLiteral("length"), false)));
        w.server.enqueue(FakeOpenAiServer::sse(
            FakeOpenAiServer::chatStream({rest}, QStringLiteral("stop"), false)));
        ChatSession *session = w.newSession();
        QVERIFY(session->send(QStringLiteral("What is the answer?")));
        QTRY_VERIFY(!session->isStreaming());
        const qint64 id = session->model()->messages().at(1).id;
        const double firstCost = w.cost(w.promptOf(0), w.tokensOf(first));
        QCOMPARE(w.spentToday(), firstCost);

        QVERIFY(session->continueGeneration(id));
        QTRY_VERIFY(!session->isStreaming());
        const ChatMessage stored = w.stored(session->conversationId()).at(1);
        QCOMPARE(stored.content, first + rest);
        // The second request carried the first part; its reply is only the rest.
        QCOMPARE(stored.promptTokens, w.promptOf(0) + w.promptOf(1));
        QCOMPARE(stored.completionTokens, w.tokensOf(first) + w.tokensOf(rest));
        QVERIFY(stored.usageEstimated);
        const double total = w.cost(stored.promptTokens, stored.completionTokens);
        QCOMPARE(lastRow(session).data(MessageListModel::CostRole).toDouble(), total);
        QCOMPARE(lastRow(session).data(MessageListModel::CostEstimatedRole).toBool(), true);
        QCOMPARE(w.spentToday(), firstCost + w.cost(w.promptOf(1), w.tokensOf(rest)));
        QCOMPARE(w.spentToday(), total);
    }

    // Text left by a process that died mid-reply has no usage: continued, the
    // reply's total estimates it, while the ledger gets only the new request.
    void aContinuationAfterACrashEstimatesTheEarlierText()
    {
        World &w = *m_world;
        const QString partial = QStringLiteral("Partial ans");
        const ChatMessage cut =
            w.storeCutReply(QStringLiteral("q"), partial, QStringLiteral("priced-model"));
        QVERIFY(cut.id != 0);
        QCOMPARE(cut.promptTokens, -1);
        Result<ChatSession *> session = w.registry->session(cut.conversationId);
        QVERIFY(session);
        w.enqueueReply({QStringLiteral("wer, "), QStringLiteral("complete.")});
        QVERIFY(session.value()->continueGeneration(cut.id));
        QTRY_VERIFY(!session.value()->isStreaming());

        const ChatMessage stored = w.stored(cut.conversationId).at(1);
        QCOMPARE(stored.content, QStringLiteral("Partial answer, complete."));
        const int earlierPrompt = w.requestTokens({{QStringLiteral("user"), QStringLiteral("q")}});
        QCOMPARE(stored.promptTokens, earlierPrompt + 10);
        QCOMPARE(stored.completionTokens, w.tokensOf(partial) + 2);
        QVERIFY(stored.usageEstimated);
        QCOMPARE(w.spentToday(), w.cost(10, 2));
    }

    // The model holds the newest 60 messages; the chat's cost is all of them,
    // and counted again when a reply ends.
    void theChatsCostCoversEveryStoredMessage()
    {
        World &w = *m_world;
        constexpr int kExchanges = 50;
        double expected = 0;
        const qint64 id = w.storeConversation(kExchanges, QStringLiteral("priced-model"),
                                              [&](ChatMessage &answer, int i) {
                                                  answer.promptTokens = 100 + i;
                                                  answer.completionTokens = 10;
                                                  expected += w.cost(100 + i, 10);
                                              });
        QVERIFY(id != 0);
        Result<ChatSession *> session = w.registry->session(id);
        QVERIFY(session);
        QCOMPARE(session.value()->model()->rowCount(), MessageListModel::kPageSize);

        TokenCountLabel label(w.tokenizers, *w.catalogue);
        QPlainTextEdit editor;
        label.setDraftEditor(&editor);
        label.setSession(session.value());
        QTRY_VERIFY(label.requestTokens() >= 0);
        QCOMPARE(label.conversationCost().replies, kExchanges);
        QCOMPARE(label.conversationCost().estimated, 0);
        QCOMPARE(label.conversationCost().dollars, expected);
        QVERIFY2(label.text().contains(QLatin1String("Chat so far: $")), qPrintable(label.text()));

        // Typing counts the draft, not the cost again; a reply that ends does.
        QTest::keyClicks(&editor, QStringLiteral("One more"));
        QTRY_VERIFY(label.draftTokens() > 0);
        QCOMPARE(label.conversationCost().replies, kExchanges);
        w.enqueueReply({QStringLiteral("Yes.")});
        QVERIFY(session.value()->send(QStringLiteral("One more")));
        QTRY_VERIFY(!session.value()->isStreaming());
        QTRY_COMPARE(label.conversationCost().replies, kExchanges + 1);
        QCOMPARE(label.conversationCost().dollars, expected + w.cost(10, 1));
    }
};

QTEST_MAIN(TestReplyCost)
#include "tst_replycost.moc"
