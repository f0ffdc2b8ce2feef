// Discovery (contract §9) between real programs on a network of the test's
// own: a network namespace whose loopback has multicast and 10.77.0.1
// (tests/support/in-network-namespace.sh, which ctest runs this in). A
// ServerHost announces; a ServiceBrowser finds it, with its port and TXT
// keys, sees "users" change as people come and go, drops it on the goodbye,
// and tells two servers of one name apart. python-zeroconf, a third-party
// implementation, browses the qtchat server and publishes a service the
// ServiceBrowser finds. Outside such a namespace (not root, no unshare)
// everything skips, saying why: these tests multicast.
#include "apptranslations.h"
#include "chatserver.h"
#include "childprocess.h"
#include "connectdialog.h"
#include "dnsmessage.h"
#include "foundserverslist.h"
#include "mdnssocket.h"
#include "networknamespace.h"
#include "servercertificate.h"
#include "serverhost.h"
#include "serviceannouncer.h"
#include "servicebrowser.h"
#include "testclient.h"
#include "testserverconfig.h"

#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkInterface>
#include <QSignalSpy>
#include <QTest>
#include <QUdpSocket>

namespace {

// These tests multicast, which only that namespace keeps to itself.
const QHostAddress &Elsewhere = NetworkNamespace::elsewhere();

// python3 with python-zeroconf (Debian's python3-zeroconf), or "".
QString zeroconfPython()
{
    for (const QString &python :
         {QStringLiteral("/usr/bin/python3"), QStringLiteral(QTCHAT_PYTHON3)}) {
        QProcess probe;
        probe.start(python, {QStringLiteral("-c"), QStringLiteral("import zeroconf")});
        if (probe.waitForFinished(10'000) && probe.exitStatus() == QProcess::NormalExit &&
            probe.exitCode() == 0)
            return python;
    }
    return QString();
}

ServerConfig announcedConfig(const QString &name)
{
    ServerConfig config = testServerConfig();
    config.host = QHostAddress::AnyIPv4;
    config.announce = true;
    config.announceName = name;
    return config;
}

// "Lab", with alice in it, and "Locked", which needs a password.
struct TwoServers
{
    ServerHost lab{announcedConfig(QStringLiteral("Lab"))};
    ServerHost locked{[] {
        ServerConfig config = announcedConfig(QStringLiteral("Locked"));
        config.password = QStringLiteral("secret");
        return config;
    }()};
    TestClient alice;
    bool start()
    {
        return lab.start() && locked.start() && alice.connectTo(lab.serverPort()) &&
               alice.join(QStringLiteral("alice"));
    }
};

QString peerScript()
{
    return QStringLiteral(QTCHAT_SOURCE_DIR "/tests/discovery/zeroconf_peer.py");
}

} // namespace

class tst_Discovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void serverIsFound_data();
    void serverIsFound();
    void usersAreKeptCurrent();
    void goodbyeOnStop();
    void twoServersOfOneName();
    void turnedOff();
    void zeroconfBrowsesTheServer();
    void browserFindsZeroconfService();
    void browserBounds();
    void announcerBounds();
    void avahiSeesTheServer();
    void browserFindsAvahiService();
    void terminalListsServers();
    void terminalFindsNone();
    void connectDialogListsAndConnects();

private:
    // The one service named name, once found (nullopt after timeoutMs).
    std::optional<DiscoveredService> waitForService(ServiceBrowser &browser, const QString &name,
                                                    int timeoutMs = 10'000);
    QString m_python;
};

void tst_Discovery::initTestCase()
{
    QTCHAT_SKIP_OUTSIDE_NAMESPACE("discovery_netns");
    m_python = zeroconfPython();
}

void tst_Discovery::init()
{
    QTCHAT_SKIP_OUTSIDE_NAMESPACE("discovery_netns");
}

std::optional<DiscoveredService> tst_Discovery::waitForService(ServiceBrowser &browser,
                                                               const QString &name, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        for (const DiscoveredService &service : browser.services()) {
            if (service.name == name)
                return service;
        }
        QTest::qWait(50);
    }
    return std::nullopt;
}

