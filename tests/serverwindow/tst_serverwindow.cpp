// The server's control window, driven as a person would: typing into its
// fields, clicking its buttons and answering its dialogs, with real clients
// connecting over loopback (QT_QPA_PLATFORM=offscreen).
#include "certificatefiles.h"
#include "chatserver.h"
#include "connectiontablemodel.h"
#include "dialoganswerer.h"
#include "lineclient.h"
#include "servercertificate.h"
#include "serveroptions.h"
#include "serversettings.h"
#include "serverwindow.h"
#include "testclient.h"
#include "testserverconfig.h"
#include "waituntil.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif
#include <QTimer>

#include <functional>
#include <memory>

using namespace Protocol;

namespace {

// Whether this machine lets a socket use another loopback address (Linux
// does; macOS only has 127.0.0.1 unless configured).
bool canBindTo(const QString &address)
{
    QTcpSocket probe;
    return probe.bind(QHostAddress(address), 0);
}

} // namespace

class tst_ServerWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void startsAndGivesAddresses();
    void refusesInvalidInput_data();
    void refusesInvalidInput();
    void clientsAppearInTable();
    void kickDisconnects();
    void banRefusesAddress_data();
    void banRefusesAddress();
    void bansWhileStopped();
    void noticeReachesEveryone();
    void roomsTab();
    void stopDisconnectsEveryone();
    void closeAsksWhenPeopleAreConnected();
    void logShowsEventsAndSaves();
    void settingsAreRemembered();
    void commandLineSettingsAreNotRemembered();
    void securitySettings_data();
    void securitySettings();
    void networkSettings_data();
    void networkSettings();
    void ircSettings_data();
    void ircSettings();
    void certificateSettingIsChecked_data();
    void certificateSettingIsChecked();
    void forgottenAddressFallsBackToAny();
    void stopWhileADialogIsOpen();
    void warnsWhenFilesAreTooFew();

private:
    template<typename T>
    T *child(const char *name) const
    {
        T *found = m_window->findChild<T *>(QLatin1String(name));
        if (!found)
            qWarning() << "no child" << name;
        return found;
    }
    void click(const char *buttonName)
    {
        QTest::mouseClick(child<QPushButton>(buttonName), Qt::LeftButton);
    }
    // Types the address and port into the window and clicks Start.
    void typeAndStart(const QString &host, const QString &port)
    {
        QComboBox *hostCombo = child<QComboBox>("hostCombo");
        hostCombo->lineEdit()->selectAll();
        QTest::keyClicks(hostCombo->lineEdit(), host);
        auto *portEdit = child<QLineEdit>("portEdit");
        portEdit->selectAll();
        QTest::keyClick(portEdit, Qt::Key_Delete);
        QTest::keyClicks(portEdit, port);
        click("startButton");
    }
    bool startOnLoopback()
    {
        typeAndStart(QStringLiteral("127.0.0.1"), QStringLiteral("0"));
        return m_window->isRunning();
    }
    quint16 port() const { return m_window->server()->serverPort(); }
    TestClient *joined(const QString &nick,
                       const QHostAddress &from = QHostAddress(QHostAddress::LocalHost))
    {
        auto *client = new TestClient(&m_owner);
        if (!client->connectFrom(from, port()) || !client->join(nick)) {
            qWarning() << "join failed:" << client->lastProblem();
            return nullptr;
        }
        return client;
    }
    // Selects the row of nick in the connections table, as a click would.
    bool select(const QString &nick)
    {
        auto *view = child<QTableView>("connectionsView");
        const bool found = waitUntil([&] {
            const QModelIndexList matches =
                    view->model()->match(view->model()->index(0, ConnectionTableModel::NickColumn),
                                         Qt::DisplayRole, nick, 1, Qt::MatchExactly);
            if (matches.isEmpty())
                return false;
            view->selectRow(matches.first().row());
            return true;
        });
        return found && view->selectionModel()->hasSelection();
    }
    QStringList tableNicks() const
    {
        QStringList nicks;
        const QAbstractItemModel *model = child<QTableView>("connectionsView")->model();
        for (int row = 0; row < model->rowCount(); ++row)
            nicks.append(model->index(row, ConnectionTableModel::NickColumn).data().toString());
        nicks.sort();
        return nicks;
    }
    QString logText() const { return child<QPlainTextEdit>("logView")->toPlainText(); }

    QTemporaryDir m_home; // settings and data of this test only
    ServerConfig m_config;
    QObject m_owner; // parent of the clients of one test
    std::unique_ptr<ServerWindow> m_window;
};

void tst_ServerWindow::initTestCase()
{
    QVERIFY(m_home.isValid());
    // Remembered settings and the data folder go to this test's own folder.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
    QCoreApplication::setOrganizationName(QStringLiteral("qtchat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_serverwindow"));
}

