#include "operatorconsole.h"

#include "banlist.h"
#include "chatserver.h"
#include "englishcount.h"
#include "textwidth.h"

#include <QDateTime>

#include <algorithm>

namespace {

OperatorConsole::Result answer(const QString &line)
{
    OperatorConsole::Result result;
    result.lines.append(line);
    return result;
}

OperatorConsole::Result refusal(const QString &line)
{
    OperatorConsole::Result result = answer(line);
    result.error = true;
    return result;
}

QString clock(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch).toString(QStringLiteral("HH:mm"));
}

} // namespace

OperatorConsole::OperatorConsole(ChatServer *server)
    : m_server(server)
{}

QStringList OperatorConsole::helpLines()
{
    return {
            QStringLiteral("/who                   who is connected, from where, since when"),
            QStringLiteral("/kick NICK [reason]    disconnect someone (they may come back)"),
            QStringLiteral("/ban NICK|ADDRESS      refuse an address or subnet (10.0.0.0/8); "
                           "says whom it disconnects"),
            QStringLiteral("/ban -y NICK|ADDRESS   the same, without asking first"),
            QStringLiteral("/unban ADDRESS         lift a ban"),
            QStringLiteral("/bans                  list the bans"),
            QStringLiteral("/notice [#ROOM] TEXT   tell everyone (or one room) something"),
            QStringLiteral("/rooms                 the rooms, their topics and who is in them"),
            QStringLiteral("/room new #ROOM        make a room"),
            QStringLiteral("/room rename #OLD #NEW give a room a new name"),
            QStringLiteral("/room delete #ROOM     close a room (its messages are forgotten)"),
            QStringLiteral("/topic #ROOM [TEXT]    set a room's topic (no text clears it)"),
            QStringLiteral("/remove NICK #ROOM [reason]  take someone out of one room"),
            QStringLiteral("/quit [reason]         stop the server, telling everyone why"),
            QStringLiteral("/help                  this list"),
    };
}

