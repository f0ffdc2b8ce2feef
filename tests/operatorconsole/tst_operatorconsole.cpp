#include "chatserver.h"
#include "operatorconsole.h"
#include "testclient.h"
#include "testserverconfig.h"
#include "textwidth.h"

#include <QTest>

#include <memory>

using namespace Protocol;

// The operator's commands against a real server on loopback with real clients.
class tst_OperatorConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void refusals_data();
    void refusals();
    void who();
    void kick();
    void banByNickAndUnban();
    void configuredBans();
    void notice();
    void rooms();
    void roomRefusals_data();
    void roomRefusals();
    void quit();

private:
    TestClient *joined(const QString &nick, const QHostAddress &from = QHostAddress::LocalHost)
    {
        auto *client = new TestClient(m_owner.get());
        if (!client->connectFrom(from, m_server->serverPort()) || !client->join(nick))
            return nullptr;
        return client;
    }
    OperatorConsole::Result run(const QString &line) { return m_console->execute(line); }

    std::unique_ptr<QObject> m_owner;
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<OperatorConsole> m_console;
};

void tst_OperatorConsole::init()
{
    m_owner = std::make_unique<QObject>();
    m_server = std::make_unique<ChatServer>(testServerConfig());
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_console = std::make_unique<OperatorConsole>(m_server.get());
}

void tst_OperatorConsole::cleanup()
{
    m_owner.reset();
    m_console.reset();
    m_server.reset();
}

void tst_OperatorConsole::refusals_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("answer");
    QTest::newRow("not a command") << "hello"
                                   << "commands start with / (type /help to see them)";
    QTest::newRow("unknown") << "/frob"
                             << "unknown command /frob (type /help to see the commands)";
    QTest::newRow("kick without nick") << "/kick"
                                       << "usage: /kick NICK [reason]";
    QTest::newRow("kick of no one") << "/kick nobody"
                                    << "no one called nobody is here";
    QTest::newRow("ban of nonsense") << "/ban not-an-address"
                                     << "";
    QTest::newRow("ban of two") << "/ban a b"
                                << "usage: /ban [-y] NICK or /ban [-y] ADDRESS (or a subnet, "
                                   "10.0.0.0/8)";
    QTest::newRow("ban -y of nothing") << "/ban -y"
                                       << "usage: /ban [-y] NICK or /ban [-y] ADDRESS (or a "
                                          "subnet, 10.0.0.0/8)";
    QTest::newRow("unban of no ban") << "/unban 10.1.2.3"
                                     << "10.1.2.3 is not banned (/bans lists the bans)";
    QTest::newRow("empty notice") << "/notice   "
                                  << "usage: /notice [#ROOM] TEXT";
}

void tst_OperatorConsole::refusals()
{
    QFETCH(QString, line);
    QFETCH(QString, answer);
    const OperatorConsole::Result result = run(line);
    QVERIFY(result.error);
    QVERIFY(!result.quit);
    QCOMPARE(result.lines.size(), 1);
    if (!answer.isEmpty())
        QCOMPARE(result.lines.first(), answer);
    QVERIFY(m_server->bans().isEmpty());
}

void tst_OperatorConsole::who()
{
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QVERIFY(joined(QStringLiteral("张伟")));
    alice->send(Say{QStringLiteral("one"), QString(), false, {}});
    QVERIFY(alice->waitForMessageFrom(QStringLiteral("alice")));
    const OperatorConsole::Result result = run(QStringLiteral("/who"));
    QVERIFY(!result.error);
    QCOMPARE(result.lines.size(), 3);
    QCOMPARE(result.lines.at(0), QStringLiteral("2 people in the room"));
    QVERIFY2(result.lines.at(1).contains(u"alice  127.0.0.1:"), qPrintable(result.lines.at(1)));
    QVERIFY(result.lines.at(1).contains(u"qtchat"));
    QVERIFY(result.lines.at(2).contains(u"张伟"));
    QVERIFY2(result.lines.at(1).endsWith(u"  1 message"), qPrintable(result.lines.at(1)));
    QVERIFY2(result.lines.at(2).endsWith(u"  0 messages"), qPrintable(result.lines.at(2)));
    // The columns line up on a terminal: a Chinese character takes two columns.
    auto column = [](const QString &line, const QString &text) {
        return TextWidth::columns(QStringView(line).left(line.indexOf(text)));
    };
    QCOMPARE(column(result.lines.at(1), QStringLiteral("127.0.0.1")),
             column(result.lines.at(2), QStringLiteral("127.0.0.1")));
    QCOMPARE(column(result.lines.at(1), QStringLiteral("since")),
             column(result.lines.at(2), QStringLiteral("since")));
    QCOMPARE(run(QStringLiteral("/help")).lines, OperatorConsole::helpLines());
}