void tst_ServerWindow::init()
{
    QSettings().clear();
    QDir(m_home.filePath(QStringLiteral("data"))).removeRecursively();
    m_config = testServerConfig();
    m_config.dataDir = m_home.filePath(QStringLiteral("data"));
    m_config.historyOnDisk = false;
    m_window = std::make_unique<ServerWindow>(m_config);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_ServerWindow::cleanup()
{
    qDeleteAll(m_owner.children());
    m_window.reset();
}

void tst_ServerWindow::startsAndGivesAddresses()
{
    QVERIFY(!m_window->isRunning());
    QVERIFY(child<QPushButton>("startButton")->isEnabled());
    QVERIFY(!child<QPushButton>("stopButton")->isEnabled());
    // The address field offers all interfaces and this machine's loopback address.
    QComboBox *hostCombo = child<QComboBox>("hostCombo");
    QVERIFY(hostCombo->findData(QStringLiteral("any")) == 0);
    const int loopback = hostCombo->findData(QStringLiteral("127.0.0.1"));
    QVERIFY(loopback > 0);
    for (int i = loopback; i < hostCombo->count(); ++i) // loopback addresses come last
        QVERIFY(QHostAddress(hostCombo->itemData(i).toString()).isLoopback());

    QVERIFY(startOnLoopback());
    QVERIFY(port() != 0);
    QVERIFY(!child<QPushButton>("startButton")->isEnabled());
    QVERIFY(child<QPushButton>("stopButton")->isEnabled());
    QVERIFY(!hostCombo->isEnabled());
    // The port the server got (0 was asked for) is in the status, with a copy button.
    const QString address = u"127.0.0.1:" + QString::number(port());
    QVERIFY2(child<QLabel>("statusLabel")->text().contains(QString::number(port())),
             qPrintable(child<QLabel>("statusLabel")->text()));
    QVERIFY(child<QLabel>("statusLabel")->text().contains(u"0 people connected"));
    auto *copy = m_window->findChild<QPushButton *>(u"copy " + address);
    QVERIFY(copy);
    QCOMPARE(copy->accessibleName(), u"Copy " + address);
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), address);
    // The TLS certificate's fingerprint, short to read out, whole to copy.
    const ServerCertificate &certificate = m_window->server()->tlsCertificate();
    QVERIFY(child<QLabel>("fingerprintLabel")->text().endsWith(certificate.shortFingerprint()));
    QTest::mouseClick(child<QPushButton>("copyFingerprintButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), certificate.fingerprint());

    // A client can connect to it.
    QVERIFY(joined(QStringLiteral("alice")));
    QTRY_VERIFY(child<QLabel>("statusLabel")->text().contains(u"1 person connected"));
}

void tst_ServerWindow::refusesInvalidInput_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("port");
    QTest::addColumn<QString>("expected"); // in the error shown

    QTest::newRow("address not an IP") << QStringLiteral("banana") << QStringLiteral("5555")
                                       << QStringLiteral("“banana” is not an IP address");
    QTest::newRow("no address") << QString() << QStringLiteral("5555")
                                << QStringLiteral("Choose an address");
    QTest::newRow("no port") << QStringLiteral("127.0.0.1") << QString()
                             << QStringLiteral("Type a port: a number from 1 to 65535, or 0");
    // Typed past the largest port, the number is refused as it is, never altered.
    QTest::newRow("port past 65535") << QStringLiteral("127.0.0.1") << QStringLiteral("99999")
                                     << QStringLiteral("99999 is not a port");
    QTest::newRow("port just past 65535") << QStringLiteral("127.0.0.1") << QStringLiteral("65536")
                                          << QStringLiteral("65536 is not a port");
    QTest::newRow("port with letters") << QStringLiteral("127.0.0.1") << QStringLiteral("55a5")
                                       << QStringLiteral("55a5 is not a port");
    QTest::newRow("negative port") << QStringLiteral("127.0.0.1") << QStringLiteral("-1")
                                   << QStringLiteral("-1 is not a port");
    // TEST-NET-1 (RFC 5737) is never an address of this machine.
    QTest::newRow("address not on this machine")
            << QStringLiteral("192.0.2.1") << QStringLiteral("0")
            << QStringLiteral("This is not an address of this computer");
    QTest::newRow("port in use") << QStringLiteral("127.0.0.1") << QStringLiteral("in use")
                                 << QStringLiteral("Another program (perhaps another qtchat "
                                                   "server) is using this port");
}

void tst_ServerWindow::refusesInvalidInput()
{
    QFETCH(QString, host);
    QFETCH(QString, port);
    QFETCH(QString, expected);

    QTcpServer occupant;
    if (port == u"in use") {
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        port = QString::number(occupant.serverPort());
    }
    QComboBox *hostCombo = child<QComboBox>("hostCombo");
    hostCombo->setEditText(QString());
    typeAndStart(host, port);
    QVERIFY(!m_window->isRunning());
    QVERIFY(!m_window->server());
    QLabel *error = child<QLabel>("errorLabel");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(expected), qPrintable(error->text()));
    if (port != u"in use")
        QCOMPARE(child<QLineEdit>("portEdit")->text(), port); // as typed
    QVERIFY(child<QPushButton>("startButton")->isEnabled());
    QVERIFY(hostCombo->isEnabled());
    // Editing a field takes the error away; valid input then starts.
    QTest::keyClick(hostCombo->lineEdit(), Qt::Key_End);
    QTest::keyClick(hostCombo->lineEdit(), Qt::Key_Space);
    QVERIFY(!error->isVisible());
    QVERIFY(startOnLoopback());
}

