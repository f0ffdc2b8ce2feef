// The contract's rules for nicknames and message text, shared by the server
// (which enforces them) and clients (which can check before sending).
#pragma once

#include "protocol.h"

#include <QString>

#include <optional>

namespace Validation {

struct NickCheck
{
    enum class Problem { None, Empty, TooLong, BrokenUtf16, Space, Control, Character };

    bool ok = false;
    QString nick;   // NFC-normalised form: the one to use when ok
    QString reason; // why it was refused, for people (in English, as the server says it)
    Problem problem = Problem::None;
    QString character; // Problem::Character: the one not allowed, described
    int length = 0;    // Problem::TooLong: characters given (0 when far too long to count)
};

// 1-32 Unicode letters, digits and _ - . [ ] { } | (combining marks may follow
// a letter or digit, for scripts that need them; they count towards the 32).
NickCheck checkNick(const QString &nick);
// Why a nickname was refused, in the user's language (the desktop client's).
QString localizedReason(const NickCheck &check);

// The key under which nicknames are unique: case-insensitive.
QString nickKey(const QString &nick);

struct RoomCheck
{
    enum class Problem { None, Empty, NoHash, TooLong, BrokenUtf16, Character };

    bool ok = false;
    QString room;   // NFC-normalised form: the one to use when ok
    QString reason; // why it was refused (English, as the server says it)
    Problem problem = Problem::None;
    QString character; // Problem::Character: the one not allowed, described
};

// "#" and 1-32 Unicode letters, digits or _ - . (combining marks may follow
// a letter or digit).
RoomCheck checkRoom(const QString &room);
// Why a room name was refused, in the user's language (the desktop client's).
QString localizedReason(const RoomCheck &check);
// The key under which room names are unique: case-insensitive.
QString roomKey(const QString &room);

struct TextCheck
{
    std::optional<Protocol::ErrorCode> error; // empty when the text is acceptable
    QString text;                             // the text to use: CRLF made LF, trimmed
    QString reason;                           // why it was refused, for people (English)
    QString character;   // BadText: the character refused, described (empty: a lone surrogate)
    qsizetype size = 0;  // TextTooLong: the text's size in UTF-8 bytes
    qsizetype limit = 0; // TextTooLong: the limit
};

// maxBytes == 0 means no size limit.
TextCheck checkText(const QString &text, qsizetype maxBytes);
// Why a message was refused, in the user's language (the desktop client's).
QString localizedReason(const TextCheck &check);

// False when text holds a lone UTF-16 surrogate (JSON can carry one: "\ud800").
bool isWellFormed(QStringView text);

// Client-supplied text as it is shown inside a message: in quotes, cut short.
QString quoted(const QString &text, int maxLength = 40);

// A reason someone gave (for leaving, for a kick) fit for one line of a log
// and a left event: on one line, at most maxLength characters; empty when
// it is not acceptable text.
QString oneLineReason(const QString &reason, int maxLength = 200);

// Size of the UTF-8 encoding of text, without encoding it.
qsizetype utf8Size(QStringView text);

} // namespace Validation
