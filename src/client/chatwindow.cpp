#include "chatwindow.h"

#include "chatinput.h"
#include "clientsettingsdialog.h"
#include "connectdialog.h"
#include "elidedlabel.h"
#include "encryptionindicator.h"
#include "fingerprint.h"
#include "joinroomdialog.h"
#include "messagemodel.h"
#include "messageview.h"
#include "plaintextformat.h"
#include "servermemory.h"
#include "sidebardelegate.h"
#include "ui_chatwindow.h"
#include "userlistmodel.h"
#include "validation.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>

using namespace Protocol;

namespace {

// The sidebar's item data: which conversation an item is.
constexpr int TargetRole = Qt::UserRole + 100;

} // namespace

bool ChatWindow::Conversation::isRoom() const
{
    return CommandInterpreter::isRoom(target);
}

ChatWindow::ChatWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::ChatWindow>())
    , m_commands(&m_client)
    , m_users(new UserListModel(this))
    , m_settings(ClientSettings::load())
    , m_stateLabel(new ElidedLabel(this))
    , m_reconnectButton(new QPushButton(tr("&Reconnect now"), this))
    , m_encryption(new EncryptionIndicator(this))
    , m_countdown(new QTimer(this))
    , m_rememberTimer(new QTimer(this))
{
    // The newest message seen is written down a little after it comes (not at
    // every message), so that even a killed window asks only for what it missed.
    m_rememberTimer->setSingleShot(true);
    m_rememberTimer->setInterval(5'000);
    connect(m_rememberTimer, &QTimer::timeout, this, &ChatWindow::rememberServer);
    m_ui->setupUi(this);
    // What is typed while offline is kept on disk until the server has it.
    m_client.setOutboxDirectory(ClientSettings::outboxDirectory());
    // The servers' certificates, pinned on first contact, and those reached in the clear.
    m_client.setKnownServersFile(ClientSettings::knownServersFile());
    m_ui->splitter->setStretchFactor(0, 1);
    m_ui->splitter->setStretchFactor(1, 5);
    m_ui->splitter->setStretchFactor(2, 1);
    m_ui->splitter->setSizes({170, 560, 170});
    m_ui->sidebar->setItemDelegate(new SidebarDelegate(m_ui->sidebar));
    // Two headings: the rooms, then the private conversations.
    for (const QString &heading : {tr("Rooms"), tr("Private")}) {
        auto *item = new QTreeWidgetItem(m_ui->sidebar, {heading});
        item->setFlags(Qt::ItemIsEnabled);
        item->setData(0, SidebarDelegate::HeadingRole, true);
        item->setExpanded(true);
    }
    m_ui->sidebar->topLevelItem(1)->setHidden(true); // until there is one
    m_ui->sidebar->setIndentation(8);
    connect(m_ui->sidebar, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item || item->data(0, SidebarDelegate::HeadingRole).toBool())
            return;
        if (Conversation *chosen = m_conversations.value(item->data(0, TargetRole).toString()))
            m_ui->conversations->setCurrentWidget(chosen->view);
    });
    connect(m_ui->sidebar, &QWidget::customContextMenuRequested, this,
            &ChatWindow::showSidebarMenu);
    connect(m_ui->joinRoomButton, &QPushButton::clicked, this, &ChatWindow::showJoinRoomDialog);
    connect(m_ui->joinRoomAction, &QAction::triggered, this, &ChatWindow::showJoinRoomDialog);
    connect(m_ui->leaveAction, &QAction::triggered, this, &ChatWindow::leaveCurrent);
    connect(m_ui->topicAction, &QAction::triggered, this, [this] {
        const QString target = currentTarget();
        if (!CommandInterpreter::isRoom(target))
            return;
        bool ok = false;
        const QString text =
                QInputDialog::getText(this, tr("Topic of %1").arg(m_client.roomName(target)),
                                      tr("What the room is about (empty: no topic):"),
                                      QLineEdit::Normal, m_client.topic(target).text, &ok);
        if (ok)
            m_commands.execute(QStringLiteral("/topic ") + text, target);
    });
    m_ui->topicLabel->setContentsMargins(4, 2, 4, 4);
    m_ui->usersView->setModel(m_users);
    connect(m_ui->usersView, &QAbstractItemView::doubleClicked, this,
            [this](const QModelIndex &index) {
                openPrivateConversation(index.data(UserListModel::NickRole).toString());
            });

    // The default room is always there (left, it says so).
    m_ui->sidebar->setCurrentItem(conversation(QString(), true)->item);
    connect(m_ui->conversations, &QStackedWidget::currentChanged, this, [this] {
        Conversation *here = currentConversation();
        if (here && m_ui->sidebar->currentItem() != here->item)
            m_ui->sidebar->setCurrentItem(here->item);
        markRead();
        updateTopic();
        m_users->setUsers(m_client.users(peopleRoom()));
        updatePeople();
        updateStatus(); // the actions that fit the conversation
        m_ui->input->setFocus();
    });

    m_ui->input->setCompleter(
            [this](const QString &prefix) { return m_users->completions(prefix); });
    m_ui->input->setSubmitHandler([this](const QString &text) { return send(text); });
    connect(m_ui->sendButton, &QPushButton::clicked, m_ui->input, &ChatInput::submit);
    connect(m_ui->input, &ChatInput::nothingToInsert, this, [this] {
        addStatus(tr("Nothing to paste: what was copied holds no text."), currentConversation());
    });
    // A message too long for the server stays in the input, with a way out
    // (in a bar of the colour of a warning).
    m_ui->longTextBar->hide();
    QPalette warning = m_ui->longTextBar->palette();
    warning.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xce));
    warning.setColor(QPalette::WindowText, QColor(0x3b, 0x2f, 0x00));
    m_ui->longTextBar->setPalette(warning);
    connect(m_ui->input, &QPlainTextEdit::textChanged, m_ui->longTextBar, &QWidget::hide);
    connect(m_ui->splitButton, &QPushButton::clicked, this, &ChatWindow::sendInPieces);
    connect(m_ui->keepEditingButton, &QPushButton::clicked, this, [this] {
        m_ui->longTextBar->hide();
        m_ui->input->setFocus();
    });

    // Answers to commands go where they were typed.
    connect(&m_commands, &CommandInterpreter::replied, this,
            [this](const QString &target, const QString &text) {
                addStatus(text, conversation(target, false));
            });
    connect(&m_commands, &CommandInterpreter::conversationRequested, this,
            &ChatWindow::showConversation);
    connect(&m_commands, &CommandInterpreter::quitRequested, this, [this](const QString &reason) {
        m_quitReason = reason;
        if (!close()) // the user kept the window (messages still waiting)
            m_quitReason.clear();
    });

    // The state comes first (the whole of it in the tooltip when it does not fit).
    statusBar()->addWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_encryption);
    statusBar()->addPermanentWidget(m_reconnectButton);
    m_stateLabel->setObjectName(QStringLiteral("stateLabel"));
    m_encryption->setObjectName(QStringLiteral("encryptionIndicator"));
    connect(m_encryption, &EncryptionIndicator::clicked, this, &ChatWindow::explainEncryption);
    connect(m_reconnectButton, &QPushButton::clicked, &m_client, &ChatClient::reconnectNow);
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, &ChatWindow::updateStatus);

    connect(m_ui->connectAction, &QAction::triggered, this, [this] { showConnectDialog(); });
    connect(m_ui->disconnectAction, &QAction::triggered, this,
            [this] { m_client.disconnectFromServer(); });
    connect(m_ui->settingsAction, &QAction::triggered, this, &ChatWindow::showSettings);
    m_ui->quitAction->setShortcut(QKeySequence::Quit);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->aboutAction, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About qtchat"),
                           tr("qtchat %1\n\nChat with your team, class or LAN party. Messages "
                              "typed while the connection is down are sent when it comes back.")
                                   .arg(QStringLiteral(QTCHAT_VERSION)));
    });

    // The client's signals.
    connect(&m_client, &ChatClient::stateChanged, this, [this](ChatClient::State state) {
        if (state == ChatClient::State::Connected)
            m_lastConnectedAt = QDateTime::currentMSecsSinceEpoch();
        updateStatus();
        updateTitle();
        updatePeople();
    });
    connect(&m_client, &ChatClient::errorOccurred, this,
            [this](ChatClient::ErrorKind kind, const QString &reason) {
                // The loss is told once; the attempts that follow only in the status bar.
                // A refused certificate is always told (it is why nothing more happens).
                if (m_client.attempt() <= 1 || kind == ChatClient::ErrorKind::CertificateChanged)
                    addStatus(reason);
                updateStatus();
                if (m_client.state() != ChatClient::State::Disconnected || m_quitting)
                    return;
                // Not trying again: the user decides (another nick, another server…).
                // Shown from the event loop, not from inside the socket's own error handling.
                QTimer::singleShot(0, this, [this, kind, reason] {
                    if (kind == ChatClient::ErrorKind::Kicked ||
                        kind == ChatClient::ErrorKind::Banned)
                        QMessageBox::warning(this, tr("Disconnected"), reason);
                    else if (kind == ChatClient::ErrorKind::CertificateChanged)
                        confirmNewCertificate();
                    else if (kind == ChatClient::ErrorKind::NotEncrypted)
                        confirmUnencrypted(reason);
                    else
                        showConnectDialog(reason, QString(), 0, kind);
                });
            });
    connect(&m_client, &ChatClient::historyReset, this, [this] {
        m_seenUpTo = 0; // the server's ids start again
        for (Conversation *each : std::as_const(m_conversations))
            each->model->startNewHistory();
    });
    connect(&m_client, &ChatClient::welcomed, this, [this](const Welcome &welcome) {
        for (Conversation *each : std::as_const(m_conversations))
            each->model->setOwnNick(welcome.nick);
        m_users->setOwnNick(welcome.nick);
        addStatus(tr("Connected to %1 port %2 as %3.")
                          .arg(m_client.host())
                          .arg(m_client.port())
                          .arg(welcome.nick));
        if (m_client.isCertificateNew())
            addStatus(tr("The first encrypted connection to this server from this computer: its "
                         "certificate is %1. If the server's window shows the same, nobody "
                         "is in between; qtchat will warn you if it ever changes.")
                              .arg(Fingerprint::shortForm(m_client.certificateFingerprint())));
        else if (!m_client.isEncrypted() && !m_plainToldOnce)
            addStatus(tr("This connection is not encrypted: anyone on the network can read it."));
        m_plainToldOnce = !m_client.isEncrypted();
        if (!welcome.motd.isEmpty() && !m_motdShown) // once, not after every reconnect
            addEvent(QString(), int(MessageModel::Kind::Notice), QString(), welcome.motd, 0);
        m_motdShown = true;
        Conversation *general = conversation(QString(), true);
        general->joined = m_client.isInRoom(QString());
        updateItem(general);
        updateTopic();
        updateTitle();
    });
    connect(&m_client, &ChatClient::historyReceived, this, &ChatWindow::routeHistory);
    connect(&m_client, &ChatClient::messageReceived, this, &ChatWindow::routeMessage);
    connect(&m_client, &ChatClient::outgoingChanged, this, [this](const ChatClient::Outgoing &o) {
        routeOutgoing(o);
        updateStatus(); // how many wait
    });
    connect(&m_client, &ChatClient::usersChanged, this, [this](const QString &room) {
        if (conversationKey(roomTarget(room)) != conversationKey(peopleRoom()))
            return;
        m_users->setUsers(m_client.users(room));
        updatePeople();
    });
    connect(&m_client, &ChatClient::userJoined, this, [this](const Joined &joined) {
        addEvent(roomTarget(joined.room), int(MessageModel::Kind::Join), joined.nick,
                 tr("→ %1 joined").arg(joined.nick), joined.ts);
    });
    connect(&m_client, &ChatClient::userLeft, this,
            [this](const Left &left, const QStringList &rooms) {
                const QString text =
                        left.reason.isEmpty()
                                ? tr("← %1 left").arg(left.nick)
                                : tr("← %1 left (%2)")
                                          .arg(left.nick, ChatClient::describeLeaving(left.reason));
                for (const QString &room : rooms)
                    addEvent(roomTarget(room), int(MessageModel::Kind::Leave), left.nick, text,
                             left.ts);
            });
    connect(&m_client, &ChatClient::userRenamed, this,
            [this](const Renamed &renamed, const QStringList &rooms) {
                const QString text = tr("%1 is now known as %2").arg(renamed.from, renamed.to);
                for (const QString &room : rooms)
                    addEvent(roomTarget(room), int(MessageModel::Kind::Rename), renamed.to, text,
                             renamed.ts);
                if (renamed.to == m_client.nick()) {
                    for (Conversation *each : std::as_const(m_conversations))
                        each->model->setOwnNick(renamed.to);
                    m_users->setOwnNick(renamed.to);
                    m_settings.nick = renamed.to;
                    m_settings.save();
                    updateTitle();
                    updateStatus();
                }
                // A private conversation follows its peer's new name. An old one under
                // that name (someone who left) is closed first: two conversations, one
                // name, would leave one of them with nowhere to send.
                const QString fromKey = conversationKey(renamed.from);
                const QString toKey = conversationKey(renamed.to);
                Conversation *peer = m_conversations.value(fromKey);
                if (!peer)
                    return;
                if (fromKey != toKey) {
                    if (Conversation *old = m_conversations.value(toKey))
                        removeConversation(old);
                    m_conversations.remove(fromKey);
                    m_conversations.insert(toKey, peer);
                    peer->item->setData(0, TargetRole, toKey);
                }
                peer->target = renamed.to;
                peer->model->addEvent(MessageModel::Kind::Rename, renamed.to, text, renamed.ts);
                updateItem(peer);
            });
    connect(&m_client, &ChatClient::presenceReceived, this, [this](const Presence &presence) {
        // A large room's comings and goings, counted (the server folds them).
        QStringList parts;
        if (presence.joined > 0)
            parts.append(tr("→ %n joined", nullptr, presence.joined));
        if (presence.left > 0)
            parts.append(tr("← %n left", nullptr, presence.left));
        parts.append(tr("%n people here", nullptr, presence.users));
        addEvent(roomTarget(presence.room), int(MessageModel::Kind::Join), QString(),
                 parts.join(tr("; ")), presence.ts);
        updatePeople();
    });
    connect(&m_client, &ChatClient::noticeReceived, this, [this](const Notice &notice) {
        // To one room, or to everyone: then in every room one is in.
        if (!notice.room.isEmpty()) {
            addEvent(roomTarget(notice.room), int(MessageModel::Kind::Notice), QString(),
                     notice.text, notice.ts);
            return;
        }
        for (Conversation *room : roomConversations()) {
            if (room->joined)
                addEvent(room->target, int(MessageModel::Kind::Notice), QString(), notice.text,
                         notice.ts);
        }
    });
    connect(&m_client, &ChatClient::topicChanged, this, [this](const Topic &topic, bool changed) {
        const QString target = roomTarget(topic.room);
        QString text;
        if (!changed) // as it stands, on joining
            text = topic.by.isEmpty() ? tr("Topic: %1").arg(topic.text)
                                      : tr("Topic: %1 (set by %2)").arg(topic.text, topic.by);
        else if (topic.text.isEmpty())
            text = topic.by.isEmpty() ? tr("There is no topic.")
                                      : tr("%1 cleared the topic.").arg(topic.by);
        else
            text = topic.by.isEmpty() ? tr("Topic: %1").arg(topic.text)
                                      : tr("%1 set the topic: %2").arg(topic.by, topic.text);
        // Said when it comes (a topic set long ago is not put back among old messages).
        addEvent(target, int(MessageModel::Kind::Status), topic.by, text,
                 changed ? topic.ts : QDateTime::currentMSecsSinceEpoch());
        updateTopic();
    });
    connect(&m_client, &ChatClient::roomJoined, this, [this](const QString &room) {
        Conversation *joined = conversation(roomTarget(room), true);
        // Said once, and again after being taken out (not after every reconnect).
        if (!joined->announced || !joined->joined)
            addStatus(tr("You are in %1 now.").arg(room), joined);
        joined->announced = true;
        joined->joined = true;
        updateItem(joined);
        updateTopic();
        updateStatus();
        rememberServer();
    });
    connect(&m_client, &ChatClient::roomLeft, this,
            [this](const QString &room, const QString &reason, bool asked) {
                Conversation *left = conversation(roomTarget(room), false);
                rememberServer();
                if (!left)
                    return;
                if (asked && !left->target.isEmpty()) {
                    removeConversation(left); // the user's choice: it goes
                    return;
                }
                // The server's doing: it stays, saying why, until the user closes it.
                left->joined = false;
                if (asked)
                    addStatus(tr("You left %1.").arg(room), left);
                else if (!reason.isEmpty())
                    addStatus(tr("You are no longer in %1: %2")
                                      .arg(room, ChatClient::describeLeaving(reason)),
                              left);
                updateItem(left);
                updateTopic();
                updateStatus();
                if (currentConversation() == left) {
                    m_users->setUsers({});
                    updatePeople();
                }
            });
    connect(&m_client, &ChatClient::roomRefused, this,
            [this](const QString &room, const QString &why) {
                // A room to be in again that is gone (the interpreter says why where
                // it was asked; the room's own conversation says it too).
                Conversation *lost = conversation(roomTarget(room), false);
                if (lost && !lost->target.isEmpty()) {
                    lost->joined = false;
                    addStatus(tr("Could not join %1 again: %2").arg(room, why), lost);
                    updateItem(lost);
                }
                rememberServer();
            });

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        QIcon icon = windowIcon();
        if (icon.isNull())
            icon = style()->standardIcon(QStyle::SP_MessageBoxInformation);
        m_tray->setIcon(icon);
        m_tray->setToolTip(tr("qtchat"));
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            showNormal();
            raise();
            activateWindow();
        });
        m_tray->show();
    }

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("client/geometry")).toByteArray());
    m_ui->splitter->restoreState(settings.value(QStringLiteral("client/splitter")).toByteArray());
    applySettings();
    updateStatus();
    updateTitle();
    updatePeople();
    m_ui->input->setFocus();
}

