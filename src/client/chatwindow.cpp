#include "chatwindow.h"

#include "chatinput.h"
#include "clientsettingsdialog.h"
#include "connectdialog.h"
#include "elidedlabel.h"
#include "messagemodel.h"
#include "messageview.h"
#include "plaintextformat.h"
#include "ui_chatwindow.h"
#include "userlistmodel.h"
#include "validation.h"

#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTabBar>
#include <QTimer>

#include <algorithm>

using namespace Protocol;

ChatWindow::ChatWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::ChatWindow>())
    , m_commands(&m_client)
    , m_users(new UserListModel(this))
    , m_settings(ClientSettings::load())
    , m_stateLabel(new ElidedLabel(this))
    , m_reconnectButton(new QPushButton(tr("&Reconnect now"), this))
    , m_countdown(new QTimer(this))
{
    m_ui->setupUi(this);
    // What is typed while offline is kept on disk until the server has it.
    m_client.setOutboxDirectory(ClientSettings::outboxDirectory());
    m_ui->splitter->setStretchFactor(0, 4);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->usersView->setModel(m_users);
    connect(m_ui->usersView, &QAbstractItemView::doubleClicked, this,
            [this](const QModelIndex &index) {
                openPrivateConversation(index.data(UserListModel::NickRole).toString());
            });

    // The room is always the first tab, and cannot be closed.
    Conversation *room = conversation(QString(), true);
    m_ui->tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr);
    m_ui->tabs->tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);
    Q_UNUSED(room);
    connect(m_ui->tabs, &QTabWidget::tabCloseRequested, this, &ChatWindow::closeTab);
    connect(m_ui->tabs, &QTabWidget::currentChanged, this, [this] {
        markRead();
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
            [this](const QString &peer, const QString &text) {
                addStatus(text, conversation(peer, false));
            });
    connect(&m_commands, &CommandInterpreter::privateConversationRequested, this,
            &ChatWindow::openPrivateConversation);
    connect(&m_commands, &CommandInterpreter::quitRequested, this, [this](const QString &reason) {
        m_quitReason = reason;
        if (!close()) // the user kept the window (messages still waiting)
            m_quitReason.clear();
    });

    // The state comes first (the whole of it in the tooltip when it does not fit).
    statusBar()->addWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_reconnectButton);
    m_stateLabel->setObjectName(QStringLiteral("stateLabel"));
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
                if (m_client.attempt() <= 1)
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
        if (!welcome.motd.isEmpty() && !m_motdShown) // once, not after every reconnect
            addEvent(int(MessageModel::Kind::Notice), QString(), welcome.motd, 0);
        m_motdShown = true;
        updateTitle();
    });
    connect(&m_client, &ChatClient::historyReceived, this, &ChatWindow::routeHistory);
    connect(&m_client, &ChatClient::messageReceived, this, &ChatWindow::routeMessage);
    connect(&m_client, &ChatClient::outgoingChanged, this, [this](const ChatClient::Outgoing &o) {
        routeOutgoing(o);
        updateStatus(); // how many wait
    });
    connect(&m_client, &ChatClient::usersChanged, this, [this] {
        m_users->setUsers(m_client.users());
        updatePeople();
    });
    connect(&m_client, &ChatClient::userJoined, this, [this](const Joined &joined) {
        addEvent(int(MessageModel::Kind::Join), joined.nick, tr("→ %1 joined").arg(joined.nick),
                 joined.ts);
    });
    connect(&m_client, &ChatClient::userLeft, this, [this](const Left &left) {
        addEvent(int(MessageModel::Kind::Leave), left.nick,
                 left.reason.isEmpty()
                         ? tr("← %1 left").arg(left.nick)
                         : tr("← %1 left (%2)")
                                   .arg(left.nick, ChatClient::describeLeaving(left.reason)),
                 left.ts);
    });
    connect(&m_client, &ChatClient::userRenamed, this, [this](const Renamed &renamed) {
        addEvent(int(MessageModel::Kind::Rename), renamed.to,
                 tr("%1 is now known as %2").arg(renamed.from, renamed.to), renamed.ts);
        if (renamed.to == m_client.nick()) {
            for (Conversation *each : std::as_const(m_conversations))
                each->model->setOwnNick(renamed.to);
            m_users->setOwnNick(renamed.to);
            m_settings.nick = renamed.to;
            m_settings.save();
            updateTitle();
            updateStatus();
        }
        // A private conversation follows its peer's new name. An old tab under
        // that name (someone who left) is closed first: two tabs, one name, would
        // leave one of them with nowhere to send.
        const QString fromKey = conversationKey(renamed.from);
        const QString toKey = conversationKey(renamed.to);
        if (Conversation *peer = m_conversations.value(fromKey); peer && fromKey != toKey) {
            if (Conversation *old = m_conversations.value(toKey))
                closeTab(m_ui->tabs->indexOf(old->view));
            m_conversations.remove(fromKey);
            peer->peer = renamed.to;
            m_conversations.insert(toKey, peer);
            m_ui->tabs->setTabText(m_ui->tabs->indexOf(peer->view), renamed.to);
        } else if (peer) {
            peer->peer = renamed.to; // only the case changed
            m_ui->tabs->setTabText(m_ui->tabs->indexOf(peer->view), renamed.to);
        }
    });
    connect(&m_client, &ChatClient::presenceReceived, this, [this](const Presence &presence) {
        // A large room's comings and goings, counted (the server folds them).
        QStringList parts;
        if (presence.joined > 0)
            parts.append(tr("→ %n joined", nullptr, presence.joined));
        if (presence.left > 0)
            parts.append(tr("← %n left", nullptr, presence.left));
        parts.append(tr("%n people here", nullptr, presence.users));
        addEvent(int(MessageModel::Kind::Join), QString(), parts.join(tr("; ")), presence.ts);
        updatePeople();
    });
    connect(&m_client, &ChatClient::noticeReceived, this, [this](const Notice &notice) {
        addEvent(int(MessageModel::Kind::Notice), QString(), notice.text, notice.ts);
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

QString ChatWindow::conversationKey(const QString &peer) const
{
    return peer.isEmpty() ? QString() : Validation::nickKey(peer);
}

ChatWindow::Conversation *ChatWindow::conversation(const QString &peer, bool create)
{
    const QString key = conversationKey(peer);
    if (Conversation *found = m_conversations.value(key))
        return found;
    if (!create)
        return nullptr;
    auto *made = new Conversation;
    made->peer = peer;
    made->model = new MessageModel(this);
    made->model->setOwnNick(m_client.nick());
    made->view = new MessageView(this);
    made->view->setModel(made->model);
    made->view->setShowTimestamps(m_settings.timestamps);
    made->view->setAccessibleName(peer.isEmpty() ? tr("Room messages")
                                                 : tr("Private messages with %1").arg(peer));
    MessageView *view = made->view;
    connect(view, &MessageView::olderMessagesWanted, this, [this, view] {
        Conversation *asking = conversationOf(view);
        if (!asking || !asking->model->hasOlderHistory() ||
            m_client.state() != ChatClient::State::Connected)
            return;
        m_olderAskedBy = conversationKey(asking->peer);
        m_client.requestHistory(asking->model->oldestId());
    });
    if (m_settings.fontSize > 0) {
        QFont font = made->view->font();
        font.setPointSize(m_settings.fontSize);
        made->view->setFont(font);
    }
    m_ui->tabs->addTab(made->view, peer.isEmpty() ? tr("Room") : peer);
    m_conversations.insert(key, made);
    return made;
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
    return conversationOf(m_ui->tabs->currentWidget());
}

MessageView *ChatWindow::conversationView(const QString &peer) const
{
    const Conversation *found = m_conversations.value(conversationKey(peer));
    return found ? found->view : nullptr;
}

MessageModel *ChatWindow::conversationModel(const QString &peer) const
{
    const Conversation *found = m_conversations.value(conversationKey(peer));
    return found ? found->model : nullptr;
}

void ChatWindow::openPrivateConversation(const QString &peer)
{
    if (peer.isEmpty() || Validation::nickKey(peer) == Validation::nickKey(m_client.nick()))
        return;
    Conversation *made = conversation(peer, true);
    m_ui->tabs->setCurrentWidget(made->view);
    m_ui->input->setFocus();
}

void ChatWindow::closeTab(int index)
{
    for (auto it = m_conversations.begin(); it != m_conversations.end(); ++it) {
        Conversation *each = it.value();
        if (each->peer.isEmpty() || m_ui->tabs->widget(index) != each->view)
            continue;
        m_ui->tabs->removeTab(index);
        each->view->deleteLater();
        each->model->deleteLater();
        delete each;
        m_conversations.erase(it);
        updateTitle();
        return;
    }
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
    m_client.connectToServer(host, port, nick, password);
    updateTitle();
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
    case ChatClient::ErrorKind::ConnectionRefused:
    case ChatClient::ErrorKind::TimedOut:
        dialog.focusField(ConnectDialog::Field::Host);
        break;
    default:
        break;
    }
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.remember()) {
        connectTo(dialog.host(), dialog.port(), dialog.nick(), dialog.password());
    } else {
        m_password = dialog.password();
        m_client.connectToServer(dialog.host(), dialog.port(), dialog.nick(), dialog.password());
        updateTitle();
    }
}