void tst_OperatorConsole::kick()
{
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    const OperatorConsole::Result result = run(QStringLiteral("/kick BOB spamming links"));
    QVERIFY(!result.error);
    QCOMPARE(result.lines, QStringList{QStringLiteral("kicked BOB")});
    const std::optional<Error> error = bob->waitForError(ErrorCode::Kicked);
    QVERIFY2(error, qPrintable(bob->lastProblem()));
    QVERIFY(error->message.contains(u"spamming links"));
    QVERIFY(bob->waitForDisconnected());
    const std::optional<Left> left = alice->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->reason, QStringLiteral("kicked: spamming links"));
    QCOMPARE(m_server->userCount(), 1);
}

void tst_OperatorConsole::banByNickAndUnban()
{
#ifndef Q_OS_LINUX
    QSKIP("needs 127.0.0.2 as a second local address");
#endif
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *mallory =
            joined(QStringLiteral("mallory"), QHostAddress(QStringLiteral("127.0.0.2")));
    TestClient *trent = joined(QStringLiteral("trent"), QHostAddress(QStringLiteral("127.0.0.2")));
    QVERIFY(alice && mallory && trent);
    // First it says what it would do, and whom else it hits; nothing happens yet.
    OperatorConsole::Result result = run(QStringLiteral("/ban mallory"));
    QVERIFY(!result.error);
    QCOMPARE(result.lines,
             QStringList({QStringLiteral("/ban mallory bans 127.0.0.2 and disconnects 2 people: "
                                         "mallory, trent (everyone connected from there)"),
                          QStringLiteral("type /ban -y mallory to do it")}));
    QVERIFY(m_server->bans().isEmpty());
    QVERIFY(!mallory->waitForDisconnected(200));
    result = run(QStringLiteral("/ban -y mallory"));
    QVERIFY(!result.error);
    QCOMPARE(result.lines,
             QStringList{QStringLiteral("banned 127.0.0.2 (mallory); disconnected 2 people: "
                                        "mallory, trent")});
    QVERIFY(mallory->waitForError(ErrorCode::Banned));
    QVERIFY(trent->waitForError(ErrorCode::Banned));
    QVERIFY(alice->isConnected());
    QCOMPARE(run(QStringLiteral("/bans")).lines,
             QStringList({QStringLiteral("1 ban:"), QStringLiteral("  127.0.0.2")}));

    // A new connection from there is refused; others are not.
    auto *again = new TestClient(m_owner.get());
    QVERIFY(again->connectFrom(QHostAddress(QStringLiteral("127.0.0.2")), m_server->serverPort()));
    again->send(Hello{1, QStringLiteral("mallory2"), QString(), QString(), std::nullopt, {}});
    QVERIFY(again->waitForError(ErrorCode::Banned));
    QVERIFY(joined(QStringLiteral("carol")));

    result = run(QStringLiteral("/unban 127.0.0.2"));
    QCOMPARE(result.lines, QStringList{QStringLiteral("unbanned 127.0.0.2")});
    QCOMPARE(run(QStringLiteral("/bans")).lines, QStringList{QStringLiteral("no bans")});
    QVERIFY(joined(QStringLiteral("mallory"), QHostAddress(QStringLiteral("127.0.0.2"))));

    // An address no one connects from is banned at once.
    result = run(QStringLiteral("/ban 10.9.8.0/24"));
    QCOMPARE(result.lines,
             QStringList{QStringLiteral("banned 10.9.8.0/24; no one is connected from there")});
}

void tst_OperatorConsole::configuredBans()
{
    // A ban from --ban is marked as such, and lifting it says it comes back.
    ServerConfig config = testServerConfig();
    config.bans = QStringList{QStringLiteral("10.0.0.5/32")};
    m_console.reset();
    m_server = std::make_unique<ChatServer>(config);
    m_console = std::make_unique<OperatorConsole>(m_server.get());
    QCOMPARE(run(QStringLiteral("/bans")).lines,
             (QStringList{QStringLiteral("1 ban:"),
                          QStringLiteral("  10.0.0.5  (from --ban or the config file)")}));
    const OperatorConsole::Result result = run(QStringLiteral("/unban 10.0.0.5"));
    QVERIFY(!result.error);
    QCOMPARE(result.lines,
             QStringList{QStringLiteral("unbanned 10.0.0.5 until the server restarts (it was "
                                        "given with --ban or in the config file: remove it "
                                        "there to lift it for good)")});
    QVERIFY(m_server->bans().isEmpty());
}

void tst_OperatorConsole::notice()
{
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    const OperatorConsole::Result result =
            run(QStringLiteral("/notice  Server restarts at 18:00 "));
    QCOMPARE(result.lines, QStringList{QStringLiteral("notice sent to 2 people")});
    for (TestClient *client : {alice, bob}) {
        const std::optional<Notice> notice = client->waitFor<Notice>();
        QVERIFY2(notice, qPrintable(client->lastProblem()));
        QCOMPARE(notice->text, QStringLiteral("Server restarts at 18:00"));
    }
}

