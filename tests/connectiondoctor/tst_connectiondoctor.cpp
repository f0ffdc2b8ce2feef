// The connection doctor's verdict for each way a connection fails, each
// produced for real with ChatClient against real servers and real network
// conditions: a name that does not resolve, an address on no network, an
// address on this network where nothing answers (and one whose server
// announced itself), a closed port, TLS required, a changed certificate, a
// wrong password, a ban, a full server. The network rows need the namespace
// of tests/support/in-network-namespace.sh (ctest runs this a second time
// there, as connectiondoctor_netns); elsewhere they skip, saying why.
#include "chatclient.h"
#include "chatserver.h"
#include "childprocess.h"
#include "connectiondoctor.h"
#include "localnetwork.h"
#include "networknamespace.h"
#include "servercertificate.h"
#include "testclient.h"
#include "testserverconfig.h"

#include <QNetworkInterface>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using Kind = ChatClient::ErrorKind;

class tst_ConnectionDoctor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verdict_data();
    void verdict();
    void localNetworks();
    void terminalSaysWhyAndEnds();

private:
    QTemporaryDir m_home;
};

void tst_ConnectionDoctor::verdict_data()
{
    QTest::addColumn<QString>("situation");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("step");
    QTest::addColumn<QStringList>("says");

    QTest::newRow("name does not resolve")
            << QStringLiteral("no name") << Kind::HostNotFound
            << QStringLiteral("Looking up the server's name")
            << QStringList{QStringLiteral("No computer called nowhere.invalid"),
                           QStringLiteral("Check the spelling")};
    QTest::newRow("on no network (namespace)")
            << QStringLiteral("unroutable") << Kind::NetworkUnreachable
            << QStringLiteral("Reaching the server's network")
            << QStringList{QStringLiteral("10.99.0.5 is not on any network"),
                           QStringLiteral("another subnet")};
    QTest::newRow("nothing answers (namespace)")
            << QStringLiteral("dropped") << Kind::TimedOut << QStringLiteral("Connecting")
            << QStringList{QStringLiteral("Nothing answered at 10.78.0.5 port"),
                           QStringLiteral("firewall"), QStringLiteral("Wi-Fi")};
    QTest::newRow("announced, nothing answers (namespace)")
            << QStringLiteral("announced dropped") << Kind::TimedOut << QStringLiteral("Connecting")
            << QStringList{QStringLiteral("announced itself on this network"),
                           QStringLiteral("firewall on the server's"), QStringLiteral("ufw allow")};
    QTest::newRow("port closed") << QStringLiteral("closed") << Kind::ConnectionRefused
                                 << QStringLiteral("Connecting")
                                 << QStringList{QStringLiteral("refused the connection"),
                                                QStringLiteral("not running")};
    QTest::newRow("port closed, announced")
            << QStringLiteral("announced closed") << Kind::ConnectionRefused
            << QStringLiteral("Connecting")
            << QStringList{QStringLiteral("refused the connection"),
                           QStringLiteral("announced itself a moment ago")};
    QTest::newRow("listens, never welcomes")
            << QStringLiteral("silent") << Kind::TimedOut << QStringLiteral("Logging in")
            << QStringList{QStringLiteral("did not welcome us in time"),
                           QStringLiteral("not be a qtchat server")};
    QTest::newRow("TLS required") << QStringLiteral("tls required") << Kind::Tls
                                  << QStringLiteral("Setting up encryption")
                                  << QStringList{QStringLiteral("encrypted connections only")};
    QTest::newRow("certificate changed") << QStringLiteral("changed") << Kind::CertificateChanged
                                         << QStringLiteral("Checking the server's identity")
                                         << QStringList{QStringLiteral("certificate has changed"),
                                                        QStringLiteral("fingerprint")};
    QTest::newRow("not the announced certificate")
            << QStringLiteral("announced other") << Kind::CertificateChanged
            << QStringLiteral("Checking the server's identity")
            << QStringList{QStringLiteral("is not the one announced"),
                           QStringLiteral("0011 2233 4455 6677")};
    QTest::newRow("wrong password")
            << QStringLiteral("password") << Kind::AuthFailed << QStringLiteral("Logging in")
            << QStringList{QStringLiteral("password is wrong"), QStringLiteral("case-sensitive")};
    QTest::newRow("banned") << QStringLiteral("banned") << Kind::Banned
                            << QStringLiteral("Joining the server")
                            << QStringList{QStringLiteral("banned"),
                                           QStringLiteral("Only the server's operator can lift")};
    QTest::newRow("server full") << QStringLiteral("full") << Kind::ServerFull
                                 << QStringLiteral("Joining the server")
                                 << QStringList{QStringLiteral("full"),
                                                QStringLiteral("let more people in")};
}

