#include "chatroom.h"

#include "clientsession.h"
#include "codec.h"
#include "validation.h"

void ChatRoom::add(ClientSession *session)
{
    Q_ASSERT(!m_byKey.contains(session->nickKey()));
    m_members.append(session);
    m_byKey.insert(session->nickKey(), session);
    if (session->kind() == ClientSession::Kind::PlainText)
        ++m_plainTextMembers;
    if (!m_encodedStale)
        appendEncoded(session);
}

void ChatRoom::remove(ClientSession *session)
{
    if (!contains(session))
        return;
    m_byKey.remove(session->nickKey());
    m_members.removeOne(session);
    if (session->kind() == ClientSession::Kind::PlainText)
        --m_plainTextMembers;
    m_encodedStale = true;
}

void ChatRoom::rename(ClientSession *session, const QString &nick)
{
    Q_ASSERT(contains(session));
    m_byKey.remove(session->nickKey());
    session->setNick(nick);
    m_byKey.insert(session->nickKey(), session);
    m_encodedStale = true;
}

bool ChatRoom::contains(const ClientSession *session) const
{
    return m_byKey.value(session->nickKey()) == session;
}

ClientSession *ChatRoom::find(const QString &nick) const
{
    return m_byKey.value(Validation::nickKey(nick));
}

QList<Protocol::UserInfo> ChatRoom::users() const
{
    QList<Protocol::UserInfo> list;
    list.reserve(m_members.size());
    for (const ClientSession *member : m_members)
        list.append({member->nick(), member->joinedAtMs()});
    return list;
}

void ChatRoom::appendEncoded(const ClientSession *member) const
{
    if (!m_encodedEntries.isEmpty())
        m_encodedEntries += ',';
    m_encodedEntries += Codec::encodeUser({member->nick(), member->joinedAtMs()});
}

QByteArray ChatRoom::encodedUsers() const
{
    if (m_encodedStale) {
        m_encodedStale = false;
        m_encodedEntries.clear();
        for (const ClientSession *member : m_members)
            appendEncoded(member);
    }
    return '[' + m_encodedEntries + ']';
}

void ChatRoom::broadcast(const QByteArray &frame, const QByteArray &line,
                         const ClientSession *except, quint64 joinedUpTo) const
{
    for (ClientSession *member : m_members) {
        if (member != except && member->joinSequence() <= joinedUpTo)
            member->deliver(frame, line);
    }
}
