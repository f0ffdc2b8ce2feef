// What the chat logic sends to connections: events, never bytes. Each
// dialect (JsonDialect, PlainTextDialect) turns them into its wire format.
#pragma once

#include "messages.h"
#include "roster.h"

#include <QList>

#include <variant>

// The copy of a message its sender gets back (with the sender's ref): its
// acknowledgement that the message is stored.
struct OwnMessage
{
    Protocol::ChatMessage message;
};

// The room's people, in the roster's pieces (each encoded once and shared
// by everyone it is sent to).
struct UserListing
{
    QList<RosterChunkPtr> chunks;
    int count = 0;
    QString room;
};

// The last words to a client that said goodbye (plain-text clients read
// "Goodbye!"; protocol clients are simply closed).
struct Goodbye
{};

// A welcome, and the room's people (inside it when they fit in one frame,
// in users frames after it otherwise).
struct WelcomeEvent
{
    Protocol::Welcome welcome; // its users are not used: see users
    UserListing users;
};

// A room's topic told to someone joining it (Protocol::Topic is a change,
// told to the room; most wire formats say both alike, IRC does not).
struct TopicOnJoin
{
    Protocol::Topic topic;
};

using ServerEvent =
        std::variant<WelcomeEvent, Protocol::ChatMessage, OwnMessage, Protocol::Joined,
                     Protocol::Left, Protocol::Renamed, UserListing, Protocol::Notice,
                     Protocol::HistoryPage, Protocol::Ping, Protocol::Pong, Protocol::Presence,
                     Protocol::Error, Goodbye, Protocol::Topic, Protocol::RoomList, TopicOnJoin>;

// The room an event is about (empty: none, or the whole server).
QString roomOf(const ServerEvent &event);
