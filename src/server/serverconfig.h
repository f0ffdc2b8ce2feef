#pragma once

#include "protocol.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

// Everything the server can be told: where to listen, the limits and the
// room's options. Defaults are the protocol contract's. For every limit, 0
// means "off" (benchmarks lift them that way).
// A day, as history-days counts it.
inline constexpr qint64 DayMs = 24 * 60 * 60 * 1000;

struct ServerConfig
{
    QHostAddress host = QHostAddress::Any;
    quint16 port = Protocol::DefaultPort;
    // IRC clients (contract §10) on a port of their own, off by default
    // (ircPort 0: any free port, for tests).
    bool irc = false;
    quint16 ircPort = 6667;

    qint64 maxFrameBytes = Protocol::MaxFrameBytes;      // one frame or line, with its LF
    qint64 maxTextBytes = Protocol::MaxTextBytes;        // one message's text
    double rate = 5;                                     // frames per second once the burst is used
    int burst = 10;                                      // frames accepted at once
    qint64 recvQueueBytes = 2 * Protocol::MaxFrameBytes; // unprocessed input per connection
    qint64 sendQueueBytes = 1024 * 1024;                 // unsent output per connection
    int maxClients = 1000;                               // connections in all
    int maxConnectionsPerIp = 10;
    // New connections from one address (not this computer's) in 10 s before
    // it is refused for 10 s (0: no limit).
    int maxConnectsPerIp = 30;
    int handshakeTimeoutMs = 20'000;
    int pingIntervalMs = 60'000; // silence before the server pings a protocol client
    int pingTimeoutMs = 20'000;  // time to answer that ping
    int plainTextDetectMs = Protocol::PlainTextDetectMs;
    int lingerMs = 2'000; // how long a closing connection may take to flush its last words

    QString motd = QString::fromLatin1(Protocol::PlainTextGreeting);
    QString password; // empty: no password
    // Wrong passwords from one address: after this many within the window,
    // it is refused for the block time (0: no limit).
    int authFailuresAllowed = 10;
    int authFailureWindowMs = 120'000;
    int authBlockMs = 600'000;
    QString dataDir; // the server's files (history.sqlite, bans.txt); empty: none
    // TLS: the certificate and key (PEM) to use; empty: a self-signed pair
    // kept in dataDir (made in memory when there is none).
    QString tlsCertificatePath;
    QString tlsKeyPath;
    // Plain (unencrypted) connections are refused with tls_required, from
    // other computers; from this one too with requireTlsOnLoopback.
    bool requireTls = false;
    bool requireTlsOnLoopback = false;
    bool historyOnDisk = true;  // history in dataDir; false: in memory only
    int historyDays = 0;        // forget messages older than this (0: keep)
    qint64 historyMax = 0;      // keep at most this many messages (0: all)
    int historyRetryMs = 5'000; // after writing the history failed, tried again this often
    int historySize = 10'000;   // messages kept in memory
    int replayCap = 200;        // most messages replayed after hello with "since"
    int joinBacklog = 50;       // messages a new client (no "since") receives
    // In a room of more people than this, joins and leaves are told as a
    // count (presence) every presenceIntervalMs instead of one by one (0: always one by one).
    int quietJoinsAbove = 300;
    int presenceIntervalMs = 5'000;
    // Rooms (contract section 8).
    QString defaultRoom = QString::fromLatin1(Protocol::DefaultRoomName);
    int maxRooms = 100;                   // on the server, the default room included
    int maxRoomsPerConnection = 20;       // joined by one connection
    bool roomsMadeByOperatorOnly = false; // false: anyone may make a room by joining it
    // Discovery (contract section 9): announced on the local network with
    // DNS-SD as announceName (empty: "qtchat on <computer>").
    bool announce = true;
    QString announceName;
    QStringList bans; // addresses or subnets (10.0.0.0/8), besides those in bans.txt

    // The first inconsistency between settings, or an empty string.
    QString validate() const;
};
