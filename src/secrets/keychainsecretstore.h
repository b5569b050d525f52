#pragma once

#include "secretstore.h"

#include <QCoreApplication>

// Secrets in the OS keychain through QtKeychain (the Secret Service on Linux:
// GNOME Keyring, KWallet). QtKeychain's insecure fallback (a plaintext file)
// is never enabled: if there is no keychain, the call fails and says why.
class KeychainSecretStore : public SecretStore
{
    Q_DECLARE_TR_FUNCTIONS(KeychainSecretStore)

public:
    // `service` groups our entries in the keychain ("confab"; tests use their own).
    explicit KeychainSecretStore(const QString &service = QStringLiteral("confab"));

    void read(const QString &name, QObject *context, ReadCallback done) override;
    void write(const QString &name, const QString &secret, QObject *context,
               DoneCallback done) override;
    void remove(const QString &name, QObject *context, DoneCallback done) override;

private:
    QString m_service;
};
