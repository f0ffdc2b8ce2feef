#include "userlistmodel.h"

#include <algorithm>

UserListModel::UserListModel(QObject *parent)
    : QAbstractListModel(parent)
{}

void UserListModel::setUsers(const QList<Protocol::UserInfo> &users)
{
    QList<Protocol::UserInfo> sorted = users;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Protocol::UserInfo &a, const Protocol::UserInfo &b) {
                         return a.nick.compare(b.nick, Qt::CaseInsensitive) < 0;
                     });
    beginResetModel();
    m_users = sorted;
    endResetModel();
}

void UserListModel::setOwnNick(const QString &nick)
{
    m_ownNick = nick;
    if (!m_users.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_users.size()) - 1));
}

QStringList UserListModel::nicks() const
{
    QStringList list;
    for (const Protocol::UserInfo &user : m_users)
        list.append(user.nick);
    return list;
}

QStringList UserListModel::completions(const QString &prefix) const
{
    QStringList list;
    for (const Protocol::UserInfo &user : m_users) {
        if (user.nick.startsWith(prefix, Qt::CaseInsensitive))
            list.append(user.nick);
    }
    return list;
}

int UserListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

QVariant UserListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_users.size())
        return QVariant();
    const Protocol::UserInfo &user = m_users.at(index.row());
    const bool own = user.nick.compare(m_ownNick, Qt::CaseInsensitive) == 0;
    switch (role) {
    case Qt::DisplayRole:
        return own ? tr("%1 (you)").arg(user.nick) : user.nick;
    case NickRole:
        return user.nick;
    case OwnRole:
        return own;
    case SinceRole:
        return user.since;
    default:
        return QVariant();
    }
}
