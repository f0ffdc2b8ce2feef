// The qtchat wire protocol, version 1: its constants, and the one list of
// message types and error codes that every other part of the code uses.
// docs/PROTOCOL.md describes the same thing for people.
#pragma once

#include <QLatin1String>
#include <QtGlobal>

namespace Protocol {

inline constexpr int Version = 1;
inline constexpr quint16 DefaultPort = 5555;

// Contract defaults; the server can be configured to other values.
inline constexpr qsizetype MaxFrameBytes = 65536; // including the LF
inline constexpr qsizetype MaxTextBytes = 8192;   // UTF-8, after trimming
inline constexpr int MaxNickLength = 32;          // Unicode code points
// A room name is "#" and 1-32 letters, digits or _ - . (contract section 8).
inline constexpr int MaxRoomNameLength = 32;    // code points after the "#"
inline constexpr qsizetype MaxTopicBytes = 512; // UTF-8, after trimming (qtchat's limit)
// The room every connection is in after welcome unless the operator names another.
inline constexpr char DefaultRoomName[] = "#general";
inline constexpr qsizetype MaxRefBytes = 64;
inline constexpr int MaxHistoryPage = 500;
inline constexpr int DefaultHistoryPage = 50;
// A say or whisper resent with the same ref within this window is not stored twice.
inline constexpr qint64 DuplicateWindowMs = 10 * 60 * 1000;
// How long a connection may stay silent before it is taken for a plain-text client.
inline constexpr int PlainTextDetectMs = 1000;

// The greeting every plain-text client sees first (the seed tutorial's line).
inline constexpr char PlainTextGreeting[] = "Welcome to this chatroom!";

// Every message type, in one place: X(enumerator, wire name).
#define QTCHAT_MESSAGE_TYPES(X)                                                                    \
    X(Hello, "hello")                                                                              \
    X(Welcome, "welcome")                                                                          \
    X(Say, "say")                                                                                  \
    X(Whisper, "whisper")                                                                          \
    X(Nick, "nick")                                                                                \
    X(Who, "who")                                                                                  \
    X(History, "history")                                                                          \
    X(Ping, "ping")                                                                                \
    X(Pong, "pong")                                                                                \
    X(Bye, "bye")                                                                                  \
    X(Message, "message")                                                                          \
    X(Joined, "joined")                                                                            \
    X(Left, "left")                                                                                \
    X(Renamed, "renamed")                                                                          \
    X(Users, "users")                                                                              \
    X(Notice, "notice")                                                                            \
    X(Presence, "presence")                                                                        \
    X(Join, "join")                                                                                \
    X(Part, "part")                                                                                \
    X(Rooms, "rooms")                                                                              \
    X(Topic, "topic")                                                                              \
    X(Error, "error")

enum class MessageType {
#define QTCHAT_ENUMERATOR(name, wire) name,
    QTCHAT_MESSAGE_TYPES(QTCHAT_ENUMERATOR)
#undef QTCHAT_ENUMERATOR
            Unknown
};

// Every error code, in one place: X(enumerator, wire name).
// ServerShutdown is qtchat's addition to the contract's list.
#define QTCHAT_ERROR_CODES(X)                                                                      \
    X(BadFrame, "bad_frame")                                                                       \
    X(FrameTooLarge, "frame_too_large")                                                            \
    X(UnknownType, "unknown_type")                                                                 \
    X(ProtocolUnsupported, "protocol_unsupported")                                                 \
    X(BadNick, "bad_nick")                                                                         \
    X(NickTaken, "nick_taken")                                                                     \
    X(AuthFailed, "auth_failed")                                                                   \
    X(ServerFull, "server_full")                                                                   \
    X(TooManyConnections, "too_many_connections")                                                  \
    X(Banned, "banned")                                                                            \
    X(NotRegistered, "not_registered")                                                             \
    X(HandshakeTimeout, "handshake_timeout")                                                       \
    X(TextTooLong, "text_too_long")                                                                \
    X(EmptyText, "empty_text")                                                                     \
    X(BadText, "bad_text")                                                                         \
    X(NoSuchNick, "no_such_nick")                                                                  \
    X(RateLimited, "rate_limited")                                                                 \
    X(SendqExceeded, "sendq_exceeded")                                                             \
    X(PingTimeout, "ping_timeout")                                                                 \
    X(Kicked, "kicked")                                                                            \
    X(ServerShutdown, "server_shutdown")                                                           \
    X(BadRoom, "bad_room")                                                                         \
    X(NoSuchRoom, "no_such_room")                                                                  \
    X(NotInRoom, "not_in_room")                                                                    \
    X(RoomLimit, "room_limit")                                                                     \
    X(NotAllowed, "not_allowed")                                                                   \
    X(TlsRequired, "tls_required")

enum class ErrorCode {
#define QTCHAT_ENUMERATOR(name, wire) name,
    QTCHAT_ERROR_CODES(QTCHAT_ENUMERATOR)
#undef QTCHAT_ENUMERATOR
            Unknown
};

QLatin1String typeName(MessageType type);
MessageType typeFromName(QLatin1String name);

QLatin1String errorCodeName(ErrorCode code);
ErrorCode errorCodeFromName(QLatin1String name);

// Whether a connection that got this error is closed by the server.
bool errorClosesConnection(ErrorCode code);

} // namespace Protocol
