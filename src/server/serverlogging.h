#pragma once

#include <QLoggingCategory>

// One line per server event (connect, join, leave, refusal, error).
Q_DECLARE_LOGGING_CATEGORY(lcServer)