void tst_OperatorConsole::rooms()
{
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QCOMPARE(run(QStringLiteral("/room new #release")).lines,
             QStringList{QStringLiteral("made #release")});
    alice->send(Join{QStringLiteral("#release"), false});
    QVERIFY(alice->waitFor<HistoryPage>());
    QCOMPARE(run(QStringLiteral("/topic #release Friday 5pm")).lines,
             QStringList{QStringLiteral("set the topic of #release")});
    const std::optional<Topic> topic = alice->waitFor<Topic>();
    QVERIFY(topic);
    QCOMPARE(topic->by, QStringLiteral("server"));
    QCOMPARE(run(QStringLiteral("/rooms")).lines,
             (QStringList{QStringLiteral("2 rooms:"),
                          QStringLiteral("  #general (2 people), the default room"),
                          QStringLiteral("    alice, bob"),
                          QStringLiteral("  #release (1 person): Friday 5pm"),
                          QStringLiteral("    alice")}));
    // /who says each person's rooms.
    QVERIFY(run(QStringLiteral("/who")).lines.at(1).endsWith(u"#general, #release"));
    // A notice to one room reaches only it.
    QCOMPARE(run(QStringLiteral("/notice #release deploy now")).lines,
             QStringList{QStringLiteral("notice sent to #release (1 person)")});
    const std::optional<Notice> notice = alice->waitFor<Notice>();
    QVERIFY(notice);
    QCOMPARE(notice->room, QStringLiteral("#release"));
    // Renamed: its members leave the old name and are in the new one.
    QCOMPARE(run(QStringLiteral("/room rename #release #ship")).lines,
             QStringList{QStringLiteral("#release is now #ship")});
    const std::optional<Left> left = alice->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->room, QStringLiteral("#release"));
    const std::optional<Joined> in = alice->waitFor<Joined>();
    QVERIFY(in);
    QCOMPARE(in->room, QStringLiteral("#ship"));
    // Taken out of one room, not the server.
    QCOMPARE(run(QStringLiteral("/remove alice #ship too noisy")).lines,
             QStringList{QStringLiteral("took alice out of #ship")});
    const std::optional<Left> removed = alice->waitFor<Left>();
    QVERIFY(removed);
    QCOMPARE(removed->reason, QStringLiteral("removed by the operator: too noisy"));
    QVERIFY(alice->isConnected());
    QCOMPARE(run(QStringLiteral("/room delete #ship")).lines,
             QStringList{QStringLiteral("deleted #ship")});
    QCOMPARE(run(QStringLiteral("/rooms")).lines.at(0), QStringLiteral("1 room:"));
    QVERIFY(bob->isConnected());
}

void tst_OperatorConsole::roomRefusals_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("answer");
    QTest::newRow("room without what") << "/room"
                                       << "usage: /room new #ROOM, /room rename #OLD #NEW or "
                                          "/room delete #ROOM";
    QTest::newRow("bad name") << "/room new general"
                              << "a room name starts with #, as in #general";
    QTest::newRow("twice") << "/room new #General"
                           << "there is a room #general already";
    QTest::newRow("delete the default room") << "/room delete #general"
                                             << "the default room cannot be deleted";
    QTest::newRow("delete no room") << "/room delete #nowhere"
                                    << "there is no room #nowhere";
    QTest::newRow("topic of no room") << "/topic #nowhere hi"
                                      << "there is no room #nowhere";
    QTest::newRow("topic too long") << u"/topic #general " + QString(513, u'x')
                                    << "a topic: the message is 513 bytes long; the limit is 512 bytes";
    QTest::newRow("remove without room") << "/remove alice"
                                         << "usage: /remove NICK #ROOM [reason]";
    QTest::newRow("remove no one") << "/remove nobody #general"
                                   << "no one called nobody is in #general";
    QTest::newRow("notice to no room") << "/notice #nowhere hi"
                                       << "there is no room #nowhere";
}

void tst_OperatorConsole::roomRefusals()
{
    QFETCH(QString, line);
    QFETCH(QString, answer);
    const OperatorConsole::Result result = run(line);
    QVERIFY(result.error);
    QCOMPARE(result.lines, QStringList{answer});
}

void tst_OperatorConsole::quit()
{
    const OperatorConsole::Result result = run(QStringLiteral("/quit back at 9"));
    QVERIFY(result.quit);
    QCOMPARE(result.quitReason, QStringLiteral("back at 9"));
    QVERIFY(m_server->isListening()); // the front end stops the server
}

QTEST_GUILESS_MAIN(tst_OperatorConsole)
#include "tst_operatorconsole.moc"
