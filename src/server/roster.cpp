#include "roster.h"

const QByteArray &RosterChunk::encoded(int key, const std::function<QByteArray()> &make) const
{
    auto found = m_encoded.find(key);
    if (found == m_encoded.end())
        found = m_encoded.insert(key, make());
    return found.value();
}

Roster::Roster(int chunkSize)
    : m_chunkSize(qMax(1, chunkSize))
{}

void Roster::add(const void *member, const Protocol::UserInfo &user)
{
    Q_ASSERT(!m_chunkOf.contains(member));
    if (m_chunks.empty() || m_chunks.rbegin()->second.users.size() >= m_chunkSize)
        m_chunks.emplace(m_nextId++, Chunk());
    auto last = std::prev(m_chunks.end());
    last->second.members.append(member);
    last->second.users.append(user);
    changed(last->second);
    m_chunkOf.insert(member, last->first);
    ++m_size;
}

void Roster::remove(const void *member)
{
    const auto id = m_chunkOf.constFind(member);
    if (id == m_chunkOf.constEnd())
        return;
    const auto chunk = m_chunks.find(*id);
    m_chunkOf.erase(id);
    --m_size;
    const qsizetype at = chunk->second.members.indexOf(member);
    chunk->second.members.removeAt(at);
    chunk->second.users.removeAt(at);
    if (chunk->second.members.isEmpty())
        m_chunks.erase(chunk); // the others keep their ids: nothing to renumber
    else
        changed(chunk->second);
}

void Roster::rename(const void *member, const QString &nick)
{
    const auto id = m_chunkOf.constFind(member);
    if (id == m_chunkOf.constEnd())
        return;
    Chunk &chunk = m_chunks.at(*id);
    chunk.users[chunk.members.indexOf(member)].nick = nick;
    changed(chunk);
}

QList<RosterChunkPtr> Roster::chunks() const
{
    QList<RosterChunkPtr> list;
    list.reserve(qsizetype(m_chunks.size()));
    for (const auto &[id, chunk] : m_chunks) {
        Q_UNUSED(id);
        if (!chunk.snapshot)
            chunk.snapshot = std::make_shared<const RosterChunk>(chunk.users);
        list.append(chunk.snapshot);
    }
    return list;
}

QList<Protocol::UserInfo> Roster::users() const
{
    QList<Protocol::UserInfo> list;
    list.reserve(m_size);
    for (const auto &[id, chunk] : m_chunks) {
        Q_UNUSED(id);
        list.append(chunk.users);
    }
    return list;
}
