#include "commandinterpreter.h"

#include "plaintextformat.h"
#include "textsplitter.h"
#include "validation.h"

#include <QLocale>

#include <algorithm>

using namespace Protocol;

CommandInterpreter::CommandInterpreter(ChatClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    connect(client, &ChatClient::usersListed, this, [this](const QString &room) {
        if (!m_whoAsked || Validation::roomKey(m_client->roomName(room)) !=
                                   Validation::roomKey(m_client->roomName(m_whoRoom)))
            return;
        m_whoAsked = false;
        QStringList nicks;
        for (const UserInfo &user : m_client->users(room))
            nicks.append(user.nick);
        std::sort(nicks.begin(), nicks.end(), [](const QString &a, const QString &b) {
            return a.compare(b, Qt::CaseInsensitive) < 0;
        });
        // A large room is named in part: the list beside shows them all.
        constexpr qsizetype MostNamed = 100;
        const QLocale locale;
        const QString name = m_client->serverHasRooms() ? m_client->roomName(room) : QString();
        if (nicks.size() > MostNamed) {
            const QString rest = locale.toString(nicks.size() - MostNamed);
            const QString named = nicks.mid(0, MostNamed).join(QLatin1String(", "));
            Q_EMIT replied(m_whoPeer,
                           name.isEmpty() ? tr("In the room (%1): %2, and %3 more")
                                                    .arg(locale.toString(nicks.size()), named, rest)
                                          : tr("In %1 (%2): %3, and %4 more")
                                                    .arg(name, locale.toString(nicks.size()), named,
                                                         rest));
            return;
        }
        const QString all = nicks.join(QLatin1String(", "));
        Q_EMIT replied(m_whoPeer,
                       name.isEmpty() ? tr("In the room (%1): %2").arg(nicks.size()).arg(all)
                                      : tr("In %1 (%2): %3").arg(name).arg(nicks.size()).arg(all));
    });
    connect(client, &ChatClient::roomsListed, this, [this](const RoomList &list) {
        if (!m_roomsAsked)
            return;
        m_roomsAsked = false;
        const QLocale locale;
        Q_EMIT replied(m_roomsPeer, tr("%n room(s) on this server:", "", int(list.rooms.size())));
        for (const RoomInfo &room : list.rooms) {
            const QString people = tr("%n people", "", room.members);
            const QString mark = m_client->isInRoom(room.room) ? tr(" (you are in it)") : QString();
            Q_EMIT replied(
                    m_roomsPeer,
                    room.topic.isEmpty()
                            ? tr("  %1 — %2%3").arg(room.room, people, mark)
                            : tr("  %1 — %2%3 — %4").arg(room.room, people, mark, room.topic));
        }
        Q_EMIT replied(m_roomsPeer, tr("/join #ROOM goes into one (and makes it, if it is new)."));
    });
    connect(client, &ChatClient::roomJoined, this, [this](const QString &room) {
        const auto asked = m_joinsAsked.constFind(Validation::roomKey(room));
        if (asked == m_joinsAsked.cend())
            return;
        m_joinsAsked.erase(asked);
        Q_EMIT conversationRequested(room);
    });
    connect(client, &ChatClient::roomRefused, this,
            [this](const QString &room, const QString &why) {
                const QString where = m_joinsAsked.take(Validation::roomKey(room));
                Q_EMIT replied(where, tr("Could not join %1: %2").arg(room, why));
            });
    connect(client, &ChatClient::outboxRestored, this, [this](int count) {
        Q_EMIT replied(QString(), tr("%n message(s) you typed earlier wait to be sent; they go as "
                                     "soon as the server has you.",
                                     "", count));
    });
    connect(client, &ChatClient::outboxNotKept, this, [this](const QString &reason) {
        Q_EMIT replied(QString(), tr("Messages that wait to be sent cannot be kept on disk (%1): "
                                     "they are lost if qtchat quits before the server has them.")
                                          .arg(reason));
    });
    connect(client, &ChatClient::userRenamed, this, [this](const Renamed &renamed) {
        if (Validation::nickKey(renamed.to) == Validation::nickKey(m_nickAsked))
            m_nickAsked.clear();
    });
    connect(client, &ChatClient::serverError, this, [this](const Error &error) {
        // A refused /nick is answered where it was typed; anything else where
        // the last line was.
        if ((error.code == ErrorCode::NickTaken || error.code == ErrorCode::BadNick) &&
            !m_nickAsked.isEmpty()) {
            const QString asked = m_nickAsked;
            m_nickAsked.clear();
            Q_EMIT replied(m_nickPeer, m_client->describe(error, asked));
            return;
        }
        Q_EMIT replied(m_lastPeer, m_client->describe(error));
    });
}

