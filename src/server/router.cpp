#include "router.h"

#include "chatroom.h"
#include "clientsession.h"
#include "historypipeline.h"

#include <limits>

Router::Router(const HistoryPipeline &history)
    : m_history(history)
{}

bool Router::mustWait() const
{
    // Everything waits in order behind messages that are not written yet.
    return !m_waiting.empty() || m_history.isWaiting();
}

void Router::deliverToRoom(const ChatRoom &room, const OutboundEvent &event,
                           const ClientSession *except, quint64 joinedUpTo)
{
    // The bytes are looked up again only when a member speaks another
    // dialect than the one before it.
    int key = -1;
    const EncodedBytes *bytes = nullptr;
    const QList<ClientSession *> &members = room.members();
    for (qsizetype i = 0; i < members.size(); ++i) {
        ClientSession *member = members[i];
        if (member == except || room.sequenceAt(i) > joinedUpTo)
            continue;
        const int memberKey = member->encodingKeyFor(event);
        if (memberKey < 0)
            continue; // it has not shown what it speaks: nothing from the room yet
        if (memberKey != key) {
            bytes = &event.bytesFor(*member->dialect(), memberKey);
            key = memberKey;
        }
        member->deliverEncoded(*bytes);
    }
}

void Router::toRoom(const ChatRoomPtr &room, ServerEvent event, const ClientSession *except)
{
    OutboundEventPtr outbound = makeOutbound(std::move(event));
    if (!mustWait()) {
        deliverToRoom(*room, *outbound, except, std::numeric_limits<quint64>::max());
        return;
    }
    Delivery delivery;
    delivery.kind = Delivery::Kind::ToRoom;
    delivery.event = std::move(outbound);
    delivery.room = room;
    delivery.except = except;
    delivery.joinedUpTo = room->latestJoin();
    delivery.waitsFor = m_history.lastId();
    m_waiting.push_back(std::move(delivery));
}

void Router::deliverToMany(const QList<ClientSession *> &sessions, const OutboundEvent &event)
{
    for (ClientSession *session : sessions) {
        if (session)
            session->deliver(event);
    }
}

void Router::toSessions(const QList<ClientSession *> &sessions, ServerEvent event)
{
    OutboundEventPtr outbound = makeOutbound(std::move(event));
    if (!mustWait()) {
        deliverToMany(sessions, *outbound);
        return;
    }
    Delivery delivery;
    delivery.kind = Delivery::Kind::ToMany;
    delivery.event = std::move(outbound);
    delivery.many.reserve(sessions.size());
    for (ClientSession *session : sessions)
        delivery.many.append(session);
    delivery.waitsFor = m_history.lastId();
    m_waiting.push_back(std::move(delivery));
}

void Router::toSession(ClientSession *session, ServerEvent event)
{
    if (!mustWait()) {
        session->send(event);
        return;
    }
    Delivery delivery;
    delivery.kind = Delivery::Kind::ToOne;
    delivery.event = makeOutbound(std::move(event));
    delivery.to = session;
    delivery.waitsFor = m_history.lastId();
    m_waiting.push_back(std::move(delivery));
}

void Router::closeAfterOwed(ClientSession *session, const QString &reason)
{
    if (!mustWait()) {
        session->disconnectQuietly(reason);
        return;
    }
    Delivery delivery;
    delivery.kind = Delivery::Kind::Close;
    delivery.to = session;
    delivery.closeReason = reason;
    delivery.waitsFor = m_history.lastId();
    m_waiting.push_back(std::move(delivery));
}

void Router::deliverWritten()
{
    // When writing fails, messages are delivered anyway (and written later).
    const qint64 written = m_history.history().writtenUpTo();
    const bool failing = m_history.isFailing();
    while (!m_waiting.empty() && (failing || m_waiting.front().waitsFor <= written)) {
        const Delivery delivery = std::move(m_waiting.front());
        m_waiting.pop_front();
        deliver(delivery);
    }
}

void Router::deliver(const Delivery &delivery)
{
    switch (delivery.kind) {
    case Delivery::Kind::ToRoom:
        deliverToRoom(*delivery.room, *delivery.event, delivery.except, delivery.joinedUpTo);
        break;
    case Delivery::Kind::ToMany:
        for (const QPointer<ClientSession> &to : delivery.many) {
            if (to)
                to->deliver(*delivery.event);
        }
        break;
    case Delivery::Kind::ToOne:
        if (delivery.to)
            delivery.to->deliver(*delivery.event);
        break;
    case Delivery::Kind::Close:
        if (delivery.to)
            delivery.to->disconnectQuietly(delivery.closeReason);
        break;
    }
}
