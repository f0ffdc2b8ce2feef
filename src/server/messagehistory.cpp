#include "messagehistory.h"

#include "validation.h"

#include <algorithm>

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

ChatMessage MessageHistory::append(ChatMessage message, const QString &ref,
                                   const QHostAddress &fromAddress, const QHostAddress &toAddress)
{
    message.id = ++m_lastId;
    message.ref.clear();
    if (m_capacity > 0 && int(m_messages.size()) >= m_capacity)
        m_messages.pop_front();
    if (message.to.isEmpty())
        m_messages.push_back(Entry{message, QHostAddress(), QHostAddress()});
    else
        m_messages.push_back(Entry{message, fromAddress, toAddress});
    if (!ref.isEmpty()) {
        pruneRefs(message.ts);
        const QString key = refKey(Validation::nickKey(message.from), ref);
        m_refs.insert(key, message.id);
        m_refOrder.push_back(RefRecord{message.ts, key, message.id});
    }
    return message;
}

std::optional<ChatMessage> MessageHistory::findDuplicate(const QString &senderKey,
                                                         const QString &ref, qint64 nowMs)
{
    if (ref.isEmpty())
        return std::nullopt;
    pruneRefs(nowMs);
    const auto it = m_refs.constFind(refKey(senderKey, ref));
    if (it == m_refs.constEnd() || m_messages.empty())
        return std::nullopt;
    const qint64 firstId = m_messages.front().message.id;
    if (*it < firstId)
        return std::nullopt; // no longer stored
    return m_messages[size_t(*it - firstId)].message;
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

bool MessageHistory::isVisible(const Entry &entry, const Reader &reader)
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

HistoryPage MessageHistory::collect(qint64 lowId, qint64 highId, int limit,
                                    const Reader &reader) const
{
    HistoryPage page;
    page.complete = true;
    if (m_messages.empty())
        return page;
    const qint64 firstId = m_messages.front().message.id;
    const qint64 stop = std::max(lowId, firstId);
    QList<ChatMessage> newestFirst;
    for (qint64 id = std::min(highId, m_lastId + 1) - 1; id >= stop; --id) {
        const Entry &entry = m_messages[size_t(id - firstId)];
        if (!isVisible(entry, reader))
            continue;
        if (limit > 0 && newestFirst.size() == limit) {
            page.complete = false;
            break;
        }
        newestFirst.append(entry.message);
    }
    page.messages.reserve(newestFirst.size());
    for (auto it = newestFirst.crbegin(); it != newestFirst.crend(); ++it)
        page.messages.append(*it);
    return page;
}

HistoryPage MessageHistory::after(qint64 sinceId, const Reader &reader, int cap) const
{
    HistoryPage page = collect(sinceId + 1, m_lastId + 1, cap, reader);
    // Messages after sinceId that are no longer kept are missing too.
    if (!m_messages.empty() && sinceId + 1 < m_messages.front().message.id)
        page.complete = false;
    return page;
}

HistoryPage MessageHistory::before(std::optional<qint64> beforeId, int limit,
                                   const Reader &reader) const
{
    return collect(1, beforeId.value_or(m_lastId + 1), limit, reader);
}
