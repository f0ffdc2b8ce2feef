// The real qtchat binary in its terminal mode (--no-gui), driven through
// QProcess against a real server: what it prints, what it sends, how it
// leaves, and how it refuses bad arguments.
#include "certificatefiles.h"
#include "chatserver.h"
#include "childprocess.h"
#include "fingerprint.h"
#include "servercertificate.h"
#include "serverrestart.h"
#include "serverwithouttls.h"
#include "testclient.h"
#include "testserverconfig.h"
#include "waituntil.h"

#include <QDir>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Protocol;

namespace {

const QString clientBinary = QStringLiteral(QTCHAT_CLIENT_BINARY);

// qtchat as a child process, with everything it printed.
class ClientProcess : public ChildProcess
{
public:
    // offscreen: the window is drawn off screen; otherwise there is no display at all.
    // language: a locale for LANG and LC_ALL (empty: as the test runs).
    // home: the folder for its settings and data (empty: one of its own).
    explicit ClientProcess(const QStringList &arguments, bool offscreen = false,
                           const QString &language = QString(), const QString &home = QString())
    {
        QProcessEnvironment environment = headlessEnvironment();
        if (!language.isEmpty()) {
            environment.remove(QStringLiteral("LANGUAGE"));
            environment.insert(QStringLiteral("LANG"), language);
            environment.insert(QStringLiteral("LC_ALL"), language);
        }
        if (offscreen)
            environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const QString folder = home.isEmpty() ? m_home.path() : home;
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), folder);
        environment.insert(QStringLiteral("XDG_DATA_HOME"), folder + u"/data");
        start(clientBinary, arguments, environment);
    }

private:
    QTemporaryDir m_home;
};

} // namespace

class tst_ClientProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void helpAndVersion();
    void badArgumentsAreExplained_data();
    void badArgumentsAreExplained();
    void chatsInTheTerminal();
    void talksInTwoRooms();
    void pipedLinesAreSentThenItLeaves();
    void waitsForTheServerToComeBack();
    void pipedFloodIsPaced();
    void overlongInputLineIsSkippedWhole();
    void windowConnectsAtOnce();
    void speaksTheSystemLanguage();
    void unsentLinesWaitForTheNextRun();
    void changedCertificateInTheTerminal_data();
    void changedCertificateInTheTerminal();
    void serverWithoutTlsInTheTerminal_data();
    void serverWithoutTlsInTheTerminal();

private:
    TestClient *joined(const QString &nick)
    {
        auto *client = new TestClient(&m_owner);
        if (!client->connectTo(m_server->serverPort()) || !client->join(nick))
            return nullptr;
        return client;
    }
    QStringList connectArguments(const QString &nick = QStringLiteral("alice")) const
    {
        return {QStringLiteral("--no-gui"), QStringLiteral("127.0.0.1"),
                QString::number(m_server->serverPort()), QStringLiteral("--nick"), nick};
    }

    QObject m_owner;
    std::unique_ptr<ChatServer> m_server;
};

void tst_ClientProcess::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("qtchat.server.info=false"));
}

void tst_ClientProcess::init()
{
    m_server = std::make_unique<ChatServer>(testServerConfig());
    QVERIFY(m_server->listen());
}

void tst_ClientProcess::cleanup()
{
    qDeleteAll(m_owner.children());
    m_server.reset();
}

void tst_ClientProcess::helpAndVersion()
{
    ClientProcess help({QStringLiteral("--help")});
    QVERIFY(help.waitForExit());
    QCOMPARE(help.exitCode(), 0);
    QVERIFY(help.output().contains(u"--no-gui"));
    QVERIFY(help.output().contains(u"--nick"));
    QVERIFY2(help.output().startsWith(u"Usage: qtchat [options] [host [port]]\n"),
             qPrintable(help.output())); // the program's name, not <executable_name>
    ClientProcess version({QStringLiteral("--version")});
    QVERIFY(version.waitForExit());
    QCOMPARE(version.output(), QStringLiteral("qtchat " QTCHAT_VERSION "\n"));
}

