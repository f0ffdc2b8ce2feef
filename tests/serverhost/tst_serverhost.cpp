// ServerHost, what the window and the headless mode share: starting and
// stopping, why listening failed (as a kind), the addresses to give out, the
// open-file limit, and the bans while running and while stopped.
#include "banfile.h"
#include "chatserver.h"
#include "lineclient.h"
#include "serverhost.h"
#include "testserverconfig.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <unistd.h>
#endif

class tst_ServerHost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loopbackIsNotAnnounced_data();
    void loopbackIsNotAnnounced();
    void initTestCase();
    void startsAndStops();
    void stopsWithPeopleConnected();
    void listenFailures_data();
    void listenFailures();
    void startsAgainAfterAFailure();
    void addressesToGiveOut_data();
    void addressesToGiveOut();
    void raisesTheOpenFileLimit();
    void saysWhenFilesAreTooFew();
    void bansWhileStopped();
    void bansWhileRunning();
    void configuredBans();
    void bansWithoutDataFolder();
    void settingsApplyAtTheNextStart();
};

void tst_ServerHost::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("qtchat.server.info=false"));
}

void tst_ServerHost::loopbackIsNotAnnounced_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1");
    QTest::newRow("::1") << QStringLiteral("::1");
}

void tst_ServerHost::loopbackIsNotAnnounced()
{
    // No other computer could connect: the network is not told of it, and
    // the reason says so (not that multicast is off, which it also is here).
    QFETCH(QString, host);
    ServerConfig config = testServerConfig();
    config.host = QHostAddress(host);
    config.announce = true;
    ServerHost server(config);
    QSignalSpy changed(&server, &ServerHost::announcementChanged);
    if (!server.start())
        QSKIP(qPrintable(u"cannot listen on " + host + u": " + server.errorString()));
    QCOMPARE(server.announcement(), ServerHost::Announcement::Failed);
    QVERIFY2(server.announcementError().startsWith(u"it listens on this computer only (" + host +
                                                   u")"),
             qPrintable(server.announcementError()));
    QVERIFY(!changed.isEmpty());
    QVERIFY(server.announcedName().isEmpty());
    QVERIFY(server.announcedInterfaces().isEmpty());
}

