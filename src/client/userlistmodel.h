#pragma once

#include "messages.h"

#include <QAbstractListModel>
#include <QStringList>

// The people in the room, sorted by nickname (ignoring case), with the
// user's own nickname marked.
class UserListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        NickRole = Qt::UserRole + 1,
        OwnRole,   // bool
        SinceRole, // qint64, ms since the epoch
    };

    explicit UserListModel(QObject *parent = nullptr);

    void setUsers(const QList<Protocol::UserInfo> &users);
    void setOwnNick(const QString &nick);
    QStringList nicks() const;
    // The nicknames starting with prefix (ignoring case), for completion.
    QStringList completions(const QString &prefix) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QList<Protocol::UserInfo> m_users;
    QString m_ownNick;
};