void tst_ServerWindow::clientsAppearInTable()
{
    QVERIFY(startOnLoopback());
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    auto *plain = new LineClient(&m_owner);
    QVERIFY(plain->connectTo(port()));
    QVERIFY(plain->waitForLine(QStringLiteral("Welcome")));

    QTRY_COMPARE(tableNicks().size(), 3);
    QVERIFY(tableNicks().contains(u"alice"));
    QVERIFY(tableNicks().contains(u"bob"));
    QAbstractItemModel *model = child<QTableView>("connectionsView")->model();
    QCOMPARE(model->columnCount(), int(ConnectionTableModel::ColumnCount));
    QCOMPARE(model->headerData(ConnectionTableModel::AddressColumn, Qt::Horizontal).toString(),
             QStringLiteral("Address"));
    QTRY_VERIFY(child<QLabel>("statusLabel")->text().contains(u"3 people connected"));
    QVERIFY(m_window->windowTitle().contains(u"3 people connected"));

    auto rowOf = [model](const QString &nick) {
        const QModelIndexList found =
                model->match(model->index(0, ConnectionTableModel::NickColumn), Qt::DisplayRole,
                             nick, 1, Qt::MatchExactly);
        return found.isEmpty() ? -1 : found.first().row();
    };
    auto cell = [model, &rowOf](const QString &nick, int column) {
        const int row = rowOf(nick);
        return row < 0 ? QString() : model->index(row, column).data().toString();
    };
    QCOMPARE(cell(QStringLiteral("alice"), ConnectionTableModel::KindColumn),
             QStringLiteral("qtchat"));
    QVERIFY(cell(QStringLiteral("alice"), ConnectionTableModel::AddressColumn)
                    .startsWith(u"127.0.0.1:"));
    for (const QString &nick : tableNicks()) {
        if (nick != u"alice" && nick != u"bob")
            QCOMPARE(cell(nick, ConnectionTableModel::KindColumn), QStringLiteral("plain text"));
    }

    // Messages are counted; a rename changes the row; leaving removes it.
    alice->send(Say{QStringLiteral("hello"), QString(), false, {}});
    alice->send(Say{QStringLiteral("again"), QString(), false, {}});
    QTRY_COMPARE(cell(QStringLiteral("alice"), ConnectionTableModel::MessagesColumn),
                 QStringLiteral("2"));
    // A rename keeps the row (and the selection on it).
    QVERIFY(select(QStringLiteral("bob")));
    bob->send(Nick{QStringLiteral("robert")});
    QTRY_VERIFY(tableNicks().contains(u"robert"));
    QVERIFY(!tableNicks().contains(u"bob"));
    QCOMPARE(tableNicks().size(), 3);
    const QModelIndexList selected =
            child<QTableView>("connectionsView")->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data().toString(), QStringLiteral("robert"));
    bob->send(Bye{QStringLiteral("dinner")});
    QTRY_COMPARE(tableNicks().size(), 2);
    QVERIFY(!tableNicks().contains(u"robert"));

    // The table sorts by any column.
    auto *view = child<QTableView>("connectionsView");
    view->sortByColumn(ConnectionTableModel::MessagesColumn, Qt::DescendingOrder);
    QCOMPARE(model->index(0, ConnectionTableModel::NickColumn).data().toString(),
             QStringLiteral("alice"));
    view->sortByColumn(ConnectionTableModel::MessagesColumn, Qt::AscendingOrder);
    QCOMPARE(model->index(1, ConnectionTableModel::NickColumn).data().toString(),
             QStringLiteral("alice"));
}

void tst_ServerWindow::kickDisconnects()
{
    QVERIFY(startOnLoopback());
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(!child<QPushButton>("kickButton")->isEnabled()); // nobody selected yet
    QVERIFY(select(QStringLiteral("alice")));
    QVERIFY(child<QPushButton>("kickButton")->isEnabled());

    DialogAnswerer answer(typeAndAccept(QStringLiteral("spamming")));
    click("kickButton");
    QVERIFY(answer.answered());
    const std::optional<Error> error = alice->waitForError(ErrorCode::Kicked);
    QVERIFY2(error, qPrintable(alice->lastProblem()));
    QVERIFY2(error->message.contains(u"spamming"), qPrintable(error->message));
    QVERIFY(alice->waitForDisconnected());
    QTRY_COMPARE(tableNicks(), QStringList{QStringLiteral("bob")});
    QVERIFY(bob->isConnected());
    QTRY_VERIFY(logText().contains(u"kick alice (spamming)"));
    // Nobody is selected now: a second click cannot kick bob by mistake.
    auto *view = child<QTableView>("connectionsView");
    QVERIFY(!view->selectionModel()->hasSelection());
    QVERIFY(!view->selectionModel()->currentIndex().isValid());
    QVERIFY(!child<QPushButton>("kickButton")->isEnabled());
    QVERIFY(!child<QPushButton>("banButton")->isEnabled());
}

void tst_ServerWindow::banRefusesAddress_data()
{
    QTest::addColumn<bool>("confirm");
    QTest::newRow("confirmed") << true;
    QTest::newRow("cancelled") << false;
}

void tst_ServerWindow::banRefusesAddress()
{
    QFETCH(bool, confirm);
    if (!canBindTo(QStringLiteral("127.0.0.2")))
        QSKIP("this machine has no loopback address 127.0.0.2 to connect from");
    QVERIFY(startOnLoopback());
    // Any 127.x.y.z reaches a server on 127.0.0.1 (Linux): alice comes from another address.
    const QHostAddress aliceAddress(QStringLiteral("127.0.0.2"));
    TestClient *alice = joined(QStringLiteral("alice"), aliceAddress);
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(select(QStringLiteral("alice")));

    DialogAnswerer answer([confirm](QWidget *dialog) {
        auto *box = qobject_cast<QMessageBox *>(dialog);
        QVERIFY(box);
        QVERIFY2(box->text().contains(u"127.0.0.2"), qPrintable(box->text()));
        clickButton(confirm ? QStringLiteral("Ban") : QStringLiteral("Cancel"))(dialog);
    });
    click("banButton");
    QVERIFY(answer.answered());
    if (!confirm) {
        QVERIFY(m_window->server()->bans().isEmpty());
        QVERIFY(!alice->waitForDisconnected(300));
        return;
    }
    QVERIFY(alice->waitForError(ErrorCode::Banned));
    QVERIFY(alice->waitForDisconnected());
    QVERIFY(bob->isConnected());
    QTRY_COMPARE(tableNicks(), QStringList{QStringLiteral("bob")});
    auto *bans = child<QListWidget>("bansList");
    QCOMPARE(bans->count(), 1);
    QCOMPARE(bans->item(0)->text(), QStringLiteral("127.0.0.2"));

    // A new connection from that address is refused, with the banned error.
    auto *again = new TestClient(&m_owner);
    QVERIFY(again->connectFrom(aliceAddress, port()));
    again->send(Hello{1, QStringLiteral("alice2"), QString(), QString(), std::nullopt, {}});
    QVERIFY(again->waitForError(ErrorCode::Banned));

    // Unban from the list: she may come back.
    bans->setCurrentRow(0);
    click("unbanButton");
    QCOMPARE(bans->count(), 0);
    QVERIFY(joined(QStringLiteral("alice"), aliceAddress));
}

