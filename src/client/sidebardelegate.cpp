#include "sidebardelegate.h"

#include <QApplication>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

SidebarDelegate::SidebarDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void SidebarDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(HeadingRole).toBool()) {
        option->font.setBold(true);
        option->font.setPointSizeF(option->font.pointSizeF() * 0.9);
        option->palette.setColor(QPalette::Text,
                                 option->palette.color(QPalette::Disabled, QPalette::Text));
        return;
    }
    const bool unread = index.data(UnreadRole).toInt() > 0;
    if (unread && !index.data(QuietRole).toBool())
        option->font.setBold(true);
    if (!index.data(JoinedRole).toBool()) {
        option->font.setItalic(true);
        option->palette.setColor(QPalette::Text,
                                 option->palette.color(QPalette::Disabled, QPalette::Text));
    }
}

QSize SidebarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 8));
    return size;
}

void SidebarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    const int unread = index.data(UnreadRole).toInt();
    if (unread <= 0 || index.data(HeadingRole).toBool()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The badge takes the right end; the name is drawn (and elided) left of it.
    const QString count = unread > 999 ? QStringLiteral("999+") : QLocale().toString(unread);
    QFont badgeFont = option.font;
    badgeFont.setBold(true);
    badgeFont.setPointSizeF(badgeFont.pointSizeF() * 0.85);
    const QFontMetrics metrics(badgeFont);
    const int height = metrics.height() + 2;
    const int width = std::max(height, metrics.horizontalAdvance(count) + 10);
    const QRect badge(option.rect.right() - width - 6, option.rect.center().y() - height / 2 + 1,
                      width, height);

    QStyleOptionViewItem rest = option;
    rest.rect.setRight(badge.left() - 4);
    QStyledItemDelegate::paint(painter, rest, index);
    // The row's own background under the badge, as the rest of the row has it.
    QStyleOptionViewItem back = option;
    back.rect.setLeft(rest.rect.right() + 1);
    back.text.clear();
    back.icon = QIcon();
    initStyleOption(&back, index);
    back.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &back, painter, option.widget);

    const bool mentioned = index.data(MentionsRole).toInt() > 0;
    const bool quiet = index.data(QuietRole).toBool();
    QColor fill = mentioned ? QColor(0xc6, 0x28, 0x28)
                            : (quiet ? option.palette.color(QPalette::Mid)
                                     : option.palette.color(QPalette::Highlight));
    if (option.state & QStyle::State_Selected && !mentioned)
        fill = option.palette.color(QPalette::HighlightedText);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(badge, height / 2.0, height / 2.0);
    painter->fillPath(path, fill);
    painter->setFont(badgeFont);
    painter->setPen(option.state & QStyle::State_Selected && !mentioned
                            ? option.palette.color(QPalette::Highlight)
                            : QColor(Qt::white));
    painter->drawText(badge, Qt::AlignCenter, count);
    painter->restore();
}
