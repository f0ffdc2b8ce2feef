#include "moderation.h"

#include "admission.h"
#include "clientsession.h"
#include "nicknames.h"
#include "serverlogging.h"
#include "validation.h"

using namespace Protocol;

Moderation::Moderation(Nicknames &nicknames, Admission &admission,
                       const QSet<ClientSession *> &sessions)
    : m_nicknames(nicknames)
    , m_admission(admission)
    , m_sessions(sessions)
{}

bool Moderation::kick(const QString &nick, const QString &reason)
{
    return kickSession(m_nicknames.find(nick), reason);
}

bool Moderation::kickConnection(quint64 id, const QString &reason)
{
    for (ClientSession *member : m_nicknames.sessions()) {
        if (member->joinSequence() == id)
            return kickSession(member, reason);
    }
    return false;
}

bool Moderation::kickSession(ClientSession *session, const QString &reason)
{
    if (!session || session->isClosing())
        return false;
    const QString why = Validation::oneLineReason(reason);
    qCInfo(lcServer).noquote() << "kick" << session->nick()
                               << (why.isEmpty() ? QString() : u"(" + why + u")");
    session->disconnectWithError(ErrorCode::Kicked,
                                 why.isEmpty() ? QStringLiteral("you were kicked from the room")
                                               : u"you were kicked from the room: " + why,
                                 why.isEmpty() ? QStringLiteral("kicked") : u"kicked: " + why, why);
    return true;
}

QString Moderation::ban(const QString &addressOrSubnet)
{
    const QString problem = m_admission.ban(addressOrSubnet);
    if (!problem.isEmpty())
        return problem;
    const QList<ClientSession *> sessions(m_sessions.cbegin(), m_sessions.cend());
    for (ClientSession *session : sessions) {
        if (!session->isClosing() && m_admission.isBanned(session->peerAddress())) {
            session->disconnectWithError(ErrorCode::Banned,
                                         QStringLiteral("you are banned from this server"),
                                         QStringLiteral("banned"));
        }
    }
    return QString();
}

bool Moderation::unban(const QString &addressOrSubnet)
{
    return m_admission.unban(addressOrSubnet);
}
