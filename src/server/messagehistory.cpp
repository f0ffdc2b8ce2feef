#include "messagehistory.h"

#include "serverconfig.h"
#include "validation.h"

#include <algorithm>
#include <climits>
#include <limits>

using namespace Protocol;

namespace {

QString refKey(const QString &senderKey, const QString &ref)
{
    return senderKey + QChar(0x1F) + ref;
}

} // namespace

MessageHistory::MessageHistory(int capacity)
    : m_capacity(capacity)
{}

void MessageHistory::attachStore(HistoryStore *store, qint64 nowMs)
{
    m_store = store;
    m_uncommitted.clear();
    m_messages.clear();
    m_refs.clear();
    m_refOrder.clear();
    m_lastId = store->lastId();
    const QList<Entry> newest = store->newest(m_capacity > 0 ? m_capacity : INT_MAX);
    for (const Entry &entry : newest)
        m_messages.push_back(entry);
    const QList<HistoryStore::StoredRef> refs = store->refsSince(nowMs - DuplicateWindowMs);
    for (const HistoryStore::StoredRef &stored : refs)
        rememberRef(refKey(stored.senderKey, stored.ref), stored.id, stored.ts);
}

size_t MessageHistory::lowerBound(qint64 id) const
{
    const auto it = std::lower_bound(
            m_messages.cbegin(), m_messages.cend(), id,
            [](const Entry &entry, qint64 value) { return entry.message.id < value; });
    return size_t(it - m_messages.cbegin());
}

qint64 MessageHistory::firstUncommittedId() const
{
    if (!m_writing.isEmpty())
        return m_writing.first().message.id;
    return m_uncommitted.isEmpty() ? m_lastId + 1 : m_uncommitted.first().message.id;
}

void MessageHistory::keep(const Entry &entry)
{
    m_messages.push_back(entry);
    // What the store does not have yet is never dropped from memory.
    const qint64 unwritten = firstUncommittedId();
    while (m_capacity > 0 && int(m_messages.size()) > m_capacity &&
           m_messages.front().message.id < unwritten)
        m_messages.pop_front();
}

const QHostAddress &MessageHistory::noAddress()
{
    static const QHostAddress none;
    return none;
}

ChatMessage MessageHistory::append(ChatMessage message, const QString &ref,
                                   const QHostAddress &fromAddress, const QHostAddress &toAddress)
{
    message.id = ++m_lastId;
    message.ref.clear();
    // Addresses only matter for whispers; room messages share one empty one.
    const bool whisper = !message.to.isEmpty();
    Entry entry{message, ref, whisper ? fromAddress : noAddress(),
                whisper ? toAddress : noAddress()};
    if (m_store)
        m_uncommitted.append(entry);
    keep(entry);
    if (!ref.isEmpty()) {
        pruneRefs(message.ts);
        rememberRef(refKey(Validation::nickKey(message.from), ref), message.id, message.ts);
    }
    return message;
}

MessageHistory::CommitResult MessageHistory::commit()
{
    while (isWriting())
        m_store->waitForWrites(); // its done() may have started another one
    if (!m_store || m_uncommitted.isEmpty())
        return CommitResult();
    m_writing.swap(m_uncommitted);
    const bool ok = m_store->write(m_writing);
    return finishWrite(ok, ok ? QString() : m_store->errorString());
}

void MessageHistory::commitInBackground(std::function<void(const CommitResult &)> done)
{
    if (!m_store || isWriting() || m_uncommitted.isEmpty())
        return;
    if (m_uncommitted.size() <= MaxBackgroundBatch) {
        m_writing.swap(m_uncommitted);
    } else {
        m_writing = m_uncommitted.first(MaxBackgroundBatch);
        m_uncommitted.remove(0, MaxBackgroundBatch);
    }
    m_store->writeInBackground(m_writing,
                               [this, done = std::move(done)](bool ok, const QString &error) {
                                   done(finishWrite(ok, error));
                               });
}

