#pragma once

#include "messages.h"

#include <QHash>

#include <deque>
#include <optional>

// The room's messages and whispers in memory, with ids that only grow, the
// replay after a reconnect, paging backwards, and duplicate suppression of
// resent refs. Whispers are only ever shown to their two parties.
class MessageHistory
{
public:
    // capacity: how many messages are kept (0 keeps all).
    explicit MessageHistory(int capacity = 10'000);

    qint64 lastId() const { return m_lastId; }
    int size() const { return int(m_messages.size()); }

    // Stores message under the next id and returns it as stored. A non-empty
    // ref is remembered for duplicate suppression.
    Protocol::ChatMessage append(Protocol::ChatMessage message, const QString &ref);

    // The message already stored from this sender (a nickKey()) under ref in
    // the last Protocol::DuplicateWindowMs, if any.
    std::optional<Protocol::ChatMessage> findDuplicate(const QString &senderKey, const QString &ref,
                                                       qint64 nowMs);

    // viewerKey: the reader's nickKey(); an empty key sees room messages only.
    // A cap or limit of 0 means no limit.
    // What came after sinceId: the newest `cap` of them; complete is false
    // when older ones had to be left out.
    Protocol::HistoryPage after(qint64 sinceId, const QString &viewerKey, int cap) const;
    // Up to `limit` messages older than beforeId (the newest ones without it);
    // complete is true when nothing older is stored.
    Protocol::HistoryPage before(std::optional<qint64> beforeId, int limit,
                                 const QString &viewerKey) const;

private:
    static bool isVisible(const Protocol::ChatMessage &message, const QString &viewerKey);
    // Collects visible messages with ids in [lowId, highId) from the newest down.
    Protocol::HistoryPage collect(qint64 lowId, qint64 highId, int limit,
                                  const QString &viewerKey) const;
    void pruneRefs(qint64 nowMs);

    int m_capacity;
    std::deque<Protocol::ChatMessage> m_messages;
    qint64 m_lastId = 0;
    QHash<QString, qint64> m_refs;                     // sender key + ref -> id
    std::deque<std::pair<qint64, QString>> m_refOrder; // (ts, key), oldest first
};
