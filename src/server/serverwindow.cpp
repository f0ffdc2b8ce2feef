#include "serverwindow.h"

#include "servercertificate.h"

#include "banlist.h"
#include "chatserver.h"
#include "connectiontablemodel.h"
#include "logrelay.h"
#include "networkaddresses.h"
#include "serverhost.h"
#include "serverlogging.h"
#include "serveroptions.h"
#include "serversettings.h"
#include "serversettingsdialog.h"
#include "ui_serverwindow.h"

#include <QClipboard>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTreeWidget>

namespace {

// Lines the log keeps; older ones are dropped (Save log… keeps what is shown).
constexpr int LogLines = 5000;

// An address as people read it ("all interfaces" for any).
QString readableHost(const QHostAddress &address)
{
    if (address == QHostAddress::Any)
        return ServerWindow::tr("all interfaces");
    if (address == QHostAddress::AnyIPv4)
        return ServerWindow::tr("all IPv4 interfaces");
    if (address == QHostAddress::AnyIPv6)
        return ServerWindow::tr("all IPv6 interfaces");
    return address.toString();
}

QString peopleConnected(int people)
{
    return people == 1 ? ServerWindow::tr("1 person connected")
                       : ServerWindow::tr("%1 people connected").arg(people);
}

// Who can reach the server at an address, as the list of addresses says it.
QString reachNote(const QHostAddress &address)
{
    switch (NetworkAddresses::reach(address)) {
    case NetworkAddresses::Reach::ThisComputer:
        return ServerWindow::tr("from this computer");
    case NetworkAddresses::Reach::Network:
        return ServerWindow::tr("from your network");
    case NetworkAddresses::Reach::NetworkOrInternet:
        break;
    }
    return ServerWindow::tr("from your network or the internet");
}

} // namespace

