#pragma once

#include "secretstore.h"

#include <QObject>
#include <QString>

// Where the API key for a request comes from, in order: OPENAI_API_KEY for
// this run; a key the user chose to use for this session only (when the
// keychain could not take it); the keychain, read once and cached in memory.
// Nothing here ever writes the key anywhere but the keychain.
class ApiKeys : public QObject
{
    Q_OBJECT
public:
    static QString keychainName() { return QStringLiteral("api-key"); }

    ApiKeys(SecretStore &store, const QString &environmentKey, QObject *parent = nullptr);

    bool fromEnvironment() const { return !m_environmentKey.isEmpty(); }
    bool sessionOnly() const { return !m_sessionKey.isEmpty(); }

    // The key to use (empty: none set; local servers often need none).
    void fetch(QObject *context, SecretStore::ReadCallback done);
    // Stores the key in the keychain. On failure nothing is stored anywhere;
    // the caller may then offer useForSession().
    void save(const QString &key, QObject *context, SecretStore::DoneCallback done);
    void useForSession(const QString &key);
    void forget(QObject *context, SecretStore::DoneCallback done);

signals:
    void keyChanged();

private:
    SecretStore &m_store;
    QString m_environmentKey;
    QString m_sessionKey;
    QString m_cached;
    bool m_cacheValid = false;
};
