// qtchat-server's command line and config file.
#include "serveroptions.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Action = ServerOptions::Action;

class tst_ServerOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addresses_data();
    void addresses();
    void limits();
    void refusals_data();
    void refusals();
    void announcement();
    void ircPort();
    void helpAndVersion();
    void configFile();
    void configFileRefusals_data();
    void configFileRefusals();
    void exampleConfigIsValid();
    void historyOptions();

private:
    static ServerOptions parse(QStringList arguments)
    {
        arguments.prepend(QStringLiteral("qtchat-server"));
        return ServerOptions::parse(arguments);
    }
    QString writeConfig(const QByteArray &contents)
    {
        const QString path = m_dir.filePath(QStringLiteral("server-%1.ini").arg(++m_files));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return QString();
        file.write(contents);
        return path;
    }

    QTemporaryDir m_dir;
    int m_files = 0;
};

void tst_ServerOptions::addresses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("noGui");

    const QString any = QHostAddress(QHostAddress::Any).toString();
    QTest::newRow("defaults") << QStringList{QStringLiteral("--no-gui")} << any << 5555 << true;
    QTest::newRow("--host and --port")
            << QStringList{QStringLiteral("--no-gui"), QStringLiteral("--host"),
                           QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                           QStringLiteral("8081")}
            << QStringLiteral("127.0.0.1") << 8081 << true;
    QTest::newRow("tutorial form: address and port")
            << QStringList{QStringLiteral("--no-gui"), QStringLiteral("192.168.55.13"),
                           QStringLiteral("8081")}
            << QStringLiteral("192.168.55.13") << 8081 << true;
    QTest::newRow("address only") << QStringList{QStringLiteral("--no-gui"),
                                                 QStringLiteral("10.1.2.3")}
                                  << QStringLiteral("10.1.2.3") << 5555 << true;
    QTest::newRow("port only") << QStringList{QStringLiteral("--no-gui"), QStringLiteral("6000")}
                               << any << 6000 << true;
    QTest::newRow("IPv6") << QStringList{QStringLiteral("--host=::1")} << QStringLiteral("::1")
                          << 5555 << false;
    QTest::newRow("localhost") << QStringList{QStringLiteral("--host"), QStringLiteral("localhost")}
                               << QStringLiteral("127.0.0.1") << 5555 << false;
    QTest::newRow("any") << QStringList{QStringLiteral("--host"), QStringLiteral("any")} << any
                         << 5555 << false;
    QTest::newRow("port 0 picks a free port")
            << QStringList{QStringLiteral("--port=0")} << any << 0 << false;
}

void tst_ServerOptions::addresses()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, noGui);
    const ServerOptions options = parse(arguments);
    QCOMPARE(options.action, Action::Run);
    QCOMPARE(options.config.host.toString(), host);
    QCOMPARE(int(options.config.port), port);
    QCOMPARE(options.noGui, noGui);
}