CommandInterpreter::Outcome CommandInterpreter::refuse(const QString &peer, const QString &text)
{
    Q_EMIT replied(peer, text);
    Outcome outcome;
    outcome.kind = Outcome::Kind::Refused;
    return outcome;
}

bool CommandInterpreter::isHere(const QString &nick) const
{
    const QString key = Validation::nickKey(nick);
    const QStringList rooms = m_client->rooms();
    return std::any_of(rooms.cbegin(), rooms.cend(), [this, &key](const QString &room) {
        const QList<UserInfo> users = m_client->users(room);
        return std::any_of(users.cbegin(), users.cend(), [&key](const UserInfo &user) {
            return Validation::nickKey(user.nick) == key;
        });
    });
}

QString CommandInterpreter::roomFor(const QString &target, const QString &named) const
{
    if (!named.isEmpty())
        return named;
    return isRoom(target) ? target : QString();
}

CommandInterpreter::Outcome CommandInterpreter::executeRoomCommand(const ClientMessage &request,
                                                                   const QString &target,
                                                                   bool connected)
{
    if (!connected)
        return refuse(target, tr("Not connected: rooms can be joined and left once the server is "
                                 "back."));
    if (!m_client->serverHasRooms())
        return refuse(target, tr("This server has one room only (it is older than rooms)."));
    // A room the line names must be a room name; where it names none, the room typed in.
    const auto checked = [this, &target](const QString &room, Outcome *refusal) -> QString {
        const Validation::RoomCheck check = Validation::checkRoom(room);
        if (!check.ok)
            *refusal = refuse(target, tr("%1 is not a room name: %2")
                                              .arg(Validation::quoted(room),
                                                   Validation::localizedReason(check)));
        return check.ok ? check.room : QString();
    };
    Outcome refusal;
    if (const auto *join = std::get_if<Join>(&request)) {
        const QString room = checked(join->room, &refusal);
        if (room.isEmpty())
            return refusal;
        if (m_client->isInRoom(room)) {
            Q_EMIT conversationRequested(m_client->roomName(room)); // there already: shown
            return Outcome();
        }
        m_joinsAsked.insert(Validation::roomKey(room), target);
        m_client->joinRoom(room, true);
        return Outcome();
    }
    if (const auto *part = std::get_if<Part>(&request)) {
        QString room = roomFor(target, part->room);
        if (!isRoom(target) && part->room.isEmpty())
            return refuse(target, tr("/part leaves a room: name it (/part #room), or type it in "
                                     "the room."));
        if (!part->room.isEmpty() && (room = checked(part->room, &refusal)).isEmpty())
            return refusal;
        if (!m_client->isInRoom(room))
            return refuse(target, tr("You are not in %1.").arg(m_client->roomName(room)));
        m_client->partRoom(room, part->reason);
        return Outcome();
    }
    if (std::holds_alternative<RoomsRequest>(request)) {
        m_roomsAsked = true;
        m_roomsPeer = target;
        m_client->requestRooms();
        return Outcome();
    }
    if (const auto *topic = std::get_if<SetTopic>(&request)) {
        if (!isRoom(target))
            return refuse(target, tr("/topic sets a room's topic: type it in the room."));
        if (!m_client->isInRoom(target))
            return refuse(target, tr("You are not in %1: /join %1 to come back.")
                                          .arg(m_client->roomName(target)));
        const Validation::TextCheck check = Validation::checkText(topic->text, MaxTopicBytes);
        if (check.error && check.error != ErrorCode::EmptyText)
            return refuse(target, tr("Not set: %1").arg(Validation::localizedReason(check)));
        m_client->setTopic(target, check.error ? QString() : check.text);
        return Outcome();
    }
    return Outcome();
}

qsizetype CommandInterpreter::maxText() const
{
    return m_client->limits().maxText;
}

