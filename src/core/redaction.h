#pragma once

#include <QString>

// The last line of defence for secrets in logs: whatever reaches the message
// handler has anything shaped like an API key or a bearer token replaced.
// Code must not log secrets in the first place; this catches mistakes.
namespace Redaction {
QString redact(const QString &text);
// Installs a Qt message handler that redacts, then passes on to the default one.
void installMessageHandler();
} // namespace Redaction
