#include "messagehistory.h"

#include "validation.h"

#include <algorithm>
#include <climits>

using namespace Protocol;

namespace {

constexpr qint64 DayMs = 24 * 60 * 60 * 1000;

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

void MessageHistory::detachStore()
{
    m_store = nullptr;
    m_uncommitted.clear();
}

void MessageHistory::keep(const Entry &entry)
{
    if (m_capacity > 0 && int(m_messages.size()) >= m_capacity)
        m_messages.pop_front();
    m_messages.push_back(entry);
}

ChatMessage MessageHistory::append(ChatMessage message, const QString &ref,
                                   const QHostAddress &fromAddress, const QHostAddress &toAddress)
{
    message.id = ++m_lastId;
    message.ref.clear();
    Entry entry{message, ref, QHostAddress(), QHostAddress()};
    if (!message.to.isEmpty()) {
        entry.fromAddress = fromAddress;
        entry.toAddress = toAddress;
    }
    keep(entry);
    if (m_store)
        m_uncommitted.append(entry);
    if (!ref.isEmpty()) {
        pruneRefs(message.ts);
        rememberRef(refKey(Validation::nickKey(message.from), ref), message.id, message.ts);
    }
    return message;
}

QString MessageHistory::commit()
{
    if (!m_store || m_uncommitted.isEmpty())
        return QString();
    const bool written = m_store->write(m_uncommitted);
    m_uncommitted.clear();
    if (written)
        return QString();
    const QString why = m_store->errorString();
    detachStore();
    return why.isEmpty() ? QStringLiteral("unknown error") : why;
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
    if (!m_messages.empty() && id >= m_messages.front().message.id)
        return m_messages[size_t(id - m_messages.front().message.id)].message;
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
        return true;
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
    highId = std::min(highId, m_lastId + 1);
    QList<ChatMessage> newestFirst;
    // The newest part from memory...
    const qint64 memoryFirst = m_messages.empty() ? highId : m_messages.front().message.id;
    for (qint64 id = highId - 1; id >= std::max(lowId, memoryFirst); --id) {
        const Entry &entry = m_messages[size_t(id - memoryFirst)];
        if (!isVisible(entry, reader))
            continue;
        if (limit > 0 && newestFirst.size() == limit) {
            page.complete = false;
            break;
        }
        newestFirst.append(entry.message);
    }
    // ...and what is older from the store.
    const qint64 storeHigh = std::min(highId, memoryFirst);
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
    // Messages after sinceId that are no longer kept are missing too.
    const qint64 first = firstKeptId();
    if (sinceId < m_lastId && (first == 0 || sinceId + 1 < first))
        page.complete = false;
    return page;
}

HistoryPage MessageHistory::before(std::optional<qint64> beforeId, int limit,
                                   const HistoryReader &reader) const
{
    return collect(1, beforeId.value_or(m_lastId + 1), limit, reader);
}

qint64 MessageHistory::prune(int days, qint64 keep, qint64 nowMs)
{
    if (days <= 0 && keep <= 0)
        return 0;
    qint64 removed = 0;
    if (m_store) {
        removed = m_store->prune(days, keep, nowMs);
        if (removed < 0)
            return -1;
        // Memory keeps no committed message the store no longer has.
        const qint64 storeFirst = m_store->firstId();
        const qint64 firstUncommitted =
                m_uncommitted.isEmpty() ? m_lastId + 1 : m_uncommitted.first().message.id;
        const qint64 keepFrom =
                storeFirst > 0 ? std::min(storeFirst, firstUncommitted) : firstUncommitted;
        while (!m_messages.empty() && m_messages.front().message.id < keepFrom)
            m_messages.pop_front();
        return removed;
    }
    const qint64 cutoff = nowMs - qint64(days) * DayMs;
    while (!m_messages.empty() && ((days > 0 && m_messages.front().message.ts < cutoff) ||
                                   (keep > 0 && qint64(m_messages.size()) > keep))) {
        m_messages.pop_front();
        ++removed;
    }
    return removed;
}
