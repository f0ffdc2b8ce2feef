#include "addressthrottle.h"

#include <algorithm>

AddressThrottle::AddressThrottle(int failures, qint64 windowMs, qint64 blockMs)
    : m_failures(failures)
    , m_windowMs(windowMs)
    , m_blockMs(blockMs)
{}

void AddressThrottle::recordFailure(const QHostAddress &address, qint64 nowMs)
{
    if (m_failures <= 0)
        return;
    if (!m_entries.contains(address) && m_entries.size() >= MaxAddresses)
        forgetOldest();
    Entry &entry = m_entries[address];
    entry.lastSeen = nowMs;
    entry.failures.removeIf([this, nowMs](qint64 at) { return at <= nowMs - m_windowMs; });
    entry.failures.append(nowMs);
    if (entry.failures.size() >= m_failures) {
        entry.blockedUntil = nowMs + m_blockMs;
        entry.failures.clear(); // after the block, the count starts again
    }
}

qint64 AddressThrottle::blockedForMs(const QHostAddress &address, qint64 nowMs) const
{
    const auto found = m_entries.constFind(address);
    if (found == m_entries.cend())
        return 0;
    return std::max<qint64>(0, found->blockedUntil - nowMs);
}

void AddressThrottle::forgetOldest()
{
    // The address not heard from for longest.
    auto oldest = m_entries.begin();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        const bool older = it->lastSeen < oldest->lastSeen;
        if (older)
            oldest = it;
    }
    if (oldest != m_entries.end())
        m_entries.erase(oldest);
}
