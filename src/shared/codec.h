#pragma once

#include "messages.h"

#include <QByteArray>

// Why a frame was refused. Each kind maps to one wire error code.
struct DecodeError
{
    enum class Kind {
        InvalidUtf8,    // bad_frame
        InvalidJson,    // bad_frame
        NotAnObject,    // bad_frame
        MissingType,    // bad_frame
        BadField,       // bad_frame: a field has the wrong type or is out of range
        UnknownType,    // unknown_type
        WrongDirection, // unknown_type: a server-only type sent by a client, or the reverse
    };

    Kind kind = Kind::InvalidJson;
    QString message; // for people
    QString ref;     // the frame's ref, when it had a readable one

    Protocol::ErrorCode code() const;
};

template<typename Message>
struct Decoded
{
    std::optional<Message> message;
    DecodeError error; // meaningful when message is empty

    bool ok() const { return message.has_value(); }
};

// Turns protocol messages into frames (one JSON object and an LF) and frames
// (as FrameReader returns them: without the LF) back into messages. Decoding
// checks UTF-8, JSON, the type and every field's type and bounds; the rules
// that depend on server settings (text size, nick rules) are in Validation.
class Codec
{
public:
    static Decoded<Protocol::ClientMessage> decodeClientFrame(const QByteArray &frame);
    static Decoded<Protocol::ServerMessage> decodeServerFrame(const QByteArray &frame);

    static QByteArray encode(const Protocol::Hello &message);
    static QByteArray encode(const Protocol::Say &message);
    static QByteArray encode(const Protocol::Whisper &message);
    static QByteArray encode(const Protocol::Nick &message);
    static QByteArray encode(const Protocol::Who &message);
    static QByteArray encode(const Protocol::HistoryRequest &message);
    static QByteArray encode(const Protocol::Ping &message);
    static QByteArray encode(const Protocol::Pong &message);
    static QByteArray encode(const Protocol::Bye &message);
    static QByteArray encode(const Protocol::Join &message);
    static QByteArray encode(const Protocol::Part &message);
    static QByteArray encode(const Protocol::RoomsRequest &message);
    static QByteArray encode(const Protocol::SetTopic &message);

    static QByteArray encode(const Protocol::Welcome &message);
    static QByteArray encode(const Protocol::ChatMessage &message);
    static QByteArray encode(const Protocol::Joined &message);
    static QByteArray encode(const Protocol::Left &message);
    static QByteArray encode(const Protocol::Renamed &message);
    static QByteArray encode(const Protocol::Users &message);
    static QByteArray encode(const Protocol::Notice &message);
    static QByteArray encode(const Protocol::Presence &message);
    static QByteArray encode(const Protocol::HistoryPage &message);
    static QByteArray encode(const Protocol::Error &message);
    static QByteArray encode(const Protocol::Topic &message);
    static QByteArray encode(const Protocol::RoomList &message);

    static QByteArray encode(const Protocol::ClientMessage &message);
    static QByteArray encode(const Protocol::ServerMessage &message);

    // A history frame of at most maxFrameBytes (0: no limit): when the
    // messages do not fit, the oldest are left out and complete becomes
    // false. The newest message is always included.
    static QByteArray encodeHistory(const Protocol::HistoryPage &page, qsizetype maxFrameBytes);

    // The users list of welcome and users frames (a JSON array), and one
    // element of it: a server encodes its room's list once per change.
    static QByteArray encodeUserList(const QList<Protocol::UserInfo> &users);
    static QByteArray encodeUser(const Protocol::UserInfo &user);
    // Welcome and users frames with their list given already encoded
    // (message.users is not used; an empty list leaves it out of the welcome).
    static QByteArray encode(const Protocol::Welcome &message, const QByteArray &encodedUsers);
    static QByteArray encodeUsers(const QByteArray &encodedUsers, bool complete = true,
                                  const QString &room = QString());

    // An error frame from a code and a human message.
    static QByteArray encodeError(Protocol::ErrorCode code, const QString &message,
                                  const QString &ref = QString());
};