void tst_ServerOptions::limits()
{
    const ServerOptions options =
            parse({QStringLiteral("--max-clients=0"), QStringLiteral("--max-per-ip=3"),
                   QStringLiteral("--max-frame=32k"), QStringLiteral("--max-text=4096"),
                   QStringLiteral("--rate=0.5"), QStringLiteral("--burst=2"),
                   QStringLiteral("--recvq=64k"), QStringLiteral("--sendq=2M"),
                   QStringLiteral("--handshake-timeout=0.25"), QStringLiteral("--ping-interval=30"),
                   QStringLiteral("--ping-timeout=0"), QStringLiteral("--motd=hello"),
                   QStringLiteral("--password=pw"), QStringLiteral("--history-size=7"),
                   QStringLiteral("--replay-cap=8"), QStringLiteral("--join-backlog=9"),
                   QStringLiteral("--ban=10.0.0.1"), QStringLiteral("--ban=10.1.0.0/16")});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    const ServerConfig &c = options.config;
    QCOMPARE(c.maxClients, 0);
    QCOMPARE(c.maxConnectionsPerIp, 3);
    QCOMPARE(c.maxFrameBytes, 32 * 1024);
    QCOMPARE(c.maxTextBytes, 4096);
    QCOMPARE(c.rate, 0.5);
    QCOMPARE(c.burst, 2);
    QCOMPARE(c.recvQueueBytes, 64 * 1024);
    QCOMPARE(c.sendQueueBytes, 2 * 1024 * 1024);
    QCOMPARE(c.handshakeTimeoutMs, 250);
    QCOMPARE(c.pingIntervalMs, 30000);
    QCOMPARE(c.pingTimeoutMs, 0);
    QCOMPARE(c.motd, QStringLiteral("hello"));
    QCOMPARE(c.password, QStringLiteral("pw"));
    QCOMPARE(c.historySize, 7);
    QCOMPARE(c.replayCap, 8);
    QCOMPARE(c.joinBacklog, 9);
    QCOMPARE(c.bans, (QStringList{QStringLiteral("10.0.0.1"), QStringLiteral("10.1.0.0/16")}));

    // Nothing given: the contract's defaults.
    const ServerConfig defaults = parse({}).config;
    QCOMPARE(defaults.maxFrameBytes, 65536);
    QCOMPARE(defaults.maxTextBytes, 8192);
    QCOMPARE(defaults.rate, 5.0);
    QCOMPARE(defaults.burst, 10);
    QCOMPARE(defaults.sendQueueBytes, 1024 * 1024);
    QCOMPARE(defaults.handshakeTimeoutMs, 20000);
    QCOMPARE(defaults.pingIntervalMs, 60000);
    QCOMPARE(defaults.pingTimeoutMs, 20000);
    QCOMPARE(defaults.replayCap, 200);
    QCOMPARE(defaults.joinBacklog, 50);
    QCOMPARE(defaults.motd, QStringLiteral("Welcome to this chatroom!"));
    QCOMPARE(defaults.defaultRoom, QStringLiteral("#general"));
    QCOMPARE(defaults.maxRooms, 100);
    QCOMPARE(defaults.maxRoomsPerConnection, 20);
    QVERIFY(!defaults.roomsMadeByOperatorOnly);

    // Rooms.
    const ServerConfig rooms =
            parse({QStringLiteral("--default-room=#Lobby"), QStringLiteral("--rooms-by=operator"),
                   QStringLiteral("--max-rooms=5"), QStringLiteral("--max-rooms-per-client=2")})
                    .config;
    QCOMPARE(rooms.defaultRoom, QStringLiteral("#Lobby"));
    QVERIFY(rooms.roomsMadeByOperatorOnly);
    QCOMPARE(rooms.maxRooms, 5);
    QCOMPARE(rooms.maxRoomsPerConnection, 2);
}