void tst_ServerWindow::bansWhileStopped()
{
    // Bans can be changed while the server is stopped; the next start enforces them.
    if (!canBindTo(QStringLiteral("127.0.0.3")))
        QSKIP("this machine has no loopback address 127.0.0.3 to connect from");
    QVERIFY(child<QPushButton>("addBanButton")->isEnabled());
    {
        DialogAnswerer answer(typeAndAccept(QStringLiteral("not an address")));
        DialogAnswerer problem(clickButton(QStringLiteral("OK")));
        click("addBanButton");
        QVERIFY(answer.answered());
        QTRY_VERIFY(problem.answered());
    }
    QCOMPARE(child<QListWidget>("bansList")->count(), 0);
    DialogAnswerer answer(typeAndAccept(QStringLiteral("127.0.0.3")));
    click("addBanButton");
    QVERIFY(answer.answered());
    QCOMPARE(child<QListWidget>("bansList")->count(), 1);
    QFile file(ChatServer::banFile(m_config));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().endsWith("\n127.0.0.3\n"));

    QVERIFY(startOnLoopback());
    QCOMPARE(m_window->server()->bans(), QStringList{QStringLiteral("127.0.0.3")});
    auto *refused = new TestClient(&m_owner);
    QVERIFY(refused->connectFrom(QHostAddress(QStringLiteral("127.0.0.3")), port()));
    refused->send(Hello{1, QStringLiteral("carol"), QString(), QString(), std::nullopt, {}});
    QVERIFY(refused->waitForError(ErrorCode::Banned));
}

void tst_ServerWindow::noticeReachesEveryone()
{
    QVERIFY(startOnLoopback());
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    auto *plain = new LineClient(&m_owner);
    QVERIFY(plain->connectTo(port()));
    QVERIFY(plain->waitForLine(QStringLiteral("Welcome")));

    DialogAnswerer answer(typeAndAccept(QStringLiteral("The server restarts at 18:00")));
    click("noticeButton");
    QVERIFY(answer.answered());
    const std::optional<Notice> notice = alice->waitFor<Notice>();
    QVERIFY2(notice, qPrintable(alice->lastProblem()));
    QCOMPARE(notice->text, QStringLiteral("The server restarts at 18:00"));
    QVERIFY(plain->waitForLine(QStringLiteral("The server restarts at 18:00")));
}

void tst_ServerWindow::roomsTab()
{
    QVERIFY(startOnLoopback());
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    auto *rooms = child<QTreeWidget>("roomsView");
    QTRY_COMPARE(rooms->topLevelItemCount(), 1);
    QCOMPARE(rooms->topLevelItem(0)->text(0), QStringLiteral("#general (default)"));
    QVERIFY(!child<QPushButton>("deleteRoomButton")->isEnabled()); // nothing chosen

    {
        // The "#" offered is selected: what is typed replaces it.
        DialogAnswerer answer(typeAndAccept(QStringLiteral("#release")));
        click("newRoomButton");
        QVERIFY(answer.answered());
    }
    QTRY_COMPARE(rooms->topLevelItemCount(), 2);
    QTreeWidgetItem *release = rooms->topLevelItem(1);
    QCOMPARE(release->text(0), QStringLiteral("#release"));
    alice->send(Join{QStringLiteral("#release"), false});
    QVERIFY(alice->waitFor<HistoryPage>());
    QTRY_COMPARE(rooms->topLevelItem(1)->childCount(), 1);
    QCOMPARE(rooms->topLevelItem(1)->text(1), QStringLiteral("1"));

    rooms->setCurrentItem(rooms->topLevelItem(1));
    {
        DialogAnswerer answer(typeAndAccept(QStringLiteral("ship on Friday")));
        click("topicButton");
        QVERIFY(answer.answered());
    }
    const std::optional<Topic> topic = alice->waitFor<Topic>();
    QVERIFY2(topic, qPrintable(alice->lastProblem()));
    QCOMPARE(topic->text, QStringLiteral("ship on Friday"));
    QTRY_COMPARE(rooms->topLevelItem(1)->text(2), QStringLiteral("ship on Friday"));

    // A person in the room: taken out of it, not off the server.
    rooms->setCurrentItem(rooms->topLevelItem(1)->child(0));
    QVERIFY(child<QPushButton>("removeFromRoomButton")->isEnabled());
    {
        DialogAnswerer answer(typeAndAccept(QStringLiteral("off topic")));
        click("removeFromRoomButton");
        QVERIFY(answer.answered());
    }
    const std::optional<Left> left = alice->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->room, QStringLiteral("#release"));
    QCOMPARE(left->reason, QStringLiteral("removed by the operator: off topic"));
    QVERIFY(alice->isConnected());

    rooms->setCurrentItem(rooms->topLevelItem(1));
    {
        DialogAnswerer answer(clickButton(QStringLiteral("Delete")));
        click("deleteRoomButton");
        QVERIFY(answer.answered());
    }
    QTRY_COMPARE(rooms->topLevelItemCount(), 1);
    // The default room stays.
    rooms->setCurrentItem(rooms->topLevelItem(0));
    {
        DialogAnswerer answer(clickButton(QStringLiteral("Delete")));
        DialogAnswerer problem(clickButton(QStringLiteral("OK")));
        click("deleteRoomButton");
        QVERIFY(answer.answered());
        QVERIFY(problem.answered());
    }
    QCOMPARE(rooms->topLevelItemCount(), 1);
}