ServerWindow::ServerWindow(const ServerConfig &config, const ServerConfig &remembered,
                           QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::ServerWindow>())
    , m_host(new ServerHost(config, this))
    , m_remembered(remembered)
    , m_initialHost(config.host)
    , m_initialPort(config.port)
    , m_model(new ConnectionTableModel(this))
    , m_sortedModel(new QSortFilterProxyModel(this))
    , m_logRelay(new LogRelay(this))
{
    m_ui->setupUi(this);

    m_sortedModel->setSourceModel(m_model);
    m_sortedModel->setSortRole(ConnectionTableModel::SortRole);
    m_ui->connectionsView->setModel(m_sortedModel);
    m_ui->connectionsView->sortByColumn(ConnectionTableModel::SinceColumn, Qt::AscendingOrder);
    m_ui->connectionsView->verticalHeader()->hide();
    // Rows as tall as a line of text (the style's default is roomier).
    m_ui->connectionsView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView *header = m_ui->connectionsView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setHighlightSections(false);
    header->setSectionResizeMode(ConnectionTableModel::NickColumn, QHeaderView::Stretch);
    connect(m_ui->connectionsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ServerWindow::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ServerWindow::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ServerWindow::updateStatus);

    m_ui->logView->setMaximumBlockCount(LogLines);
    m_ui->logView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(m_logRelay, &LogRelay::messageLogged, this, &ServerWindow::appendLog);

    QPalette errorPalette = m_ui->errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xb0, 0x1b, 0x1b));
    m_ui->errorLabel->setPalette(errorPalette);
    m_ui->errorLabel->hide();

    fillHostChoices();
    showHost(config.host);
    m_ui->portEdit->setMinimum(0); // 0: any free port
    m_ui->portEdit->setPort(config.port);
    // The address remembered from last time may not be this computer's any more
    // (a laptop on another network): offer "any" instead, saying so.
    const bool hostRemembered = config.host == remembered.host;
    const QString hostText = config.host.toString();
    if (hostRemembered && config.host != QHostAddress::Any &&
        m_ui->hostCombo->findData(hostText) < 0) {
        showHost(QHostAddress(QHostAddress::Any));
        showError(tr("The address used last time, %1, is not an address of this computer now; "
                     "“any” is chosen instead.")
                          .arg(hostText));
    }
    // Editing a field takes its error away.
    connect(m_ui->hostCombo, &QComboBox::editTextChanged, m_ui->errorLabel, &QWidget::hide);
    // A port out of range is said at once, and the number is left as typed.
    connect(m_ui->portEdit, &QLineEdit::textEdited, this,
            [this] { showError(m_ui->portEdit->problem()); });
    connect(m_ui->portEdit, &QLineEdit::returnPressed, this, &ServerWindow::start);
    connect(m_ui->hostCombo->lineEdit(), &QLineEdit::returnPressed, this, &ServerWindow::start);

    connect(m_ui->startButton, &QPushButton::clicked, this, &ServerWindow::start);
    connect(m_ui->startAction, &QAction::triggered, this, &ServerWindow::start);
    auto askToStop = [this] {
        const int people = server() ? server()->userCount() : 0;
        if (people > 0 &&
            QMessageBox::question(this, tr("Stop the server?"),
                                  tr("%1 will be disconnected.").arg(peopleConnected(people)),
                                  QMessageBox::Yes | QMessageBox::Cancel,
                                  QMessageBox::Cancel) != QMessageBox::Yes)
            return;
        stop();
    };
    connect(m_ui->stopButton, &QPushButton::clicked, this, askToStop);
    connect(m_ui->stopAction, &QAction::triggered, this, askToStop);
    connect(m_ui->kickButton, &QPushButton::clicked, this, &ServerWindow::kickSelected);
    connect(m_ui->banButton, &QPushButton::clicked, this, &ServerWindow::banSelected);
    connect(m_ui->noticeButton, &QPushButton::clicked, this, &ServerWindow::sendNotice);
    connect(m_ui->addBanButton, &QPushButton::clicked, this, &ServerWindow::addBan);
    connect(m_ui->newRoomButton, &QPushButton::clicked, this, &ServerWindow::newRoom);
    connect(m_ui->renameRoomButton, &QPushButton::clicked, this, &ServerWindow::renameRoom);
    connect(m_ui->deleteRoomButton, &QPushButton::clicked, this, &ServerWindow::deleteRoom);
    connect(m_ui->topicButton, &QPushButton::clicked, this, &ServerWindow::setRoomTopic);
    connect(m_ui->roomNoticeButton, &QPushButton::clicked, this, &ServerWindow::sendRoomNotice);
    connect(m_ui->removeFromRoomButton, &QPushButton::clicked, this, &ServerWindow::removeFromRoom);
    connect(m_ui->roomsView, &QTreeWidget::currentItemChanged, this, &ServerWindow::updateActions);
    m_ui->roomsView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->roomsView->header()->setStretchLastSection(true);
    connect(m_ui->unbanButton, &QPushButton::clicked, this, &ServerWindow::unbanSelected);
    connect(m_ui->bansList, &QListWidget::itemSelectionChanged, this, &ServerWindow::updateActions);
    connect(m_ui->clearLogButton, &QPushButton::clicked, m_ui->logView, &QPlainTextEdit::clear);
    connect(m_ui->saveLogButton, &QPushButton::clicked, this, &ServerWindow::saveLog);
    connect(m_ui->saveLogAction, &QAction::triggered, this, &ServerWindow::saveLog);
    connect(m_ui->settingsAction, &QAction::triggered, this, &ServerWindow::showSettings);
    connect(m_ui->aboutAction, &QAction::triggered, this, &ServerWindow::showAbout);
    m_ui->quitAction->setShortcut(QKeySequence::Quit);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);

    connect(m_host, &ServerHost::stateChanged, this, &ServerWindow::onStateChanged);
    connect(m_host, &ServerHost::bansChanged, this, &ServerWindow::showBans);
    connect(m_host, &ServerHost::stopped, this, &ServerWindow::onStopped);
    connect(m_host, &ServerHost::announcementChanged, this, &ServerWindow::showAnnouncement);

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_ui->splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 2);

    showBans();
    onStateChanged();
    m_ui->startButton->setFocus();
}

ServerWindow::~ServerWindow()
{
    m_model->setServer(nullptr);
    delete m_host; // a clean stop: what was said is written
}

bool ServerWindow::isRunning() const
{
    return m_host->isRunning();
}

ChatServer *ServerWindow::server() const
{
    return m_host->server();
}

const ServerConfig &ServerWindow::config() const
{
    return m_host->config();
}

void ServerWindow::fillHostChoices()
{
    QComboBox *combo = m_ui->hostCombo;
    combo->clear();
    combo->addItem(tr("any (all of this computer's addresses)"), QStringLiteral("any"));
    const QList<QHostAddress> addresses =
            NetworkAddresses::reachableAddresses(QHostAddress(QHostAddress::Any));
    for (const QHostAddress &address : addresses) {
        QString note;
        switch (NetworkAddresses::reach(address)) {
        case NetworkAddresses::Reach::ThisComputer:
            note = tr("this computer only");
            break;
        case NetworkAddresses::Reach::Network:
            note = tr("your network");
            break;
        case NetworkAddresses::Reach::NetworkOrInternet:
            note = tr("network or internet");
            break;
        }
        combo->addItem(address.toString() + u"  (" + note + u')', address.toString());
    }
}

