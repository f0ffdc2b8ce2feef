#include "chatservice.h"

#include "chatroom.h"
#include "clientsession.h"
#include "historypipeline.h"
#include "router.h"
#include "serverlogging.h"
#include "validation.h"

#include <QDateTime>
#include <QTimerEvent>

using namespace Protocol;

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

const QString ServerSoftware = QStringLiteral("qtchat-server/" QTCHAT_VERSION);

// Most messages read for one replay or backlog, whatever the settings: more
// would not fit in one history frame anyway.
constexpr int MaxHistoryRead = 5000;

} // namespace

ChatService::ChatService(const ServerConfig &config, ChatRoom &room, Router &router,
                         HistoryPipeline &history, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_room(room)
    , m_router(router)
    , m_history(history)
{}

HistoryReader ChatService::readerOf(const ClientSession *session)
{
    // Where the nickname says little (a plain-text client's address), whispers stay out.
    if (!session->dialect() || !session->dialect()->readsWhisperHistory())
        return HistoryReader();
    return HistoryReader{session->nickKey(), session->peerAddress()};
}

bool ChatService::isQuiet() const
{
    return m_config.quietJoinsAbove > 0 && m_room.size() > m_config.quietJoinsAbove;
}

void ChatService::announcePresence()
{
    if (m_room.unannouncedJoins == 0 && m_room.unannouncedLeaves == 0)
        return;
    const Presence presence{m_room.unannouncedJoins, m_room.unannouncedLeaves, m_room.size(),
                            nowMs()};
    m_room.unannouncedJoins = 0;
    m_room.unannouncedLeaves = 0;
    m_router.toRoom(m_room, presence);
}

void ChatService::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_presenceTimer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    m_presenceTimer.stop();
    announcePresence();
}

void ChatService::join(ClientSession *session, const QString &nick)
{
    session->markRegistered(nick, nowMs());
    session->setJoinSequence(++m_joinSequence);
    m_room.add(session);
    if (isQuiet()) {
        // A large room hears of joins as a count now and then, not one by one.
        ++m_room.unannouncedJoins;
        if (!m_presenceTimer.isActive())
            m_presenceTimer.start(m_config.presenceIntervalMs, Qt::CoarseTimer, this);
    } else {
        m_router.toRoom(m_room, Joined{nick, session->joinedAtMs()}, session);
    }
    const bool plainText = !session->dialect()->hasHandshake();
    qCInfo(lcServer).noquote() << "join" << nick
                               << u'(' + session->peerLabel() + u", " +
                                          (plainText ? u"plain text" : u"protocol") + u')';
    Q_EMIT userJoined(nick, session->peerLabel(), plainText);
}

HistoryPage ChatService::joinHistory(ClientSession *session, std::optional<qint64> since) const
{
    const MessageHistory &history = m_history.history();
    if (since) {
        const int cap =
                m_config.replayCap > 0 ? qMin(m_config.replayCap, MaxHistoryRead) : MaxHistoryRead;
        return history.after(*since, readerOf(session), cap);
    }
    if (m_config.joinBacklog <= 0)
        return HistoryPage{{}, history.lastId() == 0};
    return history.before(std::nullopt, qMin(m_config.joinBacklog, MaxHistoryRead),
                          readerOf(session));
}

void ChatService::admitWithoutHandshake(ClientSession *session)
{
    if (!m_config.password.isEmpty()) {
        // Clients without a handshake have no way to give the password.
        qCInfo(lcServer).noquote() << "refusing" << session->peerLabel()
                                   << "(plain-text client, but a password is required)";
        Q_EMIT connectionRefused(session->peerLabel(), QStringLiteral("password required"));
        session->disconnectWithError(
                ErrorCode::AuthFailed,
                QStringLiteral("this server needs a password, which plain-text clients "
                               "cannot give; connect with a program that speaks the qtchat "
                               "protocol"),
                QStringLiteral("password required"));
        return;
    }
    const QString nick = m_addressNames.take(
            session->peerAddress(),
            [this](const QString &nick) { return m_room.find(nick) != nullptr; }, session);
    join(session, nick);
    Welcome welcome;
    welcome.server = ServerSoftware;
    welcome.nick = nick;
    welcome.motd = m_config.motd;
    m_router.toSession(session, WelcomeEvent{welcome, m_room.listing()});
    // Recent room messages.
    if (m_config.joinBacklog > 0)
        m_router.toSession(session, joinHistory(session, std::nullopt));
}