ChatWindow::~ChatWindow()
{
    qDeleteAll(m_conversations);
}

QString ChatWindow::conversationKey(const QString &target) const
{
    if (target.isEmpty() || m_client.isDefaultRoom(target))
        return QString();
    return target.startsWith(u'#') ? Validation::roomKey(target) : Validation::nickKey(target);
}

QString ChatWindow::roomTarget(const QString &room) const
{
    return m_client.isDefaultRoom(room) ? QString() : room;
}

QString ChatWindow::currentTarget() const
{
    const Conversation *here = currentConversation();
    return here ? here->target : QString();
}

QString ChatWindow::peopleRoom() const
{
    // A private conversation shows the default room's people.
    const QString target = currentTarget();
    return CommandInterpreter::isRoom(target) ? target : QString();
}

ChatWindow::Conversation *ChatWindow::conversation(const QString &target, bool create)
{
    const QString key = conversationKey(target);
    if (Conversation *found = m_conversations.value(key))
        return found;
    if (!create)
        return nullptr;
    auto *made = new Conversation;
    made->target = key.isEmpty() ? QString() : target;
    made->model = new MessageModel(this);
    made->model->setOwnNick(m_client.nick());
    made->view = new MessageView(this);
    made->view->setModel(made->model);
    made->view->setShowTimestamps(m_settings.timestamps);
    made->view->setAccessibleName(made->isRoom()
                                          ? tr("Messages in %1").arg(m_client.roomName(target))
                                          : tr("Private messages with %1").arg(target));
    MessageView *view = made->view;
    connect(view, &MessageView::olderMessagesWanted, this, [this, view] {
        Conversation *asking = conversationOf(view);
        if (!asking || !asking->model->hasOlderHistory() ||
            m_client.state() != ChatClient::State::Connected ||
            (asking->isRoom() && !m_client.isInRoom(asking->target)))
            return;
        if (asking->isRoom() && m_client.serverHasRooms()) {
            // A room's own page (it names the room it is of).
            m_client.requestHistory(asking->model->oldestId(), DefaultHistoryPage,
                                    m_client.roomName(asking->target));
            return;
        }
        m_olderAskedBy = conversationKey(asking->target);
        m_client.requestHistory(asking->model->oldestId());
    });
    if (m_settings.fontSize > 0) {
        QFont font = made->view->font();
        font.setPointSize(m_settings.fontSize);
        made->view->setFont(font);
    }
    m_ui->conversations->addWidget(made->view);
    // Rooms by name under the first heading (the default room first), people under the second.
    QTreeWidgetItem *heading = m_ui->sidebar->topLevelItem(made->isRoom() ? 0 : 1);
    made->item = new QTreeWidgetItem;
    made->item->setData(0, TargetRole, key);
    int at = heading->childCount();
    if (made->isRoom()) {
        for (int i = 0; i < heading->childCount(); ++i) {
            const QString other = heading->child(i)->data(0, TargetRole).toString();
            if (key.isEmpty() || (!other.isEmpty() && key.localeAwareCompare(other) < 0)) {
                at = i;
                break;
            }
        }
    }
    heading->insertChild(at, made->item);
    heading->setHidden(false);
    m_conversations.insert(key, made);
    updateItem(made);
    return made;
}

