// The real qtchat-server binary, started the way users start it: no display,
// its output read, its signals sent, real clients (and the seed tutorial's
// client.py) talking to it.
#include "childprocess.h"
#include "lineclient.h"
#include "testclient.h"
#include "waituntil.h"

#include "historystore.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <memory>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Protocol;

namespace {

const QString serverBinary = QStringLiteral(QTCHAT_SERVER_BINARY);
const QString sharedDir = QStringLiteral(QTCHAT_SHARED_DIR);

// A port nobody listens on right now.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

// qtchat-server running as a child process, with everything it printed.
class ServerProcess : public ChildProcess
{
public:
    explicit ServerProcess(const QStringList &arguments, const QString &program = serverBinary,
                           QProcessEnvironment environment = ChildProcess::headlessEnvironment())
    {
        // The default history folder (and remembered settings) are in a home of this process's own.
        environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dataHome.path());
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"),
                           m_dataHome.filePath(QStringLiteral("config")));
        start(program, arguments, environment);
    }
    QString dataHome() const { return m_dataHome.path(); }

    // The port from "listening on ..., port N" (0 if it never said so).
    quint16 waitForPort()
    {
        static const QRegularExpression listening(QStringLiteral("listening on .*, port (\\d+)"));
        quint16 port = 0;
        waitUntil(
                [this, &port] {
                    const QRegularExpressionMatch match = listening.match(output());
                    if (match.hasMatch())
                        port = quint16(match.captured(1).toUInt());
                    return port != 0 || !isRunning();
                },
                10000);
        return port;
    }
#ifdef Q_OS_UNIX
    void signal(int number)
    {
        ::kill(pid_t(processId()), number);
    }
    // CPU time the server has used so far, in seconds (Linux).
    double cpuSeconds() const
    {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(processId()));
        if (!stat.open(QIODevice::ReadOnly))
            return -1;
        const QByteArray line = stat.readAll();
        // The fields after "(command) ": utime and stime are the 12th and 13th.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 13)
            return -1;
        const double ticks = double(sysconf(_SC_CLK_TCK));
        return (fields.at(11).toDouble() + fields.at(12).toDouble()) / ticks;
    }
#endif

private:
    QTemporaryDir m_dataHome;
};

class tst_ServerProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helpAndVersion();
    void badArgumentsAreExplained_data();
    void badArgumentsAreExplained();
    void windowWithoutADisplayIsExplained();
    void windowStartsWhenGivenAnAddress();
    void servesWithoutADisplay();
    void operatorConsole();
    void keepsRunningWhenInputCloses();
    void tutorialCommandLine();
    void configFile();
    void portInUse();
    void addressNotOnThisMachine();
    void stopsCleanly_data();
    void stopsCleanly();
    void seedClientChats();
    void survivesRunningOutOfFileDescriptors();
    void historyInTheDefaultFolder();
    void acknowledgedMessagesSurviveCrashes();
    void readOnlyDataFolder();
};

void tst_ServerProcess::helpAndVersion()
{
    ServerProcess help({QStringLiteral("--help")});
    QVERIFY(help.waitForExit());
    QCOMPARE(help.exitCode(), 0);
    QVERIFY(help.output().contains(u"Usage: qtchat-server"));
    QVERIFY(help.output().contains(u"--no-gui"));
    ServerProcess version({QStringLiteral("--version")});
    QVERIFY(version.waitForExit());
    QCOMPARE(version.exitCode(), 0);
    QCOMPARE(version.output(), QStringLiteral("qtchat-server " QTCHAT_VERSION "\n"));
}

void tst_ServerProcess::badArgumentsAreExplained_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("bad port") << QStringList{QStringLiteral("--no-gui"), QStringLiteral("--port"),
                                             QStringLiteral("http")}
                              << QStringLiteral("--port: \"http\" is not a whole number");
    QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--no-gui"), QStringLiteral("--verbose")}
            << QStringLiteral("verbose");
    QTest::newRow("missing config file")
            << QStringList{QStringLiteral("--no-gui"), QStringLiteral("--config"),
                           QStringLiteral("/nonexistent.ini")}
            << QStringLiteral("config file /nonexistent.ini does not exist");
}

void tst_ServerProcess::badArgumentsAreExplained()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    ServerProcess server(arguments);
    QVERIFY(server.waitForExit());
    QCOMPARE(server.exitCode(), 2);
    QVERIFY2(server.output().contains(mentions), qPrintable(server.output()));
    QVERIFY(server.output().contains(u"Try 'qtchat-server --help'"));
}