void ServerWindow::showHost(const QHostAddress &host)
{
    const QString text = host == QHostAddress::Any ? QStringLiteral("any") : host.toString();
    const int index = m_ui->hostCombo->findData(text);
    if (index >= 0)
        m_ui->hostCombo->setCurrentIndex(index);
    else
        m_ui->hostCombo->setEditText(text);
}

void ServerWindow::showError(const QString &text)
{
    m_ui->errorLabel->setText(text);
    m_ui->errorLabel->setVisible(!text.isEmpty());
}

bool ServerWindow::start()
{
    if (m_host->state() != ServerHost::State::Stopped)
        return false;
    // The address: a choice from the list (its data), or what was typed (up to a space).
    QComboBox *combo = m_ui->hostCombo;
    const QString typed = combo->currentText().trimmed();
    const int chosen = combo->findText(combo->currentText());
    const QString hostText =
            chosen >= 0 ? combo->itemData(chosen).toString() : typed.section(u' ', 0, 0);
    const QHostAddress host = ServerOptions::parseHost(hostText);
    if (typed.isEmpty() || host.isNull()) {
        showError(typed.isEmpty()
                          ? tr("Choose an address to listen on, or “any” for all of them.")
                          : tr("“%1” is not an IP address. Type one such as 192.168.1.10, or "
                               "choose one from the list.")
                                    .arg(typed));
        combo->setFocus();
        return false;
    }
    const std::optional<quint16> typedPort = m_ui->portEdit->port();
    if (!typedPort) {
        showError(m_ui->portEdit->problem());
        m_ui->portEdit->setFocus();
        m_ui->portEdit->selectAll();
        return false;
    }
    const quint16 port = *typedPort;
    // What the person chose here is remembered; what the command line gave is not.
    if (host != m_initialHost || port != m_initialPort) {
        m_remembered.host = host;
        m_remembered.port = port;
    }
    ServerConfig config = m_host->config();
    config.host = host;
    config.port = port;
    m_host->setConfig(config);

    showError(QString());
    if (!m_host->start()) {
        if (m_host->listenFailure() == ServerHost::ListenFailure::InvalidSettings) {
            showError(tr("The settings are not valid: %1 (Server > Settings…)")
                              .arg(m_host->errorString()));
            return false;
        }
        const QString where = tr("%1, port %2").arg(readableHost(host)).arg(port);
        const QString hint = listenHint();
        showError(tr("Cannot listen on %1: %2").arg(where, m_host->errorString()) +
                  (hint.isEmpty() ? QString() : u'\n' + hint));
        return false;
    }
    ChatServer *running = m_host->server();
    connect(running, &ChatServer::userJoined, this, &ServerWindow::updateStatus);
    connect(running, &ChatServer::userLeft, this, &ServerWindow::updateStatus);
    connect(running, &ChatServer::roomsChanged, this, &ServerWindow::showRooms);
    connect(running, &ChatServer::userRenamed, this, &ServerWindow::showRooms);
    showRooms();
    m_model->setServer(running);
    onStateChanged();
    showAddresses();
    if (m_host->hasTooFewFiles())
        showError(tr("This computer lets the server open only %1 files, too few for %2 people "
                     "at once: some may be refused. Raise the limit (ulimit -n), or lower the "
                     "most clients in Server > Settings….")
                          .arg(m_host->openFileLimit())
                          .arg(config.maxClients));
    rememberSettings();
    Q_EMIT started();
    return true;
}

QString ServerWindow::listenHint() const
{
    switch (m_host->listenFailure()) {
    case ServerHost::ListenFailure::PortInUse:
        return tr("Another program (perhaps another qtchat server) is using this port. Stop it, "
                  "or choose another port.");
    case ServerHost::ListenFailure::AddressNotHere:
        return tr("This is not an address of this computer. Choose one from the list, or “any” "
                  "to listen on all of them.");
    case ServerHost::ListenFailure::NeedsPrivileges:
        return tr("Ports below 1024 need administrator rights; choose a port above 1024, such "
                  "as 5555.");
    case ServerHost::ListenFailure::None:
    case ServerHost::ListenFailure::InvalidSettings:
    case ServerHost::ListenFailure::Other:
        break;
    }
    return QString();
}

void ServerWindow::stop()
{
    m_host->stop();
}

void ServerWindow::stopAndClose()
{
    m_closeWhenStopped = true;
    stop();
    close();
}

void ServerWindow::onStopped()
{
    showRooms(); // none while stopped
    Q_EMIT stopped();
    if (m_closeWhenStopped)
        close();
}

