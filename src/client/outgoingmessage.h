#pragma once

#include <QMetaType>
#include <QString>

// One of the user's own messages on its way: pending until the server's
// echo says it is stored, then sent; or failed (refused, with why).
struct OutgoingMessage
{
    enum class Status { Pending, Sent, Failed };
    QString ref;
    QString text;
    bool action = false;
    QString to;   // a whisper's recipient
    QString room; // a room message's room (empty: the server's default room)
    Status status = Status::Pending;
    QString error;        // why it failed
    qint64 id = 0;        // the stored message's id, once sent
    bool written = false; // sent on the current connection, echo awaited
    qint64 typedAt = 0;   // ms since the epoch
};
Q_DECLARE_METATYPE(OutgoingMessage)