void tst_ServerProcess::windowWithoutADisplayIsExplained()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    // No display: one clear line pointing to --no-gui, not Qt's abort.
    ServerProcess server({});
    QVERIFY(server.waitForExit());
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 2);
    QVERIFY2(server.output().contains(u"--no-gui"), qPrintable(server.output()));
    QCOMPARE(server.output().count(u'\n'), 1);
#else
    QSKIP("Windows and macOS always have a display");
#endif
}

void tst_ServerProcess::windowStartsWhenGivenAnAddress()
{
    // The tutorial's "ADDRESS PORT" opens the window and starts serving at once.
    QProcessEnvironment environment = ChildProcess::headlessEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    ServerProcess server({QStringLiteral("127.0.0.1"), QStringLiteral("0"),
                          QStringLiteral("--no-history"), QStringLiteral("--motd"),
                          QStringLiteral("given for this run")},
                         serverBinary, environment);
    const quint16 port = server.waitForPort();
    QVERIFY2(port != 0, qPrintable(server.output()));
    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY2(client.join(QStringLiteral("alice")), qPrintable(client.lastProblem()));
    QVERIFY2(server.waitForOutput(QStringLiteral("join alice")), qPrintable(server.output()));
#ifdef Q_OS_UNIX
    // SIGTERM stops it cleanly, telling everyone, with no question asked.
    server.signal(SIGTERM);
    QVERIFY(client.waitForError(ErrorCode::ServerShutdown));
    QVERIFY(server.waitForExit());
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
#endif
    // What the command line gave is not remembered for the window's next start.
    QFile remembered(server.dataHome() + u"/config/qtchat/qtchat-server.conf");
    if (remembered.open(QIODevice::ReadOnly)) {
        const QByteArray settings = remembered.readAll();
        QVERIFY2(!settings.contains("given for this run"), settings.constData());
        QVERIFY2(!settings.contains("127.0.0.1"), settings.constData());
    }
}

void tst_ServerProcess::servesWithoutADisplay()
{
    ServerProcess server({QStringLiteral("--no-gui"), QStringLiteral("--host"),
                          QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                          QStringLiteral("0")});
    const quint16 port = server.waitForPort();
    QVERIFY2(port != 0, qPrintable(server.output()));
    QVERIFY2(server.waitForOutput(u"connect from this computer to 127.0.0.1 port " +
                                  QString::number(port)),
             qPrintable(server.output()));

    // A plain-text client that only listens.
    LineClient listener;
    QVERIFY(listener.connectTo(port));
    QCOMPARE(listener.nextLine(), QStringLiteral("Welcome to this chatroom!"));
    TestClient alice;
    QVERIFY(alice.connectTo(port));
    QVERIFY2(alice.join(QStringLiteral("alice")), qPrintable(alice.lastProblem()));
    QVERIFY(listener.waitForLine(QStringLiteral("* alice joined")));
    alice.send(Say{QStringLiteral("hello, room"), QString(), false, {}});
    QCOMPARE(listener.nextLine(), QStringLiteral("<alice> hello, room"));
    alice.send(Bye{QStringLiteral("done")});
    QCOMPARE(listener.nextLine(), QStringLiteral("* alice left (done)"));

    // One log line per event.
    QVERIFY(server.waitForOutput(QStringLiteral("leave alice")));
    const QString log = server.output();
    QVERIFY2(log.contains(
                     QRegularExpression(QStringLiteral("connection from 127\\.0\\.0\\.1:\\d+"))),
             qPrintable(log));
    QVERIFY(log.contains(QRegularExpression(
            QStringLiteral("join 127\\.0\\.0\\.1 \\(127\\.0\\.0\\.1:\\d+, plain text\\)"))));
    QVERIFY(log.contains(
            QRegularExpression(QStringLiteral("join alice \\(127\\.0\\.0\\.1:\\d+, protocol\\)"))));
    QVERIFY(log.contains(
            QRegularExpression(QStringLiteral("leave alice \\(127\\.0\\.0\\.1:\\d+\\): done"))));
}

