#include "ircdialect.h"

#include "chatroom.h"
#include "clientsession.h"
#include "ircmessage.h"
#include "nicknames.h"
#include "overloaded.h"
#include "roomregistry.h"
#include "serverconfig.h"
#include "validation.h"

#include <QDateTime>
#include <QSysInfo>

using namespace Protocol;

namespace {

const QString Software = QStringLiteral("qtchat-" QTCHAT_VERSION);

struct CapName
{
    IrcDialect::Cap cap;
    const char *name;
};
// What this server offers, in CAP LS order.
constexpr CapName Caps[] = {
        {IrcDialect::Cap::ServerTime, "server-time"},
        {IrcDialect::Cap::MessageTags, "message-tags"},
        {IrcDialect::Cap::EchoMessage, "echo-message"},
        {IrcDialect::Cap::Batch, "batch"},
        {IrcDialect::Cap::MultiPrefix, "multi-prefix"},
        {IrcDialect::Cap::ChatHistory, "draft/chathistory"},
};

std::optional<IrcDialect::Cap> capNamed(QStringView name)
{
    for (const CapName &known : Caps) {
        if (name == QLatin1String(known.name))
            return known.cap;
    }
    return std::nullopt;
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// The line breaks and spaces of a text, for IRC: a reason or topic on one line.
QString oneLine(const QString &text)
{
    QString line = text;
    line.replace(u'\r', u' ').replace(u'\n', u' ');
    return line;
}

bool isChannel(QStringView target)
{
    return target.startsWith(u'#');
}

} // namespace

// One line being decoded: its command and parameters.
struct IrcDialect::Line
{
    QString command;
    QStringList params;
    QString param(int index) const { return index < params.size() ? params.at(index) : QString(); }
};

IrcDialect::IrcDialect(const ServerConfig &config, const ChatDirectory &directory)
    : m_config(config)
    , m_directory(directory)
    , m_server(serverName())
{}

QString IrcDialect::serverName()
{
    // A name without spaces or punctuation IRC gives a meaning to.
    QString name;
    for (const QChar c : QSysInfo::machineHostName().toLower()) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'.')
            name.append(c);
    }
    if (name.isEmpty() || name.startsWith(u'-') || name.startsWith(u'.'))
        return QStringLiteral("qtchat");
    return name;
}

QString IrcDialect::prefixOf(const QString &nick)
{
    return nick + u"!~u@qtchat";
}

int IrcDialect::encodingKey() const
{
    return FirstKey + (has(Cap::ServerTime) ? 1 : 0) + (has(Cap::MessageTags) ? 2 : 0);
}

const ClientSession *IrcDialect::self() const
{
    return m_registered && m_directory.nicknames ? m_directory.nicknames->find(m_nick) : nullptr;
}

ChatRoomPtr IrcDialect::roomNamed(const QString &name) const
{
    return m_directory.rooms ? m_directory.rooms->find(name) : nullptr;
}

// ---- encoding ----

QByteArray IrcDialect::numeric(const char *code, QStringList params) const
{
    params.prepend(m_nick.isEmpty() ? QStringLiteral("*") : m_nick);
    return IrcMessage::line(m_server, QString::fromLatin1(code), params);
}

QByteArray IrcDialect::serverNotice(const QString &target, const QString &text) const
{
    QByteArray out;
    const qsizetype room =
            IrcMessage::MaxLineBytes - 20 - m_server.toUtf8().size() - target.toUtf8().size();
    for (const QString &piece : IrcMessage::splitText(text, room))
        out += IrcMessage::line(m_server, QStringLiteral("NOTICE"), {target, piece});
    return out;
}

QString IrcDialect::tagsFor(qint64 ts, qint64 id, int piece) const
{
    QString tags;
    if (has(Cap::ServerTime) && ts > 0)
        tags = u"time=" + isoTime(ts);
    if (has(Cap::MessageTags) && id > 0) {
        if (!tags.isEmpty())
            tags += u';';
        tags += u"msgid=" + QString::number(id);
        if (piece > 0)
            tags += u'.' + QString::number(piece + 1);
    }
    return tags;
}

void IrcDialect::appendMessage(QByteArray &out, const ChatMessage &message,
                               const QString &extraTags) const
{
    const QString target = message.to.isEmpty() ? message.room : message.to;
    const QString prefix = prefixOf(message.from);
    // 512 bytes with CR LF, tags aside: ":prefix PRIVMSG target :text\r\n".
    qsizetype room = IrcMessage::MaxLineBytes - 1 - prefix.toUtf8().size() - 9 -
                     target.toUtf8().size() - 2 - 2;
    if (message.action)
        room -= 9; // \x01ACTION …\x01
    const QStringList pieces = IrcMessage::splitText(message.text, qMax<qsizetype>(room, 64));
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        QString tags = tagsFor(message.ts, message.id, int(i));
        if (!extraTags.isEmpty())
            tags = tags.isEmpty() ? extraTags : QString(extraTags + u';' + tags);
        QByteArray line;
        if (!tags.isEmpty())
            line = '@' + tags.toUtf8() + ' ';
        const QString text = message.action
                                     ? IrcMessage::makeCtcp(QStringLiteral("ACTION"), pieces.at(i))
                                     : pieces.at(i);
        line += IrcMessage::line(prefix, QStringLiteral("PRIVMSG"), {target, text});
        out += line;
    }
}

