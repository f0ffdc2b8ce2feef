#include "ratelimiter.h"

#include <algorithm>
#include <cmath>

RateLimiter::RateLimiter(double ratePerSecond, int burst)
    : m_rate(ratePerSecond)
    , m_capacity(std::max(1, burst))
    , m_tokens(m_capacity)
{}

void RateLimiter::refill(qint64 nowMs)
{
    if (m_lastMs >= 0 && nowMs > m_lastMs)
        m_tokens = std::min(m_capacity, m_tokens + double(nowMs - m_lastMs) * m_rate / 1000.0);
    if (nowMs > m_lastMs)
        m_lastMs = nowMs;
}

bool RateLimiter::tryTake(qint64 nowMs)
{
    if (isUnlimited())
        return true;
    refill(nowMs);
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

qint64 RateLimiter::msUntilAvailable(qint64 nowMs) const
{
    if (isUnlimited())
        return 0;
    double tokens = m_tokens;
    if (m_lastMs >= 0 && nowMs > m_lastMs)
        tokens = std::min(m_capacity, tokens + double(nowMs - m_lastMs) * m_rate / 1000.0);
    if (tokens >= 1.0)
        return 0;
    return qint64(std::ceil((1.0 - tokens) * 1000.0 / m_rate));
}
