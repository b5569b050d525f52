#pragma once

// Helpers for the keychain tests: where a process may write, whether a secret
// landed anywhere there, and waiting for one asynchronous SecretStore answer.
#include <QByteArray>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTest>

#include <optional>

namespace SecretProbe {

// Everything the process could write for the user (QSettings, QtKeychain's plaintext fallback,
// caches) goes under `home`, where the tests can search it afterwards.
inline void redirectHome(const QString &home)
{
    const QByteArray path = QFile::encodeName(home);
    qputenv("HOME", path);
    qputenv("XDG_CONFIG_HOME", path + "/.config");
    qputenv("XDG_DATA_HOME", path + "/.local/share");
    qputenv("XDG_CACHE_HOME", path + "/.cache");
    qputenv("XDG_STATE_HOME", path + "/.local/state");
}

// Files under `root` holding `secret` in any encoding a careless writer might use.
inline QStringList filesContaining(const QString &root, const QString &secret)
{
    const QByteArray utf8 = secret.toUtf8();
    const QList<QByteArray> needles{
        utf8, utf8.toBase64(),
        QByteArray(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2)};
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            hits << path + QStringLiteral(" (unreadable)");
            continue;
        }
        const QByteArray bytes = file.readAll();
        for (const QByteArray &needle : needles) {
            if (bytes.contains(needle)) {
                hits << path;
                break;
            }
        }
    }
    return hits;
}

// The error of a failed call, empty otherwise: QVERIFY2 evaluates its message even on success.
template<typename R> QString errorOf(const R &result)
{
    return result.ok() ? QString() : result.error();
}

// Waits for the answer of one asynchronous store call. `context` dies on timeout, so a late
// answer cannot write into this stack frame.
template<typename R, typename Start> R await(Start start, int timeoutMs = 30000)
{
    std::optional<R> result;
    {
        QObject context;
        start(&context, [&result](const R &answer) { result = answer; });
        if (!QTest::qWaitFor([&result] { return result.has_value(); }, timeoutMs))
            return R::failure(QStringLiteral("no answer within %1 ms").arg(timeoutMs));
    }
    return *result;
}

} // namespace SecretProbe
