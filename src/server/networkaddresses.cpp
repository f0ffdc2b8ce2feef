#include "networkaddresses.h"

#include <QNetworkInterface>

#include <algorithm>

bool NetworkAddresses::isWildcard(const QHostAddress &address)
{
    return address == QHostAddress::Any || address == QHostAddress::AnyIPv4 ||
           address == QHostAddress::AnyIPv6;
}

bool NetworkAddresses::isPrivateLan(const QHostAddress &address)
{
    // RFC 1918 and RFC 4193 ranges (QHostAddress::isPrivateUse() needs Qt 6.6).
    static const QList<QPair<QHostAddress, int>> ranges = {
            QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")),
            QHostAddress::parseSubnet(QStringLiteral("172.16.0.0/12")),
            QHostAddress::parseSubnet(QStringLiteral("192.168.0.0/16")),
            QHostAddress::parseSubnet(QStringLiteral("fc00::/7")),
    };
    return std::any_of(ranges.cbegin(), ranges.cend(),
                       [&address](const auto &range) { return address.isInSubnet(range); });
}

NetworkAddresses::Reach NetworkAddresses::reach(const QHostAddress &address)
{
    if (address.isLoopback())
        return Reach::ThisComputer;
    return isPrivateLan(address) ? Reach::Network : Reach::NetworkOrInternet;
}

QString NetworkAddresses::hostAndPort(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                                 ? u'[' + address.toString() + u']'
                                 : address.toString();
    return host + u':' + QString::number(port);
}

QList<QHostAddress> NetworkAddresses::reachableAddresses(const QHostAddress &listenAddress)
{
    if (!isWildcard(listenAddress))
        return {listenAddress};
    const bool wantV4 = listenAddress != QHostAddress::AnyIPv6;
    const bool wantV6 = listenAddress != QHostAddress::AnyIPv4;
    QList<QHostAddress> found;
    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &interface : interfaces) {
        const auto flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) ||
            !flags.testFlag(QNetworkInterface::IsRunning))
            continue;
        const QList<QNetworkAddressEntry> entries = interface.addressEntries();
        for (const QNetworkAddressEntry &entry : entries) {
            const QHostAddress address = entry.ip();
            const bool v4 = address.protocol() == QAbstractSocket::IPv4Protocol;
            if ((v4 && !wantV4) || (!v4 && !wantV6) || address.isLinkLocal())
                continue;
            if (!found.contains(address))
                found.append(address);
        }
    }
    // LAN IPv4 first, then other IPv4, then IPv6; loopback last.
    auto rank = [](const QHostAddress &address) {
        if (address.isLoopback())
            return 4;
        const bool v4 = address.protocol() == QAbstractSocket::IPv4Protocol;
        if (v4)
            return isPrivateLan(address) ? 0 : 1;
        return isPrivateLan(address) ? 2 : 3;
    };
    std::stable_sort(
            found.begin(), found.end(),
            [&rank](const QHostAddress &a, const QHostAddress &b) { return rank(a) < rank(b); });
    return found;
}
