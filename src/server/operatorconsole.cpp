#include "operatorconsole.h"

#include "chatserver.h"

#include <QDateTime>

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
            QStringLiteral("/ban NICK|ADDRESS      disconnect and refuse an address or subnet "
                           "(10.0.0.0/8)"),
            QStringLiteral("/unban ADDRESS         lift a ban"),
            QStringLiteral("/bans                  list the bans"),
            QStringLiteral("/notice TEXT           tell everyone something"),
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
        result.lines.append(people.size() == 1
                                    ? QStringLiteral("1 person in the room")
                                    : QStringLiteral("%1 people in the room").arg(people.size()));
        for (const ConnectionInfo &person : people) {
            result.lines.append(QStringLiteral("  %1  %2  %3  since %4  %5 messages")
                                        .arg(person.nick, person.peer,
                                             person.plainText ? QStringLiteral("plain text")
                                                              : QStringLiteral("qtchat"),
                                             clock(person.connectedAtMs))
                                        .arg(person.messagesSent));
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
        if (firstWord.isEmpty() || !afterFirst.isEmpty())
            return refusal(QStringLiteral("usage: /ban NICK or /ban ADDRESS (or a subnet, "
                                          "10.0.0.0/8)"));
        QString target = firstWord;
        for (const ConnectionInfo &person : m_server->connections()) {
            if (person.nick.compare(firstWord, Qt::CaseInsensitive) == 0) {
                target = person.address.toString();
                break;
            }
        }
        const QString problem = m_server->ban(target);
        if (!problem.isEmpty())
            return refusal(problem);
        if (target == firstWord)
            return answer(u"banned " + target);
        return answer(u"banned " + target + u" (" + firstWord + u')');
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
        result.lines.append(bans.size() == 1 ? QStringLiteral("1 ban:")
                                             : QStringLiteral("%1 bans:").arg(bans.size()));
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
            return refusal(QStringLiteral("usage: /notice TEXT"));
        m_server->sendNotice(rest);
        return answer(
                m_server->userCount() == 1
                        ? QStringLiteral("notice sent to 1 person")
                        : QStringLiteral("notice sent to %1 people").arg(m_server->userCount()));
    }
    if (command == u"quit") {
        Result result = answer(QStringLiteral("stopping"));
        result.quit = true;
        result.quitReason = rest;
        return result;
    }
    return refusal(u"unknown command /" + command + u" (type /help to see the commands)");
}
