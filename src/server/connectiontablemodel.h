#pragma once

#include "connectioninfo.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>

class ChatServer;
class QTimer;

// The people connected to a ChatServer, one row each, for the control
// window's table. Follows the server's signals (join, leave, rename,
// message) and re-reads its connections at most ten times a second; rows
// keep their identity across renames, so a selection stays on its person.
class ConnectionTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NickColumn,
        RoomsColumn,
        AddressColumn,
        KindColumn,
        SinceColumn,
        MessagesColumn,
        ActivityColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // a value that sorts right (numbers, times)
        IdRole,                  // ConnectionInfo::id
    };

    explicit ConnectionTableModel(QObject *parent = nullptr);

    // nullptr empties the table.
    void setServer(ChatServer *server);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    ConnectionInfo connection(int row) const { return m_rows.value(row); }

public Q_SLOTS:
    // Re-reads the server's connections now.
    void refresh();

private:
    void scheduleRefresh();

    QPointer<ChatServer> m_server;
    QList<ConnectionInfo> m_rows;
    QTimer *m_refreshTimer;
    QTimer *m_clockTimer;
};
