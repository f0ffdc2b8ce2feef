#pragma once

#include "chatroom.h"
#include "outboundevent.h"
#include "serverevent.h"

#include <QList>

#include <QPointer>
#include <QString>

#include <deque>

class ClientSession;
class HistoryPipeline;

// Takes events to the sessions they are for, in order: to everyone in a
// room (but one), to a list of sessions (each once), or to one session. An event is encoded once
// per dialect in use and its bytes shared (OutboundEvent). Nothing goes out before the history has
// stored what it carries: while a write is under way, everything waits in order behind it, and goes
// when history.written().
class Router
{
public:
    explicit Router(const HistoryPipeline &history);

    // Those who are in the room now (and, when this waits, were in it then).
    void toRoom(const ChatRoomPtr &room, ServerEvent event, const ClientSession *except = nullptr);
    void toSessions(const QList<ClientSession *> &sessions, ServerEvent event);
    void toSession(ClientSession *session, ServerEvent event);
    // Closes session once what it is owed (now waiting) has gone.
    void closeAfterOwed(ClientSession *session, const QString &reason);

    // Whether what is sent now waits (behind a write, or behind what waits).
    bool mustWait() const;
    // Delivers what waited for the history as far as it is written (or
    // everything, when writing fails).
    void deliverWritten();

private:
    struct Delivery
    {
        enum class Kind { ToRoom, ToMany, ToOne, Close };
        Kind kind = Kind::ToOne;
        OutboundEventPtr event;
        std::shared_ptr<const ChatRoom> room;  // ToRoom
        QList<QPointer<ClientSession>> many;   // ToMany
        const ClientSession *except = nullptr; // ToRoom: compared, never used
        quint64 joinedUpTo = 0;                // ToRoom: the members who had joined by then
        QPointer<ClientSession> to;            // ToOne and Close
        QString closeReason;                   // Close
        qint64 waitsFor = 0;                   // sent once the history is written up to this id
    };
    void deliver(const Delivery &delivery);
    static void deliverToMany(const QList<ClientSession *> &sessions, const OutboundEvent &event);
    static void deliverToRoom(const ChatRoom &room, const OutboundEvent &event,
                              const ClientSession *except, quint64 joinedUpTo);

    const HistoryPipeline &m_history;
    std::deque<Delivery> m_waiting;
};
