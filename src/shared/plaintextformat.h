#pragma once

#include "messages.h"

#include <QByteArray>
#include <QStringList>

// The room as lines of text, for plain-text clients (the seed tutorial's
// client.py, nc, telnet), and the slash commands such clients may type.
// Every rendered line ends with LF; multi-line text becomes several lines.
class PlainTextFormat
{
public:
    static QByteArray greeting();
    // <nick> text, * nick action, or *nick* text for a whisper to the reader.
    static QByteArray message(const Protocol::ChatMessage &message);
    // What the sender of a whisper sees: -> *to* text
    static QByteArray whisperSent(const QString &to, const QString &text);
    static QByteArray joined(const QString &nick);
    static QByteArray left(const QString &nick, const QString &reason);
    static QByteArray renamed(const QString &from, const QString &to);
    static QByteArray users(const QList<Protocol::UserInfo> &users);
    // A long list in pieces: the count and the first piece's names on the
    // first line, each further piece on a line of its own.
    static QByteArray users(int count, const QList<QList<Protocol::UserInfo>> &pieces);
    // * 37 joined, 5 left; 10000 people here (a large room's folded joins and leaves)
    static QByteArray presence(const Protocol::Presence &presence);
    // -server- 3 rooms: and a line for each (name, people, topic).
    static QByteArray rooms(const Protocol::RoomList &list);
    // Lines (each ending with LF) from another room than the reader's: each starts "[#room] ".
    static QByteArray inRoom(const QString &room, const QByteArray &lines);
    // -server- text: notices, errors and everything else the server says.
    static QByteArray serverLine(const QString &text);

    struct Command
    {
        enum class Kind {
            Request, // message holds what to do
            Help,    // show helpLines()
            Usage,   // a command without what it needs; usage says how to use it
            Unknown, // a command that does not exist; name is the word typed ("/nikc")
        };
        Kind kind = Kind::Request;
        Protocol::ClientMessage message;
        QString usage;
        QString name;
    };

    // A line typed by a plain-text client: a chat message, or one of
    // /nick NAME, /me TEXT, /msg NICK TEXT, /who, /join #ROOM, /part [#ROOM]
    // [REASON], /rooms, /topic TEXT, /quit [REASON], /help. A request's room
    // is left empty where the line names none: the room being talked in.
    // A line whose first word is / and a letter is a command, and is never
    // said: an unknown one is Kind::Unknown. "//text" says "/text"; "/" and
    // anything but a letter ("/ shrug", "/1") is said as typed.
    static Command parseLine(const QString &line);
    // What an unknown command is answered with: in English (what the server
    // tells plain-text clients), and in the user's language (the desktop client's).
    static QString unknownCommand(const QString &name);
    static QString localizedUnknownCommand(const QString &name);
    // rooms: with the room commands (/join, /part, /rooms, /topic).
    static QStringList helpLines(bool rooms = true);
    // A usage or help line in the user's language (the desktop client's).
    static QString translated(const QString &line);
};
