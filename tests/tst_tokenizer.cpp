// The tokenizer's own properties: the shipped data loads, models map to the
// right encoding, encoding round-trips, and the two merge algorithms agree.
// Token-for-token agreement with tiktoken is tst_tokenizercorpus.
#include "tokenizer/tokenizers.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

Q_DECLARE_METATYPE(Tokenizer::Encoding)

namespace {

std::vector<int> ids(std::initializer_list<int> list)
{
    return std::vector<int>(list);
}

} // namespace

class TestTokenizer : public QObject
{
    Q_OBJECT

private:
    Tokenizers m_tokenizers;

    const Tokenizer &tokenizer(Tokenizer::Encoding encoding)
    {
        auto loaded = m_tokenizers.forEncoding(encoding);
        if (!loaded)
            qFatal("tokenizer did not load: %s", qPrintable(loaded.error()));
        return *loaded.value();
    }

private slots:
    void loadsLazilyAndOnce()
    {
        Tokenizers tokenizers;
        QVERIFY(!tokenizers.isLoaded(Tokenizer::Encoding::O200kBase));
        auto first = tokenizers.forEncoding(Tokenizer::Encoding::O200kBase);
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error()));
        QVERIFY(tokenizers.isLoaded(Tokenizer::Encoding::O200kBase));
        QVERIFY(!tokenizers.isLoaded(Tokenizer::Encoding::Cl100kBase));
        auto second = tokenizers.forModel(u"gpt-4o-mini");
        QVERIFY(second.ok());
        QCOMPARE(second.value().get(), first.value().get());
        // o200k_base: 199,998 ranks plus the specials we do not encode.
        QCOMPARE(first.value()->vocabularySize(), 199998);
        QCOMPARE(tokenizer(Tokenizer::Encoding::Cl100kBase).vocabularySize(), 100256);
    }

    void encodingForModel_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<Tokenizer::Encoding>("encoding");
        const auto o200k = Tokenizer::Encoding::O200kBase;
        const auto cl100k = Tokenizer::Encoding::Cl100kBase;
        QTest::newRow("gpt-4o") << QStringLiteral("gpt-4o") << o200k;
        QTest::newRow("gpt-4o-mini") << QStringLiteral("gpt-4o-mini-2024-07-18") << o200k;
        QTest::newRow("chatgpt-4o") << QStringLiteral("chatgpt-4o-latest") << o200k;
        QTest::newRow("gpt-4.1") << QStringLiteral("gpt-4.1-nano") << o200k;
        QTest::newRow("gpt-4.5") << QStringLiteral("gpt-4.5-preview") << o200k;
        QTest::newRow("o1") << QStringLiteral("o1-mini") << o200k;
        QTest::newRow("o3") << QStringLiteral("o3") << o200k;
        QTest::newRow("o4") << QStringLiteral("o4-mini") << o200k;
        QTest::newRow("gpt-5") << QStringLiteral("gpt-5-chat-latest") << o200k;
        QTest::newRow("gpt-4") << QStringLiteral("gpt-4") << cl100k;
        QTest::newRow("gpt-4-turbo") << QStringLiteral("gpt-4-turbo-2024-04-09") << cl100k;
        QTest::newRow("gpt-4-32k") << QStringLiteral("gpt-4-32k") << cl100k;
        QTest::newRow("gpt-3.5") << QStringLiteral("gpt-3.5-turbo") << cl100k;
        QTest::newRow("azure gpt-35") << QStringLiteral("gpt-35-turbo") << cl100k;
        QTest::newRow("upper case") << QStringLiteral("GPT-4") << cl100k;
        QTest::newRow("provider prefix") << QStringLiteral("openai/gpt-3.5-turbo") << cl100k;
        QTest::newRow("provider prefix o200k") << QStringLiteral("openai/gpt-4o") << o200k;
        QTest::newRow("unknown") << QStringLiteral("llama3.1:8b") << o200k;
        QTest::newRow("empty") << QString() << o200k;
    }
    void encodingForModel()
    {
        QFETCH(QString, model);
        QFETCH(Tokenizer::Encoding, encoding);
        QCOMPARE(Tokenizer::encodingForModel(model), encoding);
    }

    // Published examples (tiktoken's README and OpenAI's cookbook), as an
    // anchor independent of the npm comparison.
    void knownEncodings()
    {
        QCOMPARE(tokenizer(Tokenizer::Encoding::Cl100kBase).encode(u"hello world"),
                 ids({15339, 1917}));
        QCOMPARE(tokenizer(Tokenizer::Encoding::O200kBase).encode(u"hello world"),
                 ids({24912, 2375}));
        QCOMPARE(tokenizer(Tokenizer::Encoding::Cl100kBase).encode(u"tiktoken is great!"),
                 ids({83, 1609, 5963, 374, 2294, 0}));
    }

    void emptyText()
    {
        QVERIFY(tokenizer(Tokenizer::Encoding::O200kBase).encode(u"").empty());
        QCOMPARE(tokenizer(Tokenizer::Encoding::Cl100kBase).count(u""), 0);
    }

    void roundTripsAndCounts_data()
    {
        QTest::addColumn<Tokenizer::Encoding>("encoding");
        QTest::addColumn<QString>("text");
        const QList<QPair<const char *, QString>> texts = {
            {"english", QStringLiteral("The quick brown fox doesn't jump; it's LAZY.\n")},
            {"chinese", QStringLiteral("今天天气很好，我们去公园散步吧。")},
            {"emoji", QStringLiteral("👍🏽 family: 👨‍👩‍👧‍👦 flag: 🇫🇷")},
            {"marks", QStringLiteral("e\u0301 \u0301A n\u0303o\u0308")},
            {"whitespace", QStringLiteral("  a \t\t\n\n   \r\n  b   ")},
            {"lone surrogate", QString(QChar(0xD800)) + QStringLiteral("x")},
            {"nul", QString(QChar(0)) + QStringLiteral("nul")},
        };
        for (const auto &[name, text] : texts) {
            QTest::addRow("o200k %s", name) << Tokenizer::Encoding::O200kBase << text;
            QTest::addRow("cl100k %s", name) << Tokenizer::Encoding::Cl100kBase << text;
        }
    }
    void roundTripsAndCounts()
    {
        QFETCH(Tokenizer::Encoding, encoding);
        QFETCH(QString, text);
        const Tokenizer &t = tokenizer(encoding);
        const std::vector<int> encoded = t.encode(text);
        QCOMPARE(t.decode(encoded), text.toUtf8());
        QCOMPARE(t.count(text), qsizetype(encoded.size()));
    }

    // Malformed UTF-8 (only reachable through encodeUtf8) still round-trips
    // byte for byte: a bad byte is a character of its own.
    void malformedUtf8RoundTrips()
    {
        const QByteArray bytes("ab\xff\xc3 \xe2\x82 x\xf0\x9f\x98");
        for (auto e : {Tokenizer::Encoding::O200kBase, Tokenizer::Encoding::Cl100kBase})
            QCOMPARE(tokenizer(e).decode(tokenizer(e).encodeUtf8(bytes)), bytes);
    }

    // The tree merge for long pieces must make exactly the merges the scan
    // makes: long runs, and random bytes drawn from a small alphabet so that
    // many pairs are in the vocabulary.
    void treeMergeEqualsScanMerge()
    {
        QRandomGenerator random(20240611);
        QList<QByteArray> pieces = {QByteArray(3000, 'a'), QByteArray(2000, ' '),
                                    QString(700, QChar(0x4E2D)).toUtf8(),
                                    QByteArray("ab").repeated(900), QByteArray(65, '=')};
        const QByteArray alphabet("aeinrst ._\xe4\xb8\xad");
        for (int i = 0; i < 200; ++i) {
            QByteArray piece;
            const int size = 2 + int(random.bounded(300));
            for (int j = 0; j < size; ++j)
                piece += alphabet.at(int(random.bounded(alphabet.size())));
            pieces.append(piece);
        }
        for (auto e : {Tokenizer::Encoding::O200kBase, Tokenizer::Encoding::Cl100kBase}) {
            const BytePairEncoder &encoder = tokenizer(e).bytePairEncoder();
            for (const QByteArray &piece : std::as_const(pieces)) {
                std::vector<int> byScan, byTree;
                encoder.mergeByScan(piece.constData(), std::size_t(piece.size()), byScan);
                encoder.mergeByTree(piece.constData(), std::size_t(piece.size()), byTree);
                QCOMPARE(byTree, byScan);
                QCOMPARE(tokenizer(e).decode(byTree), piece);
            }
        }
    }

    // 100 KB of one character is one piece. Measured in bench_tokenizer; here
    // only that it completes and is right (a quadratic merge would take
    // minutes, far past the test's timeout).
    void longRunsOfOneCharacter_data()
    {
        QTest::addColumn<Tokenizer::Encoding>("encoding");
        QTest::addColumn<QString>("text");
        for (auto [name, c] : {std::pair{"a", QChar(u'a')}, std::pair{"space", QChar(u' ')},
                               std::pair{"newline", QChar(u'\n')}, std::pair{"bang", QChar(u'!')},
                               std::pair{"digit", QChar(u'7')}, std::pair{"cjk", QChar(0x4E2D)}}) {
            QTest::addRow("o200k %s", name) << Tokenizer::Encoding::O200kBase << QString(100000, c);
            QTest::addRow("cl100k %s", name)
                << Tokenizer::Encoding::Cl100kBase << QString(100000, c);
        }
    }
    void longRunsOfOneCharacter()
    {
        QFETCH(Tokenizer::Encoding, encoding);
        QFETCH(QString, text);
        const Tokenizer &t = tokenizer(encoding);
        QElapsedTimer timer;
        timer.start();
        const std::vector<int> encoded = t.encode(text);
        qInfo("%lld ms, %zu tokens", timer.elapsed(), encoded.size());
        QCOMPARE(t.decode(encoded), text.toUtf8());
        QVERIFY(encoded.size() < std::size_t(text.toUtf8().size()) / 2);
    }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