void IrcDialect::appendHistory(QByteArray &out, const HistoryPage &page) const
{
    const QString room = page.room.isEmpty() ? m_config.defaultRoom : page.room;
    if (has(Cap::Batch)) {
        // Inside a chathistory batch, with their times: clients show them as the past.
        const QString id = u"h" + QString::number(++m_batches);
        out += IrcMessage::line(m_server, QStringLiteral("BATCH"),
                                {u'+' + id, QStringLiteral("chathistory"), room}, false);
        for (const ChatMessage &message : page.messages)
            appendMessage(out, message, u"batch=" + id);
        out += IrcMessage::line(m_server, QStringLiteral("BATCH"), {u'-' + id}, false);
        return;
    }
    if (page.messages.isEmpty())
        return;
    out += serverNotice(
            room, page.messages.size() == 1
                          ? QStringLiteral("The last message:")
                          : QStringLiteral("The last %1 messages:").arg(page.messages.size()));
    for (ChatMessage message : page.messages) {
        // Without server-time, the time goes in front of the text.
        if (!has(Cap::ServerTime))
            message.text = u'[' +
                           QDateTime::fromMSecsSinceEpoch(message.ts)
                                   .toString(QStringLiteral("yyyy-MM-dd HH:mm")) +
                           u"] " + message.text;
        appendMessage(out, message, QString());
    }
    out += serverNotice(room, QStringLiteral("End of the history."));
}

void IrcDialect::appendError(QByteArray &out, const Error &error) const
{
    if (!errorClosesConnection(error.code)) {
        // Refusals a request was not checked for here (the chat logic's last word).
        out += serverNotice(m_registered ? m_nick : QStringLiteral("*"), error.message);
        return;
    }
    QString why = error.message;
    switch (error.code) {
    case ErrorCode::AuthFailed:
        out += numeric("464", {QStringLiteral("Password incorrect")});
        break;
    case ErrorCode::Banned:
        out += numeric("465", {QStringLiteral("You are banned from this server")});
        break;
    case ErrorCode::HandshakeTimeout:
        why = QStringLiteral("Registration timed out (no NICK and USER within %1 seconds)")
                      .arg(m_config.handshakeTimeoutMs / 1000);
        break;
    case ErrorCode::PingTimeout:
        why = QStringLiteral("Ping timeout: %1 seconds").arg(m_config.pingTimeoutMs / 1000);
        break;
    case ErrorCode::RateLimited:
        why = u"Excess Flood (" + error.message + u')';
        break;
    case ErrorCode::SendqExceeded:
        why = u"SendQ exceeded (" + error.message + u')';
        break;
    default:
        break;
    }
    out += IrcMessage::line(QString(), QStringLiteral("ERROR"), {u"Closing link: " + oneLine(why)});
}

QByteArray IrcDialect::namesLines(const QString &room, const QList<RosterChunkPtr> &chunks) const
{
    // Each roster piece's nicknames, cut into runs that fit any 353 line, are
    // made once and shared by everyone the room's list is sent to: a room of
    // thousands costs a copy per joiner, not a pass over every name.
    constexpr int NamesKey = 1000;      // beside the JSON forms (Dialect keys * 4)
    constexpr qsizetype RunBytes = 200; // 512 less the longest server, nick and room
    QByteArray out;
    const QByteArray head = ':' + m_server.toUtf8() + " 353 " +
                            (m_nick.isEmpty() ? QByteArray("*") : m_nick.toUtf8()) + " = " +
                            room.toUtf8() + " :";
    for (const RosterChunkPtr &chunk : chunks) {
        const QByteArray &runs = chunk->encoded(NamesKey, [&chunk] {
            QByteArray all;
            qsizetype run = 0;
            for (const UserInfo &user : chunk->users()) {
                const QByteArray nick = user.nick.toUtf8();
                if (run > 0 && run + 1 + nick.size() > RunBytes) {
                    all += '\n';
                    run = 0;
                } else if (run > 0) {
                    all += ' ';
                    ++run;
                }
                all += nick;
                run += nick.size();
            }
            return all;
        });
        if (runs.isEmpty())
            continue;
        qsizetype from = 0;
        while (from <= runs.size()) {
            qsizetype to = runs.indexOf('\n', from);
            if (to < 0)
                to = runs.size();
            out += head;
            out += QByteArrayView(runs).sliced(from, to - from);
            out += "\r\n";
            from = to + 1;
        }
    }
    out += numeric("366", {room, QStringLiteral("End of /NAMES list")});
    return out;
}

