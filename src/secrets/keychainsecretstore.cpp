#include "keychainsecretstore.h"

#include "core/logging.h"

#include <qt6keychain/keychain.h>

namespace {
// QtKeychain's libsecret backend reports a missing or unreachable Secret
// Service as OtherError ("Could not connect: ...", "Cannot autolaunch D-Bus"),
// not as NoBackendAvailable, so the text decides too.
bool unreachable(QKeychain::Error error, const QString &detail)
{
    if (error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented)
        return true;
    for (const char *hint : {"connect", "D-Bus", "DBus", "autolaunch", "org.freedesktop.secrets",
                             "does not exist at path"}) {
        if (detail.contains(QLatin1String(hint), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QString explain(QKeychain::Error error, const QString &detail)
{
    if (unreachable(error, detail))
        return KeychainSecretStore::tr(
                   "No system keychain could be reached (%1). Start a Secret Service such as "
                   "GNOME Keyring or KWallet to save the key; until then it can be used for this "
                   "session only.")
            .arg(detail);
    if (error == QKeychain::AccessDeniedByUser || error == QKeychain::AccessDenied)
        return KeychainSecretStore::tr("The system keychain refused access (%1). Unlock it and "
                                       "try again.")
            .arg(detail);
    return KeychainSecretStore::tr("The system keychain reported an error: %1").arg(detail);
}

template<typename Job> Job *prepare(Job *job)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    return job;
}
} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service)
    : m_service(service)
{}

void KeychainSecretStore::read(const QString &name, QObject *context, ReadCallback done)
{
    auto *job = prepare(new QKeychain::ReadPasswordJob(m_service));
    job->setKey(name);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, done](QKeychain::Job *) {
        if (job->error() == QKeychain::EntryNotFound) {
            done(QString());
            return;
        }
        if (job->error() != QKeychain::NoError) {
            qCWarning(lcSecrets) << "keychain read failed:" << job->errorString();
            done(Result<QString>::failure(explain(job->error(), job->errorString())));
            return;
        }
        done(job->textData());
    });
    job->start();
}

void KeychainSecretStore::write(const QString &name, const QString &secret, QObject *context,
                                DoneCallback done)
{
    auto *job = prepare(new QKeychain::WritePasswordJob(m_service));
    job->setKey(name);
    job->setTextData(secret);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, done](QKeychain::Job *) {
        if (job->error() != QKeychain::NoError) {
            qCWarning(lcSecrets) << "keychain write failed:" << job->errorString();
            done(VoidResult::failure(explain(job->error(), job->errorString())));
            return;
        }
        done(Ok{});
    });
    job->start();
}

void KeychainSecretStore::remove(const QString &name, QObject *context, DoneCallback done)
{
    auto *job = prepare(new QKeychain::DeletePasswordJob(m_service));
    job->setKey(name);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, done](QKeychain::Job *) {
        if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound) {
            done(VoidResult::failure(explain(job->error(), job->errorString())));
            return;
        }
        done(Ok{});
    });
    job->start();
}
