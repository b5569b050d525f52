// RequestTokenCounter: a request's tokens in OpenAI's chat format, with the
// history counted once and forgotten when it leaves the conversation.
#include "tokenizer/requesttokencounter.h"
#include "tokenizer/tokenizers.h"

#include <QTest>

class TestRequestTokenCounter : public QObject
{
    Q_OBJECT

private:
    Tokenizers m_tokenizers;

    std::shared_ptr<const Tokenizer> tokenizer(Tokenizer::Encoding encoding)
    {
        auto loaded = m_tokenizers.forEncoding(encoding);
        if (!loaded)
            qFatal("tokenizer did not load: %s", qPrintable(loaded.error()));
        return loaded.value();
    }

    // The cookbook's num_tokens_from_messages, spelled out independently.
    static qsizetype expected(const Tokenizer &t, const QList<ChatRequest::Turn> &turns)
    {
        qsizetype total = 3; // the reply's priming
        for (const ChatRequest::Turn &turn : turns)
            total += 3 + t.count(turn.role) + t.count(turn.content);
        return total;
    }

    static QList<ChatRequest::Turn> history()
    {
        return {{QStringLiteral("system"), QStringLiteral("You are a terse assistant.")},
                {QStringLiteral("user"), QStringLiteral("What's the capital of France?")},
                {QStringLiteral("assistant"), QStringLiteral("Paris.")},
                {QStringLiteral("user"), QStringLiteral("和德国的呢？")},
                {QStringLiteral("assistant"), QStringLiteral("Berlin — 柏林.")}};
    }

private slots:
    void countsTheChatFormat()
    {
        for (auto e : {Tokenizer::Encoding::O200kBase, Tokenizer::Encoding::Cl100kBase}) {
            RequestTokenCounter counter;
            counter.setTokenizer(tokenizer(e));
            const QString draft = QStringLiteral("  And Italy's?\n");
            const RequestTokenCounter::Count c = counter.count(history(), draft);
            const Tokenizer &t = *tokenizer(e);
            QCOMPARE(c.draft, t.count(QStringLiteral("And Italy's?"))); // trimmed, as sent
            QCOMPARE(c.request,
                     expected(t, history() + QList<ChatRequest::Turn>{
                                                 {QStringLiteral("user"), draft.trimmed()}}));
        }
    }

    void emptyDraftAddsNoMessage()
    {
        RequestTokenCounter counter;
        counter.setTokenizer(tokenizer(Tokenizer::Encoding::O200kBase));
        const RequestTokenCounter::Count c = counter.count(history(), QStringLiteral(" \n "));
        QCOMPARE(c.draft, 0);
        QCOMPARE(c.request, expected(*tokenizer(Tokenizer::Encoding::O200kBase), history()));
        QCOMPARE(counter.count({}, QString()).request, 3);
    }

    void noTokenizerCountsNothing()
    {
        RequestTokenCounter counter;
        QCOMPARE(counter.count(history(), QStringLiteral("hi")).request, 0);
    }

    // Typing counts only the draft: the history's texts stay cached, and
    // texts that left the request are forgotten.
    void cachesTheHistoryOnly()
    {
        RequestTokenCounter counter;
        counter.setTokenizer(tokenizer(Tokenizer::Encoding::O200kBase));
        QList<ChatRequest::Turn> turns = history();
        counter.count(turns, QStringLiteral("a"));
        // 5 contents, 3 roles; never the draft.
        QCOMPARE(counter.cachedTexts(), 8);
        counter.count(turns, QStringLiteral("ab"));
        counter.count(turns, QStringLiteral("abc"));
        QCOMPARE(counter.cachedTexts(), 8);
        turns.removeAt(2); // "Paris." gone; "assistant" is still used by the last turn
        counter.count(turns, QStringLiteral("abc"));
        QCOMPARE(counter.cachedTexts(), 7);
        counter.setTokenizer(tokenizer(Tokenizer::Encoding::Cl100kBase));
        QCOMPARE(counter.cachedTexts(), 0); // another encoding: other counts
    }

    // A streaming reply changes one message many times a second: the count
    // follows it.
    void followsAGrowingMessage()
    {
        RequestTokenCounter counter;
        counter.setTokenizer(tokenizer(Tokenizer::Encoding::O200kBase));
        QList<ChatRequest::Turn> turns = history();
        QString reply;
        for (int i = 0; i < 50; ++i) {
            reply += QStringLiteral("word%1 ").arg(i);
            turns.last().content = reply;
            QCOMPARE(counter.count(turns, QString()).request,
                     expected(*tokenizer(Tokenizer::Encoding::O200kBase), turns));
        }
        QCOMPARE(counter.cachedTexts(), 8);
    }
};

QTEST_GUILESS_MAIN(TestRequestTokenCounter)
#include "tst_requesttokencounter.moc"