void ChatWindow::updateItem(Conversation *conversation)
{
    QTreeWidgetItem *item = conversation->item;
    const QString name = conversation->isRoom()
                                 ? (m_client.roomName(conversation->target).isEmpty()
                                            ? tr("Room")
                                            : m_client.roomName(conversation->target))
                                 : conversation->target;
    const bool quiet = conversation->isRoom() &&
                       roomNotify(conversation->target) == ClientSettings::Notify::Never;
    item->setText(0, name);
    item->setData(0, SidebarDelegate::UnreadRole, conversation->unread);
    item->setData(0, SidebarDelegate::MentionsRole, conversation->mentions);
    item->setData(0, SidebarDelegate::JoinedRole, conversation->joined);
    item->setData(0, SidebarDelegate::QuietRole, quiet);
    // What the badge says, in words (for a screen reader, and the tooltip).
    QStringList about;
    if (conversation->unread > 0)
        about.append(tr("%n unread", "", conversation->unread));
    if (conversation->mentions > 0 && conversation->isRoom())
        about.append(tr("%n mentioning you", "", conversation->mentions));
    if (!conversation->joined)
        about.append(tr("you are not in this room"));
    if (quiet)
        about.append(tr("notifications off"));
    const QString described =
            about.isEmpty() ? name : tr("%1 (%2)").arg(name, about.join(tr(", ")));
    item->setData(0, Qt::AccessibleTextRole, described);
    item->setToolTip(0, described);
}

