#pragma once

#include <QHostAddress>
#include <QList>

// Which addresses other people can type to reach a server listening on a
// given address: for "all interfaces", this machine's LAN addresses first,
// then its other addresses, loopback last.
class NetworkAddresses
{
public:
    // Who can reach a server at an address.
    enum class Reach {
        ThisComputer,      // loopback
        Network,           // a private LAN address
        NetworkOrInternet, // any other
    };

    static QList<QHostAddress> reachableAddresses(const QHostAddress &listenAddress);
    static bool isPrivateLan(const QHostAddress &address);
    static bool isWildcard(const QHostAddress &address);
    static Reach reach(const QHostAddress &address);
    // How people write an address with its port: 192.168.1.7:5555, [fd00::7]:5555.
    static QString hostAndPort(const QHostAddress &address, quint16 port);
};
