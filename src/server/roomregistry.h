#pragma once

#include "chatroom.h"

#include <QList>
#include <QMap>
#include <QString>

// The server's rooms by name (case-insensitively unique, contract section 8):
// the default room, which always exists, and the rooms made by joining with
// create or by the operator, up to a number of rooms. It keeps rooms and
// their topics, not who may do what: ChatService checks that.
class RoomRegistry
{
public:
    // maxRooms: rooms in all, the default one included (0: no limit).
    explicit RoomRegistry(const QString &defaultRoom, int maxRooms);

    const ChatRoomPtr &defaultRoom() const { return m_default; }
    ChatRoomPtr find(const QString &name) const;
    // The room named, or (name empty) the default room.
    ChatRoomPtr findOrDefault(const QString &name) const;
    bool isFull() const { return m_maxRooms > 0 && size() >= m_maxRooms; }
    int size() const { return int(m_rooms.size()); }
    int maxRooms() const { return m_maxRooms; }
    // By name, case-insensitively.
    QList<ChatRoomPtr> rooms() const { return m_rooms.values(); }

    // A new room (name checked by Validation::checkRoom and free); nullptr
    // when there are as many rooms as allowed.
    ChatRoomPtr create(const QString &name);
    // Forgets a room (not the default one); its members are the caller's business.
    bool remove(const ChatRoomPtr &room);
    // Gives room a new name (checked, and free unless it is the same room's).
    bool rename(const ChatRoomPtr &room, const QString &name);

private:
    ChatRoomPtr m_default;
    QMap<QString, ChatRoomPtr> m_rooms; // Validation::roomKey() -> room
    int m_maxRooms;
};