void tst_ServerProcess::operatorConsole()
{
    ServerProcess server({QStringLiteral("--no-gui"), QStringLiteral("--host"),
                          QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                          QStringLiteral("0")});
    const quint16 port = server.waitForPort();
    QVERIFY2(port != 0, qPrintable(server.output()));
    TestClient alice;
    TestClient bob;
    QVERIFY(alice.connectTo(port) && bob.connectTo(port));
    QVERIFY(alice.join(QStringLiteral("alice")));
    QVERIFY(bob.join(QStringLiteral("bob")));

    server.type(QStringLiteral("/who"));
    QVERIFY2(server.waitForOutput(QStringLiteral("2 people in the room")),
             qPrintable(server.output()));
    // One line each, in columns (the nicknames padded to the longest).
    QVERIFY2(server.waitForOutput(QStringLiteral("  bob    127.0.0.1:")),
             qPrintable(server.output()));
    QVERIFY(server.waitForOutput(QStringLiteral("  alice  127.0.0.1:")));

    server.type(QStringLiteral("/notice Back in five"));
    const std::optional<Notice> notice = alice.waitFor<Notice>();
    QVERIFY2(notice, qPrintable(alice.lastProblem()));
    QCOMPARE(notice->text, QStringLiteral("Back in five"));
    QVERIFY(server.waitForOutput(QStringLiteral("notice sent to 2 people")));

    server.type(QStringLiteral("/kick bob too loud"));
    QVERIFY(bob.waitForError(ErrorCode::Kicked));
    QVERIFY(server.waitForOutput(QStringLiteral("kicked bob")));
    const std::optional<Left> left = alice.waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->reason, QStringLiteral("kicked: too loud"));

    server.type(QStringLiteral("/kick bob"));
    QVERIFY(server.waitForOutput(QStringLiteral("no one called bob is here")));

    server.type(QStringLiteral("/quit maintenance"));
    const std::optional<Error> shutdown = alice.waitForError(ErrorCode::ServerShutdown);
    QVERIFY2(shutdown, qPrintable(alice.lastProblem()));
    QVERIFY(shutdown->message.contains(u"maintenance"));
    QVERIFY(server.waitForExit());
    QCOMPARE(server.exitCode(), 0);
}

void tst_ServerProcess::keepsRunningWhenInputCloses()
{
    // As a service, standard input is closed or /dev/null: the server goes on.
    ServerProcess server({QStringLiteral("--no-gui"), QStringLiteral("--host"),
                          QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                          QStringLiteral("0")});
    const quint16 port = server.waitForPort();
    QVERIFY2(port != 0, qPrintable(server.output()));
    server.closeInput();
    TestClient alice;
    QVERIFY(alice.connectTo(port));
    QVERIFY2(alice.join(QStringLiteral("alice")), qPrintable(server.output()));
    QVERIFY(!server.waitForExit(200));
}

void tst_ServerProcess::tutorialCommandLine()
{
    // qtchat-server --no-gui 192.168.55.13 8081, on loopback.
    const quint16 port = freePort();
    QVERIFY(port != 0);
    ServerProcess server(
            {QStringLiteral("--no-gui"), QStringLiteral("127.0.0.1"), QString::number(port)});
    QCOMPARE(server.waitForPort(), port);
    QVERIFY(server.output().contains(u"listening on 127.0.0.1, port " + QString::number(port)));
    TestClient client;
    QVERIFY(client.connectTo(port));
    QVERIFY(client.join(QStringLiteral("bob")));
}

void tst_ServerProcess::configFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("qtchat-server.ini"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const quint16 filePort = freePort();
    file.write("[server]\nhost = 127.0.0.1\nport = " + QByteArray::number(filePort) +
               "\nmotd = Hello from the config file\n");
    file.close();

    ServerProcess server({QStringLiteral("--no-gui"), QStringLiteral("--config"), path});
    QCOMPARE(server.waitForPort(), filePort);
    TestClient client;
    QVERIFY(client.connectTo(filePort));
    const std::optional<Welcome> welcome = client.join(QStringLiteral("carol"));
    QVERIFY(welcome);
    QCOMPARE(welcome->motd, QStringLiteral("Hello from the config file"));

    // A flag wins over the file.
    const quint16 flagPort = freePort();
    ServerProcess overridden({QStringLiteral("--no-gui"), QStringLiteral("--config"), path,
                              QStringLiteral("--port"), QString::number(flagPort)});
    QCOMPARE(overridden.waitForPort(), flagPort);
}

