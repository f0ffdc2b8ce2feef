#include "joinroomdialog.h"

#include "chatclient.h"
#include "ui_joinroomdialog.h"
#include "validation.h"

#include <QHeaderView>
#include <QPushButton>

using namespace Protocol;

namespace {

enum Column { NameColumn, PeopleColumn, TopicColumn };

// Sorts the people column by number, not by text.
class RoomItem : public QTreeWidgetItem
{
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem &other) const override
    {
        const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
        if (column == PeopleColumn)
            return data(PeopleColumn, Qt::UserRole).toInt() <
                   other.data(PeopleColumn, Qt::UserRole).toInt();
        return text(column).localeAwareCompare(other.text(column)) < 0;
    }
};

} // namespace

JoinRoomDialog::JoinRoomDialog(ChatClient *client, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::JoinRoomDialog>())
    , m_client(client)
{
    m_ui->setupUi(this);
    m_ui->roomsList->header()->setSectionResizeMode(TopicColumn, QHeaderView::Stretch);
    m_ui->roomsList->sortByColumn(NameColumn, Qt::AscendingOrder);
    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &JoinRoomDialog::update);
    connect(m_ui->roomsList, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item && item->text(NameColumn).compare(room(), Qt::CaseInsensitive) != 0 &&
            m_ui->roomsList->hasFocus())
            m_ui->nameEdit->setText(item->text(NameColumn));
    });
    connect(m_ui->roomsList, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        m_ui->nameEdit->setText(item->text(NameColumn));
        accept();
    });
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &JoinRoomDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(client, &ChatClient::roomsListed, this, &JoinRoomDialog::showRooms);
    m_ui->hintLabel->setText(tr("Asking the server for its rooms…"));
    client->requestRooms();
    update();
}

JoinRoomDialog::~JoinRoomDialog() = default;

QString JoinRoomDialog::room() const
{
    QString name = m_ui->nameEdit->text().trimmed();
    if (!name.isEmpty() && !name.startsWith(u'#'))
        name.prepend(u'#');
    return name;
}

void JoinRoomDialog::showRooms(const RoomList &list)
{
    m_listed = true;
    m_ui->roomsList->setSortingEnabled(false);
    m_ui->roomsList->clear();
    const QLocale locale;
    for (const RoomInfo &info : list.rooms) {
        auto *item = new RoomItem(m_ui->roomsList);
        item->setText(NameColumn, info.room);
        item->setText(PeopleColumn, locale.toString(info.members));
        item->setData(PeopleColumn, Qt::UserRole, info.members);
        item->setTextAlignment(PeopleColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(TopicColumn, info.topic);
        item->setToolTip(TopicColumn, info.topic);
        if (m_client->isInRoom(info.room)) {
            QFont font = item->font(NameColumn);
            font.setBold(true);
            item->setFont(NameColumn, font);
            item->setToolTip(NameColumn, tr("You are in this room"));
        }
    }
    m_ui->roomsList->setSortingEnabled(true);
    m_ui->roomsList->resizeColumnToContents(NameColumn);
    update();
}

void JoinRoomDialog::update()
{
    // The filter: rooms whose name or topic holds what is typed.
    const QString typed = m_ui->nameEdit->text().trimmed();
    const QString needle = typed.startsWith(u'#') ? typed.mid(1) : typed;
    const QString wanted = room();
    QTreeWidgetItem *exact = nullptr;
    for (int i = 0; i < m_ui->roomsList->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_ui->roomsList->topLevelItem(i);
        const bool match = item->text(NameColumn).contains(needle, Qt::CaseInsensitive) ||
                           item->text(TopicColumn).contains(needle, Qt::CaseInsensitive);
        item->setHidden(!match);
        if (Validation::roomKey(item->text(NameColumn)) == Validation::roomKey(wanted))
            exact = item;
    }
    if (exact)
        m_ui->roomsList->setCurrentItem(exact);
    QPushButton *ok = m_ui->buttons->button(QDialogButtonBox::Ok);
    const Validation::RoomCheck check = Validation::checkRoom(wanted);
    ok->setEnabled(!wanted.isEmpty());
    if (wanted.isEmpty()) {
        ok->setText(tr("&Join"));
        m_ui->hintLabel->setText(!m_listed ? tr("Asking the server for its rooms…")
                                           : tr("%n room(s) on this server. Pick one, or type "
                                                "the name of a new one.",
                                                "", m_ui->roomsList->topLevelItemCount()));
    } else if (!check.ok) {
        ok->setText(tr("&Join"));
        m_ui->hintLabel->setText(
                tr("%1 is not a room name: %2").arg(wanted, Validation::localizedReason(check)));
    } else if (exact) {
        ok->setText(m_client->isInRoom(wanted) ? tr("&Show") : tr("&Join"));
        m_ui->hintLabel->setText(m_client->isInRoom(wanted) ? tr("You are in %1.").arg(wanted)
                                                            : QString());
    } else {
        ok->setText(tr("&Make %1").arg(wanted));
        m_ui->hintLabel->setText(
                m_listed ? tr("There is no room called %1 yet: it is made, and you are its first "
                              "member.")
                                   .arg(wanted)
                         : QString());
    }
}

void JoinRoomDialog::accept()
{
    const Validation::RoomCheck check = Validation::checkRoom(room());
    if (!check.ok) {
        m_ui->nameEdit->setFocus();
        return; // the hint says why
    }
    QDialog::accept();
}
