#pragma once

#include <QtGlobal>

// A token bucket: up to `burst` frames at once, then `rate` per second.
// A rate of 0 means unlimited.
class RateLimiter
{
public:
    RateLimiter(double ratePerSecond, int burst);

    bool isUnlimited() const { return m_rate <= 0; }
    // Takes one token if there is one.
    bool tryTake(qint64 nowMs);
    // Milliseconds until tryTake() can succeed (0 when it can now).
    qint64 msUntilAvailable(qint64 nowMs) const;

private:
    void refill(qint64 nowMs);

    double m_rate;
    double m_capacity;
    double m_tokens;
    qint64 m_lastMs = -1;
};