void tst_ServerProcess::portInUse()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    const QString port = QString::number(occupant.serverPort());
    ServerProcess server({QStringLiteral("--no-gui"), QStringLiteral("--host"),
                          QStringLiteral("127.0.0.1"), QStringLiteral("--port"), port});
    QVERIFY(server.waitForExit());
    QCOMPARE(server.exitCode(), 1);
    const QString output = server.output();
    QVERIFY2(output.contains(u"qtchat-server: cannot listen on 127.0.0.1 port " + port + u": "),
             qPrintable(output));
    QVERIFY2(output.contains(u"already in use"), qPrintable(output));
    QVERIFY2(output.contains(u"choose another port with --port"), qPrintable(output));
}

void tst_ServerProcess::addressNotOnThisMachine()
{
    // 203.0.113.0/24 is reserved for documentation: never this machine's.
    ServerProcess server({QStringLiteral("--no-gui"), QStringLiteral("--host"),
                          QStringLiteral("203.0.113.77"), QStringLiteral("--port"),
                          QStringLiteral("0")});
    QVERIFY(server.waitForExit());
    QCOMPARE(server.exitCode(), 1);
    QVERIFY2(server.output().contains(u"cannot listen on 203.0.113.77"),
             qPrintable(server.output()));
    QVERIFY2(server.output().contains(u"not an address of this computer"),
             qPrintable(server.output()));
}

void tst_ServerProcess::stopsCleanly_data()
{
#ifndef Q_OS_UNIX
    QSKIP("sends Unix signals");
#endif
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<QString>("name");
    QTest::newRow("SIGTERM") << int(SIGTERM) << QStringLiteral("SIGTERM");
    QTest::newRow("SIGINT (Ctrl+C)") << int(SIGINT) << QStringLiteral("SIGINT");
}

void tst_ServerProcess::stopsCleanly()
{
#ifdef Q_OS_UNIX
    QFETCH(int, signalNumber);
    QFETCH(QString, name);
    ServerProcess server({QStringLiteral("--no-gui"), QStringLiteral("--host"),
                          QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                          QStringLiteral("0")});
    const quint16 port = server.waitForPort();
    QVERIFY2(port != 0, qPrintable(server.output()));
    TestClient alice;
    QVERIFY(alice.connectTo(port));
    QVERIFY(alice.join(QStringLiteral("alice")));
    LineClient plain;
    QVERIFY(plain.connectTo(port));
    QVERIFY(plain.waitForLine(QStringLiteral("Welcome to this chatroom!")));
    QVERIFY(server.waitForOutput(QStringLiteral("join 127.0.0.1")));

    server.signal(signalNumber);
    const std::optional<Error> error = alice.waitForError(ErrorCode::ServerShutdown);
    QVERIFY2(error, qPrintable(alice.lastProblem()));
    QCOMPARE(error->message, QStringLiteral("the server is shutting down"));
    QVERIFY(plain.waitForLine(QStringLiteral("-server- the server is shutting down")));
    QVERIFY(alice.waitForDisconnected());
    QVERIFY(plain.waitForDisconnected());
    QVERIFY(server.waitForExit());
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
    QVERIFY(server.output().contains(u"received " + name));
    QVERIFY(server.output().contains(u"shutting down (2 users)"));
    QVERIFY(server.output().contains(u"stopped"));
#endif
}

