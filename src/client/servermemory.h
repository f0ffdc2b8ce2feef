#pragma once

#include "clientsettings.h"

#include <QString>
#include <QStringList>
#include <QVariantMap>

// What the window remembers of one server between runs (QSettings, per
// address and port): the rooms it was in besides the default room, the
// newest message id it saw there (so that the next start asks for what came
// since), and each room's notifications where the user chose them.
class ServerMemory
{
public:
    ServerMemory(const QString &host, quint16 port);

    QStringList rooms() const { return m_rooms; }
    qint64 lastSeenId() const { return m_lastSeenId; }
    // A room's notifications (room "": the default room): the user's choice
    // for it, or fallback (the setting for all rooms). Read at construction,
    // not from the settings each time.
    ClientSettings::Notify notify(const QString &room, ClientSettings::Notify fallback) const;

    void setRooms(const QStringList &rooms);
    void setLastSeenId(qint64 id);
    void setNotify(const QString &room, ClientSettings::Notify notify);

private:
    QString key(const QString &name) const;

    QString m_group;
    QStringList m_rooms;
    qint64 m_lastSeenId = 0;
    QVariantMap m_notify; // room key -> "every", "mentions" or "never"
};
