#pragma once

#include "messages.h"
#include "roster.h"
#include "serverevent.h"

#include <QHash>
#include <QList>
#include <QString>

#include <memory>

class ClientSession;

// One room: its name and topic, who is in it (in the order they came, each
// with the join sequence it came in with), and its list of people in pieces
// (Roster). It holds no bytes and sends nothing: the Router takes events to
// its members. Rooms are kept by the RoomRegistry, which hands them out
// shared, so that events waiting for the history keep the room they were for.
class ChatRoom
{
public:
    explicit ChatRoom(const QString &name = QString::fromLatin1(Protocol::DefaultRoomName));

    QString name() const { return m_name; }
    QString key() const { return m_key; }
    void setName(const QString &name);

    // sequence: a number that only grows, given by the chat logic to each
    // join (the Router sends waiting events only to those who were in then).
    void add(ClientSession *session, quint64 sequence, qint64 sinceMs);
    void remove(ClientSession *session);
    // The session's nickname changed.
    void renamed(ClientSession *session);

    bool contains(const ClientSession *session) const;
    const QList<ClientSession *> &members() const { return m_members; }
    // The join sequence of members()[index].
    quint64 sequenceAt(qsizetype index) const { return m_sequences.at(index); }
    int size() const { return int(m_members.size()); }
    bool isEmpty() const { return m_members.isEmpty(); }
    QList<Protocol::UserInfo> users() const { return m_roster.users(); }
    // The join sequence of the latest to come.
    quint64 latestJoin() const { return m_latestJoin; }
    // The list as users frames and welcomes carry it.
    UserListing listing() const;

    Protocol::Topic topic() const { return m_topic; }
    void setTopic(const QString &text, const QString &by, qint64 ts);

    // Joins and leaves not yet told to a large room (see ChatService).
    int unannouncedJoins = 0;
    int unannouncedLeaves = 0;

private:
    QString m_name;
    QString m_key; // Validation::roomKey(m_name)
    QList<ClientSession *> m_members;
    QList<quint64> m_sequences;             // in the order of m_members
    QHash<const ClientSession *, int> m_in; // member -> 1 (membership)
    Roster m_roster;
    quint64 m_latestJoin = 0;
    Protocol::Topic m_topic;
};

using ChatRoomPtr = std::shared_ptr<ChatRoom>;
