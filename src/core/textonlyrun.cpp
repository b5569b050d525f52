#include "textonlyrun.h"

#include <cstring>

bool TextOnlyRun::isRequested(int argc, const char *const *argv)
{
    static constexpr const char *textOnly[] = {"-h", "--help", "--help-all", "-v", "--version"};
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        // Everything after "--" is a positional argument, never an option.
        if (std::strcmp(arg, "--") == 0)
            return false;
        for (const char *option : textOnly) {
            if (std::strcmp(arg, option) == 0)
                return true;
        }
    }
    return false;
}