void tst_ServerHost::startsAndStops()
{
    ServerHost host(testServerConfig());
    QCOMPARE(host.state(), ServerHost::State::Stopped);
    QVERIFY(!host.server());
    QSignalSpy started(&host, &ServerHost::started);
    QSignalSpy states(&host, &ServerHost::stateChanged);
    QSignalSpy stopped(&host, &ServerHost::stopped);

    QVERIFY2(host.start(), qPrintable(host.errorString()));
    QCOMPARE(host.listenFailure(), ServerHost::ListenFailure::None);
    QCOMPARE(host.state(), ServerHost::State::Running);
    QVERIFY(host.isRunning());
    QVERIFY(host.server());
    QVERIFY(host.server()->isListening());
    QVERIFY(host.serverPort() != 0);
    QCOMPARE(host.serverAddress(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(started.size(), 1);
    QVERIFY(!host.start()); // once is enough

    QPointer<ChatServer> server = host.server();
    host.stop();
    QCOMPARE(host.state(), ServerHost::State::Stopping);
    QVERIFY(stopped.wait(5000));
    QCOMPARE(stopped.first().first().toBool(), true); // clean
    QCOMPARE(host.state(), ServerHost::State::Stopped);
    QVERIFY(!host.server());
    QTRY_VERIFY(server.isNull()); // not kept
    QCOMPARE(host.serverPort(), quint16(0));
    QVERIFY(host.addresses().isEmpty());
    QCOMPARE(states.size(), 3);
    QCOMPARE(states.at(0).first().value<ServerHost::State>(), ServerHost::State::Running);
    QCOMPARE(states.at(1).first().value<ServerHost::State>(), ServerHost::State::Stopping);
    QCOMPARE(states.at(2).first().value<ServerHost::State>(), ServerHost::State::Stopped);

    // Stopping what is stopped does nothing.
    host.stop();
    QCOMPARE(host.state(), ServerHost::State::Stopped);
    QCOMPARE(stopped.size(), 1);
}

void tst_ServerHost::stopsWithPeopleConnected()
{
    ServerHost host(testServerConfig());
    QVERIFY(host.start());
    LineClient alice;
    QVERIFY(alice.connectTo(host.serverPort()));
    // A plain-text client is in once the server has named it.
    QVERIFY(alice.waitForLine(QStringLiteral("-server- You are")));
    QTRY_COMPARE(host.server()->userCount(), 1);

    QSignalSpy stopped(&host, &ServerHost::stopped);
    host.stop(QStringLiteral("maintenance"));
    // The reason reaches the person, then the connection closes and the host stops.
    QVERIFY(alice.waitForLine(QStringLiteral("maintenance")));
    QVERIFY(alice.waitForDisconnected());
    QTRY_COMPARE(stopped.size(), 1);
    QCOMPARE(stopped.first().first().toBool(), true);
}

void tst_ServerHost::listenFailures_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port"); // -1: one in use
    QTest::addColumn<int>("maxFrame");
    QTest::addColumn<ServerHost::ListenFailure>("failure");

    QTest::newRow("port in use") << QStringLiteral("127.0.0.1") << -1 << 65536
                                 << ServerHost::ListenFailure::PortInUse;
    QTest::newRow("address not here") // TEST-NET-1 (RFC 5737) is nobody's address
            << QStringLiteral("192.0.2.1") << 0 << 65536
            << ServerHost::ListenFailure::AddressNotHere;
    QTest::newRow("port below 1024") << QStringLiteral("127.0.0.1") << 1 << 65536
                                     << ServerHost::ListenFailure::NeedsPrivileges;
    QTest::newRow("settings not valid") << QStringLiteral("127.0.0.1") << 0 << 100
                                        << ServerHost::ListenFailure::InvalidSettings;
}

void tst_ServerHost::listenFailures()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(int, maxFrame);
    QFETCH(ServerHost::ListenFailure, failure);

    if (failure == ServerHost::ListenFailure::NeedsPrivileges) {
#ifdef Q_OS_UNIX
        QFile unprivileged(QStringLiteral("/proc/sys/net/ipv4/ip_unprivileged_port_start"));
        const int firstFree = unprivileged.open(QIODevice::ReadOnly)
                                      ? unprivileged.readAll().trimmed().toInt()
                                      : 1024;
        if (::geteuid() == 0 || firstFree <= port)
            QSKIP("this process may listen on port 1 (root, or unprivileged ports start lower)");
#else
        QSKIP("only Unix keeps low ports for administrators");
#endif
    }
    QTcpServer occupant;
    if (port < 0) {
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        port = occupant.serverPort();
    }
    ServerConfig config = testServerConfig();
    config.host = QHostAddress(host);
    config.port = quint16(port);
    config.maxFrameBytes = maxFrame;
    ServerHost server(config);
    QSignalSpy started(&server, &ServerHost::started);
    QSignalSpy states(&server, &ServerHost::stateChanged);
    QVERIFY(!server.start());
    QCOMPARE(server.listenFailure(), failure);
    QVERIFY(!server.errorString().isEmpty());
    QCOMPARE(server.state(), ServerHost::State::Stopped);
    QVERIFY(!server.server());
    QCOMPARE(started.size(), 0);
    QCOMPARE(states.size(), 0);
    if (failure == ServerHost::ListenFailure::InvalidSettings)
        QVERIFY2(server.errorString().contains(u"max-frame"), qPrintable(server.errorString()));
}

void tst_ServerHost::startsAgainAfterAFailure()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    ServerConfig config = testServerConfig();
    config.port = occupant.serverPort();
    ServerHost host(config);
    QVERIFY(!host.start());
    QCOMPARE(host.listenFailure(), ServerHost::ListenFailure::PortInUse);
    occupant.close();
    QVERIFY2(host.start(), qPrintable(host.errorString()));
    QCOMPARE(host.listenFailure(), ServerHost::ListenFailure::None);
    QVERIFY(host.errorString().isEmpty());
    QCOMPARE(host.serverPort(), config.port);
}

void tst_ServerHost::addressesToGiveOut_data()
{
    QTest::addColumn<QString>("listen");
    QTest::newRow("loopback") << QStringLiteral("127.0.0.1");
    QTest::newRow("all interfaces") << QStringLiteral("any");
}