void IrcDialect::isupport(QByteArray &out) const
{
    QStringList tokens{
            QStringLiteral("CHANTYPES=#"),
            QStringLiteral("CASEMAPPING=rfc8265"),
            QStringLiteral("NICKLEN=%1").arg(MaxNickLength),
            QStringLiteral("CHANNELLEN=%1").arg(MaxRoomNameLength + 1),
            QStringLiteral("TOPICLEN=%1").arg(MaxTopicBytes),
            m_config.maxRoomsPerConnection > 0
                    ? QStringLiteral("CHANLIMIT=#:%1").arg(m_config.maxRoomsPerConnection)
                    : QStringLiteral("CHANLIMIT=#:"),
            QStringLiteral("NETWORK=qtchat"),
            QStringLiteral("UTF8ONLY"),
            QStringLiteral("PREFIX="),
            QStringLiteral("CHANMODES=,,,n"),
            QStringLiteral("MAXTARGETS=%1").arg(MaxTargets),
            QStringLiteral("TARGMAX=JOIN:%1,PART:%1,PRIVMSG:%1,NOTICE:%1").arg(MaxTargets),
            QStringLiteral("CHATHISTORY=%1").arg(MaxHistoryPage),
            QStringLiteral("MSGREFTYPES=msgid"),
    };
    // At most 15 parameters on a line: the nick, 13 tokens, the text.
    for (qsizetype i = 0; i < tokens.size(); i += 13) {
        QStringList line = tokens.mid(i, 13);
        line.append(QStringLiteral("are supported by this server"));
        out += numeric("005", line);
    }
}

void IrcDialect::motd(QByteArray &out) const
{
    if (m_config.motd.trimmed().isEmpty()) {
        out += numeric("422", {QStringLiteral("MOTD File is missing")});
        return;
    }
    out += numeric("375", {u"- " + m_server + u" Message of the day - "});
    for (const QString &line : m_config.motd.split(u'\n')) {
        for (const QString &piece : IrcMessage::splitText(line, 400))
            out += numeric("372", {u"- " + piece});
    }
    out += numeric("376", {QStringLiteral("End of /MOTD command.")});
}

EncodedBytes IrcDialect::encode(const ServerEvent &event) const
{
    QByteArray out;
    std::visit(
            Overloaded{
                    [&](const WelcomeEvent &welcome) {
                        const QString &nick = welcome.welcome.nick;
                        out += numeric("001", {u"Welcome to qtchat on " + m_server + u", " + nick});
                        out += numeric("002",
                                       {u"Your host is " + m_server + u", running " + Software});
                        out += numeric("003", {u"This server was started " +
                                               isoTime(m_directory.startedAtMs)});
                        out += numeric("004", {m_server, Software, QStringLiteral("i"),
                                               QStringLiteral("n")});
                        isupport(out);
                        motd(out);
                        // Like everyone, an IRC client starts in the default room.
                        if (welcome.welcome.rooms.contains(welcome.welcome.room)) {
                            out += IrcMessage::line(prefixOf(nick), QStringLiteral("JOIN"),
                                                    {welcome.welcome.room}, false);
                            out += namesLines(welcome.welcome.room, welcome.users.chunks);
                        }
                    },
                    [&](const ChatMessage &message) { appendMessage(out, message, QString()); },
                    [&](const OwnMessage &own) {
                        if (has(Cap::EchoMessage))
                            appendMessage(out, own.message, QString());
                    },
                    [&](const Joined &joined) {
                        out += IrcMessage::line(prefixOf(joined.nick), QStringLiteral("JOIN"),
                                                {joined.room}, false);
                    },
                    [&](const Left &left) {
                        if (left.room.isEmpty())
                            out += IrcMessage::line(prefixOf(left.nick), QStringLiteral("QUIT"),
                                                    {oneLine(left.reason)});
                        else
                            out += IrcMessage::line(prefixOf(left.nick), QStringLiteral("PART"),
                                                    {left.room, oneLine(left.reason)});
                    },
                    [&](const Renamed &renamed) {
                        out += IrcMessage::line(prefixOf(renamed.from), QStringLiteral("NICK"),
                                                {renamed.to});
                    },
                    [&](const UserListing &listing) {
                        out += namesLines(listing.room.isEmpty() ? m_config.defaultRoom
                                                                 : listing.room,
                                          listing.chunks);
                    },
                    [&](const Notice &notice) {
                        out += serverNotice(notice.room.isEmpty() ? QStringLiteral("*")
                                                                  : notice.room,
                                            notice.text);
                    },
                    [&](const HistoryPage &page) { appendHistory(out, page); },
                    [&](const Ping &ping) {
                        out += IrcMessage::line(
                                QString(), QStringLiteral("PING"),
                                {ping.token.isString() ? ping.token.toString() : m_server});
                    },
                    [&](const Pong &) {}, // IRC's PING is answered as it comes
                    [&](const Presence &presence) {
                        out += serverNotice(presence.room,
                                            QStringLiteral("%1 came and %2 went; %3 here now")
                                                    .arg(presence.joined)
                                                    .arg(presence.left)
                                                    .arg(presence.users));
                    },
                    [&](const Error &error) { appendError(out, error); },
                    [&](const Goodbye &) {
                        out += IrcMessage::line(QString(), QStringLiteral("ERROR"),
                                                {QStringLiteral("Closing link: goodbye")});
                    },
                    [&](const Topic &topic) {
                        out += IrcMessage::line(prefixOf(topic.by), QStringLiteral("TOPIC"),
                                                {topic.room, oneLine(topic.text)});
                    },
                    [&](const TopicOnJoin &joined) {
                        const Topic &topic = joined.topic;
                        out += numeric("332", {topic.room, oneLine(topic.text)});
                        out += numeric("333", {topic.room, prefixOf(topic.by),
                                               QString::number(topic.ts / 1000)});
                    },
                    [&](const RoomList &list) {
                        out += numeric("321",
                                       {QStringLiteral("Channel"), QStringLiteral("Users  Name")});
                        for (const RoomInfo &room : list.rooms)
                            out += numeric("322", {room.room, QString::number(room.members),
                                                   oneLine(room.topic)});
                        out += numeric("323", {QStringLiteral("End of /LIST")});
                    },
            },
            event);
    EncodedBytes bytes;
    if (!out.isEmpty())
        bytes.append(out);
    return bytes;
}