OperatorConsole::Result OperatorConsole::execute(const QString &input)
{
    const QString line = input.trimmed();
    if (line.isEmpty())
        return Result();
    if (!line.startsWith(u'/'))
        return refusal(QStringLiteral("commands start with / (type /help to see them)"));
    const qsizetype space = line.indexOf(u' ');
    const QString command = line.mid(1, space < 0 ? -1 : space - 1).toLower();
    const QString rest = space < 0 ? QString() : line.mid(space + 1).trimmed();
    const QString firstWord = rest.section(u' ', 0, 0);
    const QString afterFirst = rest.section(u' ', 1).trimmed();

    if (command == u"help") {
        Result result;
        result.lines = helpLines();
        return result;
    }
    if (command == u"who") {
        const QList<ConnectionInfo> people = m_server->connections();
        Result result;
        // With rooms, each person's rooms are said too.
        const bool oneRoom = m_server->rooms().size() == 1;
        result.lines.append(
                englishCount(people.size(), "person", "people") +
                (oneRoom ? QStringLiteral(" in the room") : QStringLiteral(" on the server")));
        // Columns line up on a terminal, also with Chinese nicknames (two columns a character).
        int nickWidth = 0;
        int peerWidth = 0;
        for (const ConnectionInfo &person : people) {
            nickWidth = std::max(nickWidth, TextWidth::columns(person.nick));
            peerWidth = std::max(peerWidth, TextWidth::columns(person.peer));
        }
        for (const ConnectionInfo &person : people) {
            result.lines.append(
                    u"  " + TextWidth::padded(person.nick, nickWidth) + u"  " +
                    TextWidth::padded(person.peer, peerWidth) + u"  " +
                    TextWidth::padded(person.plainText ? QStringLiteral("plain text")
                                                       : QStringLiteral("qtchat"),
                                      10) +
                    u"  since " + clock(person.connectedAtMs) + u"  " +
                    englishCount(person.messagesSent, "message", "messages") +
                    (oneRoom ? QString() : u"  " + person.rooms.join(QLatin1String(", "))));
        }
        return result;
    }
    if (command == u"kick") {
        if (firstWord.isEmpty())
            return refusal(QStringLiteral("usage: /kick NICK [reason]"));
        if (!m_server->kick(firstWord, afterFirst))
            return refusal(u"no one called " + firstWord + u" is here");
        return answer(u"kicked " + firstWord);
    }
    if (command == u"ban") {
        QStringList words = rest.split(u' ', Qt::SkipEmptyParts);
        const bool confirmed = !words.isEmpty() && words.first() == u"-y";
        if (confirmed)
            words.removeFirst();
        if (words.size() != 1)
            return refusal(QStringLiteral("usage: /ban [-y] NICK or /ban [-y] ADDRESS (or a "
                                          "subnet, 10.0.0.0/8)"));
        const QString given = words.first();
        // A nickname bans the address it connects from.
        QString target = given;
        QString named;
        const QList<ConnectionInfo> people = m_server->connections();
        for (const ConnectionInfo &person : people) {
            if (person.nick.compare(given, Qt::CaseInsensitive) == 0) {
                target = BanList::normalized(person.address).toString();
                named = person.nick;
                break;
            }
        }
        BanList probe;
        const QString problem = probe.add(target);
        if (!problem.isEmpty())
            return refusal(problem);
        const QString entry = probe.entries().constFirst();
        QStringList hit;
        for (const ConnectionInfo &person : people) {
            if (probe.isBanned(person.address))
                hit.append(person.nick);
        }
        const QString who = hit.size() == 1 ? hit.first()
                                            : englishCount(hit.size(), "person", "people") + u": " +
                                                      hit.join(QLatin1String(", "));
        // Everyone an address ban hits is named before it happens.
        if (!hit.isEmpty() && !confirmed) {
            Result result;
            result.lines.append(u"/ban " + given + u" bans " + entry + u" and disconnects " + who +
                                u" (everyone connected from there)");
            result.lines.append(u"type /ban -y " + given + u" to do it");
            return result;
        }
        const QString banProblem = m_server->ban(entry);
        if (!banProblem.isEmpty())
            return refusal(banProblem);
        QString done = u"banned " + entry;
        if (!named.isEmpty())
            done += u" (" + named + u')';
        done += hit.isEmpty() ? QStringLiteral("; no one is connected from there")
                              : u"; disconnected " + who;
        return answer(done);
    }
    if (command == u"unban") {
        if (firstWord.isEmpty())
            return refusal(QStringLiteral("usage: /unban ADDRESS"));
        if (!m_server->unban(firstWord))
            return refusal(firstWord + u" is not banned (/bans lists the bans)");
        if (m_server->isConfiguredBan(firstWord))
            return answer(u"unbanned " + firstWord +
                          u" until the server restarts (it was given with --ban or in the "
                          u"config file: remove it there to lift it for good)");
        return answer(u"unbanned " + firstWord);
    }
    if (command == u"bans") {
        const QStringList bans = m_server->bans();
        if (bans.isEmpty())
            return answer(QStringLiteral("no bans"));
        Result result;
        result.lines.append(englishCount(bans.size(), "ban", "bans") + u':');
        for (const QString &ban : bans) {
            QString line = u"  " + ban;
            if (m_server->isConfiguredBan(ban))
                line += QLatin1String("  (from --ban or the config file)");
            result.lines.append(line);
        }
        return result;
    }
    if (command == u"notice") {
        if (rest.isEmpty())
            return refusal(QStringLiteral("usage: /notice [#ROOM] TEXT"));
        if (firstWord.startsWith(u'#')) {
            if (afterFirst.isEmpty())
                return refusal(QStringLiteral("usage: /notice [#ROOM] TEXT"));
            const QString problem = m_server->sendNoticeTo(firstWord, afterFirst);
            if (!problem.isEmpty())
                return refusal(problem);
            for (const ChatServer::RoomSummary &room : m_server->rooms()) {
                if (room.name.compare(firstWord, Qt::CaseInsensitive) == 0)
                    return answer(u"notice sent to " + room.name + u" (" +
                                  englishCount(room.members.size(), "person", "people") + u')');
            }
            return answer(u"notice sent to " + firstWord);
        }
        m_server->sendNotice(rest);
        return answer(
                m_server->userCount() == 1
                        ? QStringLiteral("notice sent to 1 person")
                        : QStringLiteral("notice sent to %1 people").arg(m_server->userCount()));
    }
    if (command == u"rooms") {
        const QList<ChatServer::RoomSummary> rooms = m_server->rooms();
        Result result;
        result.lines.append(englishCount(rooms.size(), "room", "rooms") + u':');
        for (const ChatServer::RoomSummary &room : rooms) {
            QString line = u"  " + room.name + u" (" +
                           englishCount(room.members.size(), "person", "people") + u')';
            if (room.isDefault)
                line += QLatin1String(", the default room");
            if (!room.topic.isEmpty())
                line += u": " + room.topic;
            result.lines.append(line);
            if (!room.members.isEmpty())
                result.lines.append(u"    " + room.members.join(QLatin1String(", ")));
        }
        return result;
    }
    if (command == u"room") {
        const QString what = firstWord.toLower();
        const QStringList names = afterFirst.split(u' ', Qt::SkipEmptyParts);
        QString problem;
        QString done;
        if (what == u"new" && names.size() == 1) {
            problem = m_server->createRoom(names.at(0));
            done = u"made " + names.at(0);
        } else if (what == u"rename" && names.size() == 2) {
            problem = m_server->renameRoom(names.at(0), names.at(1));
            done = names.at(0) + u" is now " + names.at(1);
        } else if (what == u"delete" && names.size() == 1) {
            problem = m_server->deleteRoom(names.at(0));
            done = u"deleted " + names.at(0);
        } else {
            return refusal(QStringLiteral(
                    "usage: /room new #ROOM, /room rename #OLD #NEW or /room delete #ROOM"));
        }
        return problem.isEmpty() ? answer(done) : refusal(problem);
    }
    if (command == u"topic") {
        if (!firstWord.startsWith(u'#'))
            return refusal(QStringLiteral("usage: /topic #ROOM [TEXT]"));
        const QString problem = m_server->setTopic(firstWord, afterFirst);
        if (!problem.isEmpty())
            return refusal(problem);
        return answer((afterFirst.isEmpty() ? QStringLiteral("cleared the topic of ")
                                            : QStringLiteral("set the topic of ")) +
                      firstWord);
    }
    if (command == u"remove") {
        const QString room = afterFirst.section(u' ', 0, 0);
        const QString reason = afterFirst.section(u' ', 1).trimmed();
        if (firstWord.isEmpty() || !room.startsWith(u'#'))
            return refusal(QStringLiteral("usage: /remove NICK #ROOM [reason]"));
        const QString problem = m_server->removeFromRoom(firstWord, room, reason);
        if (!problem.isEmpty())
            return refusal(problem);
        return answer(u"took " + firstWord + u" out of " + room);
    }
    if (command == u"quit") {
        Result result = answer(QStringLiteral("stopping"));
        result.quit = true;
        result.quitReason = rest;
        return result;
    }
    return refusal(u"unknown command /" + command + u" (type /help to see the commands)");
}
