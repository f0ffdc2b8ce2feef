#include "connectiontablemodel.h"

#include "chatserver.h"

#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QTimer>

namespace {

// Changes are shown within this time; a busy room does not redraw more often.
constexpr int RefreshDelayMs = 100;
// "Last activity" also moves without events (pings); it is re-read this often.
constexpr int ClockRefreshMs = 5'000;

QString timeText(qint64 msSinceEpoch)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(msSinceEpoch);
    const QLocale locale;
    if (time.date() == QDate::currentDate())
        return locale.toString(time.time(), QStringLiteral("HH:mm:ss"));
    return locale.toString(time, QLocale::ShortFormat);
}

} // namespace

ConnectionTableModel::ConnectionTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_refreshTimer(new QTimer(this))
    , m_clockTimer(new QTimer(this))
{
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(RefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &ConnectionTableModel::refresh);
    m_clockTimer->setInterval(ClockRefreshMs);
    connect(m_clockTimer, &QTimer::timeout, this, &ConnectionTableModel::refresh);
}

void ConnectionTableModel::setServer(ChatServer *server)
{
    if (m_server)
        disconnect(m_server, nullptr, this, nullptr);
    m_server = server;
    if (server) {
        connect(server, &ChatServer::userJoined, this, &ConnectionTableModel::scheduleRefresh);
        connect(server, &ChatServer::userLeft, this, &ConnectionTableModel::scheduleRefresh);
        connect(server, &ChatServer::userRenamed, this, &ConnectionTableModel::scheduleRefresh);
        connect(server, &ChatServer::messagePosted, this, &ConnectionTableModel::scheduleRefresh);
        connect(server, &ChatServer::roomsChanged, this, &ConnectionTableModel::scheduleRefresh);
        connect(server, &QObject::destroyed, this, &ConnectionTableModel::refresh);
        m_clockTimer->start();
    } else {
        m_clockTimer->stop();
    }
    refresh();
}

void ConnectionTableModel::scheduleRefresh()
{
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void ConnectionTableModel::refresh()
{
    m_refreshTimer->stop();
    const QList<ConnectionInfo> now = m_server ? m_server->connections() : QList<ConnectionInfo>();
    QHash<quint64, int> rowOf; // id -> index in now
    for (int i = 0; i < now.size(); ++i)
        rowOf.insert(now.at(i).id, i);

    // Those who left, from the bottom up so that row numbers stay right.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (!rowOf.contains(m_rows.at(row).id)) {
            beginRemoveRows(QModelIndex(), row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
    // Those who stayed (both lists are in joining order).
    QSet<quint64> known;
    for (int row = 0; row < m_rows.size(); ++row) {
        ConnectionInfo &shown = m_rows[row];
        const ConnectionInfo &current = now.at(rowOf.value(shown.id));
        known.insert(shown.id);
        if (shown.nick != current.nick || shown.messagesSent != current.messagesSent ||
            shown.lastActivityMs != current.lastActivityMs || shown.rooms != current.rooms) {
            shown = current;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    // Those who came.
    QList<ConnectionInfo> arrived;
    for (const ConnectionInfo &info : now) {
        if (!known.contains(info.id))
            arrived.append(info);
    }
    if (!arrived.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows(QModelIndex(), first, first + int(arrived.size()) - 1);
        m_rows.append(arrived);
        endInsertRows();
    }
}

int ConnectionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConnectionTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return QVariant();
    const ConnectionInfo &info = m_rows.at(index.row());
    if (role == IdRole)
        return info.id;
    if (role == Qt::TextAlignmentRole && index.column() == MessagesColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const bool sorting = role == SortRole;
    if (!sorting && role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return QVariant();
    switch (index.column()) {
    case NickColumn:
        return sorting ? QVariant(info.nick.toCaseFolded()) : QVariant(info.nick);
    case RoomsColumn:
        return info.rooms.join(QLatin1String(", "));
    case AddressColumn:
        return info.peer;
    case KindColumn:
        if (role == Qt::ToolTipRole) {
            const QString kind = info.plainText ? tr("A plain-text client (nc, telnet or the "
                                                     "tutorial's client.py)")
                                                : tr("A qtchat client, speaking the qtchat "
                                                     "protocol");
            return QString(kind + u'\n' +
                           (info.encrypted ? tr("Encrypted (TLS)") : tr("Not encrypted")));
        }
        if (info.encrypted)
            return info.plainText ? tr("plain text, TLS") : tr("qtchat, TLS");
        return info.plainText ? tr("plain text") : tr("qtchat");
    case SinceColumn:
        if (sorting)
            return info.connectedAtMs;
        if (role == Qt::ToolTipRole)
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(info.connectedAtMs),
                                      QLocale::LongFormat);
        return timeText(info.connectedAtMs);
    case MessagesColumn:
        return info.messagesSent;
    case ActivityColumn:
        if (sorting)
            return info.lastActivityMs;
        if (role == Qt::ToolTipRole)
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(info.lastActivityMs),
                                      QLocale::LongFormat);
        return timeText(info.lastActivityMs);
    default:
        return QVariant();
    }
}

QVariant ConnectionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NickColumn:
        return tr("Nickname");
    case RoomsColumn:
        return tr("Rooms");
    case AddressColumn:
        return tr("Address");
    case KindColumn:
        return tr("Client");
    case SinceColumn:
        return tr("Connected since");
    case MessagesColumn:
        return tr("Messages");
    case ActivityColumn:
        return tr("Last activity");
    default:
        return QVariant();
    }
}