void tst_ServerWindow::stopDisconnectsEveryone()
{
    QVERIFY(startOnLoopback());
    const quint16 first = port();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QSignalSpy stopped(m_window.get(), &ServerWindow::stopped);

    // Cancelling the confirmation keeps it running.
    {
        DialogAnswerer answer(clickButton(QStringLiteral("Cancel")));
        click("stopButton");
        QVERIFY(answer.answered());
        QVERIFY(m_window->isRunning());
    }
    DialogAnswerer answer([](QWidget *dialog) {
        auto *box = qobject_cast<QMessageBox *>(dialog);
        QVERIFY(box);
        QVERIFY2(box->text().contains(u"1 person connected"), qPrintable(box->text()));
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    });
    click("stopButton");
    QVERIFY(answer.answered());
    QVERIFY(alice->waitForError(ErrorCode::ServerShutdown));
    QTRY_COMPARE(stopped.size(), 1);
    QVERIFY(!m_window->isRunning());
    QVERIFY(!m_window->server());
    QCOMPARE(tableNicks(), QStringList());
    QVERIFY(child<QPushButton>("startButton")->isEnabled());
    QVERIFY(child<QLabel>("statusLabel")->text().contains(u"stopped"));
    QTRY_VERIFY(logText().contains(u"stopped"));

    // The port is free again: it starts again on the same one.
    typeAndStart(QStringLiteral("127.0.0.1"), QString::number(first));
    QVERIFY(m_window->isRunning());
    QCOMPARE(port(), first);
}

void tst_ServerWindow::closeAsksWhenPeopleAreConnected()
{
    QVERIFY(startOnLoopback());
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    {
        DialogAnswerer answer(clickButton(QStringLiteral("Cancel")));
        QVERIFY(!m_window->close());
        QVERIFY(answer.answered());
        QVERIFY(m_window->isVisible());
        QVERIFY(m_window->isRunning());
    }
    DialogAnswerer answer([](QWidget *dialog) {
        QTest::mouseClick(qobject_cast<QMessageBox *>(dialog)->button(QMessageBox::Yes),
                          Qt::LeftButton);
    });
    m_window->close();
    QVERIFY(answer.answered());
    // It stops cleanly (everyone is told), then closes.
    QVERIFY(alice->waitForError(ErrorCode::ServerShutdown));
    QTRY_VERIFY(!m_window->isVisible());
    QVERIFY(!m_window->isRunning());
    QVERIFY(QSettings().contains(QStringLiteral("window/geometry")));
}

void tst_ServerWindow::logShowsEventsAndSaves()
{
    QVERIFY(startOnLoopback());
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    alice->send(Bye{QStringLiteral("see you")});
    QTRY_VERIFY(logText().contains(u"leave alice"));
    QVERIFY(logText().contains(u"listening on 127.0.0.1, port " + QString::number(port())));
    QVERIFY(logText().contains(u"join alice"));
    QVERIFY(logText().contains(u"see you"));

    const QString path = m_home.filePath(QStringLiteral("saved-log.txt"));
    QCOMPARE(m_window->saveLogTo(path), QString());
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(saved.readAll().contains("join alice"));
    QVERIFY(!m_window->saveLogTo(m_home.filePath(QStringLiteral("no/such/folder/log.txt")))
                     .isEmpty());

    // Clear empties it.
    click("clearLogButton");
    QCOMPARE(logText(), QString());
}

void tst_ServerWindow::settingsAreRemembered()
{
    DialogAnswerer answer([](QWidget *dialog) {
        auto *maxClients = dialog->findChild<QSpinBox *>(QStringLiteral("maxClientsSpin"));
        QVERIFY(maxClients);
        maxClients->setValue(7);
        auto *rate = dialog->findChild<QDoubleSpinBox *>(QStringLiteral("rateSpin"));
        // Shown as people write it: "5", not "5.000".
        rate->setValue(5);
        QCOMPARE(rate->text(), QStringLiteral("5"));
        rate->setValue(2.5);
        QCOMPARE(rate->text(), QStringLiteral("2.5"));
        rate->setValue(0.125);
        QCOMPARE(rate->text(), QStringLiteral("0.125"));
        rate->setValue(2.5);
        auto *motd = dialog->findChild<QPlainTextEdit *>(QStringLiteral("motdEdit"));
        motd->setPlainText(QStringLiteral("Welcome to the LAN party"));
        auto *quiet = dialog->findChild<QSpinBox *>(QStringLiteral("quietJoinsSpin"));
        QVERIFY(quiet);
        QCOMPARE(quiet->value(), 300); // the default
        quiet->setValue(0);
        QCOMPARE(quiet->text(), QStringLiteral("never: always one by one"));
        quiet->setValue(1);
        auto *roomsBy = dialog->findChild<QComboBox *>(QStringLiteral("roomsByCombo"));
        QVERIFY(roomsBy);
        QCOMPARE(roomsBy->currentIndex(), 0); // anyone, the default
        roomsBy->setCurrentIndex(1);
        auto *maxRooms = dialog->findChild<QSpinBox *>(QStringLiteral("maxRoomsSpin"));
        QCOMPARE(maxRooms->value(), 100);
        maxRooms->setValue(5);
        clickButton(QStringLiteral("OK"))(dialog);
    });
    m_window->showSettings();
    QVERIFY(answer.answered());
    QCOMPARE(m_window->config().maxClients, 7);
    QCOMPARE(m_window->config().rate, 2.5);

    // Starting remembers the address and port too; the next start reads them all.
    QVERIFY(startOnLoopback());
    QSettings settings;
    const ServerConfig remembered = ServerSettings::load(settings, ServerConfig());
    QCOMPARE(remembered.maxClients, 7);
    QCOMPARE(remembered.rate, 2.5);
    QCOMPARE(remembered.motd, QStringLiteral("Welcome to the LAN party"));
    QCOMPARE(remembered.quietJoinsAbove, 1);
    QVERIFY(remembered.roomsMadeByOperatorOnly);
    QCOMPARE(remembered.maxRooms, 5);
    QCOMPARE(remembered.host, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(remembered.port, quint16(0));
    QCOMPARE(remembered.historyOnDisk, false);

    // The server runs with them: joining shows the welcome text.
    auto *plain = new LineClient(&m_owner);
    QVERIFY(plain->connectTo(port()));
    QVERIFY(plain->waitForLine(QStringLiteral("Welcome to the LAN party")));
    // A room of more than one: the next arrival is counted, not told.
    QVERIFY(plain->waitForLine(QStringLiteral("-server- You are")));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    QVERIFY2(plain->waitForLine(QStringLiteral("1 joined"), 15000),
             qPrintable(plain->allLines().join(u'\n')));
    QVERIFY(!plain->allLines().join(u'\n').contains(u"bob joined"));

    // A remembered value that is not valid is skipped, saying why.
    settings.setValue(QStringLiteral("server/max-clients"), QStringLiteral("lots"));
    QStringList problems;
    const ServerConfig fallback = ServerSettings::load(settings, ServerConfig(), &problems);
    QCOMPARE(fallback.maxClients, ServerConfig().maxClients);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().startsWith(u"max-clients: \"lots\""), qPrintable(problems.first()));
}

