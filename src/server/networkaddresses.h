#pragma once

#include <QHostAddress>
#include <QList>

// Which addresses other people can type to reach a server listening on a
// given address: for "all interfaces", this machine's LAN addresses first,
// then its other addresses, loopback last.
class NetworkAddresses
{
public:
    static QList<QHostAddress> reachableAddresses(const QHostAddress &listenAddress);
    static bool isPrivateLan(const QHostAddress &address);
    static bool isWildcard(const QHostAddress &address);
};
