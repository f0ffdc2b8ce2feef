#include "addressthrottle.h"

#include <algorithm>

AddressThrottle::AddressThrottle(int events, qint64 windowMs, qint64 blockMs)
    : m_events(events)
    , m_windowMs(windowMs)
    , m_blockMs(blockMs)
{}

void AddressThrottle::recordEvent(const QHostAddress &address, qint64 nowMs)
{
    if (m_events <= 0)
        return;
    if (!m_entries.contains(address) && m_entries.size() >= MaxAddresses)
        forgetOldest();
    Entry &entry = m_entries[address];
    entry.lastSeen = nowMs;
    entry.events.removeIf([this, nowMs](qint64 at) { return at <= nowMs - m_windowMs; });
    entry.events.append(nowMs);
    if (entry.events.size() >= m_events) {
        entry.blockedUntil = nowMs + m_blockMs;
        entry.events.clear(); // after the block, the count starts again
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
