#include "plaintextformat.h"

#include "englishcount.h"

#include <QCoreApplication>

using namespace Protocol;

namespace {

// prefix + each line of text + LF.
QByteArray prefixed(const QByteArray &prefix, const QString &text)
{
    QByteArray out;
    const QByteArray utf8 = text.toUtf8();
    out.reserve(prefix.size() + utf8.size() + 1);
    qsizetype start = 0;
    while (true) {
        const qsizetype lf = utf8.indexOf('\n', start);
        out.append(prefix);
        if (lf < 0) {
            out.append(utf8.constData() + start, utf8.size() - start);
            out.append('\n');
            return out;
        }
        out.append(utf8.constData() + start, lf - start);
        out.append('\n');
        start = lf + 1;
    }
}

} // namespace

QByteArray PlainTextFormat::greeting()
{
    return QByteArray(PlainTextGreeting) + '\n';
}

QByteArray PlainTextFormat::message(const ChatMessage &message)
{
    const QByteArray from = message.from.toUtf8();
    if (!message.to.isEmpty())
        return prefixed('*' + from + "* ", message.text);
    if (message.action)
        return prefixed("* " + from + ' ', message.text);
    return prefixed('<' + from + "> ", message.text);
}

QByteArray PlainTextFormat::whisperSent(const QString &to, const QString &text)
{
    return prefixed("-> *" + to.toUtf8() + "* ", text);
}

QByteArray PlainTextFormat::joined(const QString &nick)
{
    return "* " + nick.toUtf8() + " joined\n";
}

QByteArray PlainTextFormat::left(const QString &nick, const QString &reason)
{
    if (reason.isEmpty())
        return "* " + nick.toUtf8() + " left\n";
    return "* " + nick.toUtf8() + " left (" + QString(reason).replace(u'\n', u' ').toUtf8() + ")\n";
}

QByteArray PlainTextFormat::renamed(const QString &from, const QString &to)
{
    return "* " + from.toUtf8() + " is now known as " + to.toUtf8() + '\n';
}

namespace {

QString nicksOf(const QList<UserInfo> &users)
{
    QStringList nicks;
    nicks.reserve(users.size());
    for (const UserInfo &user : users)
        nicks.append(user.nick);
    return nicks.join(QLatin1String(", "));
}

} // namespace

QByteArray PlainTextFormat::users(const QList<UserInfo> &users)
{
    return PlainTextFormat::users(int(users.size()), {users});
}

QByteArray PlainTextFormat::users(int count, const QList<QList<UserInfo>> &pieces)
{
    QByteArray out =
            serverLine(englishCount(count, "user", "users") + u": " + nicksOf(pieces.value(0)));
    for (qsizetype i = 1; i < pieces.size(); ++i)
        out += serverLine(nicksOf(pieces.at(i)));
    return out;
}

QByteArray PlainTextFormat::presence(const Presence &presence)
{
    return "* " + QByteArray::number(presence.joined) + " joined, " +
           QByteArray::number(presence.left) + " left; " +
           englishCount(presence.users, "person", "people").toUtf8() + " here\n";
}

QByteArray PlainTextFormat::rooms(const RoomList &list)
{
    QByteArray out = serverLine(englishCount(int(list.rooms.size()), "room", "rooms") + u':');
    for (const RoomInfo &room : list.rooms) {
        QString line =
                u"  " + room.room + u" (" + englishCount(room.members, "person", "people") + u')';
        if (!room.topic.isEmpty())
            line += u": " + QString(room.topic).replace(u'\n', u' ');
        out += serverLine(line);
    }
    return out;
}

QByteArray PlainTextFormat::inRoom(const QString &room, const QByteArray &lines)
{
    const QByteArray prefix = '[' + room.toUtf8() + "] ";
    QByteArray out;
    out.reserve(lines.size() + prefix.size() * 2);
    qsizetype start = 0;
    while (start < lines.size()) {
        qsizetype lf = lines.indexOf('\n', start);
        if (lf < 0)
            lf = lines.size() - 1;
        out.append(prefix);
        out.append(lines.constData() + start, lf - start + 1);
        start = lf + 1;
    }
    return out;
}

QByteArray PlainTextFormat::serverLine(const QString &text)
{
    return prefixed("-server- ", text);
}

namespace {

// The first whitespace-separated word of text and what follows it (trimmed).
std::pair<QString, QString> splitWord(QStringView text)
{
    qsizetype end = 0;
    while (end < text.size() && !text[end].isSpace())
        ++end;
    return {text.left(end).toString(), text.mid(end).trimmed().toString()};
}

} // namespace