CommandInterpreter::Outcome CommandInterpreter::execute(const QString &line, const QString &target)
{
    const QString &peer = target;
    m_lastPeer = peer;
    const PlainTextFormat::Command command = PlainTextFormat::parseLine(line);
    switch (command.kind) {
    case PlainTextFormat::Command::Kind::Help: {
        // The room commands, unless the server is one without rooms.
        const bool rooms =
                m_client->state() != ChatClient::State::Connected || m_client->serverHasRooms();
        for (const QString &help : PlainTextFormat::helpLines(rooms))
            Q_EMIT replied(peer, PlainTextFormat::translated(help));
        return Outcome();
    }
    case PlainTextFormat::Command::Kind::Usage:
        return refuse(peer, PlainTextFormat::translated(command.usage));
    case PlainTextFormat::Command::Kind::Unknown:
        return refuse(peer, PlainTextFormat::localizedUnknownCommand(command.name));
    case PlainTextFormat::Command::Kind::Request:
        break;
    }
    if (const auto *bye = std::get_if<Bye>(&command.message)) {
        Q_EMIT quitRequested(bye->reason);
        return Outcome();
    }
    if (m_client->host().isEmpty()) {
        Outcome outcome;
        outcome.kind = Outcome::Kind::NotConnected;
        return outcome;
    }
    const bool connected = m_client->state() == ChatClient::State::Connected;

    QString to = peer; // the room or person typed to, or /msg's
    QString text;
    bool action = false;
    if (const auto *say = std::get_if<Say>(&command.message)) {
        if (say->action && !isRoom(peer))
            return refuse(peer, tr("/me cannot be sent privately; use it in the room."));
        // A room left (or that the operator closed): nothing goes there.
        if (isRoom(peer) && m_client->serverHasRooms() && !m_client->rooms().isEmpty() &&
            !m_client->isInRoom(peer))
            return refuse(
                    peer,
                    tr("You are not in %1: /join %1 to come back.").arg(m_client->roomName(peer)));
        text = say->text;
        action = say->action;
    } else if (const auto *whisper = std::get_if<Whisper>(&command.message)) {
        // Known to be away (the list is current while connected): no conversation with no one.
        if (connected && !isHere(whisper->to)) {
            return refuse(peer, tr("Not sent: no one called %1 is here; /who lists who is.")
                                        .arg(Validation::quoted(whisper->to)));
        }
        to = whisper->to;
        for (const UserInfo &user : m_client->users()) {
            if (Validation::nickKey(user.nick) == Validation::nickKey(to))
                to = user.nick; // as they write it
        }
        text = whisper->text;
    } else if (const auto *nick = std::get_if<Nick>(&command.message)) {
        const Validation::NickCheck check = Validation::checkNick(nick->nick);
        if (!check.ok) {
            return refuse(
                    peer,
                    tr("This nickname cannot be used: %1").arg(Validation::localizedReason(check)));
        }
        if (check.nick == m_client->nick())
            return refuse(peer, tr("You are already called %1.").arg(check.nick));
        m_nickAsked = check.nick;
        m_nickPeer = peer;
        m_client->changeNick(check.nick);
        return Outcome();
    } else if (std::holds_alternative<Who>(command.message)) {
        if (!connected)
            return refuse(peer, tr("Not connected: the list of people comes once the server "
                                   "is back."));
        // The room typed in (from a private conversation: the default room).
        const QString room = isRoom(peer) ? peer : QString();
        if (!m_client->isInRoom(room))
            return refuse(peer, tr("You are not in %1.").arg(m_client->roomName(room)));
        m_whoAsked = true;
        m_whoPeer = peer;
        m_whoRoom = room;
        m_client->requestUsers(room);
        return Outcome();
    } else if (std::holds_alternative<Join>(command.message) ||
               std::holds_alternative<Part>(command.message) ||
               std::holds_alternative<RoomsRequest>(command.message) ||
               std::holds_alternative<SetTopic>(command.message)) {
        return executeRoomCommand(command.message, peer, connected);
    } else {
        return Outcome();
    }

    // A message: checked here, so that what the server would refuse stays
    // with the person who typed it.
    const Validation::TextCheck check = Validation::checkText(text, maxText());
    if (check.error == ErrorCode::TextTooLong) {
        Outcome outcome;
        outcome.kind = Outcome::Kind::TooLong;
        outcome.text = text;
        outcome.action = action;
        outcome.to = to;
        outcome.size = check.size;
        outcome.limit = check.limit;
        return outcome;
    }
    if (check.error)
        return refuse(peer, tr("Not sent: %1").arg(Validation::localizedReason(check)));
    if (!to.isEmpty() && to != peer)
        Q_EMIT conversationRequested(to);
    sendText(check.text, action, to);
    return Outcome();
}

void CommandInterpreter::sendText(const QString &text, bool action, const QString &target)
{
    if (isRoom(target))
        m_client->sendMessage(text, action, target);
    else
        m_client->sendWhisper(target, text);
}

QStringList CommandInterpreter::split(const QString &text) const
{
    return TextSplitter::split(text, maxText());
}
