#include "plaintextdialect.h"

#include "englishcount.h"
#include "overloaded.h"
#include "plaintextformat.h"
#include "utf8.h"

using namespace Protocol;

namespace {

QByteArray topicLine(const Topic &topic)
{
    return topic.text.isEmpty() ? PlainTextFormat::serverLine(topic.by + u" cleared the topic")
                                : PlainTextFormat::serverLine(u"Topic: " + topic.text +
                                                              u" (set by " + topic.by + u')');
}

} // namespace

EncodedBytes PlainTextDialect::encode(const ServerEvent &event) const
{
    QByteArray text;
    std::visit(
            Overloaded{
                    [&](const WelcomeEvent &event) {
                        const Welcome &welcome = event.welcome;
                        text = PlainTextFormat::greeting();
                        if (welcome.motd != QLatin1String(PlainTextGreeting) &&
                            !welcome.motd.isEmpty())
                            text += PlainTextFormat::serverLine(welcome.motd);
                        text += PlainTextFormat::serverLine(u"You are " + welcome.nick +
                                                            u". Type /help to see the commands.");
                    },
                    [&](const HistoryPage &page) {
                        // The backlog when joining (the only history plain text gets).
                        if (page.messages.isEmpty())
                            return;
                        text = PlainTextFormat::serverLine(
                                page.messages.size() == 1 ? QStringLiteral("The last message:")
                                                          : QStringLiteral("The last %1 messages:")
                                                                    .arg(page.messages.size()));
                        for (const ChatMessage &message : page.messages)
                            text += PlainTextFormat::message(message);
                    },
                    [&](const ChatMessage &message) { text = PlainTextFormat::message(message); },
                    [&](const OwnMessage &own) {
                        // A line typed is on the sender's screen already; a private
                        // message is confirmed with whom it went to.
                        if (!own.message.to.isEmpty())
                            text = PlainTextFormat::whisperSent(own.message.to, own.message.text);
                    },
                    [&](const Joined &joined) { text = PlainTextFormat::joined(joined.nick); },
                    [&](const Left &left) { text = PlainTextFormat::left(left.nick, left.reason); },
                    [&](const Renamed &renamed) {
                        text = PlainTextFormat::renamed(renamed.from, renamed.to);
                    },
                    [&](const UserListing &listing) {
                        QList<QList<UserInfo>> pieces;
                        for (const RosterChunkPtr &chunk : listing.chunks)
                            pieces.append(chunk->users());
                        text = PlainTextFormat::users(listing.count, pieces);
                    },
                    [&](const Notice &notice) { text = PlainTextFormat::serverLine(notice.text); },
                    [&](const Presence &presence) { text = PlainTextFormat::presence(presence); },
                    [&](const Error &error) { text = PlainTextFormat::serverLine(error.message); },
                    [&](const Goodbye &) {
                        text = PlainTextFormat::serverLine(QStringLiteral("Goodbye!"));
                    },
                    [&](const Topic &topic) { text = topicLine(topic); },
                    [&](const TopicOnJoin &joined) { text = topicLine(joined.topic); },
                    [&](const RoomList &list) { text = PlainTextFormat::rooms(list); },
                    [&](const Ping &) {}, // kept alive by TCP instead
                    [&](const Pong &) {},
            },
            event);
    EncodedBytes bytes;
    if (text.isEmpty())
        return bytes;
    const QString room = roomOf(event);
    if (encodingKeyFor(room) == OtherRoomKey)
        text = PlainTextFormat::inRoom(room, text);
    bytes.append(text);
    return bytes;
}

int PlainTextDialect::encodingKeyFor(const QString &eventRoom) const
{
    return eventRoom.isEmpty() || eventRoom == m_currentRoom ? CurrentRoomKey : OtherRoomKey;
}

QByteArray PlainTextDialect::filterInput(const QByteArray &data, QByteArray *reply)
{
    return m_telnet.filter(data, *reply);
}

DialectInput PlainTextDialect::decode(const QByteArray &line, bool registered, const QString &nick)
{
    Q_UNUSED(registered); // plain-text clients are in the room as soon as they speak
    Q_UNUSED(nick);
    DialectInput input;
    if (!Utf8::isValid(line)) {
        input.reply = PlainTextFormat::serverLine(
                QStringLiteral("that line was not valid UTF-8 text, so it was not sent"));
        return input;
    }
    const PlainTextFormat::Command command = PlainTextFormat::parseLine(QString::fromUtf8(line));
    switch (command.kind) {
    case PlainTextFormat::Command::Kind::Help:
        for (const QString &help : PlainTextFormat::helpLines())
            input.reply += PlainTextFormat::serverLine(help);
        return input;
    case PlainTextFormat::Command::Kind::Usage:
        input.reply = PlainTextFormat::serverLine(command.usage);
        return input;
    case PlainTextFormat::Command::Kind::Unknown:
        // A typo or a command of another chat program is not posted to the room.
        input.reply = PlainTextFormat::serverLine(PlainTextFormat::unknownCommand(command.name));
        return input;
    case PlainTextFormat::Command::Kind::Request:
        if (const auto *say = std::get_if<Say>(&command.message);
            say && say->text.trimmed().isEmpty())
            return input; // a blank line: nothing to say
        input.requests.append(command.message);
        return input;
    }
    return input;
}