void tst_ServerOptions::refusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("errorMentions");

    QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--colour")} << QStringLiteral("colour");
    QTest::newRow("port not a number")
            << QStringList{QStringLiteral("--port=abc")} << QStringLiteral("\"abc\"");
    QTest::newRow("port too big") << QStringList{QStringLiteral("--port=70000")}
                                  << QStringLiteral("65535");
    QTest::newRow("port given twice")
            << QStringList{QStringLiteral("--port=1"), QStringLiteral("--port=2")}
            << QStringLiteral("more than once");
    QTest::newRow("host not an address") << QStringList{QStringLiteral("--host=chat.example")}
                                         << QStringLiteral("not an IP address");
    QTest::newRow("positional address not an address")
            << QStringList{QStringLiteral("server"), QStringLiteral("8081")}
            << QStringLiteral("address");
    QTest::newRow("positional port bad")
            << QStringList{QStringLiteral("127.0.0.1"), QStringLiteral("80a")}
            << QStringLiteral("port");
    QTest::newRow("address twice")
            << QStringList{QStringLiteral("--host=127.0.0.1"), QStringLiteral("10.0.0.1")}
            << QStringLiteral("twice");
    QTest::newRow("port twice") << QStringList{QStringLiteral("--port=1"),
                                               QStringLiteral("127.0.0.1"), QStringLiteral("2")}
                                << QStringLiteral("twice");
    QTest::newRow("three arguments")
            << QStringList{QStringLiteral("127.0.0.1"), QStringLiteral("1"), QStringLiteral("x")}
            << QStringLiteral("too many arguments");
    QTest::newRow("default room without #") << QStringList{QStringLiteral("--default-room=general")}
                                            << QStringLiteral("starts with #");
    QTest::newRow("rooms by someone else") << QStringList{QStringLiteral("--rooms-by=admins")}
                                           << QStringLiteral("must be anyone or operator");
    QTest::newRow("negative count")
            << QStringList{QStringLiteral("--max-clients=-1")} << QStringLiteral("whole number");
    QTest::newRow("bad size") << QStringList{QStringLiteral("--sendq=lots")}
                              << QStringLiteral("size in bytes");
    QTest::newRow("bad seconds") << QStringList{QStringLiteral("--ping-interval=soon")}
                                 << QStringLiteral("seconds");
    QTest::newRow("frame limit too small")
            << QStringList{QStringLiteral("--max-frame=100")} << QStringLiteral("max-frame");
    QTest::newRow("text larger than frame")
            << QStringList{QStringLiteral("--max-frame=2048"), QStringLiteral("--max-text=4096")}
            << QStringLiteral("max-text");
    QTest::newRow("recvq smaller than a frame")
            << QStringList{QStringLiteral("--recvq=1000")} << QStringLiteral("recvq");
    QTest::newRow("invalid ban") << QStringList{QStringLiteral("--ban=300.1.1.1")}
                                 << QStringLiteral("ban: \"300.1.1.1\" is not an IP address");
    QTest::newRow("invalid ban subnet")
            << QStringList{QStringLiteral("--ban=10.0.0.0/33")} << QStringLiteral("ban:");
    // 64 bytes of UTF-8: 21 three-byte characters and one byte more.
    QTest::newRow("announced name past 63 bytes")
            << QStringList{u"--announce-name=" + QString(21, QChar(0x5BA4)) + u"x"}
            << QStringLiteral("announce-name is 64 bytes long in UTF-8 (at most 63)");
    QTest::newRow("IRC port too big")
            << QStringList{QStringLiteral("--irc-port=65536")} << QStringLiteral("65535");
    QTest::newRow("IRC port not a number")
            << QStringList{QStringLiteral("--irc-port=six")} << QStringLiteral("\"six\"");
    QTest::newRow("IRC port the chat port")
            << QStringList{QStringLiteral("--port=7000"), QStringLiteral("--irc-port=7000")}
            << QStringLiteral("irc-port (7000) must differ from the chat port");
    QTest::newRow("missing config file")
            << QStringList{QStringLiteral("--config=/nonexistent/qtchat.ini")}
            << QStringLiteral("does not exist");
}

void tst_ServerOptions::refusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, errorMentions);
    const ServerOptions options = parse(arguments);
    QCOMPARE(options.action, Action::Fail);
    QVERIFY2(options.error.contains(errorMentions), qPrintable(options.error));
}

void tst_ServerOptions::announcement()
{
    // Announced by default, under the default name.
    ServerOptions options = parse({});
    QVERIFY(options.config.announce);
    QVERIFY(options.config.announceName.isEmpty());
    options = parse({QStringLiteral("--no-announce")});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    QVERIFY(!options.config.announce);
    // 63 bytes of UTF-8, the most a DNS-SD instance name holds.
    const QString longest = QString(21, QChar(0x5BA4));
    QCOMPARE(longest.toUtf8().size(), 63);
    options = parse({u"--announce-name=  " + longest + u" "});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    QCOMPARE(options.config.announceName, longest);
}

