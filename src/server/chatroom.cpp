#include "chatroom.h"

#include "clientsession.h"
#include "validation.h"

ChatRoom::ChatRoom(const QString &name)
{
    setName(name);
}

void ChatRoom::setName(const QString &name)
{
    m_name = name;
    m_key = Validation::roomKey(name);
    m_topic.room = name;
}

void ChatRoom::add(ClientSession *session, quint64 sequence, qint64 sinceMs)
{
    if (contains(session))
        return;
    m_members.append(session);
    m_sequences.append(sequence);
    m_in.insert(session, 1);
    m_roster.add(session, {session->nick(), sinceMs});
    m_latestJoin = qMax(m_latestJoin, sequence);
}

void ChatRoom::remove(ClientSession *session)
{
    if (!m_in.remove(session))
        return;
    const qsizetype index = m_members.indexOf(session);
    m_members.removeAt(index);
    m_sequences.removeAt(index);
    m_roster.remove(session);
}

void ChatRoom::renamed(ClientSession *session)
{
    if (contains(session))
        m_roster.rename(session, session->nick());
}

bool ChatRoom::contains(const ClientSession *session) const
{
    return m_in.contains(session);
}

UserListing ChatRoom::listing() const
{
    return UserListing{m_roster.chunks(), m_roster.size(), m_name};
}

void ChatRoom::setTopic(const QString &text, const QString &by, qint64 ts)
{
    m_topic = Protocol::Topic{m_name, text, by, ts};
}
