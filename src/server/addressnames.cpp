#include "addressnames.h"

#include "protocol.h"

#include <QHostAddress>

#include <algorithm>

namespace {
// Numbers past this start again from 2 (the names in use are skipped).
constexpr int LastNumber = 9999999;
} // namespace

QString AddressNames::baseFor(const QHostAddress &address)
{
    QString base = address.toString();
    base.replace(u':', u'.');
    return base;
}

QString AddressNames::numbered(const QString &base, int n)
{
    // Addresses are ASCII, so characters are code points: keep the end of a
    // long IPv6 address (the part that tells people apart) and the number.
    const QString suffix = n < 2 ? QString() : u'-' + QString::number(n);
    QString nick = base.right(
            std::min(Protocol::MaxNickLength - 4, Protocol::MaxNickLength - int(suffix.size())));
    if (nick.startsWith(u'.')) { // "..1" (::1) is "0..1"
        if (nick.size() + suffix.size() < Protocol::MaxNickLength)
            nick.prepend(u'0');
        else
            nick[0] = u'0';
    }
    return nick + suffix;
}

QString AddressNames::take(const QHostAddress &address, const IsTaken &isTaken, const void *holder)
{
    release(holder);
    const QString base = baseFor(address);
    Base &entry = m_bases[base];
    QString nick = numbered(base, 1);
    if (isTaken(nick)) {
        int n = entry.next;
        int tried = 0;
        for (;; ++n, ++tried) {
            if (n > LastNumber)
                n = 2;
            nick = numbered(base, n);
            if (!isTaken(nick) || tried > LastNumber)
                break;
        }
        entry.next = n + 1;
    }
    ++entry.holders;
    m_baseOf.insert(holder, base);
    return nick;
}

void AddressNames::release(const void *holder)
{
    const auto it = m_baseOf.constFind(holder);
    if (it == m_baseOf.constEnd())
        return;
    const auto entry = m_bases.find(*it);
    if (entry != m_bases.end() && --entry->holders <= 0)
        m_bases.erase(entry); // counting starts again from 2
    m_baseOf.erase(it);
}
