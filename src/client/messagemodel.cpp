#include "messagemodel.h"

#include "validation.h"

#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>

using namespace Protocol;

MessageModel::MessageModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return QVariant();
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return e.text;
    case KindRole:
        return QVariant::fromValue(e.kind);
    case NickRole:
        return e.nick;
    case TimeRole:
        return e.ts;
    case IdRole:
        return e.id;
    case DeliveryRole:
        return QVariant::fromValue(e.delivery);
    case ErrorRole:
        return e.error;
    case OwnRole:
        return e.own;
    case ToRole:
        return e.to;
    case MentionRole:
        return e.mention;
    case FlapsRole:
        return e.flaps;
    default:
        return QVariant();
    }
}

QHash<int, QByteArray> MessageModel::roleNames() const
{
    return {{KindRole, "kind"},       {NickRole, "nick"},  {TextRole, "text"},
            {TimeRole, "time"},       {IdRole, "id"},      {DeliveryRole, "delivery"},
            {ErrorRole, "error"},     {OwnRole, "own"},    {ToRole, "to"},
            {MentionRole, "mention"}, {FlapsRole, "flaps"}};
}

qint64 MessageModel::oldestId() const // of the current history
{
    qint64 oldest = 0;
    for (const qint64 id : m_ids) {
        if (oldest == 0 || id < oldest)
            oldest = id;
    }
    return oldest;
}

bool MessageModel::mentions(const QString &text) const
{
    if (m_ownNick.isEmpty())
        return false;
    // The nick as a word of its own, in any case ("alice:", "@alice", "Alice!").
    const QRegularExpression word(u"(^|[^\\w])" + QRegularExpression::escape(m_ownNick) +
                                          u"($|[^\\w])",
                                  QRegularExpression::CaseInsensitiveOption |
                                          QRegularExpression::UseUnicodePropertiesOption);
    return word.match(text).hasMatch();
}

MessageModel::Entry MessageModel::entryFor(const ChatMessage &message) const
{
    Entry entry;
    entry.kind = message.action ? Kind::Action : Kind::Message;
    entry.nick = message.from;
    entry.text = message.text;
    entry.ts = message.ts;
    entry.id = message.id;
    entry.to = message.to;
    entry.own = message.from.compare(m_ownNick, Qt::CaseInsensitive) == 0;
    entry.mention = !entry.own && mentions(message.text);
    if (entry.own)
        entry.delivery = Delivery::Sent;
    return entry;
}

int MessageModel::rowFor(qint64 id, qint64 ts, int skip) const
{
    int after = m_epochStart;           // the first row it may go at
    int before = int(m_entries.size()); // the first stored message with a larger id
    for (int row = int(m_entries.size()) - 1; row >= m_epochStart; --row) {
        const Entry &other = m_entries.at(row);
        if (row == skip)
            continue;
        // The user's own messages still sending are stored after everything
        // stored now: they count as larger ids.
        if (other.id == 0 && other.delivery == Delivery::Pending) {
            before = row;
            continue;
        }
        if (other.id == 0)
            continue;
        if (other.id < id) {
            after = row + 1;
            break;
        }
        before = row;
    }
    int row = after;
    while (row < before && (row == skip || m_entries.at(row).ts <= ts))
        ++row;
    return skip >= 0 && row > skip ? row - 1 : row;
}

int MessageModel::rowOfRef(const QString &ref) const
{
    if (ref.isEmpty())
        return -1;
    for (int row = int(m_entries.size()) - 1; row >= 0; --row) {
        if (m_entries.at(row).ref == ref)
            return row;
    }
    return -1;
}

void MessageModel::insert(int row, const Entry &entry)
{
    beginInsertRows(QModelIndex(), row, row);
    m_entries.insert(row, entry);
    if (row < m_epochStart)
        ++m_epochStart;
    endInsertRows();
    if (entry.id != 0)
        m_ids.insert(entry.id);
    trim();
}

void MessageModel::trim()
{
    if (m_maxEntries <= 0 || m_entries.size() <= m_maxEntries)
        return;
    const int excess = int(m_entries.size()) - m_maxEntries;
    beginRemoveRows(QModelIndex(), 0, excess - 1);
    for (int i = m_epochStart; i < excess; ++i)
        m_ids.remove(m_entries.at(i).id);
    m_entries.remove(0, excess);
    m_epochStart = std::max(0, m_epochStart - excess);
    endRemoveRows();
    m_olderHistory = true;
}

