#pragma once

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// Addresses and subnets that may not connect. IPv4 clients reaching an IPv6
// socket (::ffff:a.b.c.d) are matched by their IPv4 address.
class BanList
{
public:
    // Adds "192.168.1.7", "fe80::1" or "10.0.0.0/8"; returns an empty string or the reason it is
    // not valid.
    QString add(const QString &entry);
    bool remove(const QString &entry);
    bool isBanned(const QHostAddress &address) const;
    QStringList entries() const;
    bool isEmpty() const { return m_entries.isEmpty(); }

    // Whether entry (in any spelling: "10.0.0.5/32" is "10.0.0.5") is one of the entries.
    bool contains(const QString &entry) const;
    // The entry as entries() gives it, or an empty string when it is not valid.
    static QString canonicalEntry(const QString &entry);

    // The address as people write it: IPv4-mapped IPv6 addresses become IPv4.
    static QHostAddress normalized(const QHostAddress &address);

private:
    static QString canonical(const QPair<QHostAddress, int> &subnet);

    QList<QPair<QHostAddress, int>> m_entries;
};
