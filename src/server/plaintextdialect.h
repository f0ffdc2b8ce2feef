#pragma once

#include "dialect.h"
#include "telnetfilter.h"

// Plain-text clients (nc, telnet, the tutorial's client.py): every line
// they type is said, but for the slash commands (PlainTextFormat), and the
// room comes to them as lines of text. They have no handshake: they join
// under their address as they connect. Telnet commands are taken out of
// what they send and answered.
class PlainTextDialect : public Dialect
{
public:
    Kind kind() const override { return Kind::PlainText; }
    int encodingKey() const override { return 1; }
    bool hasHandshake() const override { return false; }
    bool readsWhisperHistory() const override { return false; }
    EncodedBytes encode(const ServerEvent &event) const override;
    QByteArray filterInput(const QByteArray &data, QByteArray *reply) override;
    DialectInput decode(const QByteArray &frame, bool registered,
                        const QString &nick) const override;

private:
    TelnetFilter m_telnet;
};
