#include "logging.h"

Q_LOGGING_CATEGORY(lcApi, "confab.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "confab.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSession, "confab.session", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "confab.secrets", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "confab.ui", QtInfoMsg)