QList<ChatWindow::Conversation *> ChatWindow::roomConversations() const
{
    QList<Conversation *> rooms;
    QTreeWidgetItem *heading = m_ui->sidebar->topLevelItem(0);
    for (int i = 0; i < heading->childCount(); ++i) {
        if (Conversation *room =
                    m_conversations.value(heading->child(i)->data(0, TargetRole).toString()))
            rooms.append(room);
    }
    return rooms;
}

ChatWindow::Conversation *ChatWindow::conversationOf(const QWidget *view) const
{
    for (Conversation *each : m_conversations) {
        if (each->view == view)
            return each;
    }
    return nullptr;
}

ChatWindow::Conversation *ChatWindow::currentConversation() const
{
    return conversationOf(m_ui->conversations->currentWidget());
}

MessageView *ChatWindow::conversationView(const QString &target) const
{
    const Conversation *found = m_conversations.value(conversationKey(target));
    return found ? found->view : nullptr;
}

MessageModel *ChatWindow::conversationModel(const QString &target) const
{
    const Conversation *found = m_conversations.value(conversationKey(target));
    return found ? found->model : nullptr;
}

void ChatWindow::openPrivateConversation(const QString &peer)
{
    if (peer.isEmpty() || Validation::nickKey(peer) == Validation::nickKey(m_client.nick()))
        return;
    showConversation(peer);
}

void ChatWindow::showConversation(const QString &target)
{
    Conversation *shown = conversation(target, true);
    m_ui->conversations->setCurrentWidget(shown->view);
    m_ui->input->setFocus();
}

void ChatWindow::removeConversation(Conversation *conversation)
{
    if (conversation->target.isEmpty())
        return; // the default room stays
    const bool shown = currentConversation() == conversation;
    m_conversations.remove(conversationKey(conversation->target));
    QTreeWidgetItem *heading = conversation->item->parent();
    delete conversation->item;
    if (heading && heading->childCount() == 0 && heading != m_ui->sidebar->topLevelItem(0))
        heading->setHidden(true);
    m_ui->conversations->removeWidget(conversation->view);
    conversation->view->deleteLater();
    conversation->model->deleteLater();
    delete conversation;
    if (shown)
        showConversation(QString());
    updateTitle();
}

void ChatWindow::leaveCurrent()
{
    if (const Conversation *here = currentConversation())
        leave(here->target);
}

bool ChatWindow::isIn(const Conversation *room) const
{
    return room->isRoom() && room->joined && m_client.isInRoom(room->target);
}

void ChatWindow::leave(const QString &target)
{
    Conversation *leaving = conversation(target, false);
    if (!leaving)
        return;
    if (isIn(leaving))
        m_commands.execute(QStringLiteral("/part"), leaving->target);
    else
        removeConversation(leaving); // a private one, or a room left already
}

