#pragma once

#include "core/result.h"

#include <QObject>
#include <QString>

#include <functional>

// Where secrets (the API key) live. The real one is the OS keychain; tests of
// code above it use MemorySecretStore. Calls are asynchronous because the
// keychain may ask the user to unlock it. A callback runs only while
// `context` is alive, on the GUI thread.
class SecretStore
{
public:
    virtual ~SecretStore() = default;

    // An empty string means no secret is stored under that name.
    using ReadCallback = std::function<void(const Result<QString> &)>;
    using DoneCallback = std::function<void(const VoidResult &)>;

    virtual void read(const QString &name, QObject *context, ReadCallback done) = 0;
    virtual void write(const QString &name, const QString &secret, QObject *context,
                       DoneCallback done) = 0;
    virtual void remove(const QString &name, QObject *context, DoneCallback done) = 0;
};
