#include "chatservice.h"

#include "clientsession.h"
#include "historypipeline.h"
#include "historystore.h"
#include "nicknames.h"
#include "roomregistry.h"
#include "router.h"
#include "serverlogging.h"
#include "validation.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSet>
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

Error errorOf(ErrorCode code, const QString &message, const QString &ref = QString())
{
    return Error{code, {}, message, ref, {}};
}

} // namespace

ChatService::ChatService(const ServerConfig &config, RoomRegistry &rooms, Nicknames &nicknames,
                         Router &router, HistoryPipeline &history, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_rooms(rooms)
    , m_nicknames(nicknames)
    , m_router(router)
    , m_history(history)
    , m_authThrottle(config.authFailuresAllowed, config.authFailureWindowMs, config.authBlockMs)
{
    m_clock.start();
}

void ChatService::restoreRooms()
{
    HistoryStore *store = m_history.store();
    if (!store || !store->isOpen())
        return;
    for (const HistoryStore::StoredRoom &kept : store->rooms()) {
        ChatRoomPtr room = m_rooms.find(kept.name);
        if (!room) {
            const Validation::RoomCheck check = Validation::checkRoom(kept.name);
            if (check.ok)
                room = m_rooms.create(check.room);
            if (!room) {
                qCWarning(lcServer).noquote()
                        << "room" << kept.name << "is in the history but not opened:"
                        << (check.ok ? QStringLiteral("more rooms than --max-rooms allows")
                                     : check.reason);
                continue;
            }
        }
        room->setTopic(kept.topic, kept.topicBy, kept.topicTs);
    }
    keepRoom(*m_rooms.defaultRoom());
    if (m_rooms.size() > 1)
        qCInfo(lcServer).noquote() << "rooms:" << m_rooms.size();
}

void ChatService::keepRoom(const ChatRoom &room, const QString &oldName)
{
    HistoryStore *store = m_history.store();
    if (!store || !store->isOpen())
        return;
    const Topic topic = room.topic();
    if (!store->saveRoom({room.name(), topic.text, topic.by, topic.ts}, oldName))
        qCWarning(lcServer).noquote()
                << "room" << room.name() << "is not kept in the history:" << store->errorString();
}

namespace {

// Compares passwords in time that does not depend on where they differ (or on
// their lengths): their SHA-256 digests, every byte.
bool samePassword(const QString &given, const QString &expected)
{
    const QByteArray a = QCryptographicHash::hash(given.toUtf8(), QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(expected.toUtf8(), QCryptographicHash::Sha256);
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

} // namespace

HistoryReader ChatService::readerOf(const ClientSession *session)
{
    HistoryReader reader;
    reader.rooms.emplace();
    for (const ChatRoomPtr &room : session->rooms())
        reader.rooms->insert(room->key());
    // Where the nickname says little (a plain-text client's address), whispers stay out.
    if (session->dialect() && session->dialect()->readsWhisperHistory()) {
        reader.nickKey = session->nickKey();
        reader.address = session->peerAddress();
    }
    return reader;
}

void ChatService::refuse(ClientSession *session, ErrorCode code, const QString &message,
                         const QString &ref)
{
    m_router.toSession(session, errorOf(code, message, ref));
}

bool ChatService::isQuiet(const ChatRoom &room) const
{
    return m_config.quietJoinsAbove > 0 && room.size() > m_config.quietJoinsAbove;
}

void ChatService::countPresence(ChatRoom &room, bool joined)
{
    ++(joined ? room.unannouncedJoins : room.unannouncedLeaves);
    if (!m_presenceTimer.isActive())
        m_presenceTimer.start(m_config.presenceIntervalMs, Qt::CoarseTimer, this);
}

void ChatService::announcePresence()
{
    for (const ChatRoomPtr &room : m_rooms.rooms()) {
        if (room->unannouncedJoins == 0 && room->unannouncedLeaves == 0)
            continue;
        const Presence presence{room->unannouncedJoins, room->unannouncedLeaves, room->size(),
                                nowMs(), room->name()};
        room->unannouncedJoins = 0;
        room->unannouncedLeaves = 0;
        m_router.toRoom(room, presence);
    }
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

void ChatService::registerSession(ClientSession *session, const QString &nick)
{
    m_nicknames.add(session, nick, nowMs());
    session->setJoinSequence(++m_joinSequence);
    session->setCurrentRoom(m_rooms.defaultRoom());
    enterRoom(session, m_rooms.defaultRoom(), false);
    const bool plainText = !session->dialect()->hasHandshake();
    qCInfo(lcServer).noquote() << "join" << nick
                               << u'(' + session->peerLabel() + u", " +
                                          (plainText          ? u"plain text"
                                           : session->isIrc() ? u"IRC"
                                                              : u"protocol") +
                                          u')';
    Q_EMIT userJoined(nick, session->peerLabel(), plainText);
}

void ChatService::enterRoom(ClientSession *session, const ChatRoomPtr &room, bool tellSelf)
{
    const qint64 now = nowMs();
    room->add(session, ++m_joinSequence, now);
    session->addRoom(room);
    if (isQuiet(*room)) {
        // A large room hears of joins as a count now and then, not one by one.
        countPresence(*room, true);
        if (tellSelf)
            m_router.toSession(session, Joined{session->nick(), now, room->name()});
    } else {
        m_router.toRoom(room, Joined{session->nick(), now, room->name()},
                        tellSelf ? nullptr : session);
    }
    Q_EMIT roomsChanged();
}

void ChatService::leaveRoom(ClientSession *session, const ChatRoomPtr &room, const QString &reason)
{
    const bool quiet = isQuiet(*room);
    room->remove(session);
    session->removeRoom(room.get());
    const Left left{session->nick(), nowMs(), reason, room->name()};
    if (quiet)
        countPresence(*room, false);
    else
        m_router.toRoom(room, left);
    m_router.toSession(session, left);
    if (session->currentRoom() == room) {
        // Plain-text clients talk in the default room again, or in one they are still in.
        const QList<ChatRoomPtr> &rooms = session->rooms();
        if (room != m_rooms.defaultRoom() && m_rooms.defaultRoom()->contains(session))
            session->setCurrentRoom(m_rooms.defaultRoom());
        else
            session->setCurrentRoom(rooms.isEmpty() ? ChatRoomPtr() : rooms.constLast());
    }
    qCInfo(lcServer).noquote() << "part" << session->nick() << room->name()
                               << (reason.isEmpty() ? QString() : u"(" + reason + u")");
    Q_EMIT roomsChanged();
}

HistoryPage ChatService::joinHistory(ClientSession *session, std::optional<qint64> since) const
{
    const MessageHistory &history = m_history.history();
    if (since) {
        const int cap =
                m_config.replayCap > 0 ? qMin(m_config.replayCap, MaxHistoryRead) : MaxHistoryRead;
        return history.after(*since, readerOf(session), cap);
    }
    return roomBacklog(session, *m_rooms.defaultRoom());
}

HistoryPage ChatService::roomBacklog(ClientSession *session, const ChatRoom &room) const
{
    const MessageHistory &history = m_history.history();
    HistoryReader reader = readerOf(session);
    reader.rooms = QSet<QString>{room.key()};
    reader.nickKey.clear(); // a room's backlog, without whispers
    HistoryPage page;
    if (m_config.joinBacklog <= 0)
        page = HistoryPage{{}, history.lastId() == 0, QString()};
    else
        page = history.before(std::nullopt, qMin(m_config.joinBacklog, MaxHistoryRead), reader);
    if (room.name() != m_rooms.defaultRoom()->name())
        page.room = room.name();
    return page;
}

void ChatService::sendRoomState(ClientSession *session, const ChatRoom &room, bool withBacklog)
{
    m_router.toSession(session, room.listing());
    if (withBacklog)
        m_router.toSession(session, roomBacklog(session, room));
    if (!room.topic().text.isEmpty())
        m_router.toSession(session, TopicOnJoin{room.topic()});
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
            [this](const QString &nick) { return m_nicknames.find(nick) != nullptr; }, session);
    registerSession(session, nick);
    const ChatRoom &room = *m_rooms.defaultRoom();
    Welcome welcome;
    welcome.server = ServerSoftware;
    welcome.nick = nick;
    welcome.motd = m_config.motd;
    welcome.room = room.name();
    welcome.rooms = {room.name()};
    m_router.toSession(session, WelcomeEvent{welcome, room.listing()});
    // Recent room messages.
    if (m_config.joinBacklog > 0)
        m_router.toSession(session, roomBacklog(session, room));
    if (!room.topic().text.isEmpty())
        m_router.toSession(session, TopicOnJoin{room.topic()});
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
    if (!m_config.password.isEmpty()) {
        // An address that guessed wrong too often waits, whatever it gives now.
        const qint64 now = m_clock.elapsed();
        const qint64 blocked = m_authThrottle.blockedForMs(session->peerAddress(), now);
        if (blocked > 0) {
            const qint64 seconds = (blocked + 999) / 1000;
            qCInfo(lcServer).noquote() << "refusing" << peer << "(too many wrong passwords, for"
                                       << seconds << "s more)";
            Q_EMIT connectionRefused(peer, QStringLiteral("too many wrong passwords"));
            session->disconnectWithError(
                    ErrorCode::Banned,
                    QStringLiteral("too many wrong passwords from your address: try again in "
                                   "%1 s")
                            .arg(seconds),
                    QStringLiteral("too many wrong passwords"));
            return;
        }
        if (!samePassword(hello.password, m_config.password)) {
            const QString why = hello.password.isEmpty()
                                        ? QStringLiteral("this server needs a password")
                                        : QStringLiteral("wrong password");
            m_authThrottle.recordEvent(session->peerAddress(), now);
            qCInfo(lcServer).noquote() << "refusing" << peer << u'(' + why + u')';
            Q_EMIT connectionRefused(peer, why);
            session->disconnectWithError(ErrorCode::AuthFailed, why, why);
            return;
        }
        m_authThrottle.forget(session->peerAddress());
    }
    const Validation::NickCheck nick = Validation::checkNick(hello.nick);
    if (!nick.ok) {
        qCInfo(lcServer).noquote() << "refusing nickname from" << peer << u'(' + nick.reason + u')';
        refuse(session, ErrorCode::BadNick, nick.reason);
        return;
    }
    if (m_nicknames.find(nick.nick)) {
        qCInfo(lcServer).noquote()
                << "refusing nickname" << nick.nick << "from" << peer << "(taken)";
        refuse(session, ErrorCode::NickTaken,
               u"the nickname " + nick.nick + u" is taken; choose another one");
        return;
    }
    registerSession(session, nick.nick);
    // The rooms to be in again: joined before the welcome, which lists them;
    // those refused are said after it.
    QList<Error> refusals;
    QList<ChatRoomPtr> rejoined;
    QSet<QString> asked;
    for (const QString &name : hello.rooms) {
        const ChatRoomPtr known = m_rooms.find(name);
        if (known == m_rooms.defaultRoom() || asked.contains(Validation::roomKey(name)))
            continue;
        asked.insert(Validation::roomKey(name));
        ChatRoomPtr joined;
        if (std::optional<Error> refusal = joinRoom(session, name, false, false, &joined))
            refusals.append(*refusal);
        else if (joined)
            rejoined.append(joined);
    }
    const ChatRoom &room = *m_rooms.defaultRoom();
    Welcome welcome;
    welcome.server = ServerSoftware;
    welcome.nick = nick.nick;
    welcome.motd = m_config.motd;
    welcome.limits =
            Limits{m_config.maxFrameBytes, m_config.maxTextBytes, m_config.rate, m_config.burst};
    welcome.lastId = m_history.lastId();
    welcome.room = room.name();
    for (const ChatRoomPtr &in : session->rooms())
        welcome.rooms.append(in->name());
    m_router.toSession(session, WelcomeEvent{welcome, room.listing()});
    for (const Error &refusal : refusals)
        m_router.toSession(session, refusal);
    // One replay of what came after since, in every room the connection is
    // in (or the default room's recent messages), as before rooms: right
    // after the welcome; then the topic and the other rooms' people.
    m_router.toSession(session, joinHistory(session, hello.since));
    if (!room.topic().text.isEmpty())
        m_router.toSession(session, TopicOnJoin{room.topic()});
    for (const ChatRoomPtr &other : rejoined)
        sendRoomState(session, *other, !hello.since);
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

ChatRoomPtr ChatService::roomOfRequest(ClientSession *session, const QString &name,
                                       const QString &ref, bool mustBeIn)
{
    if (name.isEmpty()) {
        const ChatRoomPtr current = session->currentRoom();
        if (!current)
            refuse(session, ErrorCode::NotInRoom,
                   u"you are in no room; join one first (/join " + m_rooms.defaultRoom()->name() +
                           u')',
                   ref);
        return current;
    }
    const ChatRoomPtr room = m_rooms.find(name);
    if (!room) {
        const Validation::RoomCheck check = Validation::checkRoom(name);
        if (!check.ok)
            refuse(session, ErrorCode::BadRoom, check.reason, ref);
        else
            refuse(session, ErrorCode::NoSuchRoom, u"there is no room " + check.room, ref);
        return nullptr;
    }
    if (mustBeIn && !room->contains(session)) {
        refuse(session, ErrorCode::NotInRoom,
               u"you are not in " + room->name() + u"; join it first", ref);
        return nullptr;
    }
    return room;
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
    // Messages stored before rooms were in the default room.
    const QString storedRoom = stored->room.isEmpty() && stored->to.isEmpty()
                                       ? m_rooms.defaultRoom()->name()
                                       : stored->room;
    if (Validation::roomKey(storedRoom) != Validation::roomKey(resent.room))
        return false;
    stored->ref = ref;
    m_router.toSession(session, OwnMessage{*stored});
    return true;
}

void ChatService::handle(ClientSession *session, const Say &say)
{
    const Validation::TextCheck text = Validation::checkText(say.text, m_config.maxTextBytes);
    if (text.error) {
        refuse(session, *text.error, text.reason, say.ref);
        return;
    }
    const ChatRoomPtr room = roomOfRequest(session, say.room, say.ref, true);
    if (!room)
        return;
    ChatMessage message;
    message.ts = nowMs();
    message.from = session->nick();
    message.text = text.text;
    message.action = say.action;
    message.room = room->name();
    if (echoDuplicate(session, say.ref, message))
        return;
    message = m_history.append(message, say.ref);
    session->countMessageSent();
    m_router.toRoom(room, message, session);
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
        refuse(session, *text.error, text.reason, whisper.ref);
        return;
    }
    ChatMessage message;
    message.ts = nowMs();
    message.from = session->nick();
    message.to = whisper.to;
    message.text = text.text;
    message.action = whisper.action;
    // A resend is answered even when the recipient has left since.
    if (echoDuplicate(session, whisper.ref, message))
        return;
    ClientSession *target = m_nicknames.find(whisper.to);
    if (!target) {
        refuse(session, ErrorCode::NoSuchNick,
               u"no one called " + Validation::quoted(whisper.to) + u" is here", whisper.ref);
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

void ChatService::toSharers(ClientSession *session, ServerEvent event, bool leaving)
{
    const QList<ChatRoomPtr> &rooms = session->rooms();
    const ClientSession *except = leaving ? session : nullptr;
    if (rooms.size() == 1 && !isQuiet(*rooms.first())) {
        m_router.toRoom(rooms.first(), std::move(event), except); // as before rooms
        return;
    }
    QList<ClientSession *> recipients;
    QSet<const ClientSession *> seen{session};
    if (!leaving)
        recipients.append(session);
    for (const ChatRoomPtr &room : rooms) {
        if (isQuiet(*room)) {
            if (leaving)
                countPresence(*room, false);
            continue;
        }
        for (ClientSession *member : room->members()) {
            if (!seen.contains(member)) {
                seen.insert(member);
                recipients.append(member);
            }
        }
    }
    if (!recipients.isEmpty())
        m_router.toSessions(recipients, std::move(event));
}

void ChatService::handle(ClientSession *session, const Nick &request)
{
    const Validation::NickCheck nick = Validation::checkNick(request.nick);
    if (!nick.ok) {
        refuse(session, ErrorCode::BadNick, nick.reason);
        return;
    }
    if (nick.nick == session->nick())
        return;
    ClientSession *holder = m_nicknames.find(nick.nick);
    if (holder && holder != session) {
        refuse(session, ErrorCode::NickTaken,
               u"the nickname " + nick.nick + u" is taken; choose another one");
        return;
    }
    const QString old = session->nick();
    m_nicknames.rename(session, nick.nick);
    for (const ChatRoomPtr &room : session->rooms())
        room->renamed(session);
    toSharers(session, Renamed{old, nick.nick, nowMs()}, false);
    qCInfo(lcServer).noquote() << "rename" << old << "->" << nick.nick;
    Q_EMIT userRenamed(old, nick.nick);
}

void ChatService::handle(ClientSession *session, const Who &who)
{
    if (const ChatRoomPtr room = roomOfRequest(session, who.room, QString(), false))
        m_router.toSession(session, room->listing());
}

void ChatService::handle(ClientSession *session, const HistoryRequest &request)
{
    HistoryReader reader = readerOf(session);
    QString roomName;
    if (!request.room.isEmpty()) {
        // A room's own messages (whispers are outside rooms).
        const ChatRoomPtr room = roomOfRequest(session, request.room, QString(), true);
        if (!room)
            return;
        reader.rooms = QSet<QString>{room->key()};
        reader.nickKey.clear();
        roomName = room->name();
    } else {
        // No room: the default room (when one is in it) and whispers, as before rooms.
        const ChatRoomPtr room = m_rooms.defaultRoom();
        reader.rooms.emplace();
        if (session->rooms().contains(room))
            reader.rooms->insert(room->key());
    }
    HistoryPage page = request.after
                               ? m_history.history().after(*request.after, reader, request.limit)
                               : m_history.history().before(request.before, request.limit, reader);
    page.room = roomName;
    m_router.toSession(session, page);
}

void ChatService::handle(ClientSession *session, const Bye &bye)
{
    m_router.toSession(session, Goodbye{});
    const QString reason = Validation::oneLineReason(bye.reason);
    // The client leaves after it got what it was owed (the echo of what it just said).
    m_router.closeAfterOwed(session, reason.isEmpty() ? QStringLiteral("quit") : reason);
}

std::optional<Error> ChatService::joinRoom(ClientSession *session, const QString &name, bool create,
                                           bool tellSelf, ChatRoomPtr *joined)
{
    const Validation::RoomCheck check = Validation::checkRoom(name);
    if (!check.ok)
        return errorOf(ErrorCode::BadRoom, check.reason);
    ChatRoomPtr room = m_rooms.find(check.room);
    const bool plainText = tellSelf && !session->dialect()->hasHandshake();
    if (room && room->contains(session)) {
        if (plainText && session->currentRoom() != room) {
            session->setCurrentRoom(room); // /join of a room one is in: talk there
            m_router.toSession(
                    session, Notice{u"You talk in " + room->name() + u" now.", nowMs(), QString()});
        }
        *joined = nullptr; // nothing new
        return std::nullopt;
    }
    if (m_config.maxRoomsPerConnection > 0 &&
        session->rooms().size() >= m_config.maxRoomsPerConnection)
        return errorOf(ErrorCode::RoomLimit,
                       QStringLiteral("you are in %1 rooms, the most this server allows; "
                                      "leave one first")
                               .arg(session->rooms().size()));
    if (!room) {
        if (!create)
            return errorOf(ErrorCode::NoSuchRoom, u"there is no room " + check.room);
        if (m_config.roomsMadeByOperatorOnly)
            return errorOf(ErrorCode::NotAllowed,
                           u"there is no room " + check.room +
                                   u", and on this server only the operator makes rooms");
        room = m_rooms.create(check.room);
        if (!room)
            return errorOf(ErrorCode::RoomLimit,
                           QStringLiteral("this server has %1 rooms, the most it allows")
                                   .arg(m_rooms.size()));
        qCInfo(lcServer).noquote() << "room" << room->name() << "made by" << session->nick();
        keepRoom(*room);
    }
    if (plainText) {
        // Current first, so that what joining brings has no room prefix.
        session->setCurrentRoom(room);
        m_router.toSession(
                session, Notice{u"You are in " + room->name() + u" now: what you type goes there.",
                                nowMs(), QString()});
    }
    enterRoom(session, room, tellSelf);
    *joined = room;
    return std::nullopt;
}

void ChatService::handle(ClientSession *session, const Join &join)
{
    ChatRoomPtr room;
    if (std::optional<Error> refusal = joinRoom(session, join.room, join.create, true, &room)) {
        m_router.toSession(session, *refusal);
        return;
    }
    if (room)
        sendRoomState(session, *room, true);
}

void ChatService::handle(ClientSession *session, const Part &part)
{
    const ChatRoomPtr room = roomOfRequest(session, part.room, QString(), true);
    if (!room)
        return;
    leaveRoom(session, room, Validation::oneLineReason(part.reason));
    if (!session->dialect()->hasHandshake()) {
        const ChatRoomPtr now = session->currentRoom();
        m_router.toSession(
                session,
                Notice{u"You left " + room->name() +
                               (now ? QString(u". You are in " + now->name() + u" now.")
                                    : QString(u". You are in no room now: /join " +
                                              m_rooms.defaultRoom()->name() + u" to go back.")),
                       nowMs(), QString()});
    }
}

void ChatService::handle(ClientSession *session, const RoomsRequest &)
{
    RoomList list;
    for (const ChatRoomPtr &room : m_rooms.rooms())
        list.rooms.append(RoomInfo{room->name(), room->topic().text, room->size()});
    m_router.toSession(session, list);
}

void ChatService::handle(ClientSession *session, const SetTopic &request)
{
    const ChatRoomPtr room = roomOfRequest(session, request.room, QString(), true);
    if (!room)
        return;
    QString text;
    if (!request.text.trimmed().isEmpty()) {
        const Validation::TextCheck check = Validation::checkText(request.text, MaxTopicBytes);
        if (check.error) {
            refuse(session, *check.error, u"a topic: " + check.reason);
            return;
        }
        text = check.text;
    }
    room->setTopic(text, session->nick(), nowMs());
    keepRoom(*room);
    m_router.toRoom(room, room->topic());
    qCInfo(lcServer).noquote() << "topic" << room->name() << "by" << session->nick() + u':' << text;
    Q_EMIT roomsChanged();
}

void ChatService::leave(ClientSession *session, const QString &reason)
{
    m_addressNames.release(session);
    if (!m_nicknames.contains(session)) {
        qCInfo(lcServer).noquote()
                << "closed" << session->peerLabel() << "before joining:" << reason;
        return;
    }
    // Told once to everyone who shares a room with them, before they go from the rooms.
    toSharers(session, Left{session->nick(), nowMs(), reason, QString()}, true);
    const QList<ChatRoomPtr> rooms = session->rooms();
    for (const ChatRoomPtr &room : rooms) {
        room->remove(session);
        session->removeRoom(room.get());
    }
    m_nicknames.remove(session);
    session->setCurrentRoom(nullptr);
    qCInfo(lcServer).noquote() << "leave" << session->nick() << u'(' + session->peerLabel() + u"):"
                               << reason;
    Q_EMIT userLeft(session->nick(), reason);
    if (!rooms.isEmpty())
        Q_EMIT roomsChanged();
}

QString ChatService::notice(const QString &text, const QString &roomName)
{
    const QString clean = text.trimmed();
    if (clean.isEmpty())
        return QStringLiteral("a notice needs text");
    if (roomName.isEmpty()) {
        const QList<ClientSession *> everyone = m_nicknames.sessions();
        if (m_rooms.size() == 1 && m_rooms.defaultRoom()->size() == everyone.size())
            m_router.toRoom(m_rooms.defaultRoom(), Notice{clean, nowMs(), QString()});
        else
            m_router.toSessions(everyone, Notice{clean, nowMs(), QString()});
    } else {
        QString problem;
        const ChatRoomPtr room = operatorRoom(roomName, &problem);
        if (!room)
            return problem;
        m_router.toRoom(room, Notice{clean, nowMs(), room->name()});
    }
    qCInfo(lcServer).noquote() << "notice" << roomName << clean;
    Q_EMIT noticeSent(clean);
    return QString();
}

ChatRoomPtr ChatService::operatorRoom(const QString &name, QString *problem) const
{
    const Validation::RoomCheck check = Validation::checkRoom(name);
    if (!check.ok) {
        *problem = check.reason;
        return nullptr;
    }
    ChatRoomPtr room = m_rooms.find(check.room);
    if (!room)
        *problem = u"there is no room " + check.room;
    return room;
}

QString ChatService::createRoom(const QString &name)
{
    const Validation::RoomCheck check = Validation::checkRoom(name);
    if (!check.ok)
        return check.reason;
    if (m_rooms.find(check.room))
        return u"there is a room " + m_rooms.find(check.room)->name() + u" already";
    const ChatRoomPtr room = m_rooms.create(check.room);
    if (!room)
        return QStringLiteral("the server has %1 rooms, the most it allows (--max-rooms)")
                .arg(m_rooms.size());
    keepRoom(*room);
    qCInfo(lcServer).noquote() << "room" << room->name() << "made by the operator";
    Q_EMIT roomsChanged();
    return QString();
}

QString ChatService::renameRoom(const QString &name, const QString &newName)
{
    QString problem;
    const ChatRoomPtr room = operatorRoom(name, &problem);
    if (!room)
        return problem;
    const Validation::RoomCheck check = Validation::checkRoom(newName);
    if (!check.ok)
        return check.reason;
    const ChatRoomPtr holder = m_rooms.find(check.room);
    if (holder && holder != room)
        return u"there is a room " + holder->name() + u" already";
    const QString old = room->name();
    if (old == check.room)
        return QString();
    if (room == m_rooms.defaultRoom())
        return QStringLiteral("the default room keeps its name (--default-room sets it)");
    // Members leave the old name (as their client shows it) and are in the new one.
    const qint64 now = nowMs();
    for (ClientSession *member : room->members())
        m_router.toSession(member,
                           Left{member->nick(), now, u"the room is now called " + check.room, old});
    m_rooms.rename(room, check.room);
    m_history.history().renameRoom(old, room->name());
    keepRoom(*room, old);
    for (ClientSession *member : room->members()) {
        m_router.toSession(member, Joined{member->nick(), now, room->name()});
        m_router.toSession(member, room->listing());
        if (!room->topic().text.isEmpty())
            m_router.toSession(member, room->topic());
        if (member->currentRoom() == room)
            member->setCurrentRoom(room); // its new name
    }
    qCInfo(lcServer).noquote() << "room" << old << "renamed" << room->name();
    Q_EMIT roomsChanged();
    return QString();
}

QString ChatService::deleteRoom(const QString &name)
{
    QString problem;
    const ChatRoomPtr room = operatorRoom(name, &problem);
    if (!room)
        return problem;
    if (room == m_rooms.defaultRoom())
        return QStringLiteral("the default room cannot be deleted");
    const QList<ClientSession *> members = room->members();
    for (ClientSession *member : members)
        leaveRoom(member, room, QStringLiteral("the room was closed"));
    m_rooms.remove(room);
    m_history.history().forgetRoom(room->name());
    if (HistoryStore *store = m_history.store();
        store && store->isOpen() && !store->removeRoom(room->name()))
        qCWarning(lcServer).noquote()
                << "room" << room->name() << "is still in the history:" << store->errorString();
    qCInfo(lcServer).noquote() << "room" << room->name() << "deleted";
    Q_EMIT roomsChanged();
    return QString();
}

QString ChatService::setTopic(const QString &roomName, const QString &text)
{
    QString problem;
    const ChatRoomPtr room = operatorRoom(roomName, &problem);
    if (!room)
        return problem;
    QString clean;
    if (!text.trimmed().isEmpty()) {
        const Validation::TextCheck check = Validation::checkText(text, MaxTopicBytes);
        if (check.error)
            return u"a topic: " + check.reason;
        clean = check.text;
    }
    room->setTopic(clean, QStringLiteral("server"), nowMs());
    keepRoom(*room);
    m_router.toRoom(room, room->topic());
    qCInfo(lcServer).noquote() << "topic" << room->name() << "by the operator:" << clean;
    Q_EMIT roomsChanged();
    return QString();
}

QString ChatService::removeFromRoom(const QString &nick, const QString &roomName,
                                    const QString &reason)
{
    QString problem;
    const ChatRoomPtr room = operatorRoom(roomName, &problem);
    if (!room)
        return problem;
    ClientSession *session = m_nicknames.find(nick);
    if (!session || !room->contains(session))
        return u"no one called " + nick + u" is in " + room->name();
    const QString why = Validation::oneLineReason(reason);
    leaveRoom(session, room,
              why.isEmpty() ? QStringLiteral("removed by the operator")
                            : u"removed by the operator: " + why);
    return QString();
}