void tst_ClientProcess::badArgumentsAreExplained_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("terminal without host") << QStringList{QStringLiteral("--no-gui")}
                                           << QStringLiteral("needs the server's address");
    QTest::newRow("bad port") << QStringList{QStringLiteral("--no-gui"),
                                             QStringLiteral("localhost"), QStringLiteral("http")}
                              << QStringLiteral("\"http\" is not a port");
    QTest::newRow("bad nick") << QStringList{QStringLiteral("--nick"), QStringLiteral("two words"),
                                             QStringLiteral("--no-gui"),
                                             QStringLiteral("localhost")}
                              << QStringLiteral("--nick:");
    QTest::newRow("terminal's answer for the window")
            << QStringList{QStringLiteral("--trust-new-certificate"), QStringLiteral("localhost")}
            << QStringLiteral("are for --no-gui; the window asks");
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    // (Windows and macOS always have a display.)
    QTest::newRow("no display") << QStringList{} << QStringLiteral("qtchat --no-gui HOST PORT");
#endif
}

void tst_ClientProcess::badArgumentsAreExplained()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    ClientProcess client(arguments);
    QVERIFY(client.waitForExit());
    QCOMPARE(client.exitCode(), 2);
    QVERIFY2(client.output().contains(expected), qPrintable(client.output()));
}

void tst_ClientProcess::chatsInTheTerminal()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    bob->send(Say{QStringLiteral("said before"), QString(), false, {}});
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));

    ClientProcess alice(connectArguments());
    QVERIFY2(alice.waitForOutput(QStringLiteral("-!- connected as alice")),
             qPrintable(alice.output()));
    QVERIFY2(alice.waitForOutput(QStringLiteral("<bob> said before")), // the backlog
             qPrintable(alice.output()));

    alice.type(QStringLiteral("hello from the terminal"));
    std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY2(heard, qPrintable(alice.output()));
    QCOMPARE(heard->text, QStringLiteral("hello from the terminal"));

    bob->send(Say{QStringLiteral("hi, 你好"), QString(), false, {}});
    QVERIFY2(alice.waitForOutput(QStringLiteral("<bob> hi, 你好")), qPrintable(alice.output()));
    alice.type(QStringLiteral("/me waves"));
    heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard && heard->action);
    alice.type(QStringLiteral("/msg bob psst"));
    heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->to, QStringLiteral("bob"));
    QVERIFY(alice.waitForOutput(QStringLiteral("-> *bob* psst")));
    alice.type(QStringLiteral("/who"));
    QVERIFY2(alice.waitForOutput(QStringLiteral("bob")), qPrintable(alice.output()));
    // A typo of a command is refused where it was typed and reaches no one.
    alice.type(QStringLiteral("/nikc bobby"));
    QVERIFY2(alice.waitForOutput(
                     QStringLiteral("-!- unknown command /nikc — /help lists the commands")),
             qPrintable(alice.output()));
    alice.type(QStringLiteral("//nikc is a typo"));
    heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->text, QStringLiteral("/nikc is a typo"));
    alice.type(QStringLiteral("/msg nobody hello?"));
    // Refused at once: no one of that name is here (and no message goes out).
    QVERIFY2(alice.waitForOutput(QStringLiteral("-!- Not sent: no one called \"nobody\" is here")),
             qPrintable(alice.output()));

    alice.type(QStringLiteral("/quit time for bed"));
    const std::optional<Left> left = bob->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->reason, QStringLiteral("time for bed"));
    QVERIFY(alice.waitForExit());
    QCOMPARE(alice.exitCode(), 0);
}

