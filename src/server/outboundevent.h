#pragma once

#include "dialect.h"
#include "serverevent.h"

#include <array>
#include <bitset>
#include <memory>

// One event on its way to its recipients: encoded at most once for each
// dialect encoding in use (by its first recipient of that kind), the bytes
// then shared by all of them. Recipients who never read a dialect cost it
// nothing: a room of protocol clients never makes a plain-text line.
class OutboundEvent
{
public:
    explicit OutboundEvent(ServerEvent event)
        : m_event(std::move(event))
        , m_room(roomOf(m_event))
    {}

    const ServerEvent &event() const { return m_event; }
    // roomOf(event()), found once for all recipients.
    const QString &room() const { return m_room; }
    const EncodedBytes &bytesFor(const Dialect &dialect) const;
    // The same when the caller has the key (Dialect::encodingKeyFor(room())).
    const EncodedBytes &bytesFor(const Dialect &dialect, int key) const;

private:
    ServerEvent m_event;
    QString m_room;
    mutable std::array<EncodedBytes, Dialect::MaxEncodings> m_forms;
    mutable std::bitset<Dialect::MaxEncodings> m_made;
};

using OutboundEventPtr = std::shared_ptr<const OutboundEvent>;

inline OutboundEventPtr makeOutbound(ServerEvent event)
{
    return std::make_shared<const OutboundEvent>(std::move(event));
}