void ChatWindow::showJoinRoomDialog()
{
    if (m_client.state() != ChatClient::State::Connected) {
        addStatus(tr("Not connected: rooms can be joined once the server has you."),
                  currentConversation());
        return;
    }
    if (!m_client.serverHasRooms()) {
        addStatus(tr("This server has one room only (it is older than rooms)."),
                  currentConversation());
        return;
    }
    JoinRoomDialog dialog(&m_client, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_commands.execute(QStringLiteral("/join ") + dialog.room(), currentTarget());
}

ClientSettings::Notify ChatWindow::roomNotify(const QString &room) const
{
    if (!m_memory)
        return m_settings.notify;
    return m_memory->notify(m_client.roomName(room), m_settings.notify);
}

void ChatWindow::setRoomNotify(const QString &room, ClientSettings::Notify notify)
{
    if (!m_memory)
        return;
    m_memory->setNotify(m_client.roomName(room), notify);
    if (Conversation *where = conversation(roomTarget(room), false))
        updateItem(where);
    updateTitle();
}

void ChatWindow::showSidebarMenu(const QPoint &at)
{
    QTreeWidgetItem *item = m_ui->sidebar->itemAt(at);
    if (!item || item->data(0, SidebarDelegate::HeadingRole).toBool())
        return;
    Conversation *chosen = m_conversations.value(item->data(0, TargetRole).toString());
    if (!chosen)
        return;
    QMenu menu(this);
    if (chosen->isRoom()) {
        QMenu *notifyMenu = menu.addMenu(tr("&Notify Me"));
        auto *group = new QActionGroup(notifyMenu);
        const ClientSettings::Notify now = roomNotify(chosen->target);
        const QString target = chosen->target;
        const QList<QPair<QString, ClientSettings::Notify>> choices{
                {tr("For &Every Message"), ClientSettings::Notify::Every},
                {tr("When I Am &Mentioned"), ClientSettings::Notify::Mentions},
                {tr("&Never"), ClientSettings::Notify::Never}};
        for (const auto &[text, notify] : choices) {
            QAction *action = notifyMenu->addAction(text);
            action->setCheckable(true);
            action->setChecked(now == notify);
            group->addAction(action);
            const ClientSettings::Notify chosenNotify = notify;
            connect(action, &QAction::triggered, this,
                    [this, target, chosenNotify] { setRoomNotify(target, chosenNotify); });
        }
        menu.addSeparator();
        if (!chosen->joined && m_client.state() == ChatClient::State::Connected) {
            QAction *rejoin = menu.addAction(tr("&Join Again"));
            const QString name = m_client.roomName(target);
            connect(rejoin, &QAction::triggered, this, [this, name, target] {
                m_commands.execute(QStringLiteral("/join ") + name, target);
            });
        }
    }
    // Leave a room one is in, or close the conversation (the default room stays).
    const QString target = chosen->target;
    const bool inRoom = isIn(chosen);
    if (inRoom || !target.isEmpty()) {
        QAction *leaving = menu.addAction(inRoom ? tr("&Leave %1").arg(m_client.roomName(target))
                                                 : tr("&Close"));
        connect(leaving, &QAction::triggered, this, [this, target] { leave(target); });
    }
    menu.exec(m_ui->sidebar->viewport()->mapToGlobal(at));
}

void ChatWindow::rememberServer()
{
    if (!m_memory || m_client.state() != ChatClient::State::Connected)
        return;
    m_memory->setRooms(m_client.roomsToRejoin());
    m_memory->setLastSeenId(m_client.lastSeenId());
}

void ChatWindow::updateTopic()
{
    const Conversation *here = currentConversation();
    if (!here || !here->isRoom() || !m_client.serverHasRooms()) {
        m_ui->topicLabel->setText(here && !here->isRoom()
                                          ? tr("Private conversation with %1").arg(here->target)
                                          : QString());
        m_ui->topicLabel->setVisible(here && (!here->isRoom() || m_client.serverHasRooms()));
        return;
    }
    m_ui->topicLabel->setVisible(true);
    const QString name = m_client.roomName(here->target);
    if (!here->joined) {
        m_ui->topicLabel->setText(tr("%1 — you are not in this room").arg(name));
        return;
    }
    const Topic topic = m_client.topic(here->target);
    m_ui->topicLabel->setText(
            topic.text.isEmpty() ? tr("%1 — no topic (Chat > Set the Topic… sets one)").arg(name)
                                 : tr("%1 — %2").arg(name, topic.text));
}

void ChatWindow::connectTo(const QString &host, quint16 port, const QString &nick,
                           const QString &password)
{
    m_password = password;
    m_motdShown = false;
    m_settings.nick = nick;
    m_settings.addRecentServer(host, port);
    m_settings.save();
    for (Conversation *each : std::as_const(m_conversations))
        each->model->setOwnNick(nick);
    resumeIfNew(host, port);
    m_client.connectToServer(host, port, nick, password);
    updateTitle();
}

void ChatWindow::resumeIfNew(const QString &host, quint16 port)
{
    if (!m_client.host().isEmpty() && host == m_client.host() && port == m_client.port())
        return; // the same server: the client knows better than what was saved
    if (!m_client.host().isEmpty()) {
        // Another server: the rooms of this one go (what was said stays, greyed by the reset).
        rememberServer();
        const QList<Conversation *> rooms = roomConversations();
        for (Conversation *room : rooms)
            removeConversation(room);
    }
    // The rooms of the last time, and what was said there since; read once
    // per server (each message asks how its room notifies).
    m_memory = std::make_unique<ServerMemory>(host, port);
    m_client.resume(m_memory->lastSeenId(), m_memory->rooms());
    m_seenUpTo = m_memory->lastSeenId();
    m_resuming = m_memory->lastSeenId() > 0;
}

void ChatWindow::confirmNewCertificate()
{
    QMessageBox box(QMessageBox::Warning, tr("The Server's Certificate Has Changed"),
                    tr("%1 port %2 is not showing the certificate it showed before.")
                            .arg(m_client.host())
                            .arg(m_client.port()),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("certificateChangedBox"));
    box.setInformativeText(
            tr("Before: %1\nNow: %2\n\nIts operator may have replaced it (a new installation, "
               "a new computer). Or someone between you and the server may be pretending to "
               "be it, to read the chat. Ask the operator which fingerprint the server shows "
               "now (in its window, or when qtchat-server --no-gui starts) before you trust "
               "it.")
                    .arg(Fingerprint::shortForm(m_client.pinnedFingerprint()),
                         Fingerprint::shortForm(m_client.certificateFingerprint())));
    box.setDetailedText(
            tr("SHA-256 fingerprints\nBefore: %1\nNow: %2")
                    .arg(m_client.pinnedFingerprint(), m_client.certificateFingerprint()));
    QPushButton *dont = box.addButton(tr("Don't Connect"), QMessageBox::RejectRole);
    QPushButton *trust = box.addButton(tr("Trust the New Certificate"), QMessageBox::AcceptRole);
    box.setDefaultButton(dont);
    box.setEscapeButton(dont);
    box.exec();
    if (box.clickedButton() != trust)
        return;
    // Said where the chat is, for whoever looks back at what happened.
    addStatus(tr("You trusted the new certificate of %1 port %2: %3.")
                      .arg(m_client.host())
                      .arg(m_client.port())
                      .arg(Fingerprint::shortForm(m_client.certificateFingerprint())));
    m_client.trustNewCertificate();
}

void ChatWindow::confirmUnencrypted(const QString &reason)
{
    QMessageBox box(QMessageBox::Warning, tr("Connect Without Encryption?"), reason,
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("unencryptedBox"));
    box.setInformativeText(tr("Connect only if you trust this network. qtchat remembers the "
                              "choice for this server; the status bar shows \"Not encrypted\" "
                              "while you are connected so."));
    QPushButton *dont = box.addButton(tr("Don't Connect"), QMessageBox::RejectRole);
    QPushButton *plain = box.addButton(tr("Connect Without Encryption"), QMessageBox::AcceptRole);
    box.setDefaultButton(dont);
    box.setEscapeButton(dont);
    box.exec();
    if (box.clickedButton() == plain)
        m_client.allowUnencrypted();
}

void ChatWindow::explainEncryption()
{
    if (m_encryption->shows() != EncryptionIndicator::Shows::NotEncrypted) {
        QMessageBox::information(this, tr("Encrypted Connection"), m_encryption->toolTip());
        return;
    }
    const QMessageBox::StandardButton answer = QMessageBox::question(
            this, tr("Try Encryption Again?"),
            tr("Connect to %1 port %2 with encryption again? If the server still does not offer "
               "it, qtchat asks you once more.")
                    .arg(m_client.host())
                    .arg(m_client.port()),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer == QMessageBox::Yes)
        m_client.forgetUnencrypted();
}

void ChatWindow::showConnectDialog(const QString &error, const QString &host, quint16 port,
                                   ChatClient::ErrorKind why)
{
    ConnectDialog dialog(this);
    if (!m_client.host().isEmpty()) {
        dialog.setHost(m_client.host());
        dialog.setPort(m_client.port());
        dialog.setNick(m_client.nick());
        dialog.setPassword(m_password);
    }
    if (!host.isEmpty())
        dialog.setHost(host);
    if (port != 0)
        dialog.setPort(port);
    dialog.setError(error);
    // The field to mend has the focus.
    switch (why) {
    case ChatClient::ErrorKind::AuthFailed:
        dialog.focusField(ConnectDialog::Field::Password);
        break;
    case ChatClient::ErrorKind::NickTaken:
    case ChatClient::ErrorKind::BadNick:
        dialog.focusField(ConnectDialog::Field::Nick);
        break;
    case ChatClient::ErrorKind::HostNotFound:
    case ChatClient::ErrorKind::NetworkUnreachable:
    case ChatClient::ErrorKind::ConnectionRefused:
    case ChatClient::ErrorKind::TimedOut:
        dialog.focusField(ConnectDialog::Field::Host);
        break;
    default:
        break;
    }
    if (dialog.exec() != QDialog::Accepted)
        return;
    // A server found on the network: its certificate is checked against the
    // announcement, and a failure is explained knowing it is there.
    if (dialog.isAnnounced())
        m_client.setAnnounced(dialog.host(), dialog.port(), dialog.announcedFingerprint());
    else
        m_client.setAnnounced(QString(), 0, QString());
    if (dialog.remember()) {
        connectTo(dialog.host(), dialog.port(), dialog.nick(), dialog.password());
    } else {
        m_password = dialog.password();
        resumeIfNew(dialog.host(), dialog.port());
        m_client.connectToServer(dialog.host(), dialog.port(), dialog.nick(), dialog.password());
        updateTitle();
    }
}

bool ChatWindow::send(const QString &text)
{
    Conversation *here = currentConversation();
    if (!here)
        return false;
    const CommandInterpreter::Outcome outcome = m_commands.execute(text, here->target);
    switch (outcome.kind) {
    case CommandInterpreter::Outcome::Kind::Done:
        return true;
    case CommandInterpreter::Outcome::Kind::Refused:
        return false; // the reason is shown; the text stays to be mended
    case CommandInterpreter::Outcome::Kind::NotConnected:
        // Never connected: there is no server to keep it for.
        addStatus(tr("Not connected: choose Chat > Connect… first."), here);
        return false;
    case CommandInterpreter::Outcome::Kind::TooLong:
        offerToSplit(outcome);
        return false;
    }
    return false;
}

void ChatWindow::offerToSplit(const CommandInterpreter::Outcome &tooLong)
{
    m_tooLong = tooLong;
    const QLocale locale;
    const int pieces = int(m_commands.split(tooLong.text).size());
    m_ui->longTextLabel->setText(
            tr("This message is %1 bytes: %2 more than the server takes in one message (%3). "
               "Shorten it, or send it as several messages.")
                    .arg(locale.toString(tooLong.size),
                         locale.toString(tooLong.size - tooLong.limit),
                         locale.toString(tooLong.limit)));
    m_ui->splitButton->setText(tr("&Send as %n messages", "", pieces));
    m_ui->longTextBar->show();
    m_ui->splitButton->setFocus();
}

void ChatWindow::sendInPieces()
{
    m_ui->longTextBar->hide();
    const QStringList pieces = m_commands.split(m_tooLong.text);
    if (pieces.isEmpty())
        return;
    // Where it was for (a /msg typed in the room goes to that person).
    if (!CommandInterpreter::isRoom(m_tooLong.to))
        openPrivateConversation(m_tooLong.to);
    for (const QString &piece : pieces)
        m_commands.sendText(piece, m_tooLong.action, m_tooLong.to);
    m_ui->input->clear();
    m_tooLong = CommandInterpreter::Outcome();
    m_ui->input->setFocus();
}

QString ChatWindow::targetOf(const ChatMessage &message) const
{
    if (message.to.isEmpty())
        return roomTarget(message.room);
    // A whisper: the conversation with the other one.
    const bool own = Validation::nickKey(message.from) == Validation::nickKey(m_client.nick());
    return own ? message.to : message.from;
}

void ChatWindow::routeMessage(const ChatMessage &message)
{
    const bool own = Validation::nickKey(message.from) == Validation::nickKey(m_client.nick());
    Conversation *where = conversation(targetOf(message), true);
    where->model->addMessage(message);
    m_seenUpTo = std::max(m_seenUpTo, message.id);
    if (!m_rememberTimer->isActive())
        m_rememberTimer->start();
    if (!own)
        noteUnread(where, message);
}

void ChatWindow::routeHistory(const HistoryPage &page, bool replay)
{
    // Room messages to their rooms; whispers to their conversations.
    QHash<QString, HistoryPage> byTarget;
    // Coming back: what others said meanwhile is unread (not the first backlog).
    const qint64 seenBefore = m_seenUpTo;
    QList<QPair<QString, ChatMessage>> missed;
    for (const ChatMessage &message : page.messages) {
        const QString target = targetOf(message);
        const bool own = Validation::nickKey(message.from) == Validation::nickKey(m_client.nick());
        if (replay && seenBefore > 0 && message.id > seenBefore && !own)
            missed.append({target, message});
        if (replay)
            m_seenUpTo = std::max(m_seenUpTo, message.id);
        HistoryPage &part = byTarget[conversationKey(target)];
        if (part.messages.isEmpty())
            part.complete = page.complete;
        part.messages.append(message);
        if (replay)
            conversation(target, true); // opens a conversation for a whisper missed
    }
    // A page of one room goes to that room only; an older page without one to
    // the conversation that asked for it (the others would get a block of old
    // messages above a gap).
    const QString pageKey =
            page.room.isEmpty() ? QString() : conversationKey(roomTarget(page.room));
    for (Conversation *each : std::as_const(m_conversations)) {
        const QString key = conversationKey(each->target);
        if (!page.room.isEmpty() && key != pageKey)
            continue;
        if (page.room.isEmpty() && !replay && key != m_olderAskedBy)
            continue;
        HistoryPage part = byTarget.value(key);
        part.complete = page.complete;
        each->model->addHistory(part, replay);
    }
    for (const auto &[target, message] : std::as_const(missed))
        noteUnread(conversation(target, true), message);
    // After a restart, the replay holds what was missed; each room also shows
    // a page of what came before it (once), to read it in context.
    if (m_resuming && replay && page.room.isEmpty()) {
        m_resuming = false;
        for (Conversation *room : roomConversations()) {
            if (!room->joined || !m_client.isInRoom(room->target))
                continue;
            if (m_client.serverHasRooms()) {
                m_client.requestHistory(room->model->oldestId(), DefaultHistoryPage,
                                        m_client.roomName(room->target));
            } else {
                m_olderAskedBy = QString(); // the one room's page, without a room name
                m_client.requestHistory(room->model->oldestId(), DefaultHistoryPage);
            }
        }
    }
}

void ChatWindow::routeOutgoing(const ChatClient::Outgoing &outgoing)
{
    conversation(outgoing.to.isEmpty() ? roomTarget(outgoing.room) : outgoing.to, true)
            ->model->updateOutgoing(outgoing);
}

void ChatWindow::addStatus(const QString &text, Conversation *where)
{
    if (!where)
        where = conversation(QString(), true);
    where->model->addEvent(MessageModel::Kind::Status, QString(), text,
                           QDateTime::currentMSecsSinceEpoch());
}

void ChatWindow::addEvent(const QString &target, int kind, const QString &nick, const QString &text,
                          qint64 ts)
{
    conversation(target, true)
            ->model->addEvent(MessageModel::Kind(kind), nick, text,
                              ts > 0 ? ts : QDateTime::currentMSecsSinceEpoch());
}

void ChatWindow::noteUnread(Conversation *where, const ChatMessage &message)
{
    const bool seen = isActiveWindow() && currentConversation() == where;
    if (seen)
        return;
    const bool privately = !message.to.isEmpty();
    const bool mention = privately || where->model->mentionsOwnNick(message.text);
    ++where->unread;
    if (mention)
        ++where->mentions;
    updateItem(where);
    updateTitle();

    // A room notifies as its setting says; a private message as the setting for all.
    const ClientSettings::Notify setting =
            privately ? m_settings.notify : roomNotify(where->target);
    const bool wanted = setting == ClientSettings::Notify::Every ||
                        (setting == ClientSettings::Notify::Mentions && mention);
    if (wanted && !isActiveWindow()) {
        const QString title =
                privately ? tr("%1 (private)").arg(message.from)
                          : (m_client.serverHasRooms()
                                     ? tr("%1 in %2")
                                               .arg(message.from, m_client.roomName(where->target))
                                     : message.from);
        notify(title, message.text.left(200));
    }
}

void ChatWindow::notify(const QString &title, const QString &text)
{
    if (m_tray && m_tray->isVisible() && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(title, text, QSystemTrayIcon::Information, 8000);
    else
        QApplication::alert(this);
}

void ChatWindow::markRead()
{
    Conversation *here = currentConversation();
    if (!here || here->unread == 0 || !isActiveWindow())
        return;
    here->unread = 0;
    here->mentions = 0;
    updateItem(here);
    updateTitle();
}

int ChatWindow::unreadCount() const
{
    int total = 0;
    for (const Conversation *each : m_conversations) {
        if (!each->isRoom()) {
            total += each->unread;
            continue;
        }
        switch (roomNotify(each->target)) {
        case ClientSettings::Notify::Every:
            total += each->unread;
            break;
        case ClientSettings::Notify::Mentions:
            total += each->mentions;
            break;
        case ClientSettings::Notify::Never:
            break;
        }
    }
    return total;
}

void ChatWindow::updateTitle()
{
    // The application's name follows (Qt adds the display name). The
    // nickname only while the server knows us by it.
    QString title;
    if (!m_client.host().isEmpty()) {
        switch (m_client.state()) {
        case ChatClient::State::Connected:
            title = tr("%1 on %2").arg(m_client.nick(), m_client.host());
            break;
        case ChatClient::State::Connecting:
        case ChatClient::State::Reconnecting:
            title = tr("%1 (connecting)").arg(m_client.host());
            break;
        case ChatClient::State::Disconnected:
            title = tr("%1 (not connected)").arg(m_client.host());
            break;
        }
    }
    const int unread = unreadCount();
    if (unread > 0)
        title = title.isEmpty() ? tr("(%1)").arg(unread) : tr("(%1) %2").arg(unread).arg(title);
    setWindowTitle(title);
}

void ChatWindow::updateStatus()
{
    const ChatClient::State state = m_client.state();
    QString text;
    switch (state) {
    case ChatClient::State::Disconnected:
        text = m_client.lastErrorText().isEmpty()
                       ? tr("Not connected. Chat > Connect… to join a server.")
                       : tr("Not connected: %1").arg(m_client.lastErrorText());
        break;
    case ChatClient::State::Connecting:
        text = tr("Connecting to %1 port %2…").arg(m_client.host()).arg(m_client.port());
        break;
    case ChatClient::State::Connected:
        text = tr("Connected to %1 port %2 as %3")
                       .arg(m_client.host())
                       .arg(m_client.port())
                       .arg(m_client.nick());
        break;
    case ChatClient::State::Reconnecting: {
        // What happens next first: a narrow window cuts the end, not the countdown.
        const qint64 ms = QDateTime::currentDateTime().msecsTo(m_client.nextAttemptAt());
        text = tr("Trying again in %1 s. %2")
                       .arg(qMax<qint64>(0, (ms + 999) / 1000))
                       .arg(m_client.lastErrorText());
        break;
    }
    }
    const qsizetype waiting = m_client.outbox().size();
    if (waiting > 0 && state != ChatClient::State::Connected)
        text = tr("%n message(s) will be sent when you are back online.", "", int(waiting)) + u' ' +
               text;
    m_stateLabel->setText(text);
    if (state != ChatClient::State::Connected)
        m_encryption->showState(EncryptionIndicator::Shows::Nothing, QString());
    else if (m_client.isEncrypted())
        m_encryption->showState(
                EncryptionIndicator::Shows::Encrypted,
                tr("Encrypted (%1). The server's certificate: %2, %3.")
                        .arg(m_client.encryptionDescription(),
                             Fingerprint::shortForm(m_client.certificateFingerprint()),
                             m_client.isCertificateVouched()
                                     ? tr("vouched for by a certificate authority")
                                     : tr("the one it showed the first time")));
    else
        m_encryption->showState(EncryptionIndicator::Shows::NotEncrypted,
                                tr("Not encrypted: anyone on the network can read this chat and "
                                   "the password. You agreed to connect to this server without "
                                   "encryption; click to try encryption again."));
    m_reconnectButton->setVisible(
            state == ChatClient::State::Reconnecting ||
            (state == ChatClient::State::Disconnected && !m_client.host().isEmpty()));
    m_ui->disconnectAction->setEnabled(state != ChatClient::State::Disconnected);
    // What the room actions can do in the conversation shown.
    const Conversation *here = currentConversation();
    const bool connected = state == ChatClient::State::Connected;
    const bool inRoom = here && isIn(here);
    const bool oneRoomOnly = connected && !m_client.serverHasRooms();
    m_ui->joinRoomAction->setEnabled(!oneRoomOnly);
    m_ui->joinRoomButton->setEnabled(!oneRoomOnly);
    m_ui->joinRoomButton->setToolTip(oneRoomOnly ? tr("This server has one room only (it is older "
                                                      "than rooms).")
                                                 : tr("See the server's rooms, and join one or "
                                                      "make a new one"));
    m_ui->leaveAction->setText(here && !here->isRoom() ? tr("&Close Conversation")
                                                       : tr("&Leave Room"));
    m_ui->leaveAction->setEnabled(here && ((inRoom && connected && !oneRoomOnly) ||
                                           (!inRoom && !here->target.isEmpty())));
    m_ui->topicAction->setEnabled(inRoom && connected && !oneRoomOnly);
    if (state == ChatClient::State::Reconnecting)
        m_countdown->start();
    else
        m_countdown->stop();
}

void ChatWindow::updatePeople()
{
    const QString room = peopleRoom();
    const bool current =
            m_client.state() == ChatClient::State::Connected && m_client.isInRoom(room);
    const int count = m_client.peopleInRoom(room);
    m_ui->usersView->setEnabled(current);
    if (current) {
        m_ui->usersLabel->setText(tr("&People (%1)").arg(QLocale().toString(count)));
        m_ui->usersView->setToolTip(
                m_client.usersListIsOld(room)
                        ? tr("In a room this large, people coming and going are counted, not "
                             "listed one by one: /who brings the list up to date.")
                        : tr("Double-click someone to talk to them privately"));
    } else if (m_lastConnectedAt > 0) {
        const QString when =
                QDateTime::fromMSecsSinceEpoch(m_lastConnectedAt).toString(QStringLiteral("HH:mm"));
        m_ui->usersLabel->setText(tr("&People (%1, when last connected)").arg(count));
        m_ui->usersView->setToolTip(
                tr("Who was here when the connection was last up (since %1); it is brought up "
                   "to date when the server is back.")
                        .arg(when));
    } else {
        m_ui->usersLabel->setText(tr("&People"));
        m_ui->usersView->setToolTip(QString());
    }
}

void ChatWindow::showSettings()
{
    ClientSettings shown = m_settings;
    if (!m_client.nick().isEmpty())
        shown.nick = m_client.nick();
    ClientSettingsDialog dialog(shown, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ClientSettings chosen = dialog.settings();
    const QString currentNick = shown.nick;
    // The nickname is kept once the server accepts it (see userRenamed).
    const QString keptNick = m_settings.nick;
    m_settings = chosen;
    m_settings.nick = keptNick;
    if (m_client.host().isEmpty())
        m_settings.nick = chosen.nick; // not connected: it is for the next connection
    m_settings.save();
    applySettings();
    if (!chosen.nick.isEmpty() && chosen.nick != currentNick && !m_client.host().isEmpty())
        m_client.changeNick(chosen.nick);
}

void ChatWindow::applySettings()
{
    for (Conversation *each : std::as_const(m_conversations)) {
        QFont font = QApplication::font(each->view);
        if (m_settings.fontSize > 0)
            font.setPointSize(m_settings.fontSize);
        each->view->setFont(font);
        each->view->setShowTimestamps(m_settings.timestamps);
    }
}

void ChatWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange && isActiveWindow())
        markRead();
}

void ChatWindow::closeEvent(QCloseEvent *event)
{
    const int waiting = int(m_client.outbox().size());
    if (waiting > 0) {
        QMessageBox box(this);
        box.setIcon(QMessageBox::Question);
        box.setWindowTitle(tr("Quit qtchat?"));
        QPushButton *quit = nullptr;
        QPushButton *discard = nullptr;
        if (m_client.keepsOutboxOnDisk()) {
            box.setText(
                    tr("%n message(s) you typed have not reached the server yet.", "", waiting));
            box.setInformativeText(tr("They are kept, and sent the next time you connect to %1 "
                                      "as %2.")
                                           .arg(m_client.host(), m_client.nick()));
            quit = box.addButton(tr("&Quit"), QMessageBox::AcceptRole);
            discard = box.addButton(tr("&Drop them and quit"), QMessageBox::DestructiveRole);
        } else {
            box.setText(tr("%n message(s) you typed have not reached the server yet and will "
                           "be lost.",
                           "", waiting));
            quit = box.addButton(tr("&Quit"), QMessageBox::AcceptRole);
        }
        QPushButton *cancel = box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(cancel);
        box.exec();
        if (box.clickedButton() == discard) {
            m_client.discardOutbox();
        } else if (box.clickedButton() != quit) {
            event->ignore();
            return;
        }
    }
    m_quitting = true;
    rememberServer();
    if (m_client.state() != ChatClient::State::Disconnected)
        m_client.disconnectFromServer(m_quitReason);
    QSettings settings;
    settings.setValue(QStringLiteral("client/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("client/splitter"), m_ui->splitter->saveState());
    event->accept();
}