void tst_ServerOptions::ircPort()
{
    // Off by default.
    ServerOptions options = parse({});
    QVERIFY(!options.config.irc);
    options = parse({QStringLiteral("--irc-port=6667")});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    QVERIFY(options.config.irc);
    QCOMPARE(options.config.ircPort, quint16(6667));
    options = parse({QStringLiteral("--irc-port=0")});
    QVERIFY(options.config.irc);
    QCOMPARE(options.config.ircPort, quint16(0));
    options = parse({QStringLiteral("--irc-port=65535")});
    QCOMPARE(options.config.ircPort, quint16(65535));
    options = parse({QStringLiteral("--irc-port=off")});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    QVERIFY(!options.config.irc);
}

void tst_ServerOptions::helpAndVersion()
{
    ServerOptions options = parse({QStringLiteral("--help")});
    QCOMPARE(options.action, Action::ShowHelp);
    QVERIFY(options.text.contains(u"Usage: qtchat-server"));
    QVERIFY(options.text.contains(u"--no-gui"));
    QVERIFY(options.text.contains(u"--max-clients"));
    options = parse({QStringLiteral("--version")});
    QCOMPARE(options.action, Action::ShowVersion);
    QCOMPARE(options.text, QStringLiteral("qtchat-server " QTCHAT_VERSION "\n"));
}