MessageHistory::CommitResult MessageHistory::finishWrite(bool ok, const QString &error)
{
    CommitResult result;
    if (ok) {
        result.written = int(m_writing.size());
        m_writing.clear();
        return result;
    }
    result.ok = false;
    result.error = error.isEmpty() ? QStringLiteral("unknown error") : error;
    // They wait again, before what came since.
    m_writing.append(m_uncommitted);
    m_uncommitted.swap(m_writing);
    m_writing.clear();
    if (m_uncommitted.size() > MaxWaiting) {
        result.givenUp = int(m_uncommitted.size()) - MaxWaiting;
        m_uncommitted.remove(0, result.givenUp);
    }
    return result;
}

void MessageHistory::rememberRef(const QString &key, qint64 id, qint64 ts)
{
    m_refs.insert(key, id);
    m_refOrder.push_back(RefRecord{ts, key, id});
}

std::optional<ChatMessage> MessageHistory::findDuplicate(const QString &senderKey,
                                                         const QString &ref, qint64 nowMs)
{
    if (ref.isEmpty())
        return std::nullopt;
    pruneRefs(nowMs);
    const auto it = m_refs.constFind(refKey(senderKey, ref));
    if (it == m_refs.constEnd())
        return std::nullopt;
    const qint64 id = *it;
    const size_t position = lowerBound(id);
    if (position < m_messages.size() && m_messages[position].message.id == id)
        return m_messages[position].message;
    if (m_store) {
        if (const std::optional<Entry> stored = m_store->entry(id))
            return stored->message;
    }
    return std::nullopt; // no longer kept
}

void MessageHistory::pruneRefs(qint64 nowMs)
{
    while (!m_refOrder.empty() && m_refOrder.front().ts < nowMs - DuplicateWindowMs) {
        const RefRecord &expired = m_refOrder.front();
        // The ref may have been used again since, for a newer message.
        const auto it = m_refs.constFind(expired.key);
        if (it != m_refs.constEnd() && *it == expired.id)
            m_refs.erase(it);
        m_refOrder.pop_front();
    }
}

bool MessageHistory::isVisible(const Entry &entry, const HistoryReader &reader)
{
    if (entry.message.to.isEmpty())
        // Room names are mostly their own key (lower case): looked up as they are first.
        return !reader.rooms || entry.message.room.isEmpty() ||
               reader.rooms->contains(entry.message.room) ||
               reader.rooms->contains(Validation::roomKey(entry.message.room));
    if (reader.nickKey.isEmpty())
        return false;
    const bool isSender = reader.address == entry.fromAddress &&
                          Validation::nickKey(entry.message.from) == reader.nickKey;
    const bool isRecipient = reader.address == entry.toAddress &&
                             Validation::nickKey(entry.message.to) == reader.nickKey;
    return isSender || isRecipient;
}

qint64 MessageHistory::firstKeptId() const
{
    qint64 first = m_messages.empty() ? 0 : m_messages.front().message.id;
    if (m_store) {
        const qint64 stored = m_store->firstId();
        if (stored > 0 && (first == 0 || stored < first))
            first = stored;
    }
    return first;
}

HistoryPage MessageHistory::collect(qint64 lowId, qint64 highId, int limit,
                                    const HistoryReader &reader) const
{
    HistoryPage page;
    page.complete = true;
    QList<ChatMessage> newestFirst;
    // The newest part from memory...
    const size_t low = lowerBound(lowId);
    for (size_t position = lowerBound(highId); position > low; --position) {
        const Entry &entry = m_messages[position - 1];
        if (!isVisible(entry, reader))
            continue;
        if (limit > 0 && newestFirst.size() == limit) {
            page.complete = false;
            break;
        }
        newestFirst.append(entry.message);
    }
    // ...and what is older from the store (memory holds everything newer
    // than its first message that the store has).
    const qint64 storeHigh =
            std::min(highId, m_messages.empty() ? highId : m_messages.front().message.id);
    if (page.complete && m_store && lowId < storeHigh) {
        const int remaining = limit > 0 ? limit - int(newestFirst.size()) : 0;
        bool more = false;
        if (limit > 0 && remaining == 0) {
            // The page is full; it is complete if nothing older is visible.
            page.complete = m_store->visible(lowId, storeHigh, 1, reader, &more).isEmpty();
        } else {
            newestFirst += m_store->visible(lowId, storeHigh, remaining, reader, &more);
            page.complete = !more;
        }
    }
    page.messages.reserve(newestFirst.size());
    for (auto it = newestFirst.crbegin(); it != newestFirst.crend(); ++it)
        page.messages.append(*it);
    return page;
}