PlainTextFormat::Command PlainTextFormat::parseLine(const QString &line)
{
    Command command;
    const QStringView typed = QStringView(line).trimmed();
    if (!typed.startsWith(u'/') || typed.size() < 2 || !typed.at(1).isLetter()) {
        if (typed.startsWith(QLatin1String("//"))) {
            // An escaped slash: the text starts with one slash less.
            command.message = Say{line.mid(line.indexOf(u'/') + 1), QString(), false, QString()};
            return command;
        }
        command.message = Say{line, QString(), false, QString()};
        return command;
    }
    const auto [slashWord, rest] = splitWord(typed);
    const QString word = slashWord.mid(1).toLower();
    auto usage = [&command](const char *text) {
        command.kind = Command::Kind::Usage;
        command.usage = QString::fromLatin1(text);
        return command;
    };
    if (word == u"nick") {
        if (rest.isEmpty())
            return usage(QT_TRANSLATE_NOOP("PlainTextFormat", "usage: /nick NAME"));
        command.message = Nick{rest};
    } else if (word == u"me") {
        if (rest.isEmpty())
            return usage(QT_TRANSLATE_NOOP("PlainTextFormat", "usage: /me TEXT"));
        command.message = Say{rest, QString(), true, QString()};
    } else if (word == u"msg") {
        const auto [to, text] = splitWord(rest);
        if (text.isEmpty())
            return usage(QT_TRANSLATE_NOOP("PlainTextFormat", "usage: /msg NICK TEXT"));
        command.message = Whisper{to, text, QString()};
    } else if (word == u"who") {
        command.message = Who{};
    } else if (word == u"join") {
        const auto [room, extra] = splitWord(rest);
        if (room.isEmpty() || !extra.isEmpty())
            return usage(QT_TRANSLATE_NOOP("PlainTextFormat", "usage: /join #ROOM"));
        command.message = Join{room, true};
    } else if (word == u"part" || word == u"leave") {
        // /part [#ROOM] [REASON]: without a room, the one being talked in.
        const auto [first, after] = splitWord(rest);
        if (first.startsWith(u'#'))
            command.message = Part{first, after};
        else
            command.message = Part{QString(), rest};
    } else if (word == u"rooms" || word == u"list") {
        command.message = RoomsRequest{};
    } else if (word == u"topic") {
        if (rest.isEmpty())
            return usage(QT_TRANSLATE_NOOP("PlainTextFormat", "usage: /topic TEXT"));
        command.message = SetTopic{QString(), rest};
    } else if (word == u"quit") {
        command.message = Bye{rest};
    } else if (word == u"help") {
        command.kind = Command::Kind::Help;
    } else {
        command.kind = Command::Kind::Unknown; // refused where it was typed, said to no one
        command.name = slashWord;
    }
    return command;
}

namespace {

const char UnknownCommandText[] =
        QT_TRANSLATE_NOOP("PlainTextFormat", "unknown command %1 — /help lists the commands");

} // namespace

QString PlainTextFormat::unknownCommand(const QString &name)
{
    return QString::fromUtf8(UnknownCommandText).arg(name);
}

QString PlainTextFormat::localizedUnknownCommand(const QString &name)
{
    return QCoreApplication::translate("PlainTextFormat", UnknownCommandText).arg(name);
}

QStringList PlainTextFormat::helpLines(bool rooms)
{
    // Marked for translation: the desktop client shows them in the user's language
    // (PlainTextFormat::translated); plain-text clients get them as they are.
    QStringList lines = {
            QStringLiteral(QT_TRANSLATE_NOOP("PlainTextFormat",
                                             "Type a line and press Enter to say it to everyone. "
                                             "Commands:")),
            QStringLiteral(QT_TRANSLATE_NOOP("PlainTextFormat",
                                             "  /nick NAME       change your nickname")),
            QStringLiteral(QT_TRANSLATE_NOOP(
                    "PlainTextFormat", "  /me TEXT         say what you are doing (* you TEXT)")),
            QStringLiteral(QT_TRANSLATE_NOOP("PlainTextFormat",
                                             "  /msg NICK TEXT   send a private message")),
            QStringLiteral(
                    QT_TRANSLATE_NOOP("PlainTextFormat", "  /who             list who is here")),
    };
    if (rooms) {
        lines += {
                QStringLiteral(
                        QT_TRANSLATE_NOOP("PlainTextFormat",
                                          "  /join #ROOM      go into a room (made if it is new)")),
                QStringLiteral(QT_TRANSLATE_NOOP(
                        "PlainTextFormat", "  /part [#ROOM]    leave a room (this one if none)")),
                QStringLiteral(
                        QT_TRANSLATE_NOOP("PlainTextFormat", "  /rooms           list the rooms")),
                QStringLiteral(QT_TRANSLATE_NOOP("PlainTextFormat",
                                                 "  /topic TEXT      set this room's topic")),
        };
    }
    lines += {
            QStringLiteral(QT_TRANSLATE_NOOP("PlainTextFormat", "  /quit [REASON]   leave")),
            QStringLiteral(QT_TRANSLATE_NOOP("PlainTextFormat",
                                             "  //TEXT           say a line that starts with /")),
            QStringLiteral(
                    QT_TRANSLATE_NOOP("PlainTextFormat", "  /help            show this help")),
    };
    return lines;
}

QString PlainTextFormat::translated(const QString &line)
{
    return QCoreApplication::translate("PlainTextFormat", line.toUtf8().constData());
}