void tst_ServerOptions::configFile()
{
    const QString path = writeConfig("[server]\n"
                                     "host = 127.0.0.1\n"
                                     "port = 7000\n"
                                     "max-clients = 20\n"
                                     "motd = \"Hello, class\"\n"
                                     "ban = 10.0.0.1, 10.0.0.2\n");
    QVERIFY(!path.isEmpty());
    ServerOptions options = parse({QStringLiteral("--config"), path});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    QCOMPARE(options.config.host.toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(options.config.port, 7000);
    QCOMPARE(options.config.maxClients, 20);
    QCOMPARE(options.config.motd, QStringLiteral("Hello, class"));
    QCOMPARE(options.config.bans,
             (QStringList{QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.2")}));
    QCOMPARE(options.configFile, path);

    // Flags win over the file; bans add up.
    options = parse({QStringLiteral("--config"), path, QStringLiteral("--port=7001"),
                     QStringLiteral("--ban=10.0.0.3"), QStringLiteral("--no-gui")});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    QCOMPARE(options.config.port, 7001);
    QCOMPARE(options.config.maxClients, 20);
    QCOMPARE(options.config.bans.size(), 3);
    // So do positional arguments.
    options = parse(
            {QStringLiteral("--config"), path, QStringLiteral("10.9.8.7"), QStringLiteral("7002")});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    QCOMPARE(options.config.host.toString(), QStringLiteral("10.9.8.7"));
    QCOMPARE(options.config.port, 7002);
}

void tst_ServerOptions::configFileRefusals_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("errorMentions");
    QTest::newRow("unknown setting") << QByteArray("[server]\nmax-users=3\n")
                                     << QStringLiteral("unknown setting \"max-users\"");
    QTest::newRow("bad value") << QByteArray("[server]\nport=http\n")
                               << QStringLiteral("port: \"http\"");
    QTest::newRow("outside [server]") << QByteArray("port=7000\n") << QStringLiteral("[server]");
    QTest::newRow("unknown section")
            << QByteArray("[client]\nport=7000\n") << QStringLiteral("unknown section [client]");
}

void tst_ServerOptions::configFileRefusals()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, errorMentions);
    const QString path = writeConfig(contents);
    const ServerOptions options = parse({QStringLiteral("--config"), path});
    QCOMPARE(options.action, Action::Fail);
    QVERIFY2(options.error.contains(errorMentions), qPrintable(options.error));
    QVERIFY2(options.error.contains(path), "the error names the file");
}

void tst_ServerOptions::exampleConfigIsValid()
{
    const QString example = QStringLiteral(QTCHAT_SOURCE_DIR "/docs/qtchat-server.example.ini");
    QVERIFY2(QFile::exists(example), qPrintable(example));
    const ServerOptions options = parse({QStringLiteral("--config"), example});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    QCOMPARE(options.config.port, 5555);
    // Every setting is in it, with its default.
    QFile file(example);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QString text = QString::fromUtf8(file.readAll());
    for (const QString &key : {QStringLiteral("quiet-joins"), QStringLiteral("join-backlog"),
                               QStringLiteral("replay-cap"), QStringLiteral("max-clients")})
        QVERIFY2(text.contains(key + u" = ") || text.contains(u"; " + key + u" = "),
                 qPrintable(key));
    QCOMPARE(options.config.quietJoinsAbove, ServerConfig().quietJoinsAbove);
}

void tst_ServerOptions::historyOptions()
{
    // On disk by default, in the system's folder for application data.
    ServerOptions options = parse({});
    QVERIFY(!options.config.dataDir.isEmpty());
    QCOMPARE(options.config.dataDir,
             QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    QVERIFY(options.config.historyOnDisk);
    QCOMPARE(options.config.historyDays, 0);
    QCOMPARE(options.config.historyMax, 0);

    options = parse({QStringLiteral("--data-dir"), QStringLiteral("/var/lib/qtchat"),
                     QStringLiteral("--history-days=30"), QStringLiteral("--history-max=100000")});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    QCOMPARE(options.config.dataDir, QStringLiteral("/var/lib/qtchat"));
    QCOMPARE(options.config.historyDays, 30);
    QCOMPARE(options.config.historyMax, 100000);

    // A relative folder is taken from where the server is started.
    options = parse({QStringLiteral("--data-dir=chat-data")});
    QCOMPARE(options.config.dataDir, QDir::current().absoluteFilePath(QStringLiteral("chat-data")));

    // A real TLS certificate: both files, taken from where the server is started.
    options = parse({QStringLiteral("--tls-cert=chat.pem"), QStringLiteral("--tls-key"),
                     QStringLiteral("/etc/ssl/private/chat.key")});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    QCOMPARE(options.config.tlsCertificatePath,
             QDir::current().absoluteFilePath(QStringLiteral("chat.pem")));
    QCOMPARE(options.config.tlsKeyPath, QStringLiteral("/etc/ssl/private/chat.key"));
    QVERIFY(parse({}).config.tlsCertificatePath.isEmpty()); // by default its own
    options = parse({QStringLiteral("--tls-cert=")});
    QVERIFY(options.action != Action::Run);
    QVERIFY2(options.error.contains(u"needs a file"), qPrintable(options.error));

    // Without history on disk, the data folder still keeps the bans.
    options = parse({QStringLiteral("--no-history")});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    QVERIFY(!options.config.historyOnDisk);
    QCOMPARE(options.config.dataDir,
             QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));

    // In the file: no-history takes yes or no.
    options = parse({QStringLiteral("--config"),
                     writeConfig("[server]\nno-history = yes\nhistory-days = 7\n")});
    QVERIFY2(options.action == Action::Run, qPrintable(options.error));
    QVERIFY(!options.config.historyOnDisk);
    QCOMPARE(options.config.historyDays, 7);
    options = parse({QStringLiteral("--config"), writeConfig("[server]\nno-history = no\n")});
    QVERIFY(options.config.historyOnDisk);
    options = parse({QStringLiteral("--config"), writeConfig("[server]\nno-history = maybe\n")});
    QCOMPARE(options.action, Action::Fail);
    QVERIFY2(options.error.contains(u"not yes or no"), qPrintable(options.error));
    options = parse({QStringLiteral("--history-max=-5")});
    QCOMPARE(options.action, Action::Fail);
}

QTEST_GUILESS_MAIN(tst_ServerOptions)
#include "tst_serveroptions.moc"
