#pragma once

#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

// A service that ServiceBrowser found on the network: its DNS-SD instance
// name, where it listens, and its TXT keys (lower case; a key without "="
// has an empty value).
struct DiscoveredService
{
    QString name;     // "qtchat on lab-pc"
    QString hostName; // "lab-pc-qtchat.local"
    quint16 port = 0;
    QList<QHostAddress> addresses; // IPv4, from A records (or the sender)
    QMap<QString, QString> txt;
    QString interfaceName; // where it was heard

    // The address to connect to: the first one, as text.
    QString address() const
    {
        return addresses.isEmpty() ? hostName : addresses.first().toString();
    }
    bool operator==(const DiscoveredService &other) const
    {
        return name == other.name && hostName == other.hostName && port == other.port &&
               addresses == other.addresses && txt == other.txt &&
               interfaceName == other.interfaceName;
    }
    bool operator!=(const DiscoveredService &other) const { return !(*this == other); }
};
Q_DECLARE_METATYPE(DiscoveredService)