void tst_ClientProcess::talksInTwoRooms()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    ClientProcess alice(connectArguments());
    QVERIFY2(alice.waitForOutput(QStringLiteral("-!- connected as alice")),
             qPrintable(alice.output()));
    // /join makes the room current: what is typed goes there.
    alice.type(QStringLiteral("/join #random"));
    QVERIFY2(alice.waitForOutput(QStringLiteral("-!- you are in #random now: what you type goes "
                                                "there")),
             qPrintable(alice.output()));
    bob->send(Join{QStringLiteral("#random"), false});
    QVERIFY2(alice.waitForOutput(QStringLiteral("* bob joined")), qPrintable(alice.output()));
    alice.type(QStringLiteral("in random"));
    std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY2(heard, qPrintable(alice.output()));
    QCOMPARE(heard->room, QStringLiteral("#random"));
    // The other room's lines start with its name; the current one's do not.
    bob->send(Say{QStringLiteral("in general"), QString(), false, QString()});
    QVERIFY2(alice.waitForOutput(QStringLiteral("[#general] <bob> in general")),
             qPrintable(alice.output()));
    bob->send(Say{QStringLiteral("also random"), QString(), false, QStringLiteral("#random")});
    QVERIFY2(alice.waitForOutput(QStringLiteral("\n<bob> also random")),
             qPrintable(alice.output()));
    alice.type(QStringLiteral("/topic games tonight"));
    QVERIFY2(alice.waitForOutput(QStringLiteral("-!- topic of #random: games tonight (set by "
                                                "alice)")),
             qPrintable(alice.output()));
    alice.type(QStringLiteral("/rooms"));
    QVERIFY2(alice.waitForOutput(QStringLiteral("#random — 2 people (you are in it) — games "
                                                "tonight")),
             qPrintable(alice.output()));
    alice.type(QStringLiteral("/who"));
    QVERIFY2(alice.waitForOutput(QStringLiteral("In #random (2): alice, bob")),
             qPrintable(alice.output()));
    // /part: back to the default room.
    alice.type(QStringLiteral("/part"));
    QVERIFY2(alice.waitForOutput(QStringLiteral("-!- you are in #general now")),
             qPrintable(alice.output()));
    alice.type(QStringLiteral("in general again"));
    heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->room, QStringLiteral("#general"));
    alice.type(QStringLiteral("/quit"));
    QVERIFY(alice.waitForExit());
    QCOMPARE(alice.exitCode(), 0);
}

void tst_ClientProcess::pipedLinesAreSentThenItLeaves()
{
    // echo lines | qtchat --no-gui HOST PORT: sent, stored, then it leaves by itself.
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    ClientProcess script(connectArguments(QStringLiteral("bot")));
    script.type(QStringLiteral("build 42 passed"));
    script.type(QStringLiteral("build 43 failed"));
    script.closeInput();
    std::optional<ChatMessage> first = bob->waitForMessageFrom(QStringLiteral("bot"));
    std::optional<ChatMessage> second = bob->waitForMessageFrom(QStringLiteral("bot"));
    QVERIFY2(first && second, qPrintable(script.output()));
    QCOMPARE(first->text, QStringLiteral("build 42 passed"));
    QCOMPARE(second->text, QStringLiteral("build 43 failed"));
    QVERIFY(script.waitForExit());
    QCOMPARE(script.exitCode(), 0);
    QVERIFY(bob->waitFor<Left>());
}

void tst_ClientProcess::waitsForTheServerToComeBack()
{
    ClientProcess alice(connectArguments());
    QVERIFY(alice.waitForOutput(QStringLiteral("-!- connected as alice")));
    const quint16 port = m_server->serverPort();
    m_server->shutdown(QStringLiteral("restart"));
    QVERIFY2(alice.waitForOutput(QStringLiteral("Trying again in")), qPrintable(alice.output()));
    QVERIFY(restartOnSamePort(m_server, testServerConfig(), port));
    // Connected again by itself (the first retry comes after about a second).
    QVERIFY(waitUntil([&] { return alice.output().count(u"-!- connected as alice") == 2; }, 15000));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    alice.type(QStringLiteral("back"));
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("alice")));
}

void tst_ClientProcess::pipedFloodIsPaced()
{
    // 1,500 lines piped in at once, to a server with a flood limit: all are
    // stored, in order, nobody is disconnected, and the client then leaves.
    ServerConfig config = testServerConfig();
    config.rate = 1000;
    config.burst = 10;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY(m_server->listen());
    ClientProcess script(connectArguments(QStringLiteral("bot")));
    const QString padding(150, u'.');
    for (int i = 1; i <= 1500; ++i)
        script.type(QString::number(i) + padding);
    script.closeInput();
    QVERIFY2(script.waitForExit(60000), qPrintable(script.output().right(500)));
    QCOMPARE(script.exitCode(), 0);
    QCOMPARE(m_server->history().lastId(), 1500);
    QVERIFY2(!script.output().contains(u"Trying again"), qPrintable(script.output().right(500)));
}

