// RetryPolicy: the retry rules of the official OpenAI SDKs, as pure logic.
#include "api/retrypolicy.h"

#include <QTest>

namespace {
ApiError http(int status, ApiError::Kind kind = ApiError::Kind::Server)
{
    ApiError e;
    e.kind = kind;
    e.httpStatus = status;
    return e;
}

const QDateTime kNow = QDateTime(QDate(2025, 3, 14), QTime(12, 0, 0), Qt::UTC);
} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void retriesTheRightFailures_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("retry");
        using K = ApiError::Kind;
        QTest::newRow("408") << 408 << int(K::Server) << true;
        QTest::newRow("409") << 409 << int(K::BadRequest) << true;
        QTest::newRow("429") << 429 << int(K::RateLimited) << true;
        QTest::newRow("500") << 500 << int(K::Server) << true;
        QTest::newRow("502") << 502 << int(K::Server) << true;
        QTest::newRow("503") << 503 << int(K::Server) << true;
        QTest::newRow("400") << 400 << int(K::BadRequest) << false;
        QTest::newRow("400 context") << 400 << int(K::ContextTooLong) << false;
        QTest::newRow("401") << 401 << int(K::Auth) << false;
        QTest::newRow("403") << 403 << int(K::Auth) << false;
        QTest::newRow("404") << 404 << int(K::NotFound) << false;
        QTest::newRow("402") << 402 << int(K::NoCredit) << false;
        QTest::newRow("429 insufficient_quota") << 429 << int(K::NoCredit) << false;
        QTest::newRow("connection refused") << 0 << int(K::Refused) << true;
        QTest::newRow("host not found") << 0 << int(K::HostNotFound) << true;
        QTest::newRow("connect timeout") << 0 << int(K::ConnectTimeout) << true;
        QTest::newRow("other network") << 0 << int(K::Network) << true;
        QTest::newRow("proxy unreachable") << 0 << int(K::Proxy) << true;
        QTest::newRow("proxy auth") << 0 << int(K::ProxyAuth) << false;
        QTest::newRow("tls") << 0 << int(K::Tls) << false;
        QTest::newRow("idle timeout") << 0 << int(K::Timeout) << false;
        QTest::newRow("malformed") << 0 << int(K::Malformed) << false;
        QTest::newRow("insecure key") << 0 << int(K::InsecureKey) << false;
    }
    void retriesTheRightFailures()
    {
        QFETCH(int, status);
        QFETCH(int, kind);
        QFETCH(bool, retry);
        const RetryPolicy policy;
        QCOMPARE(policy.shouldRetry(http(status, ApiError::Kind(kind)), {}, 0), retry);
    }

    void stopsAfterMaxRetries()
    {
        const RetryPolicy policy; // default: 2
        QCOMPARE(policy.maxRetries(), 2);
        QVERIFY(policy.shouldRetry(http(503), {}, 0));
        QVERIFY(policy.shouldRetry(http(503), {}, 1));
        QVERIFY(!policy.shouldRetry(http(503), {}, 2));
        const RetryPolicy five(5);
        QVERIFY(five.shouldRetry(http(503), {}, 4));
        QVERIFY(!five.shouldRetry(http(503), {}, 5));
        const RetryPolicy none(0);
        QVERIFY(!none.shouldRetry(http(503), {}, 0));
        QCOMPARE(RetryPolicy(-3).maxRetries(), 0);
    }

    void xShouldRetryWins()
    {
        const RetryPolicy policy;
        QVERIFY(!policy.shouldRetry(http(503), {{"X-Should-Retry", "false"}}, 0));
        QVERIFY(policy.shouldRetry(http(400, ApiError::Kind::BadRequest),
                                   {{"x-should-retry", "true"}}, 0));
        // ...but not over the retry budget, and never over a missing credit.
        QVERIFY(!policy.shouldRetry(http(400, ApiError::Kind::BadRequest),
                                    {{"x-should-retry", "true"}}, 2));
        QVERIFY(!policy.shouldRetry(http(429, ApiError::Kind::NoCredit),
                                    {{"x-should-retry", "true"}}, 0));
        QVERIFY(!policy.shouldRetry(http(402, ApiError::Kind::NoCredit),
                                    {{"x-should-retry", "true"}}, 0));
    }

    void exponentialBackoffWithJitter_data()
    {
        QTest::addColumn<int>("retriesDone");
        QTest::addColumn<double>("jitter");
        QTest::addColumn<int>("expected");
        QTest::newRow("first, no jitter") << 0 << 1.0 << 500;
        QTest::newRow("first, most jitter") << 0 << 0.75 << 375;
        QTest::newRow("second") << 1 << 1.0 << 1000;
        QTest::newRow("third") << 2 << 1.0 << 2000;
        QTest::newRow("fifth") << 4 << 1.0 << 8000;
        QTest::newRow("capped at 8 s") << 5 << 1.0 << 8000;
        QTest::newRow("capped, huge n") << 1000 << 0.8 << 6400;
        QTest::newRow("jitter clamped low") << 0 << 0.1 << 375;
        QTest::newRow("jitter clamped high") << 0 << 3.0 << 500;
    }
    void exponentialBackoffWithJitter()
    {
        QFETCH(int, retriesDone);
        QFETCH(double, jitter);
        QFETCH(int, expected);
        QCOMPARE(RetryPolicy::delayMs(retriesDone, {}, jitter, kNow), expected);
    }

    void randomJitterStaysInRange()
    {
        for (int i = 0; i < 200; ++i) {
            const int first = RetryPolicy::delayMs(0, {});
            QVERIFY2(first >= 375 && first <= 500, qPrintable(QString::number(first)));
            const int third = RetryPolicy::delayMs(2, {});
            QVERIFY(third >= 1500 && third <= 2000);
        }
    }

    void serverAskedDelay_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("expected");
        QTest::newRow("retry-after-ms")
            << QByteArray("retry-after-ms") << QByteArray("1500") << 1500;
        QTest::newRow("retry-after-ms fraction")
            << QByteArray("Retry-After-Ms") << QByteArray("20.2") << 21;
        QTest::newRow("Retry-After seconds")
            << QByteArray("Retry-After") << QByteArray("3") << 3000;
        QTest::newRow("Retry-After fraction")
            << QByteArray("retry-after") << QByteArray("0.25") << 250;
        QTest::newRow("Retry-After 60 s") << QByteArray("retry-after") << QByteArray("60") << 60000;
        QTest::newRow("Retry-After HTTP date")
            << QByteArray("Retry-After") << QByteArray("Fri, 14 Mar 2025 12:00:07 GMT") << 7000;
        QTest::newRow("RFC 850 date")
            << QByteArray("Retry-After") << QByteArray("Friday, 14-Mar-25 12:00:04 GMT") << 4000;
        QTest::newRow("asctime date")
            << QByteArray("Retry-After") << QByteArray("Fri Mar 14 12:00:02 2025") << 2000;
        // Not obeyed: too long, zero, in the past, or nonsense. The
        // exponential delay (500 ms here, jitter 1) applies instead.
        QTest::newRow("over 60 s") << QByteArray("retry-after") << QByteArray("61") << 500;
        QTest::newRow("ms over 60 s") << QByteArray("retry-after-ms") << QByteArray("90000") << 500;
        QTest::newRow("zero") << QByteArray("retry-after") << QByteArray("0") << 500;
        QTest::newRow("negative") << QByteArray("retry-after") << QByteArray("-5") << 500;
        QTest::newRow("date in the past")
            << QByteArray("Retry-After") << QByteArray("Fri, 14 Mar 2025 11:59:00 GMT") << 500;
        QTest::newRow("date too far")
            << QByteArray("Retry-After") << QByteArray("Fri, 14 Mar 2025 12:05:00 GMT") << 500;
        QTest::newRow("garbage") << QByteArray("retry-after") << QByteArray("soon") << 500;
        QTest::newRow("huge") << QByteArray("retry-after-ms") << QByteArray("1e300") << 500;
        QTest::newRow("infinite") << QByteArray("retry-after") << QByteArray("inf") << 500;
    }
    void serverAskedDelay()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(int, expected);
        QCOMPARE(RetryPolicy::delayMs(0, {{name, value}}, 1.0, kNow), expected);
    }

    void retryAfterMsWinsOverRetryAfter()
    {
        const RetryPolicy::Headers headers{{"retry-after", "9"}, {"retry-after-ms", "120"}};
        QCOMPARE(RetryPolicy::delayMs(0, headers, 1.0, kNow), 120);
        // The server's wait is not jittered: it said how long.
        QCOMPARE(RetryPolicy::delayMs(1, headers, 0.75, kNow), 120);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
