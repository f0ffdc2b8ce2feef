#pragma once

#include "messages.h"

#include <QByteArray>
#include <QHash>
#include <QList>

#include <limits>

class ClientSession;

// Who is in the room, under which (case-insensitively unique) nickname, in
// the order they joined; and sending one event to all of them.
class ChatRoom
{
public:
    void add(ClientSession *session);
    void remove(ClientSession *session);
    void rename(ClientSession *session, const QString &nick);

    bool contains(const ClientSession *session) const;
    ClientSession *find(const QString &nick) const;
    const QList<ClientSession *> &members() const { return m_members; }
    int size() const { return int(m_members.size()); }
    int plainTextMembers() const { return m_plainTextMembers; }
    QList<Protocol::UserInfo> users() const;
    // users() as welcome and users frames carry it, encoded once per change.
    QByteArray encodedUsers() const;

    // Hands the same encoded bytes to every member but `except` (and but
    // those who joined after joinedUpTo): the frame to protocol clients, the
    // line to plain-text ones.
    void broadcast(const QByteArray &frame, const QByteArray &line,
                   const ClientSession *except = nullptr,
                   quint64 joinedUpTo = std::numeric_limits<quint64>::max()) const;

private:
    void appendEncoded(const ClientSession *member) const;

    QList<ClientSession *> m_members;
    int m_plainTextMembers = 0;
    QHash<QString, ClientSession *> m_byKey; // nickKey() -> member
    // The members' encoded entries, comma-separated: joins append to it,
    // leaves and renames have it made again when next needed.
    mutable QByteArray m_encodedEntries;
    mutable bool m_encodedStale = false;
};