void MessageModel::addMessage(const ChatMessage &message)
{
    // The echo of an own message: the pending line becomes the stored one.
    const int pendingRow = rowOfRef(message.ref);
    if (pendingRow >= 0) {
        Entry &entry = m_entries[pendingRow];
        if (m_ids.contains(message.id) && entry.id != message.id) {
            // A replay showed it already: one line is enough.
            beginRemoveRows(QModelIndex(), pendingRow, pendingRow);
            m_entries.removeAt(pendingRow);
            if (pendingRow < m_epochStart)
                --m_epochStart;
            endRemoveRows();
            return;
        }
        entry.id = message.id;
        entry.ts = message.ts;
        entry.delivery = Delivery::Sent;
        entry.error.clear();
        m_ids.insert(message.id);
        const QModelIndex changed = index(pendingRow);
        Q_EMIT dataChanged(changed, changed);
        const int target = pendingRow >= m_epochStart ? rowFor(message.id, message.ts, pendingRow)
                                                      : pendingRow;
        if (target != pendingRow) {
            // Typed while away, stored after what was said (and shown) meanwhile: it moves there.
            const Entry moved = m_entries.at(pendingRow);
            beginRemoveRows(QModelIndex(), pendingRow, pendingRow);
            m_entries.removeAt(pendingRow);
            endRemoveRows();
            m_ids.remove(moved.id);
            insert(target, moved);
        }
        return;
    }
    if (message.id != 0 && m_ids.contains(message.id))
        return;
    append(entryFor(message));
}

void MessageModel::addHistory(const HistoryPage &page, bool replay)
{
    const bool first = m_ids.isEmpty();
    const bool empty = m_entries.isEmpty();
    for (const ChatMessage &message : page.messages) {
        if (message.id == 0 || m_ids.contains(message.id))
            continue;
        insert(rowFor(message.id, message.ts), entryFor(message));
    }
    if (!replay || first)
        m_olderHistory = !page.complete;
    // Between what was said before one arrived and what is said live.
    if (replay && empty && !page.messages.isEmpty() && !m_dividerShown) {
        Entry divider;
        divider.kind = Kind::HistoryDivider;
        divider.text = tr("Earlier messages");
        append(divider);
        m_dividerShown = true;
    }
}

void MessageModel::updateOutgoing(const ChatClient::Outgoing &outgoing)
{
    const int row = rowOfRef(outgoing.ref);
    Delivery delivery = Delivery::Pending;
    if (outgoing.status == ChatClient::Outgoing::Status::Failed)
        delivery = Delivery::Failed;
    else if (outgoing.status == ChatClient::Outgoing::Status::Sent)
        delivery = Delivery::Sent;
    if (row < 0) {
        if (delivery == Delivery::Sent)
            return; // the echo itself adds it
        Entry entry;
        entry.kind = outgoing.action ? Kind::Action : Kind::Message;
        entry.nick = m_ownNick;
        entry.text = outgoing.text;
        entry.ts = outgoing.typedAt > 0 ? outgoing.typedAt : QDateTime::currentMSecsSinceEpoch();
        entry.to = outgoing.to;
        entry.ref = outgoing.ref;
        entry.own = true;
        entry.delivery = delivery;
        entry.error = outgoing.error;
        append(entry);
        return;
    }
    Entry &entry = m_entries[row];
    if (entry.delivery == Delivery::Sent)
        return;
    entry.delivery = delivery;
    entry.error = outgoing.error;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed);
}

void MessageModel::addEvent(Kind kind, const QString &nick, const QString &text, qint64 ts)
{
    // Joins and leaves of one person in a row, a few minutes apart at most, fold into one line.
    constexpr qint64 FlapWindowMs = 5 * 60 * 1000;
    const auto joinOrLeave = [](Kind k) { return k == Kind::Join || k == Kind::Leave; };
    if (joinOrLeave(kind) && !m_entries.isEmpty()) {
        Entry &last = m_entries.last();
        if (joinOrLeave(last.kind) && Validation::nickKey(last.nick) == Validation::nickKey(nick) &&
            ts - last.ts < FlapWindowMs) {
            last.kind = kind;
            last.text = text;
            last.ts = ts;
            ++last.flaps;
            const QModelIndex changed = index(int(m_entries.size()) - 1);
            Q_EMIT dataChanged(changed, changed);
            return;
        }
    }
    Entry entry;
    entry.kind = kind;
    entry.nick = nick;
    entry.text = text;
    entry.ts = ts;
    append(entry);
}

void MessageModel::startNewHistory()
{
    m_ids.clear();
    m_epochStart = int(m_entries.size());
    m_olderHistory = false;
}

void MessageModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_ids.clear();
    m_epochStart = 0;
    m_olderHistory = false;
    m_dividerShown = false;
    endResetModel();
}
