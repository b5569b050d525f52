#pragma once

// Decides from the raw arguments, before any application object exists,
// whether this run only prints text and exits (--help, --help-all, --version).
// Such a run must work where there is no display (over ssh, in scripts, in a
// package's install test), so main starts it without a windowing system.
class TextOnlyRun
{
public:
    static bool isRequested(int argc, const char *const *argv);
};
