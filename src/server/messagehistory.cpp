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

ChatMessage MessageHistory::append(ChatMessage message, const QString &ref)
{
    message.id = ++m_lastId;
    message.ref.clear();
    if (m_capacity > 0 && int(m_messages.size()) >= m_capacity)
        m_messages.pop_front();
    m_messages.push_back(message);
    if (!ref.isEmpty()) {
        pruneRefs(message.ts);
        const QString key = refKey(Validation::nickKey(message.from), ref);
        m_refs.insert(key, message.id);
        m_refOrder.emplace_back(message.ts, key);
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
    const qint64 firstId = m_messages.front().id;
    if (*it < firstId)
        return std::nullopt; // no longer stored
    return m_messages[size_t(*it - firstId)];
}

void MessageHistory::pruneRefs(qint64 nowMs)
{
    while (!m_refOrder.empty() && m_refOrder.front().first < nowMs - DuplicateWindowMs) {
        m_refs.remove(m_refOrder.front().second);
        m_refOrder.pop_front();
    }
}

bool MessageHistory::isVisible(const ChatMessage &message, const QString &viewerKey)
{
    if (message.to.isEmpty())
        return true;
    if (viewerKey.isEmpty())
        return false;
    return Validation::nickKey(message.from) == viewerKey ||
           Validation::nickKey(message.to) == viewerKey;
}

HistoryPage MessageHistory::collect(qint64 lowId, qint64 highId, int limit,
                                    const QString &viewerKey) const
{
    HistoryPage page;
    page.complete = true;
    if (m_messages.empty())
        return page;
    const qint64 firstId = m_messages.front().id;
    qint64 id = std::min(highId, m_lastId + 1) - 1;
    const qint64 stop = std::max(lowId, firstId);
    QList<ChatMessage> newestFirst;
    for (; id >= stop; --id) {
        const ChatMessage &message = m_messages[size_t(id - firstId)];
        if (!isVisible(message, viewerKey))
            continue;
        if (limit > 0 && newestFirst.size() == limit) {
            page.complete = false;
            break;
        }
        newestFirst.append(message);
    }
    page.messages.reserve(newestFirst.size());
    for (auto it = newestFirst.crbegin(); it != newestFirst.crend(); ++it)
        page.messages.append(*it);
    return page;
}

HistoryPage MessageHistory::after(qint64 sinceId, const QString &viewerKey, int cap) const
{
    HistoryPage page = collect(sinceId + 1, m_lastId + 1, cap, viewerKey);
    // Messages after sinceId that are no longer kept are missing too.
    if (!m_messages.empty() && sinceId + 1 < m_messages.front().id)
        page.complete = false;
    return page;
}

HistoryPage MessageHistory::before(std::optional<qint64> beforeId, int limit,
                                   const QString &viewerKey) const
{
    return collect(1, beforeId.value_or(m_lastId + 1), limit, viewerKey);
}