void tst_ServerWindow::networkSettings_data()
{
    QTest::addColumn<bool>("announce");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("shown"); // in the window once it runs
    // The window's server listens on loopback here, which no other computer
    // can reach: the window says why it is not announced.
    QTest::newRow("announced") << true << QString()
                               << QStringLiteral("Not announced on the network: it listens on this "
                                                 "computer only (127.0.0.1)");
    QTest::newRow("a name of 63 bytes") << true << QString(21, QChar(0x5BA4))
                                        << QStringLiteral("Not announced on the network:");
    QTest::newRow("not announced") << false << QStringLiteral("Room 101")
                                   << QStringLiteral("Not announced on the network (Settings");
}

void tst_ServerWindow::networkSettings()
{
    QFETCH(bool, announce);
    QFETCH(QString, name);
    QFETCH(QString, shown);
    DialogAnswerer answer([announce, name](QWidget *dialog) {
        auto *check = dialog->findChild<QCheckBox *>(QStringLiteral("announceCheck"));
        auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("announceNameEdit"));
        QVERIFY(check && edit);
        // The default name is the placeholder: it names this computer.
        QVERIFY2(edit->placeholderText().startsWith(u"qtchat on "),
                 qPrintable(edit->placeholderText()));
        check->setChecked(!announce);
        QCOMPARE(edit->isEnabled(), !announce);
        check->setChecked(announce);
        QCOMPARE(edit->isEnabled(), announce);
        edit->setText(name);
        clickButton(QStringLiteral("OK"))(dialog);
    });
    m_window->showSettings();
    QVERIFY(answer.answered());
    QVERIFY(startOnLoopback());
    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("server/no-announce")).toString(),
             announce ? QStringLiteral("no") : QStringLiteral("yes"));
    QCOMPARE(settings.value(QStringLiteral("server/announce-name")).toString(), name);
    const ServerConfig remembered = ServerSettings::load(settings, ServerConfig());
    for (const ServerConfig &config : {remembered, m_window->server()->config()}) {
        QCOMPARE(config.announce, announce);
        QCOMPARE(config.announceName, name);
    }
    auto *label = m_window->findChild<QLabel *>(QStringLiteral("announcementLabel"));
    QVERIFY(label);
    QVERIFY2(label->text().startsWith(shown), qPrintable(label->text()));
    auto *firewall = m_window->findChild<QLabel *>(QStringLiteral("firewallHintLabel"));
    QVERIFY(firewall);
    QVERIFY2(firewall->text().contains(QString::number(m_window->server()->serverPort())),
             qPrintable(firewall->text()));
}

void tst_ServerWindow::ircSettings_data()
{
    QTest::addColumn<bool>("irc");
    QTest::newRow("IRC clients taken") << true;
    QTest::newRow("no IRC port") << false;
}

void tst_ServerWindow::ircSettings()
{
    QFETCH(bool, irc);
    // A port free right now.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    DialogAnswerer answer([irc, port](QWidget *dialog) {
        auto *check = dialog->findChild<QCheckBox *>(QStringLiteral("ircCheck"));
        auto *spin = dialog->findChild<QSpinBox *>(QStringLiteral("ircPortSpin"));
        QVERIFY(check && spin);
        QVERIFY(!check->isChecked()); // off by default
        QVERIFY(!spin->isEnabled());
        QCOMPARE(spin->value(), 6667);
        check->setChecked(irc);
        QCOMPARE(spin->isEnabled(), irc);
        spin->setValue(port);
        clickButton(QStringLiteral("OK"))(dialog);
    });
    m_window->showSettings();
    QVERIFY(answer.answered());
    QVERIFY(startOnLoopback());
    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("server/irc-port")).toString(),
             irc ? QString::number(port) : QStringLiteral("off"));
    const ServerConfig remembered = ServerSettings::load(settings, ServerConfig());
    QCOMPARE(remembered.irc, irc);
    QCOMPARE(m_window->server()->ircPort(), irc ? port : quint16(0));
    auto *status = m_window->findChild<QLabel *>(QStringLiteral("statusLabel"));
    QVERIFY(status);
    QCOMPARE(status->text().contains(QStringLiteral("IRC clients connect to port %1.").arg(port)),
             irc);
    if (!irc)
        return;
    // An IRC client is welcome there.
    LineClient client;
    QVERIFY(client.connectTo(port));
    client.sendRaw("NICK ircer\r\nUSER ircer 0 * :I\r\n");
    QVERIFY(client.waitForLine(QStringLiteral(" 001 ircer ")));
}

