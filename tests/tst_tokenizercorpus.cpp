// Token-for-token agreement with tiktoken as published on npm. The fixture
// tokenizer_oracle (tests/tokenizer/oracle.sh) installs js-tiktoken and
// tiktoken (OpenAI's Rust core as WASM) and runs them over the corpus
// (tests/tokenizer/corpus.json plus seeded random strings) at test time;
// this test encodes the same texts and compares every id.
#include "tokenizer/tokenizers.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#ifndef CONFAB_TOKENIZER_ORACLE
#error "CONFAB_TOKENIZER_ORACLE (the oracle's output file) must be defined by tests/CMakeLists.txt"
#endif

namespace {

std::vector<int> toIds(const QJsonValue &value)
{
    std::vector<int> ids;
    for (const QJsonValue &id : value.toArray())
        ids.push_back(id.toInt(-1));
    return ids;
}

// Where two id lists part, with the tokens around it shown as text.
QString difference(const Tokenizer &tokenizer, const std::vector<int> &ours,
                   const std::vector<int> &theirs)
{
    std::size_t at = 0;
    while (at < ours.size() && at < theirs.size() && ours[at] == theirs[at])
        ++at;
    const auto show = [&](const std::vector<int> &ids) {
        QStringList parts;
        for (std::size_t i = at; i < ids.size() && i < at + 6; ++i) {
            parts << QStringLiteral("%1:%2").arg(ids[i]).arg(
                QString::fromUtf8(tokenizer.decode({ids[i]}).toPercentEncoding(" ")));
        }
        return parts.join(QLatin1Char(' '));
    };
    return QStringLiteral("first difference at token %1 of %2/%3\n  ours:   %4\n  theirs: %5")
        .arg(at)
        .arg(ours.size())
        .arg(theirs.size())
        .arg(show(ours), show(theirs));
}

} // namespace

class TestTokenizerCorpus : public QObject
{
    Q_OBJECT

private:
    Tokenizers m_tokenizers;
    QJsonObject m_oracle;

    const Tokenizer &tokenizer(const QString &encoding)
    {
        const auto e = encoding == QLatin1String("o200k_base") ? Tokenizer::Encoding::O200kBase
                                                               : Tokenizer::Encoding::Cl100kBase;
        auto loaded = m_tokenizers.forEncoding(e);
        if (!loaded)
            qFatal("tokenizer did not load: %s", qPrintable(loaded.error()));
        return *loaded.value();
    }

private slots:
    void initTestCase()
    {
        QFile file(QStringLiteral(CONFAB_TOKENIZER_ORACLE));
        QVERIFY2(file.open(QIODevice::ReadOnly),
                 qPrintable(QStringLiteral("%1 is missing: the tokenizer_oracle test writes it "
                                           "(node and npm are needed)")
                                .arg(file.fileName())));
        QJsonParseError error;
        m_oracle = QJsonDocument::fromJson(file.readAll(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(m_oracle.value(QLatin1String("cases")).toArray().size() > 400);
        qInfo("oracle: node %s, Unicode %s",
              qPrintable(m_oracle.value(QLatin1String("node")).toString()),
              qPrintable(m_oracle.value(QLatin1String("unicode")).toString()));
    }

    // The shipped vocabulary is the npm package's, rank for rank.
    void vocabularyMatchesNpm_data()
    {
        QTest::addColumn<QString>("encoding");
        QTest::newRow("o200k_base") << QStringLiteral("o200k_base");
        QTest::newRow("cl100k_base") << QStringLiteral("cl100k_base");
    }
    void vocabularyMatchesNpm()
    {
        QFETCH(QString, encoding);
        const QJsonObject expected =
            m_oracle.value(QLatin1String("vocabularies")).toObject().value(encoding).toObject();
        const BpeVocabulary &vocabulary = tokenizer(encoding).vocabulary();
        QCOMPARE(vocabulary.size(), expected.value(QLatin1String("size")).toInt());
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (int rank = 0; rank < vocabulary.size(); ++rank) {
            const QByteArrayView token = vocabulary.token(rank);
            const char length = char(token.size());
            hash.addData(QByteArrayView(&length, 1));
            hash.addData(token);
        }
        QCOMPARE(QString::fromLatin1(hash.result().toHex()),
                 expected.value(QLatin1String("sha256")).toString());
    }

    void matchesTiktoken_data()
    {
        QTest::addColumn<QString>("encoding");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QJsonObject>("expected");
        QTest::addColumn<bool>("divergent");
        for (const QJsonValue &value : m_oracle.value(QLatin1String("cases")).toArray()) {
            const QJsonObject c = value.toObject();
            for (const QString &encoding :
                 {QStringLiteral("o200k_base"), QStringLiteral("cl100k_base")}) {
                QTest::addRow("%s %s", qPrintable(c.value(QLatin1String("name")).toString()),
                              qPrintable(encoding))
                    << encoding << c.value(QLatin1String("text")).toString()
                    << c.value(encoding).toObject() << c.value(QLatin1String("divergent")).toBool();
            }
        }
    }
    void matchesTiktoken()
    {
        QFETCH(QString, encoding);
        QFETCH(QString, text);
        QFETCH(QJsonObject, expected);
        QFETCH(bool, divergent);
        const Tokenizer &t = tokenizer(encoding);
        const std::vector<int> ours = t.encode(text);
        const std::vector<int> js = toIds(expected.value(QLatin1String("js")));
        const std::vector<int> tiktoken = toIds(expected.value(QLatin1String("tiktoken")));
        QVERIFY(!text.isEmpty() ? !js.empty() : js.empty());
        QCOMPARE(t.count(text), qsizetype(ours.size()));
        if (js == tiktoken) {
            QVERIFY2(ours == js, qPrintable(difference(t, ours, js)));
            return;
        }
        // js-tiktoken's regex runs on JavaScript's \s, which lacks U+0085
        // and has U+FEFF; tiktoken's Rust regex uses White_Space. We follow
        // tiktoken, which is what OpenAI counts with. Any other divergence
        // is unexpected, and the corpus must say where it is.
        QVERIFY2(divergent, "js-tiktoken and tiktoken disagree on a case not marked divergent");
        QVERIFY2(ours == tiktoken, qPrintable(difference(t, ours, tiktoken)));
    }
};

QTEST_GUILESS_MAIN(TestTokenizerCorpus)
#include "tst_tokenizercorpus.moc"
