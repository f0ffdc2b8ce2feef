#pragma once

#include "messages.h"
#include "roster.h"
#include "serverevent.h"

#include <QHash>
#include <QList>
#include <QString>

class ClientSession;

// One room: who is in it, under which (case-insensitively unique) nickname,
// in the order they came, and its list of people in pieces (Roster). It
// holds no bytes and sends nothing: the Router takes events to its members.
class ChatRoom
{
public:
    explicit ChatRoom(const QString &name = QStringLiteral("#general"));

    QString name() const { return m_name; }

    void add(ClientSession *session);
    void remove(ClientSession *session);
    void rename(ClientSession *session, const QString &nick);

    bool contains(const ClientSession *session) const;
    ClientSession *find(const QString &nick) const;
    const QList<ClientSession *> &members() const { return m_members; }
    int size() const { return int(m_members.size()); }
    QList<Protocol::UserInfo> users() const { return m_roster.users(); }
    // The join sequence of the latest to come (ClientSession::joinSequence()).
    quint64 latestJoin() const { return m_latestJoin; }
    // The list as users frames and welcomes carry it.
    UserListing listing() const;

    // Joins and leaves not yet told to a large room (see ChatService).
    int unannouncedJoins = 0;
    int unannouncedLeaves = 0;

private:
    QString m_name;
    QList<ClientSession *> m_members;
    QHash<QString, ClientSession *> m_byKey; // nickKey() -> member
    Roster m_roster;
    quint64 m_latestJoin = 0;
};
