#pragma once

#include "dialect.h"

#include <QByteArrayView>

#include <memory>

struct ServerConfig;

// What a new connection speaks, from the first byte it sends (the one place
// that looks): "{" starts the qtchat protocol, 0x16 a TLS handshake,
// anything else is a plain-text client. A connection that says nothing for
// a second is a plain-text client too (the tutorial's client listens first).
class DialectSniffer
{
public:
    enum class Verdict { NeedMore, Json, PlainText, Tls };

    static Verdict sniff(QByteArrayView firstBytes);
    // The dialect for a verdict (Json or PlainText).
    static std::unique_ptr<Dialect> dialectFor(Verdict verdict, const ServerConfig &config);
};
