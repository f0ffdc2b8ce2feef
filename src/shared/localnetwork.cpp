#include "localnetwork.h"

#include <QNetworkInterface>

namespace LocalNetwork {

bool contains(const QHostAddress &address)
{
    if (address.isLoopback())
        return true;
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces()) {
        if (!interface.flags().testFlag(QNetworkInterface::IsUp))
            continue;
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            if (entry.ip().protocol() == address.protocol() &&
                address.isInSubnet(entry.ip(), entry.prefixLength()))
                return true;
        }
    }
    return false;
}

} // namespace LocalNetwork