void tst_ClientProcess::overlongInputLineIsSkippedWhole()
{
    // Standard input lines are taken up to 64 KiB; a longer one is skipped whole, saying so.
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    ClientProcess script(connectArguments(QStringLiteral("bot")));
    script.type(
            QString(64 * 1024 - 1, u'a')); // 64 KiB with its LF: taken (and refused as too long)
    script.type(QString(70'000, u'b'));    // past the limit: skipped
    script.type(QStringLiteral("after"));
    script.closeInput();
    const std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("bot"));
    QVERIFY2(heard, qPrintable(script.output().right(300)));
    QCOMPARE(heard->text, QStringLiteral("after"));
    QVERIFY(script.waitForExit());
    QVERIFY2(script.output().contains(u"was not taken"), qPrintable(script.output().right(300)));
    QVERIFY2(script.output().contains(u"-!- not sent"), qPrintable(script.output().right(300)));
}

void tst_ClientProcess::windowConnectsAtOnce()
{
    // "qtchat --nick alice HOST PORT", the tutorial's habit, opens the window already connected.
    ClientProcess window({QStringLiteral("--nick"), QStringLiteral("alice"),
                          QStringLiteral("127.0.0.1"), QString::number(m_server->serverPort())},
                         true);
    QVERIFY2(waitUntil([this] { return m_server->userCount() == 1; }), qPrintable(window.output()));
    QCOMPARE(m_server->users().first().nick, QStringLiteral("alice"));
}

void tst_ClientProcess::speaksTheSystemLanguage()
{
    // LANG=zh_CN.UTF-8: the terminal mode talks Chinese (the room's text is as typed).
    ClientProcess alice(connectArguments(), false, QStringLiteral("zh_CN.UTF-8"));
    QVERIFY2(alice.waitForOutput(QStringLiteral("-!- 已连接，昵称：alice")),
             qPrintable(alice.output()));
    ClientProcess english(connectArguments(QStringLiteral("bob")), false,
                          QStringLiteral("en_US.UTF-8"));
    QVERIFY2(english.waitForOutput(QStringLiteral("-!- connected as bob")),
             qPrintable(english.output()));
}

void tst_ClientProcess::unsentLinesWaitForTheNextRun()
{
    // Typed while the server is away, then the terminal client is killed:
    // the next run, from the same account, sends it.
    QTemporaryDir home;
    const quint16 port = m_server->serverPort();
    {
        ClientProcess alice(connectArguments(), false, QString(), home.path());
        QVERIFY(alice.waitForOutput(QStringLiteral("-!- connected as alice")));
        m_server->shutdown(QString());
        QVERIFY2(alice.waitForOutput(QStringLiteral("Trying again in")),
                 qPrintable(alice.output()));
        alice.type(QStringLiteral("said while the server was down"));
        // On disk before anything else happens (one line, flushed).
        QVERIFY(waitUntil([&home] {
            return !QDir(home.filePath(QStringLiteral("data/qtchat/qtchat/outbox")))
                            .entryList({QStringLiteral("*.jsonl")}, QDir::Files)
                            .isEmpty();
        }));
        alice.kill();
        QVERIFY(alice.waitForExit());
    }
    QVERIFY(restartOnSamePort(m_server, testServerConfig(), port));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    ClientProcess again(connectArguments(), false, QString(), home.path());
    QVERIFY2(again.waitForOutput(QStringLiteral("-!- 1 message you typed earlier waits to be "
                                                "sent")),
             qPrintable(again.output()));
    const std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY2(heard, qPrintable(again.output()));
    QCOMPARE(heard->text, QStringLiteral("said while the server was down"));
    QVERIFY(!bob->waitForMessageFrom(QStringLiteral("alice"), 300));
}

void tst_ClientProcess::changedCertificateInTheTerminal_data()
{
    QTest::addColumn<bool>("trust"); // --trust-new-certificate
    QTest::newRow("piped, no one to ask") << false;
    QTest::newRow("--trust-new-certificate") << true;
}

void tst_ClientProcess::changedCertificateInTheTerminal()
{
    QFETCH(bool, trust);
    QTemporaryDir home;
    const quint16 port = m_server->serverPort();
    const QString before = m_server->tlsCertificate().fingerprint();
    {
        ClientProcess first(connectArguments(), false, QString(), home.path());
        QVERIFY2(first.waitForOutput(QStringLiteral("for the first time: ") +
                                     Fingerprint::shortForm(before)),
                 qPrintable(first.output()));
        first.closeInput();
        QVERIFY(first.waitForExit());
    }
    // The server comes back with another certificate.
    QTemporaryDir files;
    ServerConfig config = testServerConfig();
    CertificateFiles other;
    QVERIFY(useNewCertificate(&config, files.path(), &other));
    m_server->shutdown(QString());
    QVERIFY(restartOnSamePort(m_server, config, port));

    QStringList arguments = connectArguments();
    if (trust)
        arguments.append(QStringLiteral("--trust-new-certificate"));
    ClientProcess again(arguments, false, QString(), home.path());
    // Both fingerprints, short and whole. The output comes in pieces: wait for
    // its last line before reading the rest.
    QVERIFY2(again.waitForOutput(u"SHA-256 now:    " + other.fingerprint),
             qPrintable(again.output()));
    QVERIFY2(again.output().contains(Fingerprint::shortForm(other.fingerprint)),
             qPrintable(again.output()));
    QVERIFY2(again.output().contains(Fingerprint::shortForm(before)), qPrintable(again.output()));
    QVERIFY2(again.output().contains(u"SHA-256 before: " + before), qPrintable(again.output()));
    QVERIFY2(again.output().contains(u"SHA-256 now:    " + other.fingerprint),
             qPrintable(again.output()));
    if (!trust) {
        QVERIFY(again.waitForExit());
        QCOMPARE(again.exitCode(), 1);
        QVERIFY2(again.output().contains(u"--trust-new-certificate answers yes"),
                 qPrintable(again.output()));
        QVERIFY(!again.output().contains(u"connected as"));
        return;
    }
    QVERIFY2(again.waitForOutput(QStringLiteral("-!- connected as alice")),
             qPrintable(again.output()));
    again.closeInput();
    QVERIFY(again.waitForExit());
    // Pinned: the next run connects without a question.
    ClientProcess later(connectArguments(), false, QString(), home.path());
    QVERIFY2(later.waitForOutput(QStringLiteral("-!- encrypted (TLSv1.")),
             qPrintable(later.output()));
    QVERIFY(!later.output().contains(u"changed"));
}

void tst_ClientProcess::serverWithoutTlsInTheTerminal_data()
{
    QTest::addColumn<bool>("allow"); // --allow-unencrypted
    QTest::newRow("piped, no one to ask") << false;
    QTest::newRow("--allow-unencrypted") << true;
}

void tst_ClientProcess::serverWithoutTlsInTheTerminal()
{
    QFETCH(bool, allow);
    ServerWithoutTls old; // a qtchat server of before TLS
    QVERIFY(old.isListening());
    QStringList arguments{QStringLiteral("--no-gui"), QStringLiteral("127.0.0.1"),
                          QString::number(old.port()), QStringLiteral("--nick"),
                          QStringLiteral("alice")};
    if (allow)
        arguments.append(QStringLiteral("--allow-unencrypted"));
    ClientProcess client(arguments);
    QVERIFY2(client.waitForOutput(QStringLiteral("does not set up an encrypted connection")),
             qPrintable(client.output()));
    if (!allow) {
        QVERIFY(client.waitForExit());
        QCOMPARE(client.exitCode(), 1);
        QVERIFY2(client.output().contains(u"--allow-unencrypted answers yes"),
                 qPrintable(client.output()));
        return;
    }
    QVERIFY2(client.waitForOutput(QStringLiteral("-!- not encrypted: anyone on the network")),
             qPrintable(client.output()));
    QVERIFY(client.output().contains(u"-!- connected as alice"));
}

QTEST_MAIN(tst_ClientProcess)
#include "tst_clientprocess.moc"
