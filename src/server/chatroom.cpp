#include "chatroom.h"

#include "clientsession.h"
#include "validation.h"

ChatRoom::ChatRoom(const QString &name)
    : m_name(name)
{}

void ChatRoom::add(ClientSession *session)
{
    Q_ASSERT(!m_byKey.contains(session->nickKey()));
    m_members.append(session);
    m_byKey.insert(session->nickKey(), session);
    m_roster.add(session, {session->nick(), session->joinedAtMs()});
    m_latestJoin = qMax(m_latestJoin, session->joinSequence());
}

void ChatRoom::remove(ClientSession *session)
{
    if (!contains(session))
        return;
    m_byKey.remove(session->nickKey());
    m_members.removeOne(session);
    m_roster.remove(session);
}

void ChatRoom::rename(ClientSession *session, const QString &nick)
{
    Q_ASSERT(contains(session));
    m_byKey.remove(session->nickKey());
    session->setNick(nick);
    m_byKey.insert(session->nickKey(), session);
    m_roster.rename(session, nick);
}

bool ChatRoom::contains(const ClientSession *session) const
{
    return m_byKey.value(session->nickKey()) == session;
}

ClientSession *ChatRoom::find(const QString &nick) const
{
    return m_byKey.value(Validation::nickKey(nick));
}

UserListing ChatRoom::listing() const
{
    return UserListing{m_roster.chunks(), m_roster.size()};
}
