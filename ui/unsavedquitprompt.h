#pragma once

#include <QCoreApplication>

class QWidget;
class SessionRegistry;

// Asked before Confab quits while a reply exists only in memory because the
// disk refused it (full, read-only): quitting then would throw it away, so
// the user chooses. "Try Again" writes now (after the user freed space) and
// asks again only if that fails; "Quit Anyway" loses the replies knowingly;
// Cancel keeps Confab running, and the replies are written once the disk
// allows.
class UnsavedQuitPrompt
{
    Q_DECLARE_TR_FUNCTIONS(UnsavedQuitPrompt)
public:
    // True when nothing would be lost or the user chose to lose it.
    static bool allowsQuitting(SessionRegistry &sessions, QWidget *parent);
};
