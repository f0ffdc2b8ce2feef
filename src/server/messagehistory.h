#pragma once

#include "historyreader.h"
#include "historystore.h"
#include "messages.h"

#include <QHash>

#include <deque>
#include <functional>
#include <optional>

// The room's messages and whispers: ids that only grow, the replay after a
// reconnect, paging backwards, duplicate suppression of resent refs, and
// retention. The newest messages are kept in memory; with a HistoryStore
// attached, everything is also written to disk (commit()) and older pages
// are read from there. Whispers are only ever shown to their two parties.
class MessageHistory
{
public:
    // Messages waiting for the disk beyond this many are given up (when the
    // disk has failed for a long time); memory still has them.
    static constexpr int MaxWaiting = 100'000;
    // Messages written in one background transaction at most: the first of
    // a busy moment are stored (and delivered) without waiting for the last.
    static constexpr int MaxBackgroundBatch = 4096;

    // capacity: how many messages are kept in memory (0 keeps all). Messages
    // not written yet are always kept.
    explicit MessageHistory(int capacity = 10'000);

    // From now on, history lives in store (which outlives this object): its
    // newest messages and recent refs are loaded.
    void attachStore(HistoryStore *store, qint64 nowMs);
    HistoryStore *store() const { return m_store; }

    qint64 lastId() const { return m_lastId; }
    int size() const { return int(m_messages.size()); }

    // Gives message the next id and keeps it; with a store it waits for
    // commit(). A non-empty ref is remembered for duplicate suppression. A
    // whisper also records where its sender and recipient were connected from.
    Protocol::ChatMessage append(Protocol::ChatMessage message, const QString &ref,
                                 const QHostAddress &fromAddress = noAddress(),
                                 const QHostAddress &toAddress = noAddress());
    // The address of no one, shared (a new QHostAddress costs an allocation).
    static const QHostAddress &noAddress();
    // Whether appended messages are not yet written (waiting, or being written).
    bool hasUncommitted() const { return !m_uncommitted.isEmpty() || !m_writing.isEmpty(); }
    // Whether messages are being written in the background.
    bool isWriting() const { return !m_writing.isEmpty(); }
    // Every message with an id up to this one is written (or given up).
    qint64 writtenUpTo() const { return firstUncommittedId() - 1; }

    struct CommitResult
    {
        bool ok = true;
        QString error;   // why writing failed
        int written = 0; // messages written now
        int givenUp = 0; // messages that will never be written (too many waited)
    };
    // Writes the waiting messages in one transaction. When that fails they
    // keep waiting for the next call (the file is still read from). A write
    // in the background is waited for first.
    CommitResult commit();
    // The same in the store's thread: returns at once, and done is called
    // from this thread's event loop (or from commit()) when it is over.
    // Messages appended meanwhile wait for the next commit. Nothing happens
    // while a write is under way or nothing waits.
    void commitInBackground(std::function<void(const CommitResult &)> done);

    // The message already stored from this sender (a nickKey()) under ref in
    // the last Protocol::DuplicateWindowMs, if any.
    std::optional<Protocol::ChatMessage> findDuplicate(const QString &senderKey, const QString &ref,
                                                       qint64 nowMs);

    // A cap or limit of 0 means no limit.
    // What came after sinceId: the newest `cap` of them; complete is false
    // when older ones had to be left out or are no longer kept.
    Protocol::HistoryPage after(qint64 sinceId, const HistoryReader &reader, int cap) const;
    // Up to `limit` messages older than beforeId (the newest ones without it);
    // complete is true when nothing older is kept.
    Protocol::HistoryPage before(std::optional<qint64> beforeId, int limit,
                                 const HistoryReader &reader) const;

    // A room's messages now carry its new name (in memory; the store renames
    // its own, HistoryStore::saveRoom). Those still to be written are written first.
    void renameRoom(const QString &oldName, const QString &newName);
    // Forgets a room's messages (in memory; see HistoryStore::removeRoom).
    void forgetRoom(const QString &name);

    // Forgets messages older than `days` days and all but the newest `keep`
    // (0: no such limit); messages not written yet stay. Returns how many
    // went, or -1 when the store failed.
    qint64 prune(int days, qint64 keep, qint64 nowMs);

private:
    using Entry = HistoryStore::Entry;
    struct RefRecord
    {
        qint64 ts;
        QString key;
        qint64 id;
    };

    static bool isVisible(const Entry &entry, const HistoryReader &reader);
    // Position of the first message in memory with an id >= id.
    size_t lowerBound(qint64 id) const;
    qint64 firstUncommittedId() const;
    CommitResult finishWrite(bool ok, const QString &error);
    void keep(const Entry &entry);
    void rememberRef(const QString &key, qint64 id, qint64 ts);
    void pruneRefs(qint64 nowMs);
    // The oldest id still kept anywhere (0 when there is none).
    qint64 firstKeptId() const;
    // Collects visible messages with ids in [lowId, highId) from the newest down.
    Protocol::HistoryPage collect(qint64 lowId, qint64 highId, int limit,
                                  const HistoryReader &reader) const;

    int m_capacity;
    HistoryStore *m_store = nullptr;
    std::deque<Entry> m_messages; // the newest ones, in id order (ids may have gaps)
    QList<Entry> m_writing;       // being written in the background, in id order
    QList<Entry> m_uncommitted;   // waiting to be written (after m_writing), in id order
    qint64 m_lastId = 0;
    QHash<QString, qint64> m_refs;    // sender key + ref -> id
    std::deque<RefRecord> m_refOrder; // oldest first
};
