// The last line of defence for secrets in logs: the redacting message handler.
#include "core/redaction.h"

#include <QFile>
#include <QLoggingCategory>
#include <QTest>

namespace {
QStringList g_seen; // what reached the handler below the redacting one

void recordingHandler(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_seen << message;
}
} // namespace

class TestRedaction : public QObject
{
    Q_OBJECT

private slots:
    void redactsSecrets_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("openai key alone") << "sk-abcdefghijklmnopqrstuvwxyz012345"
                                          << "[redacted]";
        QTest::newRow("project key mid-sentence")
            << "using key sk-proj-AbC_dEf-123456789xyz for the request"
            << "using key [redacted] for the request";
        QTest::newRow("openrouter key in quotes") << "key='sk-or-v1-0123456789abcdef0123'"
                                                  << "key='[redacted]'";
        QTest::newRow("groq key") << "gsk_0123456789ABCDEFabcdef done"
                                  << "[redacted] done";
        QTest::newRow("google key") << "AIzaSyA1234567890abcdefghijklmnopqrs"
                                    << "[redacted]";
        QTest::newRow("bearer header")
            << "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig, next"
            << "Authorization: Bearer [redacted], next";
        QTest::newRow("bearer lower case") << "header bearer abcdefgh12345678 end"
                                           << "header bearer [redacted] end";
        QTest::newRow("proxy basic auth") << "Proxy-Authorization: Basic dXNlcjpwYXNzd29yZA=="
                                          << "Proxy-Authorization: Basic "
                                             "[redacted]";
        QTest::newRow("api_key in json") << R"({"api_key": "abc123def456ghi789", "model": "x"})"
                                         << R"({"api_key": "[redacted]", "model": "x"})";
        QTest::newRow("query parameter") << "GET /v1/models?api-key=0123456789abcdef&x=1"
                                         << "GET /v1/models?api-key=[redacted]&x=1";
        QTest::newRow("password") << "proxy password: hunter22 set"
                                  << "proxy password: [redacted] set";
        QTest::newRow("url credentials") << "proxy http://alice:s3cret@proxy.example:3128 failed"
                                         << "proxy http://[redacted]@proxy.example:3128 failed";
        QTest::newRow("azure key (32 hex)")
            << "Access denied due to invalid subscription key 0123456789abcdef0123456789ABCDEF."
            << "Access denied due to invalid subscription key [redacted].";
        QTest::newRow("unprefixed key") << "key aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE2 rejected"
                                        << "key [redacted] rejected";
        QTest::newRow("long word without digits")
            << "Pneumonoultramicroscopicsilicovolcanoconiosis is long"
            << "Pneumonoultramicroscopicsilicovolcanoconiosis is long";
        QTest::newRow("31 characters") << "id 0123456789abcdef0123456789abcde"
                                       << "id 0123456789abcdef0123456789abcde";
        QTest::newRow("two keys") << "a sk-1111111111111111 b sk-2222222222222222 c"
                                  << "a [redacted] b [redacted] c";
        // Ordinary text stays as it is.
        QTest::newRow("ordinary words") << "task-management-tool and risk-assessment"
                                        << "task-management-tool and risk-assessment";
        QTest::newRow("token counts") << "tokens: 1234567 prompt_tokens=80"
                                      << "tokens: 1234567 prompt_tokens=80";
        QTest::newRow("short sk-") << "sk-short"
                                   << "sk-short";
        QTest::newRow("url without credentials")
            << "POST https://api.openai.com/v1/chat/completions"
            << "POST https://api.openai.com/v1/chat/completions";
    }
    void redactsSecrets()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(Redaction::redact(input), expected);
    }

    // Installed, it sits in front of the handler that was there before and
    // hands it only redacted text, whatever the category or level.
    void handlerRedactsEverythingPassedOn()
    {
        const QtMessageHandler original = qInstallMessageHandler(recordingHandler);
        Redaction::installMessageHandler();
        QLoggingCategory::setFilterRules(QStringLiteral("redaction.test.debug=true"));
        const QLoggingCategory category("redaction.test");
        qCDebug(category) << "sending with"
                          << "Bearer sk-abcdefghijklmnop1234";
        qWarning("key is sk-abcdefghijklmnop5678 (oops)");
        qInstallMessageHandler(original);
        QCOMPARE(g_seen.size(), 2);
        for (const QString &line : std::as_const(g_seen)) {
            QVERIFY2(!line.contains(QLatin1String("abcdefghijklmnop")), qPrintable(line));
            QVERIFY(line.contains(QLatin1String("[redacted]")));
        }
    }

    // The application installs it before anything else can log.
    void applicationInstallsItFirst()
    {
        const QString path = QFINDTESTDATA("../app/main.cpp");
        QVERIFY(!path.isEmpty());
        QFile main(path);
        QVERIFY(main.open(QIODevice::ReadOnly));
        const QString code = QString::fromUtf8(main.readAll());
        const qsizetype install = code.indexOf(QLatin1String("Redaction::installMessageHandler()"));
        const qsizetype app = code.indexOf(QLatin1String("QApplication app("));
        QVERIFY(install > 0);
        QVERIFY(app > 0);
        QVERIFY2(install < app, "the handler must be installed before QApplication exists");
    }
};

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