HistoryPage MessageHistory::after(qint64 sinceId, const HistoryReader &reader, int cap) const
{
    HistoryPage page = collect(sinceId + 1, m_lastId + 1, cap, reader);
    // The client saw messages that are no longer kept, or ids this history
    // never gave (a history lost since): it may have missed something.
    const qint64 first = firstKeptId();
    if ((sinceId < m_lastId && (first == 0 || sinceId + 1 < first)) || sinceId > m_lastId)
        page.complete = false;
    return page;
}

HistoryPage MessageHistory::before(std::optional<qint64> beforeId, int limit,
                                   const HistoryReader &reader) const
{
    return collect(1, beforeId.value_or(m_lastId + 1), limit, reader);
}

void MessageHistory::renameRoom(const QString &oldName, const QString &newName)
{
    if (m_store)
        commit(); // what the store has is renamed there
    const QString key = Validation::roomKey(oldName);
    for (Entry &entry : m_messages) {
        if (entry.message.to.isEmpty() && Validation::roomKey(entry.message.room) == key)
            entry.message.room = newName;
    }
    for (QList<Entry> *list : {&m_writing, &m_uncommitted}) {
        for (Entry &entry : *list) {
            if (entry.message.to.isEmpty() && Validation::roomKey(entry.message.room) == key)
                entry.message.room = newName;
        }
    }
}

void MessageHistory::forgetRoom(const QString &name)
{
    if (m_store)
        commit();
    const QString key = Validation::roomKey(name);
    const qint64 unwritten = firstUncommittedId();
    const auto gone = [&](const Entry &entry) {
        return entry.message.id < unwritten && entry.message.to.isEmpty() &&
               Validation::roomKey(entry.message.room) == key;
    };
    m_messages.erase(std::remove_if(m_messages.begin(), m_messages.end(), gone), m_messages.end());
}

qint64 MessageHistory::prune(int days, qint64 keep, qint64 nowMs)
{
    if (days <= 0 && keep <= 0)
        return 0;
    const qint64 cutoff = nowMs - qint64(days) * DayMs;
    const qint64 unwritten = firstUncommittedId();
    qint64 removed = 0;
    if (m_store) {
        removed = m_store->prune(days, keep, nowMs);
        if (removed < 0)
            return -1;
    }
    // Each room keeps its newest `keep` (and the whispers theirs): counted
    // from the newest down. Memory forgets what the store forgot, as the
    // store counts the same way (memory holds the newest of each room).
    std::vector<bool> beyondKeep(m_messages.size(), false);
    if (keep > 0) {
        QHash<QString, qint64> seen; // room key ("" for whispers) -> messages counted
        for (size_t i = m_messages.size(); i-- > 0;) {
            const ChatMessage &message = m_messages[i].message;
            const QString group =
                    message.to.isEmpty() ? u'#' + Validation::roomKey(message.room) : QString();
            if (++seen[group] > keep)
                beyondKeep[i] = true;
        }
    }
    // By age from anywhere: a clock that was wrong leaves old timestamps
    // between newer ones. Messages not written yet stay.
    qint64 forgotten = 0;
    std::deque<Entry> kept;
    for (size_t i = 0; i < m_messages.size(); ++i) {
        const Entry &entry = m_messages[i];
        const bool gone = entry.message.id < unwritten &&
                          ((days > 0 && entry.message.ts < cutoff) || beyondKeep[i]);
        if (gone)
            ++forgotten;
        else
            kept.push_back(entry);
    }
    m_messages.swap(kept);
    return m_store ? removed : forgotten;
}
