#include "nicknames.h"

#include "clientsession.h"
#include "validation.h"

void Nicknames::add(ClientSession *session, const QString &nick, qint64 nowMs)
{
    Q_ASSERT(!find(nick));
    session->markRegistered(nick, nowMs);
    m_byKey.insert(session->nickKey(), session);
}

void Nicknames::remove(ClientSession *session)
{
    if (contains(session))
        m_byKey.remove(session->nickKey());
}

void Nicknames::rename(ClientSession *session, const QString &nick)
{
    Q_ASSERT(contains(session));
    m_byKey.remove(session->nickKey());
    session->setNick(nick);
    m_byKey.insert(session->nickKey(), session);
}

ClientSession *Nicknames::find(const QString &nick) const
{
    return m_byKey.value(Validation::nickKey(nick));
}

bool Nicknames::contains(const ClientSession *session) const
{
    // Not isRegistered(): a session that is closing is still here until it has left.
    return !session->nickKey().isEmpty() && m_byKey.value(session->nickKey()) == session;
}
