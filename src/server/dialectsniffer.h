#pragma once

#include "dialect.h"

#include <QByteArrayView>

#include <memory>

struct ChatDirectory;
struct ServerConfig;

// What a new connection speaks, from the first byte it sends (the one place
// that looks): "{" starts the qtchat protocol, 0x16 a TLS handshake,
// anything else is a plain-text client. A connection that says nothing for
// a second is a plain-text client too (the tutorial's client listens first).
// On the IRC port, everything but TLS is IRC.
class DialectSniffer
{
public:
    enum class Verdict { NeedMore, Json, PlainText, Tls };

    static Verdict sniff(QByteArrayView firstBytes);
    // The dialect for a verdict (Json or PlainText).
    static std::unique_ptr<Dialect> dialectFor(Verdict verdict, const ServerConfig &config);
    // What connections to the IRC port speak (after TLS, when they start with it).
    static std::unique_ptr<Dialect> ircDialect(const ServerConfig &config,
                                               const ChatDirectory &directory);
};