void tst_ConnectionDoctor::verdict()
{
    QFETCH(QString, situation);
    QFETCH(Kind, kind);
    QFETCH(QString, step);
    QFETCH(QStringList, says);
    const bool needsNamespace = situation == u"unroutable" || situation.endsWith(u"dropped");
    if (needsNamespace)
        QTCHAT_SKIP_OUTSIDE_NAMESPACE("connectiondoctor_netns");

    ServerConfig config = testServerConfig();
    std::unique_ptr<ChatServer> server;
    QTcpServer silent;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    QString password;
    const QString known = m_home.filePath(QString::fromLatin1(QTest::currentDataTag()));
    QFile::remove(known);
    if (situation == u"no name") {
        host = QStringLiteral("nowhere.invalid");
        port = 41000;
    } else if (situation == u"unroutable") {
        host = QStringLiteral("10.99.0.5");
        port = 41000;
    } else if (situation.endsWith(u"dropped")) {
        host = QStringLiteral("10.78.0.5");
        port = 41000;
    } else if (situation.endsWith(u"closed")) {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    } else if (situation == u"silent") {
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        port = silent.serverPort();
    } else {
        if (situation == u"tls required") {
            config.requireTls = true;
            config.requireTlsOnLoopback = true;
        } else if (situation == u"password") {
            config.password = QStringLiteral("secret");
            password = QStringLiteral("wrong");
        } else if (situation == u"banned") {
            config.bans = {QStringLiteral("127.0.0.0/8")};
        } else if (situation == u"full") {
            config.maxClients = 1;
        }
        server = std::make_unique<ChatServer>(config);
        QVERIFY(server->listen());
        port = server->serverPort();
    }
    QFile file(known);
    QVERIFY(file.open(QIODevice::WriteOnly));
    if (situation == u"tls required")
        file.write("127.0.0.1 " + QByteArray::number(port) + " unencrypted\n");
    if (situation == u"changed")
        file.write("127.0.0.1 " + QByteArray::number(port) + " sha256 " + QByteArray(64, 'A') +
                   "\n");
    file.close();
    TestClient first;
    if (situation == u"full") {
        QVERIFY(first.connectTo(port));
        QVERIFY(first.join(QStringLiteral("first")));
    }

    ChatClient client;
    ChatClient::Settings settings;
    settings.attemptTimeoutMs = 1500;
    client.setSettings(settings);
    client.setKnownServersFile(known);
    if (situation.startsWith(u"announced"))
        client.setAnnounced(host, port,
                            situation == u"announced other" ? QStringLiteral("0011223344556677")
                                                            : QString());
    QSignalSpy errors(&client, &ChatClient::errorOccurred);
    client.connectToServer(host, port, QStringLiteral("alice"), password);
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 10'000); // may come at once
    QCOMPARE(errors.first().at(0).value<Kind>(), kind);
    const QString text = errors.first().at(1).toString();
    QVERIFY2(text.startsWith(step + u": "), qPrintable(text));
    for (const QString &part : says)
        QVERIFY2(text.contains(part), qPrintable(text));
    QCOMPARE(client.lastErrorText(), text);
}

void tst_ConnectionDoctor::localNetworks()
{
    QVERIFY(LocalNetwork::contains(QHostAddress::LocalHost));
    // Only the namespace's networks are known in advance.
    if (NetworkNamespace::isHere()) {
        QVERIFY(!LocalNetwork::contains(QHostAddress(QStringLiteral("203.0.113.7"))));
        QVERIFY(LocalNetwork::contains(QHostAddress(QStringLiteral("10.78.0.5"))));
        QVERIFY(!LocalNetwork::contains(QHostAddress(QStringLiteral("10.99.0.5"))));
    }
}

void tst_ConnectionDoctor::terminalSaysWhyAndEnds()
{
    QTCHAT_SKIP_OUTSIDE_NAMESPACE("connectiondoctor_netns");
    // The failure comes at once (no route), before the program's event loop runs.
    QTemporaryDir home;
    QProcessEnvironment environment = ChildProcess::headlessEnvironment();
    environment.insert(QStringLiteral("HOME"), home.path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    ChildProcess qtchat;
    qtchat.start(QStringLiteral(QTCHAT_CLIENT),
                 {QStringLiteral("--no-gui"), QStringLiteral("10.99.0.5"), QStringLiteral("41000"),
                  QStringLiteral("--nick"), QStringLiteral("bob")},
                 environment);
    QVERIFY2(qtchat.waitForExit(10'000), qPrintable(qtchat.output()));
    QCOMPARE(qtchat.exitCode(), 1);
    QVERIFY2(qtchat.output().contains(u"-!- Reaching the server's network: 10.99.0.5 is not on "
                                      u"any network"),
             qPrintable(qtchat.output()));
}

QTEST_GUILESS_MAIN(tst_ConnectionDoctor)
#include "tst_connectiondoctor.moc"
