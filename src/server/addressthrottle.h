#pragma once

#include <QHash>
#include <QHostAddress>
#include <QList>

// Events counted per address (wrong passwords; new connections): after
// `events` of them within `windowMs`, the address is refused for `blockMs`,
// so that a password cannot be guessed by trying, nor the server flooded
// with connections from one place. Remembers at most MaxAddresses addresses
// (the oldest go first), so that a flood of them cannot grow it without bound.
class AddressThrottle
{
public:
    static constexpr int MaxAddresses = 10'000;

    // events 0: no limit.
    AddressThrottle(int events, qint64 windowMs, qint64 blockMs);

    // One more event from address (a wrong or missing password, a
    // connection), at nowMs (a monotonic clock).
    void recordEvent(const QHostAddress &address, qint64 nowMs);
    // How long address is still refused (0: it is not).
    qint64 blockedForMs(const QHostAddress &address, qint64 nowMs) const;
    // All is well (a right password): the count starts again.
    void forget(const QHostAddress &address) { m_entries.remove(address); }
    int addressCount() const { return int(m_entries.size()); }

private:
    struct Entry
    {
        QList<qint64> events; // times, oldest first, within the window
        qint64 blockedUntil = 0;
        qint64 lastSeen = 0;
    };
    void forgetOldest();

    int m_events;
    qint64 m_windowMs;
    qint64 m_blockMs;
    QHash<QHostAddress, Entry> m_entries;
};