// ---- decoding ----

DialectInput IrcDialect::decode(const QByteArray &frame, bool registered, const QString &nick)
{
    DialectInput input;
    m_registered = registered;
    if (registered)
        m_nick = nick;
    IrcMessage::ParseError error = IrcMessage::ParseError::None;
    const std::optional<IrcMessage> message = IrcMessage::parse(frame, &error);
    if (!message) {
        switch (error) {
        case IrcMessage::ParseError::Empty:
            break; // a blank line
        case IrcMessage::ParseError::BadUtf8:
            input.reply = serverNotice(
                    registered ? m_nick : QStringLiteral("*"),
                    QStringLiteral("That line was not valid UTF-8 (this server takes UTF-8 only), "
                                   "so it was not sent"));
            break;
        default:
            input.reply = serverNotice(registered ? m_nick : QStringLiteral("*"),
                                       QStringLiteral("That line was not a valid IRC line"));
            break;
        }
        return input;
    }
    const Line line{message->command, message->params};
    if (line.command == u"PING") {
        input.reply = IrcMessage::line(m_server, QStringLiteral("PONG"), {m_server, line.param(0)});
        return input;
    }
    if (line.command == u"PONG")
        return input; // any input counts as a sign of life
    if (line.command == u"CAP") {
        cap(line, input);
        return input;
    }
    if (!registered)
        registrationCommand(line, input);
    else
        command(line, input);
    return input;
}

void IrcDialect::cap(const Line &line, DialectInput &input)
{
    const QString sub = line.param(0).toUpper();
    const QString me = m_registered ? m_nick : QStringLiteral("*");
    if (sub == u"LS") {
        if (!m_registered)
            m_capNegotiating = true;
        QStringList names;
        for (const CapName &known : Caps)
            names.append(QLatin1String(known.name));
        input.reply = IrcMessage::line(m_server, QStringLiteral("CAP"),
                                       {me, QStringLiteral("LS"), names.join(u' ')});
    } else if (sub == u"LIST") {
        QStringList names;
        for (const CapName &known : Caps) {
            if (has(known.cap))
                names.append(QLatin1String(known.name));
        }
        input.reply = IrcMessage::line(m_server, QStringLiteral("CAP"),
                                       {me, QStringLiteral("LIST"), names.join(u' ')});
    } else if (sub == u"REQ") {
        if (!m_registered)
            m_capNegotiating = true;
        const QString asked = line.param(1);
        auto changed = m_caps;
        bool known = !asked.trimmed().isEmpty();
        for (const QString &name : asked.split(u' ', Qt::SkipEmptyParts)) {
            const bool off = name.startsWith(u'-');
            const std::optional<Cap> cap = capNamed(off ? QStringView(name).mid(1) : name);
            if (!cap) {
                known = false;
                break;
            }
            changed.set(size_t(*cap), !off);
        }
        // All or nothing, as the specification says.
        if (known)
            m_caps = changed;
        input.reply = IrcMessage::line(
                m_server, QStringLiteral("CAP"),
                {me, known ? QStringLiteral("ACK") : QStringLiteral("NAK"), asked});
    } else if (sub == u"END") {
        if (!m_registered) {
            m_capNegotiating = false;
            completeRegistration(input);
        }
    } else {
        input.reply = numeric("410", {line.param(0), QStringLiteral("Invalid CAP command")});
    }
}

void IrcDialect::registrationCommand(const Line &line, DialectInput &input)
{
    if (line.command == u"PASS") {
        if (line.params.isEmpty()) {
            input.reply = numeric("461", {line.command, QStringLiteral("Not enough parameters")});
            return;
        }
        m_password = line.param(0);
    } else if (line.command == u"NICK") {
        nickCommand(line, input);
        return;
    } else if (line.command == u"USER") {
        if (line.params.size() < 4 || line.param(0).isEmpty()) {
            input.reply = numeric("461", {line.command, QStringLiteral("Not enough parameters")});
            return;
        }
        m_user = line.param(0);
        m_realName = line.param(3);
        completeRegistration(input);
    } else if (line.command == u"QUIT") {
        input.reply = IrcMessage::line(QString(), QStringLiteral("ERROR"),
                                       {QStringLiteral("Closing link: goodbye")});
        input.close = true;
    } else {
        input.reply = numeric("451", {QStringLiteral("You have not registered")});
    }
}

