#include "apikeys.h"

ApiKeys::ApiKeys(SecretStore &store, const QString &environmentKey, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_environmentKey(environmentKey.trimmed())
{}

void ApiKeys::fetch(QObject *context, SecretStore::ReadCallback done)
{
    if (fromEnvironment()) {
        done(m_environmentKey);
        return;
    }
    if (sessionOnly()) {
        done(m_sessionKey);
        return;
    }
    if (m_cacheValid) {
        done(m_cached);
        return;
    }
    m_store.read(keychainName(), context, [this, done](const Result<QString> &result) {
        if (result) {
            m_cached = result.value();
            m_cacheValid = true;
        }
        done(result);
    });
}

void ApiKeys::save(const QString &key, QObject *context, SecretStore::DoneCallback done)
{
    const QString trimmed = key.trimmed();
    m_store.write(keychainName(), trimmed, context,
                  [this, trimmed, done](const VoidResult &status) {
                      if (status) {
                          m_cached = trimmed;
                          m_cacheValid = true;
                          m_sessionKey.clear();
                          emit keyChanged();
                      }
                      done(status);
                  });
}

void ApiKeys::useForSession(const QString &key)
{
    m_sessionKey = key.trimmed();
    emit keyChanged();
}

void ApiKeys::forget(QObject *context, SecretStore::DoneCallback done)
{
    m_sessionKey.clear();
    m_store.remove(keychainName(), context, [this, done](const VoidResult &status) {
        if (status) {
            m_cached.clear();
            m_cacheValid = true;
            emit keyChanged();
        }
        done(status);
    });
}
