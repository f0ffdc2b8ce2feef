#pragma once

#include "dialect.h"
#include "telnetfilter.h"

// Plain-text clients (nc, telnet, the tutorial's client.py): every line
// they type is said, but for the slash commands (PlainTextFormat), and the
// room comes to them as lines of text. They have no handshake: they join
// under their address as they connect, into the default room, and talk in
// one room at a time (/join makes another one current). Telnet commands are
// taken out of what they send and answered.
class PlainTextDialect : public Dialect
{
public:
    Kind kind() const override { return Kind::PlainText; }
    int encodingKey() const override { return CurrentRoomKey; }
    // Lines from rooms other than the reader's current one start "[#room] ".
    int encodingKeyFor(const QString &eventRoom) const override;
    bool keyVariesByEvent() const override { return true; }
    void setCurrentRoom(const QString &room) override { m_currentRoom = room; }
    bool hasHandshake() const override { return false; }
    bool readsWhisperHistory() const override { return false; }
    EncodedBytes encode(const ServerEvent &event) const override;
    QByteArray filterInput(const QByteArray &data, QByteArray *reply) override;
    DialectInput decode(const QByteArray &frame, bool registered, const QString &nick) override;

    static constexpr int CurrentRoomKey = 1;
    static constexpr int OtherRoomKey = 2;

private:
    TelnetFilter m_telnet;
    QString m_currentRoom;
};
