// One plain struct per protocol message (see protocol.h for the list of types
// and docs/PROTOCOL.md for their meaning). Codec turns them into frames and back.
#pragma once

#include "protocol.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace Protocol {

struct UserInfo
{
    QString nick;
    qint64 since = 0; // ms since the epoch, UTC: when the user joined
};

// What the server enforces; 0 means "no limit".
struct Limits
{
    qint64 maxFrame = MaxFrameBytes;
    qint64 maxText = MaxTextBytes;
    double rate = 5;
    int burst = 10;
};

// ---- client to server ----

struct Hello
{
    qint64 protocol = Version;
    QString nick;
    QString client;
    QString password;
    std::optional<qint64> since;
    QStringList rooms; // rooms to be in again (besides the default room)
};

// A room field left empty means the default room (in client frames).
struct Say
{
    QString text;
    QString ref;
    bool action = false;
    QString room;
};

struct Whisper
{
    QString to;
    QString text;
    QString ref;
    bool action = false; // qtchat's addition: /me in a private talk
};

struct Nick
{
    QString nick;
};

struct Who
{
    QString room;
};

struct HistoryRequest
{
    std::optional<qint64> before;
    int limit = DefaultHistoryPage;
    QString room;
    // Not on the wire (IRC's CHATHISTORY LATEST with a reference): the
    // newest messages after this id instead.
    std::optional<qint64> after = std::nullopt;
};

struct Join
{
    QString room;
    bool create = false;
};

struct Part
{
    QString room;
    QString reason;
};

struct RoomsRequest
{};

struct SetTopic
{
    QString room;
    QString text; // empty clears the topic
};

// Sent by both sides; the answer carries the same token.
struct Ping
{
    QJsonValue token = QJsonValue(QJsonValue::Undefined);
};

struct Pong
{
    QJsonValue token = QJsonValue(QJsonValue::Undefined);
};

struct Bye
{
    QString reason;
};

// ---- server to client ----

struct Welcome
{
    int protocol = Version;
    QString server;
    QString nick;
    QString motd;
    // The room's people; left out (usersIncluded false) when the list is too
    // long for one frame: users frames follow the welcome then.
    QList<UserInfo> users;
    bool usersIncluded = true;
    Limits limits;
    qint64 lastId = 0;
    QString room;      // the default room
    QStringList rooms; // the rooms the connection is in
};

// A room message or a whisper ("message" on the wire).
struct ChatMessage
{
    qint64 id = 0;
    qint64 ts = 0;
    QString from;
    QString text;
    bool action = false;
    QString to;   // set on whispers only
    QString ref;  // set only on the sender's own copy
    QString room; // set on room messages only
};

struct Joined
{
    QString nick;
    qint64 ts = 0;
    QString room;
};

// With a room: left that room; without: left the server.
struct Left
{
    QString nick;
    qint64 ts = 0;
    QString reason;
    QString room;
};

struct Renamed
{
    QString from;
    QString to;
    qint64 ts = 0;
};

// The room's people, or part of them: a long list comes as several users
// frames, complete false on all but the last.
struct Users
{
    QList<UserInfo> users;
    bool complete = true;
    QString room;
};

// A large room's joins and leaves, folded (qtchat's addition): how many came
// and went since the last one, and how many are in the room now.
struct Presence
{
    int joined = 0;
    int left = 0;
    int users = 0;
    qint64 ts = 0;
    QString room;
};

// A room's topic: on joining it, and when it changes.
struct Topic
{
    QString room;
    QString text;
    QString by;
    qint64 ts = 0;
};

struct RoomInfo
{
    QString room;
    QString topic;
    int members = 0;
};

// The answer to rooms.
struct RoomList
{
    QList<RoomInfo> rooms;
};

struct Notice
{
    QString text;
    qint64 ts = 0;
    QString room; // a notice to one room (empty: to everyone)
};

// The answer to a history request, or the replay after the handshake.
struct HistoryPage
{
    QList<ChatMessage> messages; // oldest first
    bool complete = true;
    QString room; // the room paged, when one was (each message names its own)
};

struct Error
{
    ErrorCode code = ErrorCode::Unknown;
    QString codeName; // the wire code, kept as sent (also for codes this build does not know)
    QString message;
    QString ref;
    // kicked and server_shutdown: the operator's own words, if any (qtchat's
    // addition; message says the same in English around them).
    QString reason;
};

using ClientMessage = std::variant<Hello, Say, Whisper, Nick, Who, HistoryRequest, Ping, Pong, Bye,
                                   Join, Part, RoomsRequest, SetTopic>;
using ServerMessage = std::variant<Welcome, ChatMessage, Joined, Left, Renamed, Users, Notice,
                                   HistoryPage, Ping, Pong, Presence, Error, Topic, RoomList>;

} // namespace Protocol
