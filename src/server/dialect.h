#pragma once

#include "messages.h"
#include "serverevent.h"

#include <QByteArray>
#include <QList>

#include <optional>

// The bytes of one event in one wire format: usually one piece; a long
// users list is several (each a roster piece's, shared).
using EncodedBytes = QList<QByteArray>;

// What a frame (or line) a client sent comes to.
struct DialectInput
{
    // Requests for the chat logic, in order (an IRC line may carry several:
    // JOIN #a,#b).
    QList<Protocol::ClientMessage> requests;
    // What to answer at once, already in this wire format (a refusal, the
    // help text, a pong); sent before anything the request brings.
    QByteArray reply;
    // The client said goodbye before it was registered: closed after reply.
    bool close = false;
};

// One wire format (JSON lines, plain text, IRC): how a connection's input
// becomes requests and how events become bytes. The chat logic knows
// events and sessions only; a session reads and writes through its dialect.
//
// A dialect object belongs to one session (it may keep that session's
// input state), but what it encodes depends on encodingKeyFor(event) alone:
// every session whose dialect gives the same key is sent the same bytes, so
// an event is encoded once per key and the bytes are shared (OutboundEvent).
// Most dialects have one key; plain text has two, as a line from a room
// other than the one its reader talks in starts with the room's name.
class Dialect
{
public:
    enum class Kind { Json, PlainText, Irc };

    // encodingKey() is below this.
    static constexpr int MaxEncodings = 8;

    virtual ~Dialect() = default;

    virtual Kind kind() const = 0;
    // Changes only in decode() (sessions read it again after each frame).
    virtual int encodingKey() const = 0;
    // The key of the encoding of an event about this room (roomOf()) for
    // this reader: encodingKey() unless keyVariesByEvent().
    virtual int encodingKeyFor(const QString &eventRoom) const
    {
        Q_UNUSED(eventRoom);
        return encodingKey();
    }
    virtual bool keyVariesByEvent() const { return false; }
    // The room the reader talks in (plain text: lines from it have no prefix).
    virtual void setCurrentRoom(const QString &room) { Q_UNUSED(room); }
    // The reader's nickname (numerics name it), as it changes.
    virtual void setNick(const QString &nick) { Q_UNUSED(nick); }
    // Whether clients say who they are in a handshake (a hello) before they
    // are in the room; without one (plain text) they join as they connect.
    virtual bool hasHandshake() const = 0;
    // Whether a reader of this dialect may be shown whispers from the
    // history (only where the client chose its nickname: an address-named
    // plain-text client could be anyone from that address).
    virtual bool readsWhisperHistory() const = 0;

    // The event for this dialect's readers (nothing: not for them, such as a
    // plain-text client's own line, which its terminal shows already).
    virtual EncodedBytes encode(const ServerEvent &event) const = 0;

    // Bytes as they arrive, before they are split into frames: what the
    // dialect keeps of them (telnet commands are taken out for plain text),
    // and what to answer at once in *reply.
    virtual QByteArray filterInput(const QByteArray &data, QByteArray *reply);
    // One frame or line (without its line end). registered: the session is
    // on the server as nick. A dialect may keep what the client negotiates
    // (IRC's capabilities); its encodingKey() may change here, never elsewhere.
    virtual DialectInput decode(const QByteArray &frame, bool registered, const QString &nick) = 0;
};