void ServerWindow::onStateChanged()
{
    const ServerHost::State state = m_host->state();
    if (state == ServerHost::State::Stopped)
        m_model->setServer(nullptr);
    const bool stopped = state == ServerHost::State::Stopped;
    m_ui->hostCombo->setEnabled(stopped);
    m_ui->portEdit->setEnabled(stopped);
    m_ui->startButton->setEnabled(stopped);
    m_ui->startAction->setEnabled(stopped);
    m_ui->startButton->setDefault(stopped);
    m_ui->stopButton->setEnabled(state == ServerHost::State::Running);
    m_ui->stopAction->setEnabled(state == ServerHost::State::Running);
    if (state != ServerHost::State::Running) {
        // The addresses are only worth giving while the server runs.
        while (QLayoutItem *item = m_ui->addressesLayout->takeAt(0)) {
            delete item->widget();
            delete item;
        }
    }
    updateStatus();
    updateActions();
}

void ServerWindow::updateStatus()
{
    QString status;
    // The application's name follows (Qt adds the display name).
    QString title;
    switch (m_host->state()) {
    case ServerHost::State::Stopped:
        status = tr("The server is stopped. Choose the address and port, then press Start.");
        title = tr("stopped");
        break;
    case ServerHost::State::Stopping:
        status = tr("Stopping: telling everyone and closing the connections…");
        title = tr("stopping");
        break;
    case ServerHost::State::Running: {
        const int people = server()->userCount();
        status = tr("Running on %1, port %2: %3.")
                         .arg(readableHost(m_host->serverAddress()))
                         .arg(m_host->serverPort())
                         .arg(peopleConnected(people));
        if (m_host->ircPort() != 0)
            status += u' ' + tr("IRC clients connect to port %1.").arg(m_host->ircPort());
        status += u' ' + tr("Give others one of these addresses:");
        title = peopleConnected(people);
        break;
    }
    }
    m_ui->statusLabel->setText(status);
    setWindowTitle(title);
}

void ServerWindow::showAddresses()
{
    const quint16 port = m_host->serverPort();
    const QList<QHostAddress> addresses = m_host->addresses();
    for (const QHostAddress &address : addresses) {
        const QString text = NetworkAddresses::hostAndPort(address, port);
        const QString note = reachNote(address);
        auto *row = new QWidget(m_ui->addressesWidget);
        auto *layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        auto *label = new QLabel(row);
        label->setTextFormat(Qt::PlainText);
        label->setText(text);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        auto *noteLabel = new QLabel(note, row);
        auto *copy = new QPushButton(tr("Copy"), row);
        copy->setObjectName(u"copy " + text);
        copy->setAccessibleName(tr("Copy %1").arg(text));
        copy->setToolTip(tr("Copy %1 to the clipboard").arg(text));
        connect(copy, &QPushButton::clicked, this, [this, text] {
            QGuiApplication::clipboard()->setText(text);
            statusBar()->showMessage(tr("Copied %1").arg(text), 4000);
        });
        layout->addWidget(label);
        layout->addWidget(noteLabel);
        layout->addWidget(copy);
        layout->addStretch(1);
        m_ui->addressesLayout->addWidget(row);
    }
    // What people connecting with TLS can check the server by.
    const ServerCertificate &certificate = server()->tlsCertificate();
    if (certificate.fingerprint().isEmpty())
        return;
    auto *row = new QWidget(m_ui->addressesWidget);
    row->setObjectName(QStringLiteral("fingerprintRow"));
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 6, 0, 0);
    auto *label = new QLabel(row);
    label->setObjectName(QStringLiteral("fingerprintLabel"));
    label->setTextFormat(Qt::PlainText);
    label->setText(tr("Encrypted connections (TLS) on the same port. Certificate fingerprint: %1")
                           .arg(certificate.shortFingerprint()));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setToolTip(tr("SHA-256: %1\nPeople who connect with TLS can compare this with what "
                         "their program shows, to be sure they reached this server.")
                              .arg(certificate.fingerprint()));
    auto *copy = new QPushButton(tr("Copy"), row);
    copy->setObjectName(QStringLiteral("copyFingerprintButton"));
    copy->setAccessibleName(tr("Copy the certificate fingerprint"));
    copy->setToolTip(tr("Copy the whole SHA-256 fingerprint to the clipboard"));
    const QString fingerprint = certificate.fingerprint();
    connect(copy, &QPushButton::clicked, this, [this, fingerprint] {
        QGuiApplication::clipboard()->setText(fingerprint);
        statusBar()->showMessage(tr("Copied the certificate fingerprint"), 4000);
    });
    layout->addWidget(label);
    layout->addWidget(copy);
    layout->addStretch(1);
    m_ui->addressesLayout->addWidget(row);

    // Where clients on the network find it, and what to do when they cannot connect.
    auto *announcement = new QLabel(m_ui->addressesWidget);
    announcement->setObjectName(QStringLiteral("announcementLabel"));
    announcement->setWordWrap(true);
    announcement->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ui->addressesLayout->addWidget(announcement);
    auto *firewall = new QLabel(firewallHint(port), m_ui->addressesWidget);
    firewall->setObjectName(QStringLiteral("firewallHintLabel"));
    firewall->setWordWrap(true);
    firewall->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ui->addressesLayout->addWidget(firewall);
    showAnnouncement();
}

