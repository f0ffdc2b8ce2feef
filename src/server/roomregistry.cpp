#include "roomregistry.h"

#include "validation.h"

RoomRegistry::RoomRegistry(const QString &defaultRoom, int maxRooms)
    : m_default(std::make_shared<ChatRoom>(defaultRoom))
    , m_maxRooms(maxRooms)
{
    m_rooms.insert(m_default->key(), m_default);
}

ChatRoomPtr RoomRegistry::find(const QString &name) const
{
    // Most names are their own key (lower case): looked up as they are first.
    if (const auto it = m_rooms.constFind(name); it != m_rooms.constEnd())
        return *it;
    return m_rooms.value(Validation::roomKey(name));
}

ChatRoomPtr RoomRegistry::findOrDefault(const QString &name) const
{
    return name.isEmpty() ? m_default : find(name);
}

ChatRoomPtr RoomRegistry::create(const QString &name)
{
    Q_ASSERT(!find(name));
    if (isFull())
        return nullptr;
    ChatRoomPtr room = std::make_shared<ChatRoom>(name);
    m_rooms.insert(room->key(), room);
    return room;
}

bool RoomRegistry::remove(const ChatRoomPtr &room)
{
    if (!room || room == m_default || m_rooms.value(room->key()) != room)
        return false;
    m_rooms.remove(room->key());
    return true;
}

bool RoomRegistry::rename(const ChatRoomPtr &room, const QString &name)
{
    if (!room || m_rooms.value(room->key()) != room)
        return false;
    const ChatRoomPtr holder = find(name);
    if (holder && holder != room)
        return false;
    m_rooms.remove(room->key());
    room->setName(name);
    m_rooms.insert(room->key(), room);
    return true;
}