bool ChatWindow::send(const QString &text)
{
    Conversation *here = currentConversation();
    if (!here)
        return false;
    const CommandInterpreter::Outcome outcome = m_commands.execute(text, here->peer);
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
    // To whom it was for (a /msg typed in the room goes to that person).
    if (!m_tooLong.to.isEmpty())
        openPrivateConversation(m_tooLong.to);
    for (const QString &piece : pieces)
        m_commands.sendText(piece, m_tooLong.action, m_tooLong.to);
    m_ui->input->clear();
    m_tooLong = CommandInterpreter::Outcome();
    m_ui->input->setFocus();
}

void ChatWindow::routeMessage(const ChatMessage &message)
{
    const bool own = Validation::nickKey(message.from) == Validation::nickKey(m_client.nick());
    QString peer;
    if (!message.to.isEmpty())
        peer = own ? message.to : message.from;
    Conversation *where = conversation(peer, true);
    where->model->addMessage(message);
    m_seenUpTo = std::max(m_seenUpTo, message.id);
    if (!own)
        noteUnread(where, message);
}

void ChatWindow::routeHistory(const HistoryPage &page, bool replay)
{
    // Room messages to the room; whispers to their conversations.
    QHash<QString, HistoryPage> byPeer;
    // Coming back: what others said meanwhile is unread (not the first backlog).
    const qint64 seenBefore = m_seenUpTo;
    QList<QPair<QString, ChatMessage>> missed;
    for (const ChatMessage &message : page.messages) {
        QString peer;
        const bool own = Validation::nickKey(message.from) == Validation::nickKey(m_client.nick());
        if (!message.to.isEmpty())
            peer = own ? message.to : message.from;
        if (replay && seenBefore > 0 && message.id > seenBefore && !own)
            missed.append({peer, message});
        if (replay)
            m_seenUpTo = std::max(m_seenUpTo, message.id);
        HistoryPage &part = byPeer[conversationKey(peer)];
        if (part.messages.isEmpty())
            part.complete = page.complete;
        part.messages.append(message);
        if (replay)
            conversation(peer, true); // opens a tab for a whisper missed
    }
    for (Conversation *each : std::as_const(m_conversations)) {
        // An older page goes to the conversation that asked for it only; the
        // others would get a block of old messages above a gap.
        if (!replay && conversationKey(each->peer) != m_olderAskedBy)
            continue;
        HistoryPage part = byPeer.value(conversationKey(each->peer));
        part.complete = page.complete;
        each->model->addHistory(part, replay);
    }
    for (const auto &[peer, message] : std::as_const(missed))
        noteUnread(conversation(peer, true), message);
}

