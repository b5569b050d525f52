// How Continue generation asks for the rest of a reply: chosen in Settings,
// or by address, and the turns each way adds after the history.
#include "session/continuationrequest.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class TestContinuationRequest : public QObject
{
    Q_OBJECT
    using CR = ContinuationRequest;
    using Choice = AppSettings::Continuation;

private slots:
    void automaticPicksByAddress_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("mode");
        QTest::newRow("deepseek beta") << "https://api.deepseek.com/beta" << int(CR::Mode::Prefix);
        QTest::newRow("deepseek") << "https://api.deepseek.com/v1" << int(CR::Mode::Instruction);
        QTest::newRow("openai") << "https://api.openai.com/v1" << int(CR::Mode::Instruction);
        QTest::newRow("ollama") << "http://localhost:11434/v1" << int(CR::Mode::TrailingAssistant);
        QTest::newRow("ollama elsewhere")
            << "http://192.168.1.20:11434/v1" << int(CR::Mode::TrailingAssistant);
        QTest::newRow("llama.cpp") << "http://127.0.0.1:8080/v1" << int(CR::Mode::Instruction);
    }
    void automaticPicksByAddress()
    {
        QFETCH(QString, url);
        QFETCH(int, mode);
        QCOMPARE(int(CR::modeFor(QUrl(url))), mode);
        QCOMPARE(int(CR::modeFor(QUrl(url), Choice::Automatic)), mode);
    }

    void theUsersChoiceWins()
    {
        const QUrl deepseek(QStringLiteral("https://api.deepseek.com/beta"));
        QCOMPARE(CR::modeFor(deepseek, Choice::Instruction), CR::Mode::Instruction);
        QCOMPARE(CR::modeFor(deepseek, Choice::TrailingAssistant), CR::Mode::TrailingAssistant);
        const QUrl ollama(QStringLiteral("http://localhost:11434/v1"));
        QCOMPARE(CR::modeFor(ollama, Choice::Instruction), CR::Mode::Instruction);
    }

    void aTrailingAssistantMessageIsTheLastTurn()
    {
        const auto turns = CR::turns(CR::Mode::TrailingAssistant, QStringLiteral("The first"));
        QCOMPARE(turns.size(), 1);
        QCOMPARE(turns.at(0).role, QStringLiteral("assistant"));
        QCOMPARE(turns.at(0).content, QStringLiteral("The first"));
        QVERIFY(!turns.at(0).prefix); // DeepSeek's field, which other servers may refuse
        QVERIFY(CR::turns(CR::Mode::TrailingAssistant, QString()).isEmpty());
    }

    void theChoiceIsKept()
    {
        QTemporaryDir dir;
        QSettings ini(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        AppSettings settings(&ini, QString());
        QCOMPARE(settings.continuation(), Choice::Automatic);
        for (Choice c : {Choice::TrailingAssistant, Choice::Instruction, Choice::Automatic}) {
            settings.setContinuation(c);
            QCOMPARE(AppSettings(&ini, QString()).continuation(), c);
        }
    }
};

QTEST_GUILESS_MAIN(TestContinuationRequest)
#include "tst_continuationrequest.moc"
