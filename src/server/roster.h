#pragma once

#include "messages.h"

#include <QByteArray>
#include <QHash>
#include <QList>

#include <functional>
#include <map>
#include <memory>

// A piece of a room's list of people, as it was at one moment: never
// changed once made (a change makes a new piece), so that a welcome or a
// users answer waiting to be sent keeps the list it was given, and each
// piece is encoded once per wire format however many people are sent it.
class RosterChunk
{
public:
    explicit RosterChunk(QList<Protocol::UserInfo> users)
        : m_users(std::move(users))
    {}

    const QList<Protocol::UserInfo> &users() const { return m_users; }

    // What a wire format made of this piece, made on first use (key: the
    // format's own, see Dialect).
    const QByteArray &encoded(int key, const std::function<QByteArray()> &make) const;

private:
    QList<Protocol::UserInfo> m_users;
    mutable QHash<int, QByteArray> m_encoded;
};

using RosterChunkPtr = std::shared_ptr<const RosterChunk>;

// A room's people in the order they came, kept in pieces of at most
// chunkSize, so that a list of 10,000 goes as several frames within the
// frame limit and a join or a leave makes one small piece anew, not the
// whole list.
class Roster
{
public:
    // At most this many people in a piece: with 32-character nicknames of
    // 4-byte letters a piece stays far inside a 64 KiB frame.
    static constexpr int DefaultChunkSize = 256;

    explicit Roster(int chunkSize = DefaultChunkSize);

    // member: whom the entry is for (a key only, never dereferenced).
    void add(const void *member, const Protocol::UserInfo &user);
    void remove(const void *member);
    void rename(const void *member, const QString &nick);

    int size() const { return m_size; }
    // The list as it is now, in pieces (none when the room is empty).
    QList<RosterChunkPtr> chunks() const;
    QList<Protocol::UserInfo> users() const;

private:
    struct Chunk
    {
        QList<const void *> members;
        QList<Protocol::UserInfo> users;
        mutable RosterChunkPtr snapshot; // made again after a change
    };
    using ChunkId = quint64;

    void changed(Chunk &chunk) { chunk.snapshot.reset(); }

    int m_chunkSize;
    int m_size = 0;
    ChunkId m_nextId = 0;
    std::map<ChunkId, Chunk> m_chunks; // in the order they were begun
    QHash<const void *, ChunkId> m_chunkOf;
};
