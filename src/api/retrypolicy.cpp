#include "retrypolicy.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace {
QByteArray header(const RetryPolicy::Headers &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed();
    }
    return {};
}

// RFC 9110 HTTP-date: IMF-fixdate, plus the two obsolete forms it still
// requires recipients to accept.
QDateTime parseHttpDate(const QByteArray &value)
{
    QString text = QString::fromLatin1(value).simplified();
    // The day name is redundant, and Qt rejects a date whose day name does
    // not match, which a two-digit year (RFC 850) makes likely: drop it.
    const qsizetype comma = text.indexOf(QLatin1Char(','));
    if (comma >= 0)
        text = text.mid(comma + 1).trimmed();
    else
        text = text.section(QLatin1Char(' '), 1); // asctime: "Fri Mar 14 ..."
    const QLocale c = QLocale::c();
    for (const QString &format :
         {QStringLiteral("dd MMM yyyy HH:mm:ss 'GMT'"), QStringLiteral("dd-MMM-yy HH:mm:ss 'GMT'"),
          QStringLiteral("MMM d HH:mm:ss yyyy")}) {
        QDateTime parsed = c.toDateTime(text, format);
        if (parsed.isValid()) {
            // Two-digit years (RFC 850) belong to this century.
            if (parsed.date().year() < 1970)
                parsed = parsed.addYears(100);
            parsed.setTimeZone(QTimeZone::utc());
            return parsed;
        }
    }
    return {};
}
} // namespace

RetryPolicy::RetryPolicy(int maxRetries)
    : m_maxRetries(std::max(0, maxRetries))
{}

bool RetryPolicy::shouldRetry(const ApiError &error, const Headers &headers, int retriesDone) const
{
    if (retriesDone >= m_maxRetries || !error.isError())
        return false;
    if (error.kind == ApiError::Kind::NoCredit)
        return false;
    const QByteArray should = header(headers, "x-should-retry").toLower();
    if (should == "true")
        return true;
    if (should == "false")
        return false;
    const int status = error.httpStatus;
    if (status != 0)
        return status == 408 || status == 409 || status == 429 || status >= 500;
    switch (error.kind) {
    // The connection failed before anything was sent or answered: the SDKs
    // retry these, and so do we.
    case ApiError::Kind::Network:
    case ApiError::Kind::HostNotFound:
    case ApiError::Kind::Refused:
    case ApiError::Kind::ConnectTimeout:
    case ApiError::Kind::Proxy:
        return true;
    default:
        // A bad certificate or a proxy that wants a password does not get
        // better by asking again.
        return false;
    }
}

qint64 RetryPolicy::serverDelayMs(const Headers &headers, const QDateTime &now)
{
    bool ok = false;
    const QByteArray ms = header(headers, "retry-after-ms");
    if (!ms.isEmpty()) {
        const double value = ms.toDouble(&ok);
        if (ok && std::isfinite(value))
            return qint64(std::ceil(std::clamp(value, -1e12, 1e12))); // no overflow in the cast
    }
    const QByteArray after = header(headers, "retry-after");
    if (after.isEmpty())
        return -1;
    const double seconds = after.toDouble(&ok);
    if (ok && std::isfinite(seconds))
        return qint64(std::ceil(std::clamp(seconds, -1e9, 1e9) * 1000));
    const QDateTime when = parseHttpDate(after);
    if (!when.isValid())
        return -1;
    return now.msecsTo(when);
}

int RetryPolicy::delayMs(int retriesDone, const Headers &headers, double jitter,
                         const QDateTime &now)
{
    const qint64 asked = serverDelayMs(headers, now);
    if (asked > 0 && asked <= kMaxServerDelayMs)
        return int(asked);
    const int exponent = std::clamp(retriesDone, 0, 30);
    const double base =
        std::min(double(kInitialDelayMs) * std::pow(2.0, exponent), double(kMaxDelayMs));
    return int(std::lround(base * std::clamp(jitter, 0.75, 1.0)));
}

int RetryPolicy::delayMs(int retriesDone, const Headers &headers)
{
    // As the SDKs: 1 - 0.25 * random(), so in (0.75, 1].
    const double jitter = 1.0 - 0.25 * QRandomGenerator::global()->generateDouble();
    return delayMs(retriesDone, headers, jitter, QDateTime::currentDateTimeUtc());
}