void tst_ServerHost::addressesToGiveOut()
{
    QFETCH(QString, listen);
    ServerConfig config = testServerConfig();
    config.host = listen == u"any" ? QHostAddress(QHostAddress::Any) : QHostAddress(listen);
    ServerHost host(config);
    QVERIFY2(host.start(), qPrintable(host.errorString()));
    const QList<QHostAddress> addresses = host.addresses();
    QVERIFY(!addresses.isEmpty());
    if (listen != u"any") {
        QCOMPARE(addresses, QList<QHostAddress>{QHostAddress(listen)});
        return;
    }
    // Every one reaches this server; loopback comes last, LAN ones first.
    QVERIFY(addresses.contains(QHostAddress(QHostAddress::LocalHost)));
    bool loopbackSeen = false;
    for (const QHostAddress &address : addresses) {
        if (address.isLoopback())
            loopbackSeen = true;
        else
            QVERIFY2(!loopbackSeen, "a network address after loopback");
    }
    QTcpSocket socket;
    socket.connectToHost(addresses.first(), host.serverPort());
    QVERIFY(socket.waitForConnected(5000));
}

void tst_ServerHost::raisesTheOpenFileLimit()
{
#ifdef Q_OS_UNIX
    rlimit before{};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &before), 0);
    if (before.rlim_max == RLIM_INFINITY || before.rlim_max < 128)
        QSKIP("no finite hard limit on open files to raise to");
    // A lower soft limit, as a desktop session gives a program it starts.
    rlimit lowered = before;
    lowered.rlim_cur = 64;
    QCOMPARE(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
    ServerHost host(testServerConfig());
    QVERIFY(host.start());
    rlimit now{};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &now), 0);
    QCOMPARE(now.rlim_cur, before.rlim_max);
    QCOMPARE(host.openFileLimit(), qint64(before.rlim_max));
#else
    QSKIP("open-file limits are Unix's");
#endif
}

void tst_ServerHost::saysWhenFilesAreTooFew()
{
    ServerConfig config = testServerConfig();
    ServerHost host(config);
    QVERIFY(host.start());
    const qint64 files = host.openFileLimit();
    if (files <= 0)
        QSKIP("no limit on open files here");
    QVERIFY(!host.hasTooFewFiles()); // the default most clients fit
    host.stop();
    QTRY_COMPARE(host.state(), ServerHost::State::Stopped);

    // Just enough: the connections and the server's own files.
    config.maxClients = int(files - 32);
    host.setConfig(config);
    QVERIFY(host.start());
    QVERIFY(!host.hasTooFewFiles());
    host.stop();
    QTRY_COMPARE(host.state(), ServerHost::State::Stopped);
    // One more is too many.
    config.maxClients = int(files - 31);
    host.setConfig(config);
    QVERIFY(host.start());
    QVERIFY(host.hasTooFewFiles());
}

void tst_ServerHost::bansWhileStopped()
{
    const QStringList both{QStringLiteral("10.0.0.0/8"), QStringLiteral("192.168.1.7")};
    QTemporaryDir data;
    QVERIFY(data.isValid());
    ServerConfig config = testServerConfig();
    config.dataDir = data.path();
    ServerHost host(config);
    QVERIFY(host.canChangeBans());
    QVERIFY(host.bans().isEmpty());
    QSignalSpy changed(&host, &ServerHost::bansChanged);

    QCOMPARE(host.addBan(QStringLiteral("10.0.0.0/8")), QString());
    QCOMPARE(host.addBan(QStringLiteral("192.168.1.7")), QString());
    QCOMPARE(changed.size(), 2);
    QCOMPARE(host.bans(), both);
    const QString file = ChatServer::banFile(config);
    QCOMPARE(BanFile::read(file).entries, both);

    // Refused: no change to the file, a reason to show.
    const QString problem = host.addBan(QStringLiteral("not an address"));
    QVERIFY(problem.contains(u"not an IP address"));
    QCOMPARE(changed.size(), 2);
    QString why;
    QCOMPARE(host.removeBan(QStringLiteral("172.16.0.1"), &why), ServerHost::Unban::NotBanned);

    QCOMPARE(host.removeBan(QStringLiteral("192.168.1.7"), &why), ServerHost::Unban::Lifted);
    QCOMPARE(changed.size(), 3);
    QCOMPARE(BanFile::read(file).entries, QStringList{QStringLiteral("10.0.0.0/8")});

    // The next start enforces what was saved.
    QVERIFY(host.start());
    QCOMPARE(host.server()->bans(), QStringList{QStringLiteral("10.0.0.0/8")});
    QCOMPARE(host.bans(), QStringList{QStringLiteral("10.0.0.0/8")});
}

