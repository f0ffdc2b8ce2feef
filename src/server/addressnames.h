#pragma once

#include <QHash>
#include <QString>

#include <functional>

class QHostAddress;

// Nicknames for clients that never give one (plain-text clients): named
// after their address, as the tutorial's server does, with "-2", "-3", … when
// several come from one address. Where to go on counting is remembered for
// each address while anyone holds a name from it, so that the 10,000th client
// from one address does not try the 9,999 names before its own.
class AddressNames
{
public:
    using IsTaken = std::function<bool(const QString &nick)>;

    // A nickname after address that isTaken() says is free, within
    // Protocol::MaxNickLength, held by holder until release(holder).
    QString take(const QHostAddress &address, const IsTaken &isTaken, const void *holder);
    void release(const void *holder);

private:
    // The address as names use it ("192.168.1.7", "fe80..1"): IPv6 colons
    // are not nickname characters, so they become dots.
    static QString baseFor(const QHostAddress &address);
    struct Base
    {
        int holders = 0;
        int next = 2; // the next number to try
    };
    static QString numbered(const QString &base, int n);

    QHash<QString, Base> m_bases;
    QHash<const void *, QString> m_baseOf;
};