void tst_ServerWindow::securitySettings_data()
{
    // A widget, the value typed into it, the value it takes (a spin box
    // stops at its ends), and the setting it gives.
    QTest::addColumn<QString>("widget");
    QTest::addColumn<int>("typed");
    QTest::addColumn<int>("taken");
    QTest::addColumn<QString>("key"); // as the command line and the settings file name it
    QTest::addColumn<QString>("saved");
    QTest::newRow("require TLS") << "requireTlsCheck" << 1 << 1 << "require-tls"
                                 << "yes";
    QTest::newRow("require TLS on loopback")
            << "requireTlsOnLoopbackCheck" << 1 << 1 << "require-tls-on-loopback"
            << "yes";
    QTest::newRow("one wrong password") << "authFailuresSpin" << 1 << 1 << "auth-failures"
                                        << "1";
    QTest::newRow("wrong passwords: no limit") << "authFailuresSpin" << 0 << 0 << "auth-failures"
                                               << "0";
    QTest::newRow("wrong passwords: past the top")
            << "authFailuresSpin" << 1000001 << 1000000 << "auth-failures"
            << "1000000";
    QTest::newRow("refused for 1 s") << "authBlockSpin" << 1 << 1 << "auth-block"
                                     << "1";
    QTest::newRow("refused: past the top") << "authBlockSpin" << 86401 << 86400 << "auth-block"
                                           << "86400";
    QTest::newRow("refused: below the bottom") << "authBlockSpin" << -1 << 0 << "auth-block"
                                               << "0";
    QTest::newRow("one new connection in 10 s")
            << "maxConnectsSpin" << 1 << 1 << "max-connects-per-ip"
            << "1";
    QTest::newRow("new connections: no limit")
            << "maxConnectsSpin" << 0 << 0 << "max-connects-per-ip"
            << "0";
}

void tst_ServerWindow::securitySettings()
{
    QFETCH(QString, widget);
    QFETCH(int, typed);
    QFETCH(int, taken);
    QFETCH(QString, key);
    QFETCH(QString, saved);
    DialogAnswerer answer([widget, typed, taken](QWidget *dialog) {
        auto *requireTls = dialog->findChild<QCheckBox *>(QStringLiteral("requireTlsCheck"));
        auto *onLoopback =
                dialog->findChild<QCheckBox *>(QStringLiteral("requireTlsOnLoopbackCheck"));
        QVERIFY(requireTls && onLoopback);
        QVERIFY(!requireTls->isChecked()); // the defaults
        QVERIFY(!onLoopback->isEnabled()); // only with encryption required
        if (auto *check = dialog->findChild<QCheckBox *>(widget)) {
            requireTls->setChecked(true);
            QVERIFY(onLoopback->isEnabled());
            check->setChecked(typed != 0);
        } else {
            auto *spin = dialog->findChild<QSpinBox *>(widget);
            QVERIFY2(spin, qPrintable(widget));
            spin->setValue(typed);
            QCOMPARE(spin->value(), taken);
        }
        clickButton(QStringLiteral("OK"))(dialog);
    });
    m_window->showSettings();
    QVERIFY(answer.answered());
    QVERIFY(startOnLoopback());
    // Kept under the command line's name, and read back through its checks.
    QSettings settings;
    QCOMPARE(settings.value(u"server/" + key).toString(), saved);
    ServerConfig fromCommandLine;
    QVERIFY(ServerOptions::applySetting(key, saved, fromCommandLine).isEmpty());
    const ServerConfig remembered = ServerSettings::load(settings, ServerConfig());
    const ServerConfig running = m_window->server()->config();
    for (const ServerConfig &config : {remembered, running}) {
        QCOMPARE(config.requireTls,
                 fromCommandLine.requireTls || key == u"require-tls-on-loopback");
        QCOMPARE(config.requireTlsOnLoopback, fromCommandLine.requireTlsOnLoopback);
        QCOMPARE(config.authFailuresAllowed, fromCommandLine.authFailuresAllowed);
        QCOMPARE(config.authBlockMs, fromCommandLine.authBlockMs);
        QCOMPARE(config.maxConnectsPerIp, fromCommandLine.maxConnectsPerIp);
    }
    if (key == u"require-tls-on-loopback") {
        // The running server turns this computer's plain connections away.
        auto *plain = new LineClient(&m_owner);
        QVERIFY(plain->connectTo(port()));
        QVERIFY2(plain->waitForLine(QStringLiteral("encrypted connections only")),
                 qPrintable(plain->allLines().join(u'\n')));
    }
}

void tst_ServerWindow::certificateSettingIsChecked_data()
{
    QTest::addColumn<QString>("pair");
    QTest::addColumn<QString>("refusal"); // in the message box; empty: accepted
    QTest::newRow("a certificate and its key") << "good"
                                               << "";
    QTest::newRow("a certificate without its key") << "no key"
                                                   << "needs its key";
    QTest::newRow("a key without its certificate") << "no certificate"
                                                   << "needs its key";
    QTest::newRow("another certificate's key") << "mismatch"
                                               << "does not belong";
    QTest::newRow("not a certificate") << "garbage"
                                       << "not a PEM certificate";
    QTest::newRow("a file that is not there") << "missing"
                                              << "cannot read";
}

void tst_ServerWindow::certificateSettingIsChecked()
{
    QFETCH(QString, pair);
    QFETCH(QString, refusal);
    QTemporaryDir dir;
    const CertificateFiles good =
            writeCertificateFiles(dir.path(), QStringLiteral("good"),
                                  ServerCertificate::makeSelfSigned({QStringLiteral("localhost")}));
    const CertificateFiles other =
            writeCertificateFiles(dir.path(), QStringLiteral("other"),
                                  ServerCertificate::makeSelfSigned({QStringLiteral("localhost")}));
    QVERIFY(!good.certificate.isEmpty() && !other.certificate.isEmpty());
    QString certificate = good.certificate;
    QString key = good.key;
    if (pair == u"no key")
        key.clear();
    else if (pair == u"no certificate")
        certificate.clear();
    else if (pair == u"mismatch")
        key = other.key;
    else if (pair == u"garbage")
        certificate = key; // a key where the certificate should be
    else if (pair == u"missing")
        certificate = dir.filePath(QStringLiteral("gone.pem"));

    QString said;
    DialogAnswerer answer([&](QWidget *dialog) {
        dialog->findChild<QLineEdit *>(QStringLiteral("tlsCertEdit"))->setText(certificate);
        dialog->findChild<QLineEdit *>(QStringLiteral("tlsKeyEdit"))->setText(key);
        DialogAnswerer warning([&said](QWidget *box) {
            said = qobject_cast<QMessageBox *>(box) ? qobject_cast<QMessageBox *>(box)->text()
                                                    : QString();
            qobject_cast<QDialog *>(box)->accept();
        });
        clickButton(QStringLiteral("OK"))(dialog);
        if (!refusal.isEmpty()) {
            // Refused: the dialog stays open, saying why.
            QTRY_VERIFY(warning.answered());
            QVERIFY(dialog->isVisible());
            clickButton(QStringLiteral("Cancel"))(dialog);
        }
    });
    m_window->showSettings();
    QVERIFY(answer.answered());
    QSettings settings;
    if (!refusal.isEmpty()) {
        QVERIFY2(said.contains(refusal), qPrintable(said));
        QVERIFY(!settings.contains(QStringLiteral("server/tls-cert")));
        QCOMPARE(m_window->config().tlsCertificatePath, QString());
        return;
    }
    QVERIFY2(said.isEmpty(), qPrintable(said));
    QVERIFY(startOnLoopback());
    QCOMPARE(m_window->server()->tlsCertificate().fingerprint(), good.fingerprint);
    QCOMPARE(settings.value(QStringLiteral("server/tls-cert")).toString(), good.certificate);
    QCOMPARE(ServerSettings::load(settings, ServerConfig()).tlsKeyPath, good.key);
}