void IrcDialect::completeRegistration(DialectInput &input)
{
    if (m_helloSent || m_capNegotiating || m_nick.isEmpty() || m_user.isEmpty())
        return;
    m_helloSent = true;
    Hello hello;
    hello.nick = m_nick;
    hello.password = m_password;
    hello.client = QStringLiteral("IRC");
    input.requests.append(hello);
}

void IrcDialect::nickCommand(const Line &line, DialectInput &input)
{
    const QString wanted = line.param(0);
    if (wanted.isEmpty()) {
        input.reply = numeric("431", {QStringLiteral("No nickname given")});
        return;
    }
    const Validation::NickCheck check = Validation::checkNick(wanted);
    if (!check.ok) {
        input.reply = numeric("432", {wanted, u"Erroneous nickname: " + check.reason});
        return;
    }
    const ClientSession *holder =
            m_directory.nicknames ? m_directory.nicknames->find(check.nick) : nullptr;
    if (holder && (!m_registered || holder != self())) {
        input.reply = numeric("433", {check.nick, QStringLiteral("Nickname is already in use")});
        return;
    }
    if (!m_registered) {
        m_nick = check.nick;
        completeRegistration(input);
        return;
    }
    input.requests.append(Nick{check.nick});
}

void IrcDialect::command(const Line &line, DialectInput &input)
{
    const QString &c = line.command;
    if (c == u"PRIVMSG" || c == u"NOTICE") {
        message(line, input, c == u"NOTICE");
    } else if (c == u"JOIN") {
        join(line, input);
    } else if (c == u"PART") {
        part(line, input);
    } else if (c == u"NICK") {
        nickCommand(line, input);
    } else if (c == u"QUIT") {
        input.requests.append(Bye{line.param(0)});
    } else if (c == u"NAMES") {
        names(line, input);
    } else if (c == u"WHO") {
        who(line, input);
    } else if (c == u"WHOIS") {
        whois(line, input);
    } else if (c == u"TOPIC") {
        topic(line, input);
    } else if (c == u"LIST") {
        list(line, input);
    } else if (c == u"MODE") {
        mode(line, input);
    } else if (c == u"KICK") {
        kick(line, input);
    } else if (c == u"AWAY") {
        m_away = oneLine(line.param(0)).left(200);
        input.reply = m_away.isEmpty()
                              ? numeric("305", {QStringLiteral("You are no longer marked as "
                                                               "being away")})
                              : numeric("306", {QStringLiteral("You have been marked as being "
                                                               "away")});
    } else if (c == u"MOTD") {
        motd(input.reply);
    } else if (c == u"LUSERS") {
        lusers(input);
    } else if (c == u"VERSION") {
        input.reply = numeric("351", {Software, m_server, QStringLiteral("qtchat's IRC port")});
        isupport(input.reply);
    } else if (c == u"TIME") {
        input.reply = numeric("391", {m_server, QDateTime::currentDateTime().toString()});
    } else if (c == u"ISON") {
        QStringList on;
        for (const QString &param : line.params)
            for (const QString &nick : param.split(u' ', Qt::SkipEmptyParts))
                if (const ClientSession *session = m_directory.nicknames->find(nick))
                    on.append(session->nick());
        input.reply = numeric("303", {on.join(u' ')});
    } else if (c == u"USERHOST") {
        QStringList found;
        for (const QString &nick : line.params.mid(0, 5))
            if (const ClientSession *session = m_directory.nicknames->find(nick))
                found.append(session->nick() + u"=+~u@qtchat");
        input.reply = numeric("302", {found.join(u' ')});
    } else if (c == u"CHATHISTORY") {
        chathistory(line, input);
    } else if (c == u"USER" || c == u"PASS") {
        input.reply = numeric("462", {QStringLiteral("You may not reregister")});
    } else if (c == u"TAGMSG") {
        // Client-only tags (typing notices) are not passed on: nothing to do.
    } else if (c == u"OPER") {
        input.reply = numeric("491", {QStringLiteral("No O-lines for your host: on qtchat, the "
                                                     "server's operator moderates from its "
                                                     "window or console")});
    } else {
        input.reply = numeric("421", {c, QStringLiteral("Unknown command")});
    }
}