void tst_ServerProcess::seedClientChats()
{
    const QString seedClient = sharedDir + u"/seed/seed_client.py";
    if (!QFile::exists(seedClient))
        QSKIP(qPrintable(u"the seed tutorial's client is not here (" + seedClient +
                         u"); it comes with the project's shared/ folder in CI"));
    const QString python = QStringLiteral(QTCHAT_PYTHON3);
    if (python.isEmpty() || !QFile::exists(python))
        QSKIP("python3 is not installed");

    ServerProcess server({QStringLiteral("--no-gui"), QStringLiteral("--host"),
                          QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                          QStringLiteral("0")});
    const quint16 port = server.waitForPort();
    QVERIFY2(port != 0, qPrintable(server.output()));

    // python3 seed_client.py 127.0.0.1 PORT, run from its own folder.
    QProcess seed;
    seed.setWorkingDirectory(sharedDir + u"/seed");
    seed.setProcessChannelMode(QProcess::MergedChannels);
    seed.start(python, {QStringLiteral("-u"), QStringLiteral("seed_client.py"),
                        QStringLiteral("127.0.0.1"), QString::number(port)});
    QVERIFY(seed.waitForStarted());
    QString printed;
    auto seedPrinted = [&seed, &printed](const QString &text) {
        return waitUntil(
                [&] {
                    printed += QString::fromUtf8(seed.readAll());
                    return printed.contains(text);
                },
                10000);
    };
    QVERIFY2(seedPrinted(QStringLiteral("Welcome to this chatroom!")), qPrintable(printed));

    TestClient alice;
    QVERIFY(alice.connectTo(port));
    QVERIFY(alice.join(QStringLiteral("alice")));
    QVERIFY2(seedPrinted(QStringLiteral("* alice joined")), qPrintable(printed));
    alice.send(Say{QStringLiteral("hi seed, 你好"), QString(), false, {}});
    QVERIFY2(seedPrinted(QStringLiteral("<alice> hi seed, 你好")), qPrintable(printed));
    QVERIFY(alice.waitFor<ChatMessage>()); // alice's own copy

    seed.write("hello from the tutorial client\n");
    const std::optional<ChatMessage> message = alice.waitFor<ChatMessage>(10000);
    QVERIFY2(message, qPrintable(alice.lastProblem()));
    QCOMPARE(message->from, QStringLiteral("127.0.0.1"));
    QCOMPARE(message->text, QStringLiteral("hello from the tutorial client"));

    seed.write("/nick tutor\n");
    const std::optional<Renamed> renamed = alice.waitFor<Renamed>(10000);
    QVERIFY(renamed);
    QCOMPARE(renamed->to, QStringLiteral("tutor"));

    seed.closeWriteChannel(); // the seed client exits at end of input
    QVERIFY(seed.waitForFinished(10000));
    const std::optional<Left> left = alice.waitFor<Left>(10000);
    QVERIFY(left);
    QCOMPARE(left->nick, QStringLiteral("tutor"));
}

void tst_ServerProcess::survivesRunningOutOfFileDescriptors()
{
#ifndef Q_OS_UNIX
    QSKIP("limits open files with ulimit");
#else
    // At most 48 open files: a crowd of connections exhausts them.
    ServerProcess server({QStringLiteral("-c"),
                          QStringLiteral("ulimit -n 48 && exec \"$0\" \"$@\""), serverBinary,
                          QStringLiteral("--no-gui"), QStringLiteral("--host"),
                          QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                          QStringLiteral("0"), QStringLiteral("--max-clients"), QStringLiteral("0"),
                          QStringLiteral("--max-per-ip"), QStringLiteral("0")},
                         QStringLiteral("/bin/sh"));
    const quint16 port = server.waitForPort();
    QVERIFY2(port != 0, qPrintable(server.output()));
    std::vector<std::unique_ptr<LineClient>> crowd;
    for (int i = 0; i < 80; ++i) {
        crowd.push_back(std::make_unique<LineClient>());
        QVERIFY(crowd.back()->connectTo(port)); // the system queues what the server cannot take
    }
    QVERIFY2(server.waitForOutput(QStringLiteral("cannot accept connections: Too many open files")),
             qPrintable(server.output().right(500)));
#ifdef Q_OS_LINUX
    // While connections wait, the server idles instead of spinning on accept().
    const double before = server.cpuSeconds();
    QTest::qWait(2000);
    const double used = server.cpuSeconds() - before;
    QVERIFY2(before >= 0 && used < 0.5, qPrintable(QStringLiteral("%1 s of CPU in 2 s").arg(used)));
#endif
    crowd.clear();

    // Once they are gone, the server takes new connections again.
    TestClient late;
    QVERIFY2(late.connectTo(port), qPrintable(server.output().right(3000)));
    QVERIFY2(late.join(QStringLiteral("late")),
             qPrintable(late.lastProblem() + server.output().right(500)));
    QVERIFY(server.output().contains(u"accepting connections again"));
#endif
}

void tst_ServerProcess::historyInTheDefaultFolder()
{
#ifndef Q_OS_LINUX
    QSKIP("the default folder follows XDG_DATA_HOME on Linux only");
#endif
    ServerProcess server({QStringLiteral("--no-gui"), QStringLiteral("--host"),
                          QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                          QStringLiteral("0")});
    QVERIFY(server.waitForPort() != 0);
    const QString file = server.dataHome() + u"/qtchat/qtchat-server/history.sqlite";
    QVERIFY2(server.output().contains(u"history in " + file), qPrintable(server.output()));
    QVERIFY(QFile::exists(file));

    ServerProcess memoryOnly({QStringLiteral("--no-gui"), QStringLiteral("--host"),
                              QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                              QStringLiteral("0"), QStringLiteral("--no-history")});
    QVERIFY(memoryOnly.waitForPort() != 0);
    QVERIFY(!memoryOnly.output().contains(u"history"));
    // No history on disk; the folder keeps only the TLS certificate, so that
    // clients that trusted it know the server again after a restart.
    const QDir folder(memoryOnly.dataHome() + u"/qtchat/qtchat-server");
    QCOMPARE(folder.entryList(QDir::Files),
             (QStringList{QStringLiteral("tls-certificate.pem"), QStringLiteral("tls-key.pem")}));
}