void ChatService::hello(ClientSession *session, const Hello &hello)
{
    const QString peer = session->peerLabel();
    if (hello.protocol != Version) {
        qCInfo(lcServer).noquote()
                << "refusing" << peer << "(protocol" << hello.protocol << "unsupported)";
        Q_EMIT connectionRefused(peer, QStringLiteral("protocol unsupported"));
        session->disconnectWithError(ErrorCode::ProtocolUnsupported,
                                     QStringLiteral("this server speaks protocol version %1 "
                                                    "only; your client asked for version %2")
                                             .arg(Version)
                                             .arg(hello.protocol),
                                     QStringLiteral("protocol unsupported"));
        return;
    }
    if (!m_config.password.isEmpty() && hello.password != m_config.password) {
        const QString why = hello.password.isEmpty()
                                    ? QStringLiteral("this server needs a password")
                                    : QStringLiteral("wrong password");
        qCInfo(lcServer).noquote() << "refusing" << peer << u'(' + why + u')';
        Q_EMIT connectionRefused(peer, why);
        session->disconnectWithError(ErrorCode::AuthFailed, why, why);
        return;
    }
    const Validation::NickCheck nick = Validation::checkNick(hello.nick);
    if (!nick.ok) {
        qCInfo(lcServer).noquote() << "refusing nickname from" << peer << u'(' + nick.reason + u')';
        m_router.toSession(session, Error{ErrorCode::BadNick, {}, nick.reason, {}, {}});
        return;
    }
    if (m_room.find(nick.nick)) {
        qCInfo(lcServer).noquote()
                << "refusing nickname" << nick.nick << "from" << peer << "(taken)";
        m_router.toSession(session,
                           Error{ErrorCode::NickTaken,
                                 {},
                                 u"the nickname " + nick.nick + u" is taken; choose another one",
                                 {},
                                 {}});
        return;
    }
    join(session, nick.nick);
    Welcome welcome;
    welcome.server = ServerSoftware;
    welcome.nick = nick.nick;
    welcome.motd = m_config.motd;
    welcome.limits =
            Limits{m_config.maxFrameBytes, m_config.maxTextBytes, m_config.rate, m_config.burst};
    welcome.lastId = m_history.lastId();
    m_router.toSession(session, WelcomeEvent{welcome, m_room.listing()});
    m_router.toSession(session, joinHistory(session, hello.since));
}

void ChatService::request(ClientSession *session, const ClientMessage &request)
{
    if (!session->isRegistered())
        return;
    std::visit(
            [this, session](const auto &message) {
                using T = std::decay_t<decltype(message)>;
                // Hello, ping and pong are the session's and its dialect's business.
                if constexpr (!std::is_same_v<T, Hello> && !std::is_same_v<T, Ping> &&
                              !std::is_same_v<T, Pong>)
                    handle(session, message);
            },
            request);
}

bool ChatService::echoDuplicate(ClientSession *session, const QString &ref,
                                const ChatMessage &resent)
{
    std::optional<ChatMessage> stored =
            m_history.history().findDuplicate(session->nickKey(), ref, resent.ts);
    // The same ref with other content is not a resend (a client that started
    // counting its refs again): it is stored as a new message.
    if (!stored || stored->text != resent.text || stored->action != resent.action ||
        Validation::nickKey(stored->to) != Validation::nickKey(resent.to))
        return false;
    stored->ref = ref;
    m_router.toSession(session, OwnMessage{*stored});
    return true;
}

void ChatService::handle(ClientSession *session, const Say &say)
{
    const Validation::TextCheck text = Validation::checkText(say.text, m_config.maxTextBytes);
    if (text.error) {
        m_router.toSession(session, Error{*text.error, {}, text.reason, say.ref, {}});
        return;
    }
    ChatMessage message;
    message.ts = nowMs();
    message.from = session->nick();
    message.text = text.text;
    message.action = say.action;
    if (echoDuplicate(session, say.ref, message))
        return;
    message = m_history.append(message, say.ref);
    session->countMessageSent();
    m_router.toRoom(m_room, message, session);
    // The sender's own copy, with its ref: its acknowledgement.
    ChatMessage echo = message;
    echo.ref = say.ref;
    m_router.toSession(session, OwnMessage{echo});
    Q_EMIT messagePosted(message);
}