void IrcDialect::join(const Line &line, DialectInput &input)
{
    if (line.params.isEmpty()) {
        input.reply = numeric("461", {line.command, QStringLiteral("Not enough parameters")});
        return;
    }
    const ClientSession *me = self();
    if (!me)
        return;
    if (line.param(0) == u"0") {
        for (const ChatRoomPtr &room : me->rooms())
            input.requests.append(Part{room->name(), QStringLiteral("left all channels")});
        return;
    }
    int rooms = int(me->rooms().size());
    const QStringList names = line.param(0).split(u',', Qt::SkipEmptyParts);
    for (const QString &name : names.mid(0, MaxTargets)) {
        const Validation::RoomCheck check = Validation::checkRoom(name);
        if (!check.ok) {
            input.reply += numeric("479", {name, u"Illegal channel name: " + check.reason});
            continue;
        }
        const ChatRoomPtr room = roomNamed(check.room);
        if (room && room->contains(me))
            continue;
        if (m_config.maxRoomsPerConnection > 0 && rooms >= m_config.maxRoomsPerConnection) {
            input.reply += numeric("405", {check.room, QStringLiteral("You have joined too many "
                                                                      "channels")});
            continue;
        }
        if (!room && m_config.roomsMadeByOperatorOnly) {
            input.reply += numeric("403", {check.room, QStringLiteral("No such channel (on this "
                                                                      "server only the operator "
                                                                      "makes channels)")});
            continue;
        }
        if (!room && m_directory.rooms->isFull()) {
            input.reply += numeric("403", {check.room, QStringLiteral("No such channel (this "
                                                                      "server has as many "
                                                                      "channels as it allows)")});
            continue;
        }
        ++rooms;
        input.requests.append(Join{check.room, true});
    }
    if (names.size() > MaxTargets)
        input.reply += numeric("407", {names.at(MaxTargets), QStringLiteral("Too many targets")});
}

void IrcDialect::part(const Line &line, DialectInput &input)
{
    if (line.params.isEmpty()) {
        input.reply = numeric("461", {line.command, QStringLiteral("Not enough parameters")});
        return;
    }
    const ClientSession *me = self();
    for (const QString &name : line.param(0).split(u',', Qt::SkipEmptyParts).mid(0, MaxTargets)) {
        const ChatRoomPtr room = roomNamed(name);
        if (!room) {
            input.reply += numeric("403", {name, QStringLiteral("No such channel")});
            continue;
        }
        if (!room->contains(me)) {
            input.reply += numeric("442", {room->name(), QStringLiteral("You're not on that "
                                                                        "channel")});
            continue;
        }
        input.requests.append(Part{room->name(), line.param(1)});
    }
}

void IrcDialect::message(const Line &line, DialectInput &input, bool notice)
{
    // NOTICE is never answered with an error (RFC 2812 3.3.2).
    if (line.params.isEmpty() || line.param(0).isEmpty()) {
        if (!notice)
            input.reply = numeric("411", {u"No recipient given (" + line.command + u')'});
        return;
    }
    if (line.params.size() < 2 || line.param(1).isEmpty()) {
        if (!notice)
            input.reply = numeric("412", {QStringLiteral("No text to send")});
        return;
    }
    QString text = line.param(1);
    bool action = false;
    if (const auto ctcp = IrcMessage::ctcp(text)) {
        if (ctcp->first != u"ACTION") {
            // Only IRC clients would understand other CTCP (VERSION, PING): not passed on.
            if (!notice)
                input.reply = serverNotice(m_nick, u"CTCP " + ctcp->first +
                                                           u" is not passed on by this server");
            return;
        }
        action = true;
        text = ctcp->second;
    }
    const Validation::TextCheck check = Validation::checkText(text, m_config.maxTextBytes);
    if (check.error) {
        if (!notice)
            input.reply = *check.error == ErrorCode::EmptyText
                                  ? numeric("412", {QStringLiteral("No text to send")})
                                  : serverNotice(m_nick, check.reason);
        return;
    }
    const ClientSession *me = self();
    const QStringList targets = line.param(0).split(u',', Qt::SkipEmptyParts);
    for (const QString &target : targets.mid(0, MaxTargets)) {
        if (isChannel(target)) {
            const ChatRoomPtr room = roomNamed(target);
            if (!room) {
                if (!notice)
                    input.reply += numeric("403", {target, QStringLiteral("No such channel")});
            } else if (!room->contains(me)) {
                if (!notice)
                    input.reply += numeric("404", {room->name(), QStringLiteral("Cannot send to "
                                                                                "channel (join "
                                                                                "it first)")});
            } else {
                input.requests.append(Say{check.text, QString(), action, room->name()});
            }
            continue;
        }
        const ClientSession *to = m_directory.nicknames->find(target);
        if (!to) {
            if (!notice)
                input.reply += numeric("401", {target, QStringLiteral("No such nick/channel")});
            continue;
        }
        if (!notice && to->dialect() && to->dialect()->kind() == Kind::Irc) {
            const QString away = static_cast<const IrcDialect *>(to->dialect())->awayMessage();
            if (!away.isEmpty())
                input.reply += numeric("301", {to->nick(), away});
        }
        Whisper whisper;
        whisper.to = to->nick();
        whisper.text = check.text;
        whisper.action = action;
        input.requests.append(whisper);
    }
    if (targets.size() > MaxTargets && !notice)
        input.reply += numeric("407", {targets.at(MaxTargets), QStringLiteral("Too many targets")});
}

void IrcDialect::names(const Line &line, DialectInput &input) const
{
    QStringList wanted = line.param(0).split(u',', Qt::SkipEmptyParts);
    if (wanted.isEmpty()) {
        input.reply = numeric("366", {QStringLiteral("*"), QStringLiteral("End of /NAMES list")});
        return;
    }
    for (const QString &name : wanted.mid(0, MaxTargets)) {
        const ChatRoomPtr room = roomNamed(name);
        if (!room) {
            input.reply += numeric("366", {name, QStringLiteral("End of /NAMES list")});
            continue;
        }
        input.reply += namesLines(room->name(), room->listing().chunks);
    }
}