void tst_ServerProcess::acknowledgedMessagesSurviveCrashes()
{
    // The real server is killed (SIGKILL) at random moments while three
    // clients send; every message whose echo a client received must be in the
    // history exactly once afterwards, resends included.
    QTemporaryDir data;
    const QStringList arguments = {QStringLiteral("--no-gui"),
                                   QStringLiteral("--host"),
                                   QStringLiteral("127.0.0.1"),
                                   QStringLiteral("--port"),
                                   QStringLiteral("0"),
                                   QStringLiteral("--data-dir"),
                                   data.path(),
                                   QStringLiteral("--rate"),
                                   QStringLiteral("0"),
                                   QStringLiteral("--max-per-ip"),
                                   QStringLiteral("0")};
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    constexpr int rounds = 20;
    constexpr int clients = 3;
    constexpr int perBurst = 10; // per client, every 2 ms
    QSet<QString> acknowledged;
    QHash<QString, QStringList> unacknowledged; // by nick, in the order sent
    int killedBusy = 0;
    for (int round = 0; round < rounds; ++round) {
        ServerProcess server(arguments);
        const quint16 port = server.waitForPort();
        QVERIFY2(port != 0, qPrintable(server.output()));
        std::vector<std::unique_ptr<TestClient>> room;
        QHash<QString, QStringList> sent;
        for (int c = 0; c < clients; ++c) {
            const QString nick = QStringLiteral("c%1").arg(c);
            room.push_back(std::make_unique<TestClient>());
            QVERIFY(room.back()->connectTo(port));
            QVERIFY2(room.back()->join(nick), qPrintable(room.back()->lastProblem()));
            // What had no echo last time is sent again first (same text, same ref).
            sent.insert(nick, unacknowledged.take(nick));
        }
        // Then new messages keep coming until the server is killed, at a random moment.
        int next = 0;
        auto sendSome = [&] {
            for (int c = 0; c < clients; ++c) {
                const QString nick = QStringLiteral("c%1").arg(c);
                QStringList &texts = sent[nick];
                QByteArray burst;
                const qsizetype from = next == 0 ? 0 : texts.size();
                for (int n = 0; n < perBurst; ++n)
                    texts.append(QStringLiteral("r%1-%2-%3").arg(round).arg(nick).arg(next + n));
                for (qsizetype i = from; i < texts.size(); ++i)
                    burst += Codec::encode(Say{texts.at(i), texts.at(i), false, {}});
                room[c]->sendRaw(burst);
            }
            next += perBurst;
        };
        sendSome();
        QTimer sender;
        QObject::connect(&sender, &QTimer::timeout, sendSome);
        sender.start(2);
        const int delayMs = int(random.bounded(20, 300));
        QTimer::singleShot(delayMs, [&server] { server.kill(); });
        QVERIFY(server.waitForExit());
        sender.stop();
        QVERIFY(waitUntil([&room] {
            return std::all_of(room.begin(), room.end(),
                               [](const auto &client) { return !client->isConnected(); });
        }));
        for (int c = 0; c < clients; ++c) {
            const QString nick = QStringLiteral("c%1").arg(c);
            QSet<QString> echoed;
            while (const std::optional<ServerMessage> message = room[c]->next(0)) {
                if (const auto *chat = std::get_if<ChatMessage>(&*message);
                    chat && chat->from == nick) {
                    echoed.insert(chat->text);
                }
            }
            acknowledged += echoed;
            QStringList missing;
            for (const QString &text : sent.value(nick)) {
                if (!echoed.contains(text))
                    missing.append(text);
            }
            if (!missing.isEmpty())
                ++killedBusy;
            unacknowledged.insert(nick, missing);
        }
    }
    QVERIFY2(killedBusy > 0, "the server was never killed while busy; the test proves nothing");

    // Afterwards: each acknowledged message exactly once, nothing twice, ids in order.
    ServerProcess server(arguments);
    const quint16 port = server.waitForPort();
    QVERIFY(port != 0);
    TestClient reader;
    QVERIFY(reader.connectTo(port));
    QVERIFY(reader.join(QStringLiteral("reader")));
    QHash<QString, int> stored;
    qint64 lastId = 0;
    std::optional<qint64> before;
    while (true) {
        reader.send(HistoryRequest{before, 500, {}});
        const std::optional<HistoryPage> page = reader.waitFor<HistoryPage>();
        QVERIFY(page);
        for (auto it = page->messages.crbegin(); it != page->messages.crend(); ++it) {
            ++stored[it->text];
            QVERIFY(lastId == 0 || it->id < lastId);
            lastId = it->id;
        }
        if (page->complete || page->messages.isEmpty())
            break;
        before = page->messages.first().id;
    }
    const QString context = QStringLiteral("seed %1, %2 acknowledged, %3 stored")
                                    .arg(seed)
                                    .arg(acknowledged.size())
                                    .arg(stored.size());
    qInfo().noquote() << context;
    for (const QString &text : std::as_const(acknowledged))
        QVERIFY2(stored.value(text) == 1,
                 qPrintable(text + u" is stored " + QString::number(stored.value(text)) +
                            u" times; " + context));
    for (auto it = stored.cbegin(); it != stored.cend(); ++it)
        QVERIFY2(it.value() == 1, qPrintable(it.key() + u" is stored twice; " + context));
    server.type(QStringLiteral("/quit")); // a clean stop, on every system
    QVERIFY(server.waitForExit());

    // The file is sound.
    HistoryStore store;
    QVERIFY2(store.open(data.filePath(QStringLiteral("history.sqlite"))),
             qPrintable(store.errorString()));
    QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
}