void ChatService::handle(ClientSession *session, const Whisper &whisper)
{
    const Validation::TextCheck text = Validation::checkText(whisper.text, m_config.maxTextBytes);
    if (text.error) {
        m_router.toSession(session, Error{*text.error, {}, text.reason, whisper.ref, {}});
        return;
    }
    ChatMessage message;
    message.ts = nowMs();
    message.from = session->nick();
    message.to = whisper.to;
    message.text = text.text;
    // A resend is answered even when the recipient has left since.
    if (echoDuplicate(session, whisper.ref, message))
        return;
    ClientSession *target = m_room.find(whisper.to);
    if (!target) {
        m_router.toSession(session,
                           Error{ErrorCode::NoSuchNick,
                                 {},
                                 u"no one called " + Validation::quoted(whisper.to) + u" is here",
                                 whisper.ref,
                                 {}});
        return;
    }
    message.to = target->nick();
    message = m_history.append(message, whisper.ref, session->peerAddress(), target->peerAddress());
    session->countMessageSent();
    if (target != session)
        m_router.toSession(target, message);
    ChatMessage echo = message;
    echo.ref = whisper.ref;
    m_router.toSession(session, OwnMessage{echo});
    Q_EMIT messagePosted(message);
}

void ChatService::handle(ClientSession *session, const Nick &request)
{
    const Validation::NickCheck nick = Validation::checkNick(request.nick);
    if (!nick.ok) {
        m_router.toSession(session, Error{ErrorCode::BadNick, {}, nick.reason, {}, {}});
        return;
    }
    if (nick.nick == session->nick())
        return;
    ClientSession *holder = m_room.find(nick.nick);
    if (holder && holder != session) {
        m_router.toSession(session,
                           Error{ErrorCode::NickTaken,
                                 {},
                                 u"the nickname " + nick.nick + u" is taken; choose another one",
                                 {},
                                 {}});
        return;
    }
    const QString old = session->nick();
    m_room.rename(session, nick.nick);
    m_router.toRoom(m_room, Renamed{old, nick.nick, nowMs()});
    qCInfo(lcServer).noquote() << "rename" << old << "->" << nick.nick;
    Q_EMIT userRenamed(old, nick.nick);
}

void ChatService::handle(ClientSession *session, const Who &)
{
    m_router.toSession(session, m_room.listing());
}

void ChatService::handle(ClientSession *session, const HistoryRequest &request)
{
    m_router.toSession(
            session, m_history.history().before(request.before, request.limit, readerOf(session)));
}

void ChatService::handle(ClientSession *session, const Bye &bye)
{
    m_router.toSession(session, Goodbye{});
    const QString reason = Validation::oneLineReason(bye.reason);
    // The client leaves after it got what it was owed (the echo of what it just said).
    m_router.closeAfterOwed(session, reason.isEmpty() ? QStringLiteral("quit") : reason);
}

void ChatService::leave(ClientSession *session, const QString &reason)
{
    m_addressNames.release(session);
    if (!m_room.contains(session)) {
        qCInfo(lcServer).noquote()
                << "closed" << session->peerLabel() << "before joining:" << reason;
        return;
    }
    const bool quiet = isQuiet();
    m_room.remove(session);
    if (quiet) {
        ++m_room.unannouncedLeaves;
        if (!m_presenceTimer.isActive())
            m_presenceTimer.start(m_config.presenceIntervalMs, Qt::CoarseTimer, this);
    } else {
        m_router.toRoom(m_room, Left{session->nick(), nowMs(), reason});
    }
    qCInfo(lcServer).noquote() << "leave" << session->nick() << u'(' + session->peerLabel() + u"):"
                               << reason;
    Q_EMIT userLeft(session->nick(), reason);
}

void ChatService::notice(const QString &text)
{
    const QString clean = text.trimmed();
    if (clean.isEmpty())
        return;
    m_router.toRoom(m_room, Notice{clean, nowMs()});
    qCInfo(lcServer).noquote() << "notice:" << clean;
    Q_EMIT noticeSent(clean);
}