void IrcDialect::who(const Line &line, DialectInput &input) const
{
    const QString mask = line.param(0);
    const auto whoLine = [this](const QString &channel, const ClientSession *session) {
        const bool away =
                session->isIrc() &&
                !static_cast<const IrcDialect *>(session->dialect())->awayMessage().isEmpty();
        return numeric("352", {channel, QStringLiteral("~u"), QStringLiteral("qtchat"), m_server,
                               session->nick(), away ? QStringLiteral("G") : QStringLiteral("H"),
                               u"0 " + session->nick()});
    };
    if (isChannel(mask)) {
        if (const ChatRoomPtr room = roomNamed(mask)) {
            for (const ClientSession *member : room->members())
                input.reply += whoLine(room->name(), member);
        }
    } else if (const ClientSession *session = m_directory.nicknames->find(mask)) {
        input.reply += whoLine(session->rooms().isEmpty() ? QStringLiteral("*")
                                                          : session->rooms().first()->name(),
                               session);
    }
    input.reply += numeric("315", {mask.isEmpty() ? QStringLiteral("*") : mask,
                                   QStringLiteral("End of /WHO list")});
}

void IrcDialect::whois(const Line &line, DialectInput &input) const
{
    // WHOIS [server] nick
    const QString nick = line.params.size() > 1 ? line.param(1) : line.param(0);
    if (nick.isEmpty()) {
        input.reply = numeric("431", {QStringLiteral("No nickname given")});
        return;
    }
    const ClientSession *session = m_directory.nicknames->find(nick);
    if (!session) {
        input.reply = numeric("401", {nick, QStringLiteral("No such nick/channel")});
        input.reply += numeric("318", {nick, QStringLiteral("End of /WHOIS list")});
        return;
    }
    const QString name = session->nick();
    QString client;
    switch (session->dialect() ? session->dialect()->kind() : Kind::Json) {
    case Kind::Json:
        client = QStringLiteral("qtchat user");
        break;
    case Kind::PlainText:
        client = QStringLiteral("plain-text client");
        break;
    case Kind::Irc:
        client = QStringLiteral("IRC client");
        break;
    }
    input.reply += numeric("311", {name, QStringLiteral("~u"), QStringLiteral("qtchat"),
                                   QStringLiteral("*"), client});
    QStringList rooms;
    for (const ChatRoomPtr &room : session->rooms())
        rooms.append(room->name());
    if (!rooms.isEmpty())
        input.reply += numeric("319", {name, rooms.join(u' ')});
    input.reply += numeric("312", {name, m_server, QStringLiteral("qtchat")});
    if (session->isEncrypted())
        input.reply += numeric("671", {name, QStringLiteral("is using a secure connection")});
    if (session->isIrc()) {
        const QString away = static_cast<const IrcDialect *>(session->dialect())->awayMessage();
        if (!away.isEmpty())
            input.reply += numeric("301", {name, away});
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    input.reply += numeric(
            "317", {name, QString::number(qMax<qint64>(0, now - session->lastActivityMs()) / 1000),
                    QString::number(session->joinedAtMs() / 1000),
                    QStringLiteral("seconds idle, signon time")});
    input.reply += numeric("318", {name, QStringLiteral("End of /WHOIS list")});
}

void IrcDialect::topic(const Line &line, DialectInput &input) const
{
    if (line.params.isEmpty()) {
        input.reply = numeric("461", {line.command, QStringLiteral("Not enough parameters")});
        return;
    }
    const ChatRoomPtr room = roomNamed(line.param(0));
    if (!room) {
        input.reply = numeric("403", {line.param(0), QStringLiteral("No such channel")});
        return;
    }
    if (line.params.size() < 2) {
        const Topic topic = room->topic();
        if (topic.text.isEmpty()) {
            input.reply = numeric("331", {room->name(), QStringLiteral("No topic is set")});
        } else {
            input.reply = numeric("332", {room->name(), oneLine(topic.text)});
            input.reply += numeric(
                    "333", {room->name(), prefixOf(topic.by), QString::number(topic.ts / 1000)});
        }
        return;
    }
    if (!room->contains(self())) {
        input.reply = numeric("442", {room->name(), QStringLiteral("You're not on that channel")});
        return;
    }
    const QString text = line.param(1);
    if (!text.trimmed().isEmpty()) {
        const Validation::TextCheck check = Validation::checkText(text, MaxTopicBytes);
        if (check.error) {
            input.reply = serverNotice(m_nick, u"A topic: " + check.reason);
            return;
        }
    }
    input.requests.append(SetTopic{room->name(), text});
}

void IrcDialect::list(const Line &line, DialectInput &input) const
{
    const QStringList wanted = line.param(0).split(u',', Qt::SkipEmptyParts);
    input.reply = numeric("321", {QStringLiteral("Channel"), QStringLiteral("Users  Name")});
    for (const ChatRoomPtr &room : m_directory.rooms->rooms()) {
        if (!wanted.isEmpty() && !wanted.contains(room->name(), Qt::CaseInsensitive))
            continue;
        input.reply += numeric(
                "322", {room->name(), QString::number(room->size()), oneLine(room->topic().text)});
    }
    input.reply += numeric("323", {QStringLiteral("End of /LIST")});
}

void IrcDialect::mode(const Line &line, DialectInput &input) const
{
    const QString target = line.param(0);
    if (target.isEmpty()) {
        input.reply = numeric("461", {line.command, QStringLiteral("Not enough parameters")});
        return;
    }
    if (isChannel(target)) {
        const ChatRoomPtr room = roomNamed(target);
        if (!room) {
            input.reply = numeric("403", {target, QStringLiteral("No such channel")});
            return;
        }
        const QString modes = line.param(1);
        if (modes.isEmpty()) {
            input.reply = numeric("324", {room->name(), QStringLiteral("+n")});
        } else if (modes == u"b" || modes == u"+b") {
            input.reply = numeric("368", {room->name(), QStringLiteral("End of channel ban list")});
        } else {
            input.reply =
                    numeric("482", {room->name(), QStringLiteral("You're not channel operator (on "
                                                                 "qtchat, the server's operator "
                                                                 "moderates from its window or "
                                                                 "console)")});
        }
        return;
    }
    if (Validation::nickKey(target) != Validation::nickKey(m_nick)) {
        input.reply = numeric("502", {QStringLiteral("Can't change mode for other users")});
        return;
    }
    const QString modes = line.param(1);
    // +i (what clients ask for as they connect) is how everyone is here anyway.
    for (const QChar c : modes) {
        if (c != u'+' && c != u'-' && c != u'i') {
            input.reply = numeric("501", {QStringLiteral("Unknown MODE flag")});
            return;
        }
    }
    input.reply = numeric("221", {QStringLiteral("+")});
}

void IrcDialect::kick(const Line &line, DialectInput &input) const
{
    if (line.params.size() < 2) {
        input.reply = numeric("461", {line.command, QStringLiteral("Not enough parameters")});
        return;
    }
    const ChatRoomPtr room = roomNamed(line.param(0));
    if (!room) {
        input.reply = numeric("403", {line.param(0), QStringLiteral("No such channel")});
        return;
    }
    if (!room->contains(self())) {
        input.reply = numeric("442", {room->name(), QStringLiteral("You're not on that channel")});
        return;
    }
    input.reply = numeric(
            "482", {room->name(), QStringLiteral("You're not channel operator (on qtchat, only "
                                                 "the server's operator removes people, from its "
                                                 "window or console)")});
}

void IrcDialect::lusers(DialectInput &input) const
{
    const int users = m_directory.nicknames->size();
    input.reply = numeric(
            "251", {QStringLiteral("There are %1 users and 0 invisible on 1 servers").arg(users)});
    input.reply += numeric(
            "254", {QString::number(m_directory.rooms->size()), QStringLiteral("channels formed")});
    input.reply += numeric("255", {QStringLiteral("I have %1 clients and 0 servers").arg(users)});
}

void IrcDialect::chathistory(const Line &line, DialectInput &input) const
{
    // CHATHISTORY LATEST|BEFORE|AFTER <#room> <* | msgid=N> <limit>
    const auto fail = [&](const char *code, const QString &context, const QString &why) {
        input.reply = IrcMessage::line(
                m_server, QStringLiteral("FAIL"),
                {QStringLiteral("CHATHISTORY"), QString::fromLatin1(code), context, why});
    };
    const QString sub = line.param(0).toUpper();
    if (sub != u"LATEST" && sub != u"BEFORE" && sub != u"AFTER") {
        fail("INVALID_PARAMS", sub, QStringLiteral("LATEST, BEFORE and AFTER are supported"));
        return;
    }
    const QString target = line.param(1);
    const ChatRoomPtr room = isChannel(target) ? roomNamed(target) : nullptr;
    if (!room || !room->contains(self())) {
        fail("INVALID_TARGET", target, QStringLiteral("the history of channels you are on only"));
        return;
    }
    const QString reference = line.param(2);
    std::optional<qint64> id;
    if (reference != u"*") {
        bool ok = false;
        if (reference.startsWith(u"msgid="))
            id = QStringView(reference).mid(6).split(u'.').first().toLongLong(&ok);
        if (!ok || *id <= 0) {
            fail("INVALID_PARAMS", reference, QStringLiteral("messages are found by msgid only"));
            return;
        }
    } else if (sub != u"LATEST") {
        fail("INVALID_PARAMS", reference, QStringLiteral("BEFORE and AFTER need msgid="));
        return;
    }
    bool ok = false;
    const int limit = line.param(3).toInt(&ok);
    if (!ok || limit <= 0) {
        fail("INVALID_PARAMS", line.param(3), QStringLiteral("the limit must be a number"));
        return;
    }
    HistoryRequest request;
    request.room = room->name();
    request.limit = qMin(limit, MaxHistoryPage);
    if (sub == u"BEFORE")
        request.before = id;
    else if (id)
        request.after = id; // LATEST bounded by a message, and AFTER: the newest after it
    input.requests.append(request);
}
