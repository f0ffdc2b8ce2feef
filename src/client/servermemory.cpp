#include "servermemory.h"

#include "validation.h"

#include <QSettings>
#include <QUrl>

namespace {

QString notifyName(ClientSettings::Notify notify)
{
    switch (notify) {
    case ClientSettings::Notify::Every:
        return QStringLiteral("every");
    case ClientSettings::Notify::Never:
        return QStringLiteral("never");
    case ClientSettings::Notify::Mentions:
        break;
    }
    return QStringLiteral("mentions");
}

} // namespace

ServerMemory::ServerMemory(const QString &host, quint16 port)
    // One group per server; the address is escaped (an IPv6 one has colons).
    : m_group(QStringLiteral("servers/") + QString::fromLatin1(QUrl::toPercentEncoding(
                                                   host.toLower() + u':' + QString::number(port))))
{
    const QSettings settings;
    m_rooms = settings.value(key(QStringLiteral("rooms"))).toStringList();
    m_rooms.removeIf([](const QString &room) { return !Validation::checkRoom(room).ok; });
    m_lastSeenId =
            std::max<qint64>(0, settings.value(key(QStringLiteral("lastSeenId"))).toLongLong());
    m_notify = settings.value(key(QStringLiteral("notify"))).toMap();
}

QString ServerMemory::key(const QString &name) const
{
    return m_group + u'/' + name;
}

ClientSettings::Notify ServerMemory::notify(const QString &room,
                                            ClientSettings::Notify fallback) const
{
    const QString value = m_notify.value(Validation::roomKey(room)).toString();
    if (value == u"every")
        return ClientSettings::Notify::Every;
    if (value == u"mentions")
        return ClientSettings::Notify::Mentions;
    if (value == u"never")
        return ClientSettings::Notify::Never;
    return fallback;
}

void ServerMemory::setRooms(const QStringList &rooms)
{
    m_rooms = rooms;
    QSettings().setValue(key(QStringLiteral("rooms")), rooms);
}

void ServerMemory::setLastSeenId(qint64 id)
{
    m_lastSeenId = id;
    QSettings().setValue(key(QStringLiteral("lastSeenId")), id);
}

void ServerMemory::setNotify(const QString &room, ClientSettings::Notify notify)
{
    m_notify.insert(Validation::roomKey(room), notifyName(notify));
    QSettings().setValue(key(QStringLiteral("notify")), m_notify);
}