void tst_ServerWindow::commandLineSettingsAreNotRemembered()
{
    // What the command line gave is for this run; only what the person changes here is kept.
    ServerConfig remembered = m_config;
    remembered.host = QHostAddress::Any;
    remembered.port = 5555;
    ServerConfig commandLine = remembered;
    commandLine.host = QHostAddress::LocalHost;
    commandLine.port = 0;
    commandLine.password = QStringLiteral("s3cret");
    commandLine.maxClients = 3;
    m_window = std::make_unique<ServerWindow>(commandLine, remembered);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    click("startButton");
    QVERIFY(m_window->isRunning());
    QCOMPARE(m_window->server()->config().maxClients, 3);

    DialogAnswerer answer([](QWidget *dialog) {
        dialog->findChild<QSpinBox *>(QStringLiteral("burstSpin"))->setValue(4);
        clickButton(QStringLiteral("OK"))(dialog);
    });
    m_window->showSettings();
    QVERIFY(answer.answered());
    QSettings settings;
    const ServerConfig saved = ServerSettings::load(settings, ServerConfig());
    QCOMPARE(saved.burst, 4);            // changed here
    QCOMPARE(saved.password, QString()); // given on the command line
    QCOMPARE(saved.maxClients, remembered.maxClients);
    QCOMPARE(saved.host, QHostAddress(QHostAddress::Any));
    QCOMPARE(saved.port, quint16(5555));
#ifdef Q_OS_UNIX
    // It may hold a password: only its owner can read it.
    QCOMPARE(QFile::permissions(settings.fileName()) &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
#endif
}

void tst_ServerWindow::forgottenAddressFallsBackToAny()
{
    // Last time this laptop had 192.0.2.1 (TEST-NET-1); now it does not.
    ServerConfig remembered = m_config;
    remembered.host = QHostAddress(QStringLiteral("192.0.2.1"));
    m_window = std::make_unique<ServerWindow>(remembered, remembered);
    QComboBox *hostCombo = child<QComboBox>("hostCombo");
    QCOMPARE(hostCombo->currentData().toString(), QStringLiteral("any"));
    QVERIFY2(child<QLabel>("errorLabel")->text().contains(u"192.0.2.1"),
             qPrintable(child<QLabel>("errorLabel")->text()));

    // Given on the command line, it is kept as typed (and Start says what is wrong).
    ServerConfig commandLine = m_config;
    commandLine.host = QHostAddress(QStringLiteral("192.0.2.1"));
    m_window = std::make_unique<ServerWindow>(commandLine, m_config);
    QCOMPARE(child<QComboBox>("hostCombo")->currentText(), QStringLiteral("192.0.2.1"));
}

void tst_ServerWindow::stopWhileADialogIsOpen()
{
    // SIGTERM arrives while the operator is typing a kick reason.
    QVERIFY(startOnLoopback());
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QVERIFY(select(QStringLiteral("alice")));
    DialogAnswerer answer([this, alice](QWidget *dialog) {
        m_window->stopAndClose();
        QVERIFY(alice->waitForError(ErrorCode::ServerShutdown));
        QTRY_VERIFY(!m_window->isVisible());
        QVERIFY(!m_window->server());
        typeAndAccept(QStringLiteral("too late"))(dialog);
    });
    click("kickButton");
    QVERIFY(answer.answered());
    QVERIFY(!m_window->isRunning());
}

void tst_ServerWindow::warnsWhenFilesAreTooFew()
{
#ifdef Q_OS_UNIX
    // The window raises the open-file limit as the headless mode does; what
    // is still too few for the most clients is said, and the server runs.
    rlimit limit{};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
    if (limit.rlim_max == RLIM_INFINITY || limit.rlim_max > 1000000)
        QSKIP("no finite hard limit on open files here");
    ServerConfig config = m_config;
    config.maxClients = int(limit.rlim_max); // more connections than files
    m_window = std::make_unique<ServerWindow>(config);
    QVERIFY(startOnLoopback());
    QLabel *error = child<QLabel>("errorLabel");
    QVERIFY(error->isVisibleTo(m_window.get()));
    QVERIFY2(error->text().contains(u"too few") &&
                     error->text().contains(QString::number(limit.rlim_max)),
             qPrintable(error->text()));
    QVERIFY(m_window->isRunning());
    QVERIFY(joined(QStringLiteral("alice")));

    // The default most clients fit: nothing to say.
    m_window = std::make_unique<ServerWindow>(m_config);
    QVERIFY(startOnLoopback());
    QVERIFY(!child<QLabel>("errorLabel")->isVisibleTo(m_window.get()));
#else
    QSKIP("open-file limits are Unix's");
#endif
}

QTEST_MAIN(tst_ServerWindow)
#include "tst_serverwindow.moc"