void tst_Discovery::serverIsFound_data()
{
    QTest::addColumn<QString>("password");
    QTest::newRow("open") << QString();
    QTest::newRow("with a password") << QStringLiteral("secret");
}

void tst_Discovery::serverIsFound()
{
    QFETCH(QString, password);
    ServerConfig config = announcedConfig(QStringLiteral("Lab server"));
    config.password = password;
    ServerHost host(config);
    QVERIFY2(host.start(), qPrintable(host.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(host.announcement(), ServerHost::Announcement::Announced, 5000);
    QCOMPARE(host.announcedName(), QStringLiteral("Lab server"));
    QCOMPARE(host.announcedInterfaces().size(), 1);
    QVERIFY2(host.announcedInterfaces().first().contains(u"10.77.0.1"),
             qPrintable(host.announcedInterfaces().first()));

    ServiceBrowser browser;
    QSignalSpy found(&browser, &ServiceBrowser::serviceFound);
    QVERIFY2(browser.start("_qtchat._tcp"), qPrintable(browser.errorString()));
    const std::optional<DiscoveredService> service =
            waitForService(browser, QStringLiteral("Lab server"));
    QVERIFY(service);
    QCOMPARE(found.size(), 1);
    QCOMPARE(service->port, host.serverPort());
    QVERIFY(service->addresses.contains(Elsewhere));
    QCOMPARE(service->txt.value(QStringLiteral("protocol")), QStringLiteral("1"));
    QCOMPARE(service->txt.value(QStringLiteral("tls")), QStringLiteral("1"));
    const QString fingerprint =
            host.server()->tlsCertificate().fingerprint().remove(QLatin1Char(':'));
    QCOMPARE(service->txt.value(QStringLiteral("fp")), fingerprint.left(16));
    QCOMPARE(service->txt.value(QStringLiteral("users")), QStringLiteral("0"));
    QCOMPARE(service->txt.contains(QStringLiteral("password")), !password.isEmpty());
    // And it connects there.
    TestClient client;
    QVERIFY(client.connectTo(service->port, service->addresses.first()));
}

void tst_Discovery::usersAreKeptCurrent()
{
    ServerHost host(announcedConfig(QStringLiteral("Busy server")));
    QVERIFY(host.start());
    ServiceBrowser browser;
    QVERIFY(browser.start("_qtchat._tcp"));
    QVERIFY(waitForService(browser, QStringLiteral("Busy server")));
    const auto users = [&browser] {
        for (const DiscoveredService &service : browser.services()) {
            if (service.name == u"Busy server")
                return service.txt.value(QStringLiteral("users"));
        }
        return QString();
    };
    QCOMPARE(users(), QStringLiteral("0"));
    auto alice = std::make_unique<TestClient>();
    QVERIFY(alice->connectTo(host.serverPort()));
    QVERIFY(alice->join(QStringLiteral("alice")));
    QTRY_COMPARE_WITH_TIMEOUT(users(), QStringLiteral("1"), 5000);
    TestClient bob;
    QVERIFY(bob.connectTo(host.serverPort()));
    QVERIFY(bob.join(QStringLiteral("bob")));
    QTRY_COMPARE_WITH_TIMEOUT(users(), QStringLiteral("2"), 5000);
    alice.reset();
    QTRY_COMPARE_WITH_TIMEOUT(users(), QStringLiteral("1"), 5000);
}

void tst_Discovery::goodbyeOnStop()
{
    ServerHost host(announcedConfig(QStringLiteral("Short-lived")));
    QVERIFY(host.start());
    ServiceBrowser browser;
    QSignalSpy lost(&browser, &ServiceBrowser::serviceLost);
    QVERIFY(browser.start("_qtchat._tcp"));
    QVERIFY(waitForService(browser, QStringLiteral("Short-lived")));
    QElapsedTimer clock;
    clock.start();
    host.stop();
    QCOMPARE(host.announcement(), ServerHost::Announcement::Off);
    // Its records live 120 s and more: only the goodbye makes it go this soon.
    QVERIFY(lost.wait(5000));
    QCOMPARE(lost.first().first().toString(), QStringLiteral("Short-lived"));
    QVERIFY(browser.services().isEmpty());
    QVERIFY(clock.elapsed() < 5000);
}

void tst_Discovery::twoServersOfOneName()
{
    ServerHost first(announcedConfig(QStringLiteral("Twin")));
    QVERIFY(first.start());
    QTRY_COMPARE_WITH_TIMEOUT(first.announcement(), ServerHost::Announcement::Announced, 5000);
    ServerHost second(announcedConfig(QStringLiteral("Twin")));
    QVERIFY(second.start());
    // The second one finds the name taken while probing and takes the next.
    QTRY_COMPARE_WITH_TIMEOUT(second.announcement(), ServerHost::Announcement::Announced, 10000);
    QCOMPARE(first.announcedName(), QStringLiteral("Twin"));
    QCOMPARE(second.announcedName(), QStringLiteral("Twin (2)"));
    ServiceBrowser browser;
    QVERIFY(browser.start("_qtchat._tcp"));
    const std::optional<DiscoveredService> one = waitForService(browser, QStringLiteral("Twin"));
    const std::optional<DiscoveredService> two =
            waitForService(browser, QStringLiteral("Twin (2)"));
    QVERIFY(one && two);
    QCOMPARE(one->port, first.serverPort());
    QCOMPARE(two->port, second.serverPort());
    QVERIFY(one->port != two->port);
    // One leaving does not take the other along (their host records are shared).
    QSignalSpy lost(&browser, &ServiceBrowser::serviceLost);
    second.stop();
    QVERIFY(lost.wait(5000));
    QTest::qWait(1500);
    QCOMPARE(lost.size(), 1);
    const QList<DiscoveredService> left = browser.services();
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().name, QStringLiteral("Twin"));
    QVERIFY(left.first().addresses.contains(Elsewhere));
}

void tst_Discovery::turnedOff()
{
    ServerConfig config = announcedConfig(QStringLiteral("Hidden"));
    config.announce = false;
    ServerHost host(config);
    QVERIFY(host.start());
    QCOMPARE(host.announcement(), ServerHost::Announcement::Off);
    ServiceBrowser browser;
    QVERIFY(browser.start("_qtchat._tcp"));
    QVERIFY(!waitForService(browser, QStringLiteral("Hidden"), 2500));
}

void tst_Discovery::zeroconfBrowsesTheServer()
{
    if (m_python.isEmpty())
        QSKIP("needs python3-zeroconf (build.sh test installs it)");
    ServerHost host(announcedConfig(QStringLiteral("Seen by Python")));
    QVERIFY(host.start());
    QTRY_COMPARE_WITH_TIMEOUT(host.announcement(), ServerHost::Announcement::Announced, 5000);
    ChildProcess peer;
    peer.start(m_python, {peerScript(), QStringLiteral("browse"), QStringLiteral("6")},
               QProcessEnvironment::systemEnvironment());
    QVERIFY2(peer.waitForOutput(QStringLiteral("\"name\": \"Seen by Python\""), 10'000),
             qPrintable(peer.output()));
    QJsonObject seen;
    for (const QString &line : peer.output().split(QLatin1Char('\n'))) {
        const QJsonObject object = QJsonDocument::fromJson(line.toUtf8()).object();
        if (object.value(QStringLiteral("name")).toString() == u"Seen by Python")
            seen = object;
    }
    QCOMPARE(seen.value(QStringLiteral("port")).toInt(), int(host.serverPort()));
    QVERIFY2(seen.value(QStringLiteral("addresses"))
                     .toVariant()
                     .toStringList()
                     .contains(Elsewhere.toString()),
             qPrintable(peer.output()));
    const QJsonObject txt = seen.value(QStringLiteral("txt")).toObject();
    QCOMPARE(txt.value(QStringLiteral("protocol")).toString(), QStringLiteral("1"));
    QCOMPARE(txt.value(QStringLiteral("tls")).toString(), QStringLiteral("1"));
    QCOMPARE(txt.value(QStringLiteral("users")).toString(), QStringLiteral("0"));
    QCOMPARE(txt.value(QStringLiteral("fp")).toString(),
             host.server()->tlsCertificate().fingerprint().remove(QLatin1Char(':')).left(16));
    // python-zeroconf hears the goodbye too.
    host.stop();
    QVERIFY2(peer.waitForOutput(QStringLiteral("removed Seen by Python"), 5000),
             qPrintable(peer.output()));
}

void tst_Discovery::browserFindsZeroconfService()
{
    if (m_python.isEmpty())
        QSKIP("needs python3-zeroconf (build.sh test installs it)");
    ChildProcess peer;
    peer.start(m_python,
               {peerScript(), QStringLiteral("publish"), QStringLiteral("Python's chat"),
                QStringLiteral("41999"), QStringLiteral("protocol=1"), QStringLiteral("users=7"),
                QStringLiteral("password=1")},
               QProcessEnvironment::systemEnvironment());
    QVERIFY2(peer.waitForOutput(QStringLiteral("registered"), 15'000), qPrintable(peer.output()));
    ServiceBrowser browser;
    QSignalSpy lost(&browser, &ServiceBrowser::serviceLost);
    QVERIFY(browser.start("_qtchat._tcp"));
    const std::optional<DiscoveredService> service =
            waitForService(browser, QStringLiteral("Python's chat"));
    QVERIFY(service);
    QCOMPARE(service->port, quint16(41999));
    QCOMPARE(service->hostName, QStringLiteral("zeroconf-peer.local"));
    QCOMPARE(service->addresses, QList<QHostAddress>{Elsewhere});
    QCOMPARE(service->txt.value(QStringLiteral("users")), QStringLiteral("7"));
    QCOMPARE(service->txt.value(QStringLiteral("password")), QStringLiteral("1"));
    QVERIFY(!service->txt.contains(QStringLiteral("tls")));
    peer.closeInput(); // it unregisters: a goodbye
    QVERIFY(lost.wait(8000));
    QCOMPARE(lost.first().first().toString(), QStringLiteral("Python's chat"));
}

void tst_Discovery::browserBounds()
{
    // One packet announcing more services than a browser keeps: it keeps
    // MaxServices and says nothing of the rest.
    ServiceBrowser browser;
    QVERIFY(browser.start("_qtchat._tcp"));
    const DnsName type = DnsName::fromDotted("_qtchat._tcp.local");
    const auto announce = [&](int from, int count) {
        QUdpSocket sender;
        QVERIFY(sender.bind(QHostAddress(QHostAddress::AnyIPv4), 0));
        sender.setMulticastInterface(QNetworkInterface::interfaceFromName(QStringLiteral("lo")));
        for (int i = from; i < from + count; i += 25) {
            DnsMessage message;
            message.response = true;
            DnsRecord a;
            a.name = DnsName::fromDotted("flood.local");
            a.type = DnsType::A;
            a.ttl = 120;
            a.address = Elsewhere;
            message.answers.append(a);
            for (int j = i; j < std::min(i + 25, from + count); ++j) {
                const DnsName instance = type.prepended("Flood " + QByteArray::number(j));
                DnsRecord ptr;
                ptr.name = type;
                ptr.type = DnsType::Ptr;
                ptr.ttl = 4500;
                ptr.target = instance;
                DnsRecord srv;
                srv.name = instance;
                srv.type = DnsType::Srv;
                srv.ttl = 120;
                srv.port = quint16(40000 + j);
                srv.target = a.name;
                DnsRecord txt = srv;
                txt.type = DnsType::Txt;
                txt.texts = {"protocol=1"};
                message.answers += {ptr, srv, txt};
            }
            QVERIFY(sender.writeDatagram(message.encode(), MdnsSocket::group(), MdnsSocket::Port) >
                    0);
        }
    };
    announce(0, int(ServiceBrowser::MaxServices) - 1);
    QTRY_COMPARE_WITH_TIMEOUT(browser.services().size(), ServiceBrowser::MaxServices - 1, 5000);
    announce(int(ServiceBrowser::MaxServices) - 1, 1); // at the limit
    QTRY_COMPARE_WITH_TIMEOUT(browser.services().size(), ServiceBrowser::MaxServices, 5000);
    announce(int(ServiceBrowser::MaxServices), 10); // past it
    QTest::qWait(500);
    QCOMPARE(browser.services().size(), ServiceBrowser::MaxServices);
}

namespace {

// Why an avahi test skips, or "" when it can run.
QString whyNoAvahi()
{
    if (qEnvironmentVariable("QTCHAT_TEST_AVAHI") != u"1")
        return QStringLiteral("needs an avahi-daemon of the test's own: ctest runs these as "
                              "discovery_avahi (tests/support/with-avahi.sh)");
    return QString();
}

} // namespace

void tst_Discovery::avahiSeesTheServer()
{
    const QString why = whyNoAvahi();
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    ServerConfig config = announcedConfig(QStringLiteral("Seen by avahi"));
    config.password = QStringLiteral("secret");
    ServerHost host(config);
    QVERIFY(host.start());
    QTRY_COMPARE_WITH_TIMEOUT(host.announcement(), ServerHost::Announcement::Announced, 5000);
    // -r resolves, -t ends when the list is complete, -p prints it parsable:
    // =;lo;IPv4;Seen\032by\032avahi;_qtchat._tcp;local;host;10.77.0.1;port;"key=value" ...
    QString output;
    QElapsedTimer clock;
    clock.start();
    while (!output.contains(u"=;") && clock.elapsed() < 15'000) {
        ChildProcess browse;
        browse.start(QStringLiteral("avahi-browse"),
                     {QStringLiteral("-rtp"), QStringLiteral("_qtchat._tcp")},
                     QProcessEnvironment::systemEnvironment());
        QVERIFY(browse.waitForExit(15'000));
        output = browse.output();
    }
    QString resolved;
    for (const QString &line : output.split(QLatin1Char('\n'))) {
        if (line.startsWith(u"=;") && line.contains(u"IPv4;Seen\\032by\\032avahi;"))
            resolved = line;
    }
    QVERIFY2(!resolved.isEmpty(), qPrintable(output));
    const QStringList fields = resolved.split(QLatin1Char(';'));
    QVERIFY2(fields.size() >= 10, qPrintable(resolved));
    QCOMPARE(fields.at(4), QStringLiteral("_qtchat._tcp"));
    // One of this (namespace's) computer's addresses: avahi shows one of the A records.
    QVERIFY2(QNetworkInterface::allAddresses().contains(QHostAddress(fields.at(7))),
             qPrintable(resolved));
    QCOMPARE(fields.at(8).toUInt(), uint(host.serverPort()));
    const QString txt = fields.mid(9).join(QLatin1Char(';'));
    for (const QString &pair : {QStringLiteral("\"protocol=1\""), QStringLiteral("\"tls=1\""),
                                QStringLiteral("\"password=1\""), QStringLiteral("\"users=0\"")})
        QVERIFY2(txt.contains(pair), qPrintable(txt));
    QVERIFY2(txt.contains(u"\"fp=" +
                          host.server()->tlsCertificate().fingerprint().remove(u':').left(16)),
             qPrintable(txt));
}

void tst_Discovery::browserFindsAvahiService()
{
    const QString why = whyNoAvahi();
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    ChildProcess publish;
    publish.start(QStringLiteral("avahi-publish-service"),
                  {QStringLiteral("Avahi's chat"), QStringLiteral("_qtchat._tcp"),
                   QStringLiteral("41998"), QStringLiteral("protocol=1"), QStringLiteral("tls=1"),
                   QStringLiteral("users=4")},
                  QProcessEnvironment::systemEnvironment());
    QVERIFY2(publish.waitForOutput(QStringLiteral("Established"), 10'000),
             qPrintable(publish.output()));
    ServiceBrowser browser;
    QSignalSpy lost(&browser, &ServiceBrowser::serviceLost);
    QVERIFY(browser.start("_qtchat._tcp"));
    const std::optional<DiscoveredService> service =
            waitForService(browser, QStringLiteral("Avahi's chat"));
    QVERIFY(service);
    QCOMPARE(service->port, quint16(41998));
    QVERIFY(service->addresses.contains(Elsewhere));
    QCOMPARE(service->txt.value(QStringLiteral("users")), QStringLiteral("4"));
    QCOMPARE(service->txt.value(QStringLiteral("tls")), QStringLiteral("1"));
    publish.kill(); // avahi-daemon withdraws it: a goodbye
    QVERIFY(lost.wait(8000));
}

void tst_Discovery::announcerBounds()
{
    // Names: 63 bytes at most, numbered within them.
    QCOMPARE(ServiceAnnouncer::nextName(QStringLiteral("Lab")), QStringLiteral("Lab (2)"));
    QCOMPARE(ServiceAnnouncer::nextName(QStringLiteral("Lab (2)")), QStringLiteral("Lab (3)"));
    const QString longest = QString(21, QChar(0x5BA4)); // 63 bytes
    const QString next = ServiceAnnouncer::nextName(longest);
    QVERIFY(next.toUtf8().size() <= 63);
    QVERIFY(next.endsWith(u" (2)"));
    // TXT: 1300 bytes at most (RFC 6763 §6.2); what does not fit is left out whole.
    const auto entries = [](int count) {
        ServiceAnnouncer::TxtEntries txt;
        for (int i = 0; i < count; ++i) // 1 length byte + 99 = 100 bytes each
            txt.append({"k" + QByteArray::number(10 + i), QByteArray(95, 'x')});
        return txt;
    };
    for (const int count : {13, 14}) {
        ServiceAnnouncer announcer;
        announcer.setService("_qtchat._tcp", 41000);
        announcer.setInstanceName(u"TXT " + QString::number(count));
        announcer.setTxt(entries(count));
        QVERIFY(announcer.start());
        ServiceBrowser browser;
        QVERIFY(browser.start("_qtchat._tcp"));
        const std::optional<DiscoveredService> service =
                waitForService(browser, u"TXT " + QString::number(count));
        QVERIFY(service);
        QCOMPARE(service->txt.size(), 13); // 1300 bytes: all of 13, and only 13 of 14
        QVERIFY(!service->txt.contains(QStringLiteral("k23")));
    }
}

void tst_Discovery::terminalListsServers()
{
    TwoServers two;
    QVERIFY(two.start());
    ServerHost &lab = two.lab;
    ServerHost &other = two.locked;
    QTRY_VERIFY_WITH_TIMEOUT(lab.announcement() == ServerHost::Announcement::Announced &&
                                     other.announcement() == ServerHost::Announcement::Announced,
                             5000);
    ChildProcess qtchat;
    qtchat.start(QStringLiteral(QTCHAT_CLIENT),
                 {QStringLiteral("--no-gui"), QStringLiteral("--list")},
                 ChildProcess::headlessEnvironment());
    QVERIFY(qtchat.waitForExit(15'000));
    const QString output = qtchat.output();
    QCOMPARE(qtchat.exitCode(), 0);
    QVERIFY2(output.contains(u"Lab — 10.77.0.1 port " + QString::number(lab.serverPort()) +
                             u" — 1 person, encrypted"),
             qPrintable(output));
    QVERIFY2(output.contains(u"Locked — 10.77.0.1 port " + QString::number(other.serverPort()) +
                             u" — 0 people, encrypted, needs a password"),
             qPrintable(output));
    QVERIFY2(output.contains(u"qtchat --no-gui 10.77.0.1 " + QString::number(lab.serverPort())),
             qPrintable(output));
    QVERIFY2(output.contains(u"2 servers found."), qPrintable(output));
}

void tst_Discovery::terminalFindsNone()
{
    ChildProcess qtchat;
    qtchat.start(QStringLiteral(QTCHAT_CLIENT),
                 {QStringLiteral("--no-gui"), QStringLiteral("--list")},
                 ChildProcess::headlessEnvironment());
    QVERIFY(qtchat.waitForExit(15'000));
    QCOMPARE(qtchat.exitCode(), 1);
    QVERIFY2(qtchat.output().contains(u"No qtchat server answered on this network (looked on lo)"),
             qPrintable(qtchat.output()));
}

void tst_Discovery::connectDialogListsAndConnects()
{
    TwoServers two;
    QVERIFY(two.start());
    ServerHost &lab = two.lab;
    ServerHost &other = two.locked;
    ConnectDialog dialog;
    dialog.setNick(QStringLiteral("bob"));
    dialog.show();
    auto *list = dialog.findChild<FoundServersList *>(QStringLiteral("foundServersList"));
    auto *label = dialog.findChild<QLabel *>(QStringLiteral("foundServersLabel"));
    QVERIFY(list && label);
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 2, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(
            list->findItems(QStringLiteral("Lab"), Qt::MatchExactly).value(0)->text(2),
            QStringLiteral("1 person"), 5000);
    QTreeWidgetItem *lockedItem =
            list->findItems(QStringLiteral("Locked"), Qt::MatchExactly).value(0);
    QVERIFY(lockedItem);
    QCOMPARE(lockedItem->text(1), u"10.77.0.1 port " + QString::number(other.serverPort()));
    QCOMPARE(lockedItem->text(2), QStringLiteral("0 people"));
    QVERIFY(lockedItem->toolTip(0).contains(u"needs a password"));
    QVERIFY(label->text().contains(u"click one to connect"));
    // People come: the count follows.
    TestClient carol;
    QVERIFY(carol.connectTo(other.serverPort()));
    carol.send(Protocol::Hello{
            1, QStringLiteral("carol"), QString(), QStringLiteral("secret"), std::nullopt, {}});
    QTRY_COMPARE_WITH_TIMEOUT(lockedItem->text(2), QStringLiteral("1 person"), 5000);
    // One click chooses it and connects.
    QTreeWidgetItem *labItem = list->findItems(QStringLiteral("Lab"), Qt::MatchExactly).value(0);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(labItem).center());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.host(), QStringLiteral("10.77.0.1"));
    QCOMPARE(dialog.port(), lab.serverPort());
    QVERIFY(dialog.isAnnounced());
    QCOMPARE(dialog.announcedFingerprint(),
             lab.server()->tlsCertificate().fingerprint().remove(QLatin1Char(':')).left(16));
    // Enter on the server chosen with the keyboard does the same.
    {
        ConnectDialog again;
        again.setNick(QStringLiteral("dave"));
        again.show();
        auto *keys = again.findChild<FoundServersList *>(QStringLiteral("foundServersList"));
        QVERIFY(keys);
        QTRY_COMPARE_WITH_TIMEOUT(keys->topLevelItemCount(), 2, 10'000);
        keys->setFocus();
        keys->setCurrentItem(keys->findItems(QStringLiteral("Locked"), Qt::MatchExactly).value(0));
        QTest::keyClick(keys, Qt::Key_Return);
        QCOMPARE(again.result(), int(QDialog::Accepted));
        QCOMPARE(again.port(), other.serverPort());
        QVERIFY(again.isAnnounced());
    }
    // A server that leaves leaves the list.
    other.stop();
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, 5000);
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    AppTranslations::install(QStringLiteral("en"));
    tst_Discovery test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_discovery.moc"
