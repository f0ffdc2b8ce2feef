#pragma once

#include "messages.h"

#include <QHash>
#include <QHostAddress>

#include <deque>
#include <optional>

// The room's messages and whispers in memory, with ids that only grow, the
// replay after a reconnect, paging backwards, and duplicate suppression of
// resent refs. Whispers are only ever shown to their two parties.
class MessageHistory
{
public:
    // Who reads: whispers are shown to their parties only, recognised by
    // nickname and by the address they were connected from. The default
    // reader (plain-text replay) sees room messages only.
    struct Reader
    {
        QString nickKey;
        QHostAddress address;
    };

    // capacity: how many messages are kept (0 keeps all).
    explicit MessageHistory(int capacity = 10'000);

    qint64 lastId() const { return m_lastId; }
    int size() const { return int(m_messages.size()); }

    // Stores message under the next id and returns it as stored. A non-empty
    // ref is remembered for duplicate suppression. A whisper also records
    // where its sender and recipient were connected from.
    Protocol::ChatMessage append(Protocol::ChatMessage message, const QString &ref,
                                 const QHostAddress &fromAddress = QHostAddress(),
                                 const QHostAddress &toAddress = QHostAddress());

    // The message already stored from this sender (a nickKey()) under ref in
    // the last Protocol::DuplicateWindowMs, if any.
    std::optional<Protocol::ChatMessage> findDuplicate(const QString &senderKey, const QString &ref,
                                                       qint64 nowMs);

    // A cap or limit of 0 means no limit.
    // What came after sinceId: the newest `cap` of them; complete is false
    // when older ones had to be left out.
    Protocol::HistoryPage after(qint64 sinceId, const Reader &reader, int cap) const;
    // Up to `limit` messages older than beforeId (the newest ones without it);
    // complete is true when nothing older is stored.
    Protocol::HistoryPage before(std::optional<qint64> beforeId, int limit,
                                 const Reader &reader) const;

private:
    struct Entry
    {
        Protocol::ChatMessage message;
        QHostAddress fromAddress; // whispers only
        QHostAddress toAddress;
    };

    static bool isVisible(const Entry &entry, const Reader &reader);
    // Collects visible messages with ids in [lowId, highId) from the newest down.
    Protocol::HistoryPage collect(qint64 lowId, qint64 highId, int limit,
                                  const Reader &reader) const;
    void pruneRefs(qint64 nowMs);

    int m_capacity;
    std::deque<Entry> m_messages;
    qint64 m_lastId = 0;
    QHash<QString, qint64> m_refs; // sender key + ref -> id
    struct RefRecord
    {
        qint64 ts;
        QString key;
        qint64 id;
    };
    std::deque<RefRecord> m_refOrder; // oldest first
};