QString ServerWindow::firewallHint(quint16 port)
{
#if defined(Q_OS_WIN)
    return tr("If other computers cannot connect: when Windows Defender Firewall asks, allow "
              "qtchat-server on private networks (or open TCP port %1 in its settings).")
            .arg(port);
#elif defined(Q_OS_MACOS)
    return tr("If other computers cannot connect: allow incoming connections for qtchat-server "
              "in System Settings > Network > Firewall (TCP port %1).")
            .arg(port);
#else
    return tr("If other computers cannot connect, let TCP port %1 in through this computer's "
              "firewall (on Ubuntu: sudo ufw allow %1/tcp); finding the server needs UDP port "
              "5353 (multicast DNS) too.")
            .arg(port);
#endif
}

void ServerWindow::showAnnouncement()
{
    auto *label = findChild<QLabel *>(QStringLiteral("announcementLabel"));
    if (!label)
        return;
    switch (m_host->announcement()) {
    case ServerHost::Announcement::Off:
        label->setText(tr("Not announced on the network (Settings > Announce): people need one "
                          "of the addresses above."));
        break;
    case ServerHost::Announcement::Failed:
        label->setText(tr("Not announced on the network: %1. People need one of the addresses "
                          "above.")
                               .arg(m_host->announcementError()));
        break;
    case ServerHost::Announcement::Probing:
        label->setText(tr("Announcing on the network as “%1”…").arg(m_host->announcedName()));
        break;
    case ServerHost::Announcement::Announced: {
        const QStringList interfaces = m_host->announcedInterfaces();
        label->setText(
                tr("Announced on the network as “%1” on %2: qtchat on other computers of this "
                   "network lists it.")
                        .arg(m_host->announcedName(),
                             interfaces.isEmpty() ? tr("no interface yet")
                                                  : interfaces.join(QLatin1String(", "))));
        break;
    }
    }
}

void ServerWindow::updateActions()
{
    const bool running = m_host->isRunning();
    const bool selected = m_ui->connectionsView->selectionModel()->hasSelection();
    m_ui->kickButton->setEnabled(running && selected);
    m_ui->banButton->setEnabled(running && selected);
    m_ui->noticeButton->setEnabled(running);
    QString room, member;
    const bool roomChosen = selectedRoom(&room, &member);
    m_ui->newRoomButton->setEnabled(running);
    m_ui->renameRoomButton->setEnabled(running && roomChosen);
    m_ui->deleteRoomButton->setEnabled(running && roomChosen);
    m_ui->topicButton->setEnabled(running && roomChosen);
    m_ui->roomNoticeButton->setEnabled(running && roomChosen);
    m_ui->removeFromRoomButton->setEnabled(running && !member.isEmpty());
    const bool canChangeBans = m_host->canChangeBans();
    m_ui->addBanButton->setEnabled(canChangeBans);
    m_ui->unbanButton->setEnabled(canChangeBans && !m_ui->bansList->selectedItems().isEmpty());
}

void ServerWindow::clearConnectionSelection()
{
    QItemSelectionModel *selection = m_ui->connectionsView->selectionModel();
    selection->clear(); // the current row too, which would otherwise pass to a neighbour
}

bool ServerWindow::selectedConnection(ConnectionInfo *info) const
{
    const QModelIndexList rows = m_ui->connectionsView->selectionModel()->selectedRows();
    if (rows.isEmpty() || !server())
        return false;
    const int row = m_sortedModel->mapToSource(rows.first()).row();
    if (row < 0 || row >= m_model->rowCount())
        return false;
    *info = m_model->connection(row);
    return true;
}

