#pragma once

#include <QSet>
#include <QString>

class Admission;
class Nicknames;
class ClientSession;

// The operator's hand on who stays: kicking someone out (they may come
// back) and banning an address or subnet (everyone connected from there is
// disconnected, and refused from then on; see Admission). The window, the
// console and the tests reach it through ChatServer's slots.
class Moderation
{
public:
    // sessions: every connection not yet ended (they are disconnected by a ban too).
    Moderation(Nicknames &nicknames, Admission &admission, const QSet<ClientSession *> &sessions);

    // False when no one has that nickname.
    bool kick(const QString &nick, const QString &reason);
    // The same for the member with this join sequence (ConnectionInfo::id).
    bool kickConnection(quint64 id, const QString &reason);
    // An empty string, or why the entry is not valid.
    QString ban(const QString &addressOrSubnet);
    bool unban(const QString &addressOrSubnet);

private:
    bool kickSession(ClientSession *session, const QString &reason);

    Nicknames &m_nicknames;
    Admission &m_admission;
    const QSet<ClientSession *> &m_sessions;
};
