#include "session/continuationjoiner.h"

#include <QTest>

class TestContinuationJoiner : public QObject
{
    Q_OBJECT

private slots:
    void joins_data()
    {
        QTest::addColumn<QString>("existing");
        QTest::addColumn<QStringList>("deltas");
        QTest::addColumn<QString>("expected"); // existing + what the joiner lets through

        QTest::newRow("no overlap")
            << QStringLiteral("The quick brown fox jum")
            << QStringList{QStringLiteral("ps over"), QStringLiteral(" the lazy dog.")}
            << QStringLiteral("The quick brown fox jumps over the lazy dog.");
        QTest::newRow("repeats the last words")
            << QStringLiteral("The quick brown fox jum")
            << QStringList{QStringLiteral("brown fox jum"), QStringLiteral("ps over the dog.")}
            << QStringLiteral("The quick brown fox jumps over the dog.");
        QTest::newRow("repeat split in many pieces")
            << QStringLiteral("First line.\nSecond line is long")
            << QStringList{QStringLiteral("Sec"), QStringLiteral("ond li"), QStringLiteral("ne is"),
                           QStringLiteral(" long"), QStringLiteral(" and ends.")}
            << QStringLiteral("First line.\nSecond line is long and ends.");
        QTest::newRow("repeats the whole reply")
            << QStringLiteral("短回答：你好世界")
            << QStringList{QStringLiteral("短回答：你好世界"), QStringLiteral("，再见。")}
            << QStringLiteral("短回答：你好世界，再见。");
        QTest::newRow("short coincidence is kept")
            << QStringLiteral("I like the")
            << QStringList{QStringLiteral("the"), QStringLiteral(" theory")}
            << QStringLiteral("I like thethe theory");
        QTest::newRow("stream ends inside the repeat")
            << QStringLiteral("Already said all of this.")
            << QStringList{QStringLiteral("all of this.")}
            << QStringLiteral("Already said all of this.");
        QTest::newRow("nothing to continue from")
            << QString() << QStringList{QStringLiteral("Fresh "), QStringLiteral("text")}
            << QStringLiteral("Fresh text");
        QTest::newRow("whitespace-only overlap is not removed")
            << QStringLiteral("a\n\n\n\n\n\n\n") << QStringList{QStringLiteral("\n\n\n\n\n\n\nb")}
            << QStringLiteral("a\n\n\n\n\n\n\n\n\n\n\n\n\n\nb");
    }
    void joins()
    {
        QFETCH(QString, existing);
        QFETCH(QStringList, deltas);
        QFETCH(QString, expected);
        ContinuationJoiner joiner(existing);
        QString text = existing;
        for (const QString &d : deltas)
            text += joiner.feed(d);
        text += joiner.finish();
        QCOMPARE(text, expected);
    }

    void releasesPromptlyWhenThereIsNoRepeat()
    {
        ContinuationJoiner joiner(QStringLiteral("Some text that ended"));
        // "xyz" occurs nowhere in the reply: it cannot be a repeat, so it
        // is shown at once rather than held.
        QCOMPARE(joiner.feed(QStringLiteral("xyz")), QStringLiteral("xyz"));
        QCOMPARE(joiner.feed(QStringLiteral(" more")), QStringLiteral(" more"));
    }

    void holdsNoMoreThanTheLongestRepeat()
    {
        const QString existing(5000, QLatin1Char('a'));
        ContinuationJoiner joiner(existing);
        QString out;
        for (int i = 0; i < ContinuationJoiner::kMaxOverlap + 10; ++i)
            out += joiner.feed(QStringLiteral("a"));
        QVERIFY(!out.isEmpty()); // released after kMaxOverlap, not held forever
    }
};

QTEST_GUILESS_MAIN(TestContinuationJoiner)
#include "tst_continuationjoiner.moc"