void ServerWindow::kickSelected()
{
    ConnectionInfo info;
    if (!selectedConnection(&info))
        return;
    bool ok = false;
    const QString reason =
            QInputDialog::getText(this, tr("Kick %1").arg(info.nick),
                                  tr("Disconnect %1? They may come back.\nReason (optional; "
                                     "%1 sees it):")
                                          .arg(info.nick),
                                  QLineEdit::Normal, QString(), &ok);
    if (!ok || !server())
        return;
    // Nobody stays selected: the row going away must not hand the selection
    // to the next person, for a second click to kick them too.
    clearConnectionSelection();
    if (server()->kickConnection(info.id, reason))
        statusBar()->showMessage(tr("Kicked %1").arg(info.nick), 4000);
    else
        statusBar()->showMessage(tr("%1 has already left").arg(info.nick), 4000);
}

void ServerWindow::banSelected()
{
    ConnectionInfo info;
    if (!selectedConnection(&info))
        return;
    const QString address = BanList::normalized(info.address).toString();
    QString text = tr("Disconnect %1 and refuse every connection from %2 from now on, also "
                      "after the server restarts?")
                           .arg(info.nick, address);
    if (info.address.isLoopback())
        text += u"\n\n" + tr("%1 is this computer's own address: clients running here will be "
                             "refused too.")
                                  .arg(address);
    else
        text += u"\n\n" + tr("Everyone else connecting from that address (the same computer, "
                             "or the same network behind a router) is refused too.");
    text += u"\n\n" + tr("You can lift the ban in the Bans tab.");
    QMessageBox box(QMessageBox::Warning, tr("Ban %1?").arg(address), text, QMessageBox::NoButton,
                    this);
    QPushButton *banButton = box.addButton(tr("Ban"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != banButton || !server())
        return;
    clearConnectionSelection();
    const QString problem = m_host->addBan(address);
    if (!problem.isEmpty())
        QMessageBox::warning(this, tr("Cannot ban %1").arg(address), problem);
    else
        statusBar()->showMessage(tr("Banned %1").arg(address), 4000);
}

void ServerWindow::sendNotice()
{
    if (!server())
        return;
    bool ok = false;
    const QString text =
            QInputDialog::getText(this, tr("Send notice"), tr("Tell everyone in the room:"),
                                  QLineEdit::Normal, QString(), &ok);
    if (!ok || !server() || text.trimmed().isEmpty())
        return;
    server()->sendNotice(text);
    statusBar()->showMessage(tr("Notice sent (%1)").arg(peopleConnected(server()->userCount())),
                             4000);
}

void ServerWindow::showRooms()
{
    QString selectedRoomName, selectedMember;
    selectedRoom(&selectedRoomName, &selectedMember);
    m_ui->roomsView->clear();
    const QList<ChatServer::RoomSummary> rooms =
            server() ? server()->rooms() : QList<ChatServer::RoomSummary>();
    for (const ChatServer::RoomSummary &room : rooms) {
        auto *item = new QTreeWidgetItem(m_ui->roomsView);
        item->setText(0, room.isDefault ? tr("%1 (default)").arg(room.name) : room.name);
        item->setData(0, Qt::UserRole, room.name);
        item->setText(1, QLocale().toString(room.members.size()));
        item->setText(2, room.topic);
        item->setToolTip(2, room.topic);
        for (const QString &nick : room.members) {
            auto *person = new QTreeWidgetItem(item);
            person->setText(0, nick);
            person->setData(0, Qt::UserRole, room.name);
            person->setData(0, Qt::UserRole + 1, nick);
            if (room.name == selectedRoomName && nick == selectedMember)
                m_ui->roomsView->setCurrentItem(person);
        }
        if (room.name == selectedRoomName && selectedMember.isEmpty())
            m_ui->roomsView->setCurrentItem(item);
    }
    m_ui->tabs->setTabText(m_ui->tabs->indexOf(m_ui->roomsTab),
                           rooms.isEmpty() ? tr("&Rooms") : tr("&Rooms (%1)").arg(rooms.size()));
    updateActions();
}

bool ServerWindow::selectedRoom(QString *room, QString *member) const
{
    const QTreeWidgetItem *item = m_ui->roomsView->currentItem();
    *room = item ? item->data(0, Qt::UserRole).toString() : QString();
    *member = item ? item->data(0, Qt::UserRole + 1).toString() : QString();
    return !room->isEmpty();
}

void ServerWindow::reportRoomProblem(const QString &title, const QString &problem,
                                     const QString &done)
{
    if (!problem.isEmpty())
        QMessageBox::warning(this, title, problem);
    else
        statusBar()->showMessage(done, 4000);
}

void ServerWindow::newRoom()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New room"),
                                               tr("Name of the room (# and up to 32 letters, "
                                                  "digits or _ - .):"),
                                               QLineEdit::Normal, QStringLiteral("#"), &ok)
                                 .trimmed();
    if (!ok || !server())
        return;
    reportRoomProblem(tr("Cannot make %1").arg(name), server()->createRoom(name),
                      tr("Made %1").arg(name));
}

