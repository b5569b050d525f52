// What replies cost: the price table (matching, stored edits) and a
// conversation's total from the server's usage or, without it, from the
// tokenizer's estimate.
#include "costs/conversationcost.h"
#include "costs/pricetable.h"
#include "tokenizer/requesttokencounter.h"
#include "tokenizer/tokenizers.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

namespace {

ChatMessage reply(const QString &model, const QString &content, int prompt = -1,
                  int completion = -1)
{
    ChatMessage m;
    m.role = ChatMessage::Role::Assistant;
    m.model = model;
    m.content = content;
    m.promptTokens = prompt;
    m.completionTokens = completion;
    return m;
}

ChatMessage question(const QString &content)
{
    ChatMessage m;
    m.role = ChatMessage::Role::User;
    m.content = content;
    return m;
}

} // namespace

class TestConversationCost : public QObject
{
    Q_OBJECT

private:
    Tokenizers m_tokenizers;

private slots:
    void pricesByLongestName()
    {
        const PriceTable prices;
        const auto mini = prices.priceFor(u"gpt-4o-mini-2024-07-18");
        const auto full = prices.priceFor(u"openai/GPT-4o");
        QVERIFY(mini && full);
        QCOMPARE(mini->prefix, QStringLiteral("gpt-4o-mini"));
        QCOMPARE(full->prefix, QStringLiteral("gpt-4o"));
        QVERIFY(mini->inputPerMillion < full->inputPerMillion);
        QVERIFY(!prices.priceFor(u"llama3.1:8b"));
        QCOMPARE(prices.cost(u"gpt-4o", 1000000, 0).value_or(-1), full->inputPerMillion);
        QCOMPARE(prices.cost(u"gpt-4o", 0, 2000000).value_or(-1), 2 * full->outputPerMillion);
    }

    void editsAreStored()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        {
            PriceTable prices(&settings);
            prices.setTable({{QStringLiteral("My-Local"), 0.0, 0.0},
                             {QStringLiteral("gpt-4o"), 2.5, 10.0},
                             {QStringLiteral("broken"), -1.0, 1.0}});
        }
        PriceTable again(&settings);
        QCOMPARE(again.table(), (QList<PriceTable::Entry>{{QStringLiteral("my-local"), 0.0, 0.0},
                                                          {QStringLiteral("gpt-4o"), 2.5, 10.0}}));
        QCOMPARE(again.cost(u"my-local-7b", 1000, 1000).value_or(-1), 0.0);
        QVERIFY(!again.priceFor(u"gpt-4.1")); // the table was replaced
        again.resetToDefaults();
        QCOMPARE(PriceTable(&settings).table(), PriceTable::defaults());
    }

    void reportedUsageIsPricedAsIs()
    {
        const PriceTable prices;
        RequestTokenCounter counter; // no tokenizer: only reported usage counts
        const QList<ChatMessage> messages = {
            question(QStringLiteral("Hi")),
            reply(QStringLiteral("gpt-4o"), QStringLiteral("Hello"), 1000, 500),
            question(QStringLiteral("More")),
            reply(QStringLiteral("gpt-4o-mini"), QStringLiteral("Sure"), 3000, 20),
            question(QStringLiteral("Local?")),
            reply(QStringLiteral("llama3"), QStringLiteral("Yes"), 10, 10),
            question(QStringLiteral("No usage")),
            reply(QStringLiteral("gpt-4o"), QStringLiteral("Hm"))};
        const ConversationCost::Total total = ConversationCost::of(messages, {}, prices, counter);
        const double expected =
            *prices.cost(u"gpt-4o", 1000, 500) + *prices.cost(u"gpt-4o-mini", 3000, 20);
        QCOMPARE(total.dollars, expected);
        QCOMPARE(total.replies, 2);
        QCOMPARE(total.estimated, 0);
        QCOMPARE(total.unpriced, 2); // llama3 has no price; the last has no usage to go on
        QCOMPARE(total.promptTokens, 4000);
        QCOMPARE(total.completionTokens, 520);
    }

    // An estimate ChatSession stored with a reply is priced as stored (no
    // tokenizer needed) and still counts as an estimate.
    void storedEstimatesArePricedAndMarked()
    {
        const PriceTable prices;
        RequestTokenCounter counter; // no tokenizer
        ChatMessage estimated = reply(QStringLiteral("gpt-4o"), QStringLiteral("Hello"), 40, 5);
        estimated.usageEstimated = true;
        const QList<ChatMessage> messages = {
            question(QStringLiteral("Hi")), estimated, question(QStringLiteral("More")),
            reply(QStringLiteral("gpt-4o"), QStringLiteral("Sure"), 100, 20)};
        const ConversationCost::Total total = ConversationCost::of(messages, {}, prices, counter);
        QCOMPARE(total.replies, 2);
        QCOMPARE(total.estimated, 1);
        QCOMPARE(total.unpriced, 0);
        QCOMPARE(total.promptTokens, 140);
        QCOMPARE(total.completionTokens, 25);
        QCOMPARE(total.dollars, *prices.cost(u"gpt-4o", 140, 25));
    }

    // Without usage from the server: the request before each reply and the
    // reply, counted as RequestTokenCounter counts a request.
    void missingUsageIsEstimated()
    {
        const PriceTable prices;
        RequestTokenCounter counter;
        const auto tokenizer = m_tokenizers.forEncoding(Tokenizer::Encoding::O200kBase).value();
        counter.setTokenizer(tokenizer);
        const QString system = QStringLiteral("Be brief.");
        const QList<ChatMessage> messages = {
            question(QStringLiteral("What is 2+2?")),
            reply(QStringLiteral("gpt-4o"), QStringLiteral("4.")),
            question(QStringLiteral("And 3+3?")),
            reply(QStringLiteral("gpt-4o"), QStringLiteral("6, of course."))};
        const ConversationCost::Total total =
            ConversationCost::of(messages, system, prices, counter);
        QCOMPARE(total.replies, 2);
        QCOMPARE(total.estimated, 2);

        RequestTokenCounter independent;
        independent.setTokenizer(tokenizer);
        const ChatRequest::Turn sys{QStringLiteral("system"), system};
        const qsizetype firstPrompt = independent.count({sys}, messages.at(0).content).request;
        const qsizetype secondPrompt =
            independent
                .count({sys,
                        {QStringLiteral("user"), messages.at(0).content},
                        {QStringLiteral("assistant"), messages.at(1).content}},
                       messages.at(2).content)
                .request;
        const qsizetype completions =
            tokenizer->count(messages.at(1).content) + tokenizer->count(messages.at(3).content);
        QCOMPARE(total.promptTokens, firstPrompt + secondPrompt);
        QCOMPARE(total.completionTokens, completions);
        QCOMPARE(total.dollars, *prices.cost(u"gpt-4o", firstPrompt + secondPrompt, completions));
    }
};

QTEST_GUILESS_MAIN(TestConversationCost)
#include "tst_conversationcost.moc"
