#pragma once

#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

#include <optional>

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

    // What a qtchat server's TXT record says of it (contract §9).
    bool isEncrypted() const { return txt.value(QStringLiteral("tls")) == u"1"; }
    bool needsPassword() const { return txt.value(QStringLiteral("password")) == u"1"; }
    // People connected, when it says.
    std::optional<int> users() const
    {
        bool ok = false;
        const int count = txt.value(QStringLiteral("users")).toInt(&ok);
        return ok ? std::optional<int>(count) : std::nullopt;
    }
    // The first hex digits of its certificate's SHA-256 fingerprint.
    QString fingerprintPrefix() const { return txt.value(QStringLiteral("fp")); }

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