void ServerWindow::renameRoom()
{
    QString room, member;
    if (!selectedRoom(&room, &member) || !server())
        return;
    bool ok = false;
    const QString name =
            QInputDialog::getText(this, tr("Rename %1").arg(room), tr("New name of %1:").arg(room),
                                  QLineEdit::Normal, room, &ok)
                    .trimmed();
    if (!ok || !server() || name == room)
        return;
    reportRoomProblem(tr("Cannot rename %1").arg(room), server()->renameRoom(room, name),
                      tr("%1 is now %2").arg(room, name));
}

void ServerWindow::deleteRoom()
{
    QString room, member;
    if (!selectedRoom(&room, &member) || !server())
        return;
    QMessageBox box(
            QMessageBox::Question, tr("Delete %1").arg(room),
            tr("Delete %1? Everyone in it leaves it, and its messages are forgotten.").arg(room),
            QMessageBox::Cancel, this);
    QAbstractButton *deleteButton = box.addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    box.exec();
    if (box.clickedButton() != deleteButton || !server())
        return;
    reportRoomProblem(tr("Cannot delete %1").arg(room), server()->deleteRoom(room),
                      tr("Deleted %1").arg(room));
}

void ServerWindow::setRoomTopic()
{
    QString room, member;
    if (!selectedRoom(&room, &member) || !server())
        return;
    QString current;
    for (const ChatServer::RoomSummary &summary : server()->rooms()) {
        if (summary.name == room)
            current = summary.topic;
    }
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Topic of %1").arg(room),
                                               tr("Topic of %1 (empty clears it):").arg(room),
                                               QLineEdit::Normal, current, &ok);
    if (!ok || !server())
        return;
    reportRoomProblem(tr("Cannot set the topic of %1").arg(room), server()->setTopic(room, text),
                      tr("Topic of %1 set").arg(room));
}

void ServerWindow::sendRoomNotice()
{
    QString room, member;
    if (!selectedRoom(&room, &member) || !server())
        return;
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Notice to %1").arg(room),
                                               tr("Tell everyone in %1:").arg(room),
                                               QLineEdit::Normal, QString(), &ok);
    if (!ok || !server() || text.trimmed().isEmpty())
        return;
    reportRoomProblem(tr("Cannot send the notice"), server()->sendNoticeTo(room, text),
                      tr("Notice sent to %1").arg(room));
}

void ServerWindow::removeFromRoom()
{
    QString room, member;
    if (!selectedRoom(&room, &member) || member.isEmpty() || !server())
        return;
    bool ok = false;
    const QString reason = QInputDialog::getText(this, tr("Take %1 out of %2").arg(member, room),
                                                 tr("Reason (optional; %1 sees it):").arg(member),
                                                 QLineEdit::Normal, QString(), &ok);
    if (!ok || !server())
        return;
    reportRoomProblem(tr("Cannot take %1 out of %2").arg(member, room),
                      server()->removeFromRoom(member, room, reason),
                      tr("Took %1 out of %2").arg(member, room));
}

void ServerWindow::showBans()
{
    const QString selected = m_ui->bansList->currentItem()
                                     ? m_ui->bansList->currentItem()->data(Qt::UserRole).toString()
                                     : QString();
    m_ui->bansList->clear();
    // Running: the server's bans. Stopped: those the next start enforces.
    const QStringList bans = m_host->bans();
    for (const QString &entry : bans) {
        auto *item = new QListWidgetItem(m_ui->bansList);
        item->setData(Qt::UserRole, entry);
        if (m_host->isConfiguredBan(entry)) {
            item->setText(tr("%1  (from the command line or the config file)").arg(entry));
            item->setToolTip(tr("Given with --ban or in the config file: it comes back at "
                                "every start until it is removed there."));
        } else {
            item->setText(entry);
        }
        if (entry == selected)
            m_ui->bansList->setCurrentItem(item);
    }
    m_ui->tabs->setTabText(m_ui->tabs->indexOf(m_ui->bansTab),
                           bans.isEmpty() ? tr("B&ans") : tr("B&ans (%1)").arg(bans.size()));
    updateActions();
}

