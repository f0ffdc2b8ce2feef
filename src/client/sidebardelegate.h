#pragma once

#include <QStyledItemDelegate>

// How the window's sidebar draws a conversation: its name (bold while it
// has unread messages, grey and slanted once the room is left) and, on the
// right, the count of unread messages in a badge, red when some of them
// mention the user or are private.
class SidebarDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    enum Role {
        UnreadRole = Qt::UserRole + 1, // int
        MentionsRole,                  // int: of the unread, those that name the user
        JoinedRole,                    // bool: false for a room left (or closed by the operator)
        QuietRole,                     // bool: the room's notifications are off
        HeadingRole,                   // bool: "Rooms", "Private": not a conversation
    };

    explicit SidebarDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