void tst_ServerHost::bansWhileRunning()
{
    QTemporaryDir data;
    ServerConfig config = testServerConfig();
    config.dataDir = data.path();
    ServerHost host(config);
    QVERIFY(host.start());
    LineClient alice;
    QVERIFY(alice.connectTo(host.serverPort()));
    QVERIFY(alice.waitForLine(QStringLiteral("-server- You are")));
    QSignalSpy changed(&host, &ServerHost::bansChanged);

    // Banning this computer's address disconnects whoever comes from it.
    QCOMPARE(host.addBan(QStringLiteral("127.0.0.1")), QString());
    QVERIFY(alice.waitForDisconnected());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(host.bans(), QStringList{QStringLiteral("127.0.0.1")});
    QCOMPARE(host.removeBan(QStringLiteral("127.0.0.1")), ServerHost::Unban::Lifted);
    QCOMPARE(host.removeBan(QStringLiteral("127.0.0.1")), ServerHost::Unban::NotBanned);
    QVERIFY(host.bans().isEmpty());

    // What was banned while running stays for the next start; stopping says so.
    QCOMPARE(host.addBan(QStringLiteral("10.1.2.3")), QString());
    host.stop();
    QCOMPARE(host.state(), ServerHost::State::Stopping);
    QVERIFY(!host.canChangeBans());
    QVERIFY(!host.addBan(QStringLiteral("10.9.9.9")).isEmpty());
    const int before = changed.size();
    QTRY_COMPARE(host.state(), ServerHost::State::Stopped);
    QVERIFY(changed.size() > before);
    QCOMPARE(host.bans(), QStringList{QStringLiteral("10.1.2.3")});
}

void tst_ServerHost::configuredBans()
{
    QTemporaryDir data;
    ServerConfig config = testServerConfig();
    config.dataDir = data.path();
    config.bans = QStringList{QStringLiteral("10.0.0.0/8")};
    ServerHost host(config);
    QVERIFY(host.isConfiguredBan(QStringLiteral("10.0.0.0/8")));
    QVERIFY(!host.isConfiguredBan(QStringLiteral("10.0.0.1")));
    QCOMPARE(host.bans(), QStringList{QStringLiteral("10.0.0.0/8")});
    // Stopped: only the config file can take it away.
    QCOMPARE(host.removeBan(QStringLiteral("10.0.0.0/8")), ServerHost::Unban::Configured);
    QCOMPARE(host.bans(), QStringList{QStringLiteral("10.0.0.0/8")});

    // Running: lifted until the next start.
    QVERIFY(host.start());
    QVERIFY(host.isConfiguredBan(QStringLiteral("10.0.0.0/8")));
    QCOMPARE(host.removeBan(QStringLiteral("10.0.0.0/8")), ServerHost::Unban::Lifted);
    QVERIFY(host.bans().isEmpty());
    host.stop();
    QTRY_COMPARE(host.state(), ServerHost::State::Stopped);
    QCOMPARE(host.bans(), QStringList{QStringLiteral("10.0.0.0/8")});
}

void tst_ServerHost::bansWithoutDataFolder()
{
    ServerConfig config = testServerConfig();
    config.dataDir.clear();
    ServerHost host(config);
    QVERIFY(!host.canChangeBans());
    const QString problem = host.addBan(QStringLiteral("10.0.0.1"));
    QVERIFY2(problem.contains(u"data folder"), qPrintable(problem));
    QVERIFY(host.bans().isEmpty());
    // Running, bans still work (for this run).
    QVERIFY(host.start());
    QVERIFY(host.canChangeBans());
    QCOMPARE(host.addBan(QStringLiteral("10.0.0.1")), QString());
    QCOMPARE(host.bans(), QStringList{QStringLiteral("10.0.0.1")});
}

void tst_ServerHost::settingsApplyAtTheNextStart()
{
    ServerConfig config = testServerConfig();
    config.maxClients = 7;
    ServerHost host(config);
    QVERIFY(host.start());
    config.maxClients = 9;
    host.setConfig(config);
    QCOMPARE(host.server()->config().maxClients, 7); // the running server keeps its own
    host.stop();
    QTRY_COMPARE(host.state(), ServerHost::State::Stopped);
    QVERIFY(host.start());
    QCOMPARE(host.server()->config().maxClients, 9);
}

QTEST_GUILESS_MAIN(tst_ServerHost)
#include "tst_serverhost.moc"
