#include "memorysecretstore.h"

#include <QMetaObject>

// Answers are queued, like the keychain's, so callers never rely on a
// synchronous answer that the real store cannot give.
void MemorySecretStore::read(const QString &name, QObject *context, ReadCallback done)
{
    const Result<QString> result = m_failure.isEmpty() ? Result<QString>(m_secrets.value(name))
                                                       : Result<QString>::failure(m_failure);
    QMetaObject::invokeMethod(
        context, [done, result] { done(result); }, Qt::QueuedConnection);
}

void MemorySecretStore::write(const QString &name, const QString &secret, QObject *context,
                              DoneCallback done)
{
    VoidResult result = Ok{};
    if (m_failure.isEmpty())
        m_secrets.insert(name, secret);
    else
        result = VoidResult::failure(m_failure);
    QMetaObject::invokeMethod(
        context, [done, result] { done(result); }, Qt::QueuedConnection);
}

void MemorySecretStore::remove(const QString &name, QObject *context, DoneCallback done)
{
    VoidResult result = Ok{};
    if (m_failure.isEmpty())
        m_secrets.remove(name);
    else
        result = VoidResult::failure(m_failure);
    QMetaObject::invokeMethod(
        context, [done, result] { done(result); }, Qt::QueuedConnection);
}
