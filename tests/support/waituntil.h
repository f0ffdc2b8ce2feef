#pragma once

#include <functional>

// Runs the event loop until condition() is true or timeoutMs passes; returns
// condition(). Wakes on every event, so it never sleeps longer than needed.
bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 5000);