void ChatWindow::routeOutgoing(const ChatClient::Outgoing &outgoing)
{
    conversation(outgoing.to, true)->model->updateOutgoing(outgoing);
}

void ChatWindow::addStatus(const QString &text, Conversation *where)
{
    if (!where)
        where = conversation(QString(), true);
    where->model->addEvent(MessageModel::Kind::Status, QString(), text,
                           QDateTime::currentMSecsSinceEpoch());
}

void ChatWindow::addEvent(int kind, const QString &nick, const QString &text, qint64 ts)
{
    conversation(QString(), true)
            ->model->addEvent(MessageModel::Kind(kind), nick, text,
                              ts > 0 ? ts : QDateTime::currentMSecsSinceEpoch());
}

void ChatWindow::noteUnread(Conversation *where, const ChatMessage &message)
{
    const bool seen = isActiveWindow() && currentConversation() == where;
    if (seen)
        return;
    ++where->unread;
    const int index = m_ui->tabs->indexOf(where->view);
    const QString name = where->peer.isEmpty() ? tr("Room") : where->peer;
    m_ui->tabs->setTabText(index, tr("%1 (%2)").arg(name).arg(where->unread));
    updateTitle();

    const bool privately = !message.to.isEmpty();
    const bool mention = where->model->mentionsOwnNick(message.text);
    const bool wanted =
            m_settings.notify == ClientSettings::Notify::Every ||
            (m_settings.notify == ClientSettings::Notify::Mentions && (mention || privately));
    if (wanted && !isActiveWindow()) {
        notify(privately ? tr("%1 (private)").arg(message.from) : message.from,
               message.text.left(200));
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
    m_ui->tabs->setTabText(m_ui->tabs->indexOf(here->view),
                           here->peer.isEmpty() ? tr("Room") : here->peer);
    updateTitle();
}

int ChatWindow::unreadCount() const
{
    int total = 0;
    for (const Conversation *each : m_conversations)
        total += each->unread;
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
    m_reconnectButton->setVisible(
            state == ChatClient::State::Reconnecting ||
            (state == ChatClient::State::Disconnected && !m_client.host().isEmpty()));
    m_ui->disconnectAction->setEnabled(state != ChatClient::State::Disconnected);
    if (state == ChatClient::State::Reconnecting)
        m_countdown->start();
    else
        m_countdown->stop();
}

void ChatWindow::updatePeople()
{
    const bool current = m_client.state() == ChatClient::State::Connected;
    const int count = m_client.peopleInRoom();
    m_ui->usersView->setEnabled(current);
    if (current) {
        m_ui->usersLabel->setText(tr("&People (%1)").arg(QLocale().toString(count)));
        m_ui->usersView->setToolTip(
                m_client.usersListIsOld()
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
    if (m_client.state() != ChatClient::State::Disconnected)
        m_client.disconnectFromServer(m_quitReason);
    QSettings settings;
    settings.setValue(QStringLiteral("client/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("client/splitter"), m_ui->splitter->saveState());
    event->accept();
}