void ServerWindow::addBan()
{
    bool ok = false;
    const QString entry =
            QInputDialog::getText(this, tr("Add ban"),
                                  tr("Address or subnet to refuse (such as 192.168.1.7 or "
                                     "10.0.0.0/8):"),
                                  QLineEdit::Normal, QString(), &ok)
                    .trimmed();
    if (!ok || entry.isEmpty())
        return;
    // Stopped: bans.txt is changed for the next start.
    const QString problem = m_host->addBan(entry);
    showBans();
    if (!problem.isEmpty())
        QMessageBox::warning(this, tr("Cannot ban %1").arg(entry), problem);
}

void ServerWindow::unbanSelected()
{
    const QListWidgetItem *item = m_ui->bansList->currentItem();
    if (!item)
        return;
    const QString entry = item->data(Qt::UserRole).toString();
    if (m_host->isConfiguredBan(entry)) {
        if (!m_host->isRunning()) {
            QMessageBox::information(this, tr("Cannot unban %1").arg(entry),
                                     tr("This ban was given with --ban or in the config file; "
                                        "remove it there."));
            return;
        }
        if (QMessageBox::question(this, tr("Unban %1?").arg(entry),
                                  tr("This ban was given with --ban or in the config file: it is "
                                     "lifted until the server restarts, and comes back then "
                                     "unless you remove it there."),
                                  QMessageBox::Ok | QMessageBox::Cancel) != QMessageBox::Ok ||
            !m_host->isRunning())
            return;
    }
    QString problem;
    switch (m_host->removeBan(entry, &problem)) {
    case ServerHost::Unban::Lifted:
        break;
    case ServerHost::Unban::NotBanned:
        problem = tr("%1 is not banned").arg(entry);
        break;
    case ServerHost::Unban::Configured:
        problem = tr("This ban was given with --ban or in the config file; remove it there.");
        break;
    case ServerHost::Unban::Failed:
        break;
    }
    showBans();
    if (!problem.isEmpty())
        QMessageBox::warning(this, tr("Cannot unban %1").arg(entry), problem);
}

void ServerWindow::appendLog(const QDateTime &time, QtMsgType type, const QString &text)
{
    QString line = time.toString(QStringLiteral("HH:mm:ss")) + u"  ";
    if (type == QtWarningMsg)
        line += tr("warning: ");
    else if (type == QtCriticalMsg || type == QtFatalMsg)
        line += tr("error: ");
    m_ui->logView->appendPlainText(line + text);
}

QString ServerWindow::saveLogTo(const QString &path) const
{
    QSaveFile file(path);
    const QByteArray text = m_ui->logView->toPlainText().toUtf8() + '\n';
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(text) != text.size() ||
        !file.commit())
        return file.errorString();
    return QString();
}

void ServerWindow::saveLog()
{
    const QString suggested =
            QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                    .filePath(
                            u"qtchat-server-log-" +
                            QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")) +
                            u".txt");
    const QString path = QFileDialog::getSaveFileName(this, tr("Save log"), suggested,
                                                      tr("Text files (*.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString problem = saveLogTo(path);
    if (!problem.isEmpty())
        QMessageBox::warning(
                this, tr("Cannot save the log"),
                tr("Cannot save the log to %1: %2").arg(QDir::toNativeSeparators(path), problem));
    else
        statusBar()->showMessage(tr("Log saved to %1").arg(QDir::toNativeSeparators(path)), 4000);
}

void ServerWindow::showSettings()
{
    ServerSettingsDialog dialog(m_host->config(), m_host->state() != ServerHost::State::Stopped,
                                this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ServerConfig before = m_host->config();
    const ServerConfig chosen = dialog.config();
    m_host->setConfig(chosen);
    ServerSettings::applyChanges(before, chosen, &m_remembered);
    rememberSettings();
}

void ServerWindow::rememberSettings()
{
    QSettings settings;
    ServerSettings::save(settings, m_remembered);
}

void ServerWindow::showAbout()
{
    QMessageBox::about(this, tr("About qtchat server"),
                       tr("qtchat server %1\n\nA chat server for a team, a class or a LAN party. "
                          "People connect with the qtchat client, or with nc or telnet.")
                               .arg(QStringLiteral(QTCHAT_VERSION)));
}

void ServerWindow::closeEvent(QCloseEvent *event)
{
    if (m_host->isRunning()) {
        const int people = server()->userCount();
        if (people > 0 &&
            QMessageBox::question(this, tr("Stop the server and close?"),
                                  tr("%1 will be disconnected.").arg(peopleConnected(people)),
                                  QMessageBox::Yes | QMessageBox::Cancel,
                                  QMessageBox::Cancel) != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_closeWhenStopped = true;
        stop();
    }
    if (m_host->state() == ServerHost::State::Stopping) {
        m_closeWhenStopped = true;
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_ui->splitter->saveState());
    event->accept();
}
