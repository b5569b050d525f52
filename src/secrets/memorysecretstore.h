#pragma once

#include "secretstore.h"

#include <QHash>

// Secrets in memory only: for tests of the code above the keychain, and to
// stand in for an unavailable keychain when `failWith` is set.
class MemorySecretStore : public SecretStore
{
public:
    void read(const QString &name, QObject *context, ReadCallback done) override;
    void write(const QString &name, const QString &secret, QObject *context,
               DoneCallback done) override;
    void remove(const QString &name, QObject *context, DoneCallback done) override;

    // Every call fails with this message while it is not empty.
    void setFailure(const QString &message) { m_failure = message; }

private:
    QHash<QString, QString> m_secrets;
    QString m_failure;
};