void tst_ServerProcess::readOnlyDataFolder()
{
#ifndef Q_OS_UNIX
    QSKIP("uses Unix permissions");
#else
    QTemporaryDir dir;
    const auto readAndEnter = QFileDevice::ReadOwner | QFileDevice::ExeOwner |
                              QFileDevice::ReadGroup | QFileDevice::ExeGroup |
                              QFileDevice::ReadOther | QFileDevice::ExeOther;
    QFile::setPermissions(dir.path(), readAndEnter | QFileDevice::WriteOwner);
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(dataDir));
    QFile::setPermissions(dataDir, readAndEnter);
    QStringList arguments = {QStringLiteral("--no-gui"),
                             QStringLiteral("--host"),
                             QStringLiteral("127.0.0.1"),
                             QStringLiteral("--port"),
                             QStringLiteral("0"),
                             QStringLiteral("--data-dir"),
                             dataDir};
    QString program = serverBinary;
    if (::geteuid() == 0) {
        // Root may write anywhere: the server runs as nobody, from a copy it can reach.
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (setpriv.isEmpty())
            QSKIP("running as root and setpriv (util-linux) is missing");
        const QString copy = dir.filePath(QStringLiteral("qtchat-server"));
        QVERIFY(QFile::copy(serverBinary, copy));
        arguments = QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                QStringLiteral("--clear-groups"), copy} +
                    arguments;
        program = setpriv;
    }
    ServerProcess server(arguments, program);
    const quint16 port = server.waitForPort();
    QVERIFY2(port != 0, qPrintable(server.output()));
    QVERIFY2(server.output().contains(u"the room keeps its history in memory only"),
             qPrintable(server.output()));
    QVERIFY(server.output().contains(dataDir + u"/history.sqlite"));
    TestClient alice;
    TestClient bob;
    QVERIFY(alice.connectTo(port) && bob.connectTo(port));
    QVERIFY(alice.join(QStringLiteral("alice")) && bob.join(QStringLiteral("bob")));
    alice.send(Say{QStringLiteral("works anyway"), QString(), false, {}});
    const std::optional<ChatMessage> message = bob.waitFor<ChatMessage>();
    QVERIFY(message);
    QCOMPARE(message->text, QStringLiteral("works anyway"));
    QVERIFY(QDir(dataDir).isEmpty());
    QFile::setPermissions(dataDir, readAndEnter | QFileDevice::WriteOwner);
#endif
}

QTEST_GUILESS_MAIN(tst_ServerProcess)
#include "tst_serverprocess.moc"
