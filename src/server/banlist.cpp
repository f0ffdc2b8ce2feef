#include "banlist.h"

namespace {

QPair<QHostAddress, int> parseEntry(const QString &entry)
{
    const QString text = entry.trimmed();
    if (text.contains(u'/'))
        return QHostAddress::parseSubnet(text);
    QHostAddress address(text);
    if (address.isNull())
        return {QHostAddress(), -1};
    address = BanList::normalized(address);
    const int bits = address.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128;
    return {address, bits};
}

} // namespace

QHostAddress BanList::normalized(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4 && address.protocol() == QAbstractSocket::IPv6Protocol)
        return QHostAddress(v4);
    QHostAddress copy = address;
    copy.setScopeId(QString());
    return copy;
}

QString BanList::canonical(const QPair<QHostAddress, int> &subnet)
{
    const int full = subnet.first.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128;
    if (subnet.second == full)
        return subnet.first.toString();
    return subnet.first.toString() + u'/' + QString::number(subnet.second);
}

QString BanList::add(const QString &entry)
{
    const QPair<QHostAddress, int> subnet = parseEntry(entry);
    if (subnet.first.isNull() || subnet.second < 0)
        return u"\"" + entry +
               u"\" is not an IP address or subnet (like 192.168.1.7 or 10.0.0.0/8)";
    if (!m_entries.contains(subnet))
        m_entries.append(subnet);
    return QString();
}

bool BanList::remove(const QString &entry)
{
    return m_entries.removeAll(parseEntry(entry)) > 0;
}

bool BanList::isBanned(const QHostAddress &address) const
{
    const QHostAddress plain = normalized(address);
    for (const auto &subnet : m_entries) {
        if (plain.isInSubnet(subnet))
            return true;
    }
    return false;
}

QStringList BanList::entries() const
{
    QStringList list;
    list.reserve(m_entries.size());
    for (const auto &subnet : m_entries)
        list.append(canonical(subnet));
    return list;
}

bool BanList::contains(const QString &entry) const
{
    return m_entries.contains(parseEntry(entry));
}

QString BanList::canonicalEntry(const QString &entry)
{
    const QPair<QHostAddress, int> subnet = parseEntry(entry);
    if (subnet.first.isNull() || subnet.second < 0)
        return QString();
    return canonical(subnet);
}
