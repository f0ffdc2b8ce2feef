// Rooms (contract section 8) against a real ChatServer over loopback:
// joining and making rooms, who may, the limits, topics, what reaches
// whom, events told once across shared rooms, rooms after a restart,
// plain-text clients in two rooms and clients that never name a room.
#include "chatserver.h"
#include "lineclient.h"
#include "serverrestart.h"
#include "testclient.h"
#include "testserverconfig.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Protocol;

class tst_Rooms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void joinAndTalkInASecondRoom();
    void messagesNeverReachNonMembers();
    void joinRefusals_data();
    void joinRefusals();
    void notInRoom_data();
    void notInRoom();
    void roomsOnTheServerAtAndPastTheLimit();
    void roomsPerConnectionAtAndPastTheLimit();
    void onlyTheOperatorMakesRooms();
    void topics();
    void topicAtAndPastTheLimit();
    void renameAndQuitAreToldOnce();
    void partLeavesOneRoom();
    void roomList();
    void roomsAndSinceAfterARestart();
    void helloRoomsThatAreGone();
    void plainTextInTwoRooms();
    void clientThatNeverNamesARoom();

private:
    ChatServer *startServer(const ServerConfig &config = testServerConfig())
    {
        m_server = std::make_unique<ChatServer>(config);
        if (!m_server->listen())
            qWarning() << "listen failed:" << m_server->errorString();
        return m_server.get();
    }
    TestClient *joined(const QString &nick)
    {
        auto *client = new TestClient(&m_owner);
        if (!client->connectTo(m_server->serverPort()) || !client->join(nick)) {
            qWarning() << "join failed:" << client->lastProblem();
            return nullptr;
        }
        return client;
    }
    // Joins room (made if it is new) and reads what joining brings.
    static bool enter(TestClient *client, const QString &room, bool create = true)
    {
        client->send(Join{room, create});
        std::optional<Joined> self;
        do
            self = client->waitFor<Joined>();
        while (self && self->room.compare(room, Qt::CaseInsensitive) != 0);
        const std::optional<Users> users = client->waitFor<Users>();
        const std::optional<HistoryPage> backlog = client->waitFor<HistoryPage>();
        return self && self->room.compare(room, Qt::CaseInsensitive) == 0 && users &&
               users->room == self->room && backlog;
    }
    static Say sayIn(const QString &room, const QString &text)
    {
        Say say;
        say.text = text;
        say.room = room;
        return say;
    }
    QObject m_owner;
    std::unique_ptr<ChatServer> m_server;
};

void tst_Rooms::cleanup()
{
    qDeleteAll(m_owner.children());
    m_server.reset();
}

void tst_Rooms::joinAndTalkInASecondRoom()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(alice->waitFor<Joined>()); // bob, in #general

    alice->send(Join{QStringLiteral("#random"), true});
    const std::optional<Joined> self = alice->nextAs<Joined>();
    QVERIFY2(self, qPrintable(alice->lastProblem()));
    QCOMPARE(self->nick, QStringLiteral("alice"));
    QCOMPARE(self->room, QStringLiteral("#random"));
    const std::optional<Users> users = alice->nextAs<Users>();
    QVERIFY2(users, qPrintable(alice->lastProblem()));
    QCOMPARE(users->room, QStringLiteral("#random"));
    QCOMPARE(users->users.size(), 1);
    const std::optional<HistoryPage> backlog = alice->nextAs<HistoryPage>();
    QVERIFY(backlog);
    QCOMPARE(backlog->room, QStringLiteral("#random"));
    QVERIFY(backlog->messages.isEmpty());

    // Names are unique case-insensitively: #RANDOM is the same room.
    QVERIFY(enter(bob, QStringLiteral("#RANDOM"), false));
    const std::optional<Joined> bobIn = alice->waitFor<Joined>();
    QVERIFY(bobIn);
    QCOMPARE(bobIn->nick, QStringLiteral("bob"));
    QCOMPARE(bobIn->room, QStringLiteral("#random"));

    alice->send(sayIn(QStringLiteral("#random"), QStringLiteral("in random")));
    const std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->room, QStringLiteral("#random"));
    // Without a room: the default room, which says its name.
    alice->send(Say{QStringLiteral("in general"), QString(), false, QString()});
    const std::optional<ChatMessage> general = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(general);
    QCOMPARE(general->room, QStringLiteral("#general"));
    QVERIFY(general->id > heard->id); // one id sequence for the server
}

void tst_Rooms::messagesNeverReachNonMembers()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *carol = joined(QStringLiteral("carol"));
    QVERIFY(alice && carol);
    QVERIFY(enter(alice, QStringLiteral("#secret")));
    alice->send(sayIn(QStringLiteral("#secret"), QStringLiteral("only for #secret")));
    alice->send(Say{QStringLiteral("for everyone"), QString(), false, QString()});
    const std::optional<ChatMessage> first = carol->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(first);
    QCOMPARE(first->text, QStringLiteral("for everyone"));
    // Nor in its history.
    HistoryRequest request;
    request.limit = 50;
    carol->send(request);
    const std::optional<HistoryPage> page = carol->waitFor<HistoryPage>();
    QVERIFY(page);
    for (const ChatMessage &message : page->messages)
        QVERIFY(message.room != u"#secret");
    // A history request that names no room means the default room (and
    // whispers), also for a member of other rooms; one that names a room
    // holds that room's messages only.
    alice->send(Whisper{QStringLiteral("carol"), QStringLiteral("psst"), QString()});
    QVERIFY(carol->waitForMessageFrom(QStringLiteral("alice")));
    alice->send(request);
    const std::optional<HistoryPage> general = alice->waitFor<HistoryPage>();
    QVERIFY(general);
    QStringList texts;
    for (const ChatMessage &message : general->messages)
        texts.append(message.text);
    QCOMPARE(texts, QStringList({QStringLiteral("for everyone"), QStringLiteral("psst")}));
    request.room = QStringLiteral("#secret");
    alice->send(request);
    const std::optional<HistoryPage> secret = alice->waitFor<HistoryPage>();
    QVERIFY(secret);
    texts.clear();
    for (const ChatMessage &message : secret->messages)
        texts.append(message.text);
    QCOMPARE(texts, QStringList({QStringLiteral("only for #secret")}));
    QCOMPARE(secret->room, QStringLiteral("#secret"));
}

void tst_Rooms::joinRefusals_data()
{
    QTest::addColumn<QString>("room");
    QTest::addColumn<bool>("create");
    QTest::addColumn<QString>("code");

    QTest::newRow("no #") << "random" << true << "bad_room";
    QTest::newRow("only #") << "#" << true << "bad_room";
    QTest::newRow("a space") << "#two words" << true << "bad_room";
    QTest::newRow("33 characters") << u"#" + QString(33, u'a') << true << "bad_room";
    QTest::newRow("does not exist") << "#nowhere" << false << "no_such_room";
}

void tst_Rooms::joinRefusals()
{
    QFETCH(QString, room);
    QFETCH(bool, create);
    QFETCH(QString, code);
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    alice->send(Join{room, create});
    const std::optional<Error> error = alice->nextAs<Error>();
    QVERIFY2(error, qPrintable(alice->lastProblem()));
    QCOMPARE(error->codeName, code);
    QVERIFY(alice->isConnected());
    // 32 characters after the # are allowed, and so are letters of any script.
    QVERIFY(enter(alice, u"#" + QString(32, u'a')));
    QVERIFY(enter(alice, QStringLiteral("#讨论区")));
}

void tst_Rooms::notInRoom_data()
{
    QTest::addColumn<QString>("frame");
    QTest::newRow("say") << R"({"type":"say","text":"hi","room":"#other"})";
    QTest::newRow("history") << R"({"type":"history","limit":5,"room":"#other"})";
    QTest::newRow("topic") << R"({"type":"topic","room":"#other","text":"x"})";
    QTest::newRow("part") << R"({"type":"part","room":"#other"})";
}

void tst_Rooms::notInRoom()
{
    QFETCH(QString, frame);
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(enter(bob, QStringLiteral("#other")));
    QVERIFY(alice->waitFor<Joined>());
    alice->sendRaw(frame.toUtf8() + '\n');
    const std::optional<Error> error = alice->waitFor<Error>();
    QVERIFY2(error, qPrintable(alice->lastProblem()));
    QCOMPARE(error->code, ErrorCode::NotInRoom);
    // And a room that does not exist at all.
    alice->sendRaw(frame.toUtf8().replace("#other", "#gone") + '\n');
    const std::optional<Error> missing = alice->waitFor<Error>();
    QVERIFY(missing);
    QCOMPARE(missing->code, ErrorCode::NoSuchRoom);
}

void tst_Rooms::roomsOnTheServerAtAndPastTheLimit()
{
    ServerConfig config = testServerConfig();
    config.maxRooms = 3; // #general and two more
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QVERIFY(enter(alice, QStringLiteral("#a")));
    QVERIFY(enter(alice, QStringLiteral("#b")));
    alice->send(Join{QStringLiteral("#c"), true});
    const std::optional<Error> error = alice->nextAs<Error>();
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::RoomLimit);
    // A room that exists can still be joined.
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    QVERIFY(enter(bob, QStringLiteral("#b"), false));
}

void tst_Rooms::roomsPerConnectionAtAndPastTheLimit()
{
    ServerConfig config = testServerConfig();
    config.maxRoomsPerConnection = 3; // #general and two more
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QVERIFY(enter(alice, QStringLiteral("#a")));
    QVERIFY(enter(alice, QStringLiteral("#b")));
    alice->send(Join{QStringLiteral("#c"), true});
    const std::optional<Error> error = alice->nextAs<Error>();
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::RoomLimit);
    // Leaving one makes room for another.
    alice->send(Part{QStringLiteral("#a"), QString()});
    QVERIFY(alice->waitFor<Left>());
    QVERIFY(enter(alice, QStringLiteral("#c")));
}

void tst_Rooms::onlyTheOperatorMakesRooms()
{
    ServerConfig config = testServerConfig();
    config.roomsMadeByOperatorOnly = true;
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    alice->send(Join{QStringLiteral("#mine"), true});
    const std::optional<Error> error = alice->nextAs<Error>();
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::NotAllowed);
}

void tst_Rooms::topics()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QVERIFY(enter(alice, QStringLiteral("#release")));
    alice->send(SetTopic{QStringLiteral("#release"), QStringLiteral("  Friday 5pm ")});
    const std::optional<Topic> topic = alice->waitFor<Topic>();
    QVERIFY(topic);
    QCOMPARE(topic->room, QStringLiteral("#release"));
    QCOMPARE(topic->text, QStringLiteral("Friday 5pm"));
    QCOMPARE(topic->by, QStringLiteral("alice"));
    // Whoever joins is told it.
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    bob->send(Join{QStringLiteral("#release"), false});
    const std::optional<Topic> told = bob->waitFor<Topic>();
    QVERIFY(told);
    QCOMPARE(told->text, QStringLiteral("Friday 5pm"));
    // Empty text clears it, for everyone in the room.
    bob->send(SetTopic{QStringLiteral("#release"), QString()});
    const std::optional<Topic> cleared = alice->waitFor<Topic>();
    QVERIFY(cleared);
    QCOMPARE(cleared->text, QString());
    QCOMPARE(cleared->by, QStringLiteral("bob"));
}

void tst_Rooms::topicAtAndPastTheLimit()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    alice->send(SetTopic{QStringLiteral("#general"), QString(int(MaxTopicBytes), u'x')});
    const std::optional<Topic> topic = alice->waitFor<Topic>();
    QVERIFY(topic);
    QCOMPARE(topic->text.size(), MaxTopicBytes);
    alice->send(SetTopic{QStringLiteral("#general"), QString(int(MaxTopicBytes) + 1, u'x')});
    const std::optional<Error> error = alice->nextAs<Error>();
    QVERIFY2(error, qPrintable(alice->lastProblem()));
    QCOMPARE(error->code, ErrorCode::TextTooLong);
}

void tst_Rooms::renameAndQuitAreToldOnce()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(alice->waitFor<Joined>());
    QVERIFY(enter(alice, QStringLiteral("#a")));
    QVERIFY(enter(alice, QStringLiteral("#b")));
    QVERIFY(enter(bob, QStringLiteral("#a"), false));
    QVERIFY(enter(bob, QStringLiteral("#b"), false));
    QVERIFY(alice->waitFor<Joined>());
    QVERIFY(alice->waitFor<Joined>());

    bob->send(Nick{QStringLiteral("robert")});
    const std::optional<Renamed> renamed = alice->waitFor<Renamed>();
    QVERIFY(renamed);
    QCOMPARE(renamed->to, QStringLiteral("robert"));
    QVERIFY(bob->waitFor<Renamed>()); // the renamer hears it too
    // A notice after it: nothing else came in between (no second renamed).
    m_server->sendNotice(QStringLiteral("marker"));
    QVERIFY(alice->nextAs<Notice>());

    bob->send(Bye{});
    const std::optional<Left> left = alice->nextAs<Left>();
    QVERIFY2(left, qPrintable(alice->lastProblem()));
    QCOMPARE(left->nick, QStringLiteral("robert"));
    QCOMPARE(left->room, QString()); // left the server
    m_server->sendNotice(QStringLiteral("marker"));
    QVERIFY2(alice->nextAs<Notice>(), qPrintable(alice->lastProblem()));
}

void tst_Rooms::partLeavesOneRoom()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(enter(alice, QStringLiteral("#a")));
    QVERIFY(enter(bob, QStringLiteral("#a"), false));
    QVERIFY(alice->waitFor<Joined>());
    bob->send(Part{QStringLiteral("#a"), QStringLiteral("later")});
    const std::optional<Left> left = alice->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->room, QStringLiteral("#a"));
    QCOMPARE(left->reason, QStringLiteral("later"));
    const std::optional<Left> own = bob->waitFor<Left>();
    QVERIFY(own);
    QCOMPARE(own->nick, QStringLiteral("bob"));
    QCOMPARE(own->room, QStringLiteral("#a"));
    alice->send(sayIn(QStringLiteral("#a"), QStringLiteral("gone?")));
    alice->send(Say{QStringLiteral("still here"), QString(), false, QString()});
    const std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->text, QStringLiteral("still here"));
    // The default room can be left too; what is said there then does not come.
    bob->send(Part{QStringLiteral("#general"), QString()});
    QVERIFY(bob->waitFor<Left>());
    bob->send(Say{QStringLiteral("anyone?"), QString(), false, QString()});
    const std::optional<Error> error = bob->waitFor<Error>();
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::NotInRoom);
    QCOMPARE(error->message, QStringLiteral("you are in no room; join one first (/join #general)"));
    // Asking who is here, in no room, is answered too.
    bob->send(Who{});
    const std::optional<Error> who = bob->nextAs<Error>();
    QVERIFY2(who, qPrintable(bob->lastProblem()));
    QCOMPARE(who->code, ErrorCode::NotInRoom);
}

void tst_Rooms::roomList()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QVERIFY(enter(alice, QStringLiteral("#random")));
    alice->send(SetTopic{QStringLiteral("#random"), QStringLiteral("anything")});
    QVERIFY(alice->waitFor<Topic>());
    alice->send(RoomsRequest{});
    const std::optional<RoomList> list = alice->waitFor<RoomList>();
    QVERIFY(list);
    QCOMPARE(list->rooms.size(), 2);
    QCOMPARE(list->rooms.at(0).room, QStringLiteral("#general"));
    QCOMPARE(list->rooms.at(0).members, 1);
    QCOMPARE(list->rooms.at(1).room, QStringLiteral("#random"));
    QCOMPARE(list->rooms.at(1).topic, QStringLiteral("anything"));
}

void tst_Rooms::roomsAndSinceAfterARestart()
{
    QTemporaryDir data;
    ServerConfig config = testServerConfig();
    config.dataDir = data.path();
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QVERIFY(enter(alice, QStringLiteral("#random")));
    alice->send(SetTopic{QStringLiteral("#random"), QStringLiteral("kept")});
    QVERIFY(alice->waitFor<Topic>());
    alice->send(Say{QStringLiteral("one"), QStringLiteral("r1"), false, QString()});
    const std::optional<ChatMessage> seen = alice->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(seen);
    // After what alice saw, bob says something in each room, then the server restarts.
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    QVERIFY(enter(bob, QStringLiteral("#random"), false));
    bob->send(sayIn(QStringLiteral("#random"), QStringLiteral("two")));
    bob->send(Say{QStringLiteral("three"), QString(), false, QString()});
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
    const quint16 port = m_server->serverPort();
    m_server->shutdown(QString());
    QVERIFY(restartOnSamePort(m_server, config, port));

    auto *back = new TestClient(&m_owner);
    QVERIFY(back->connectTo(port));
    Hello hello;
    hello.nick = QStringLiteral("alice");
    hello.since = seen->id;
    hello.rooms = {QStringLiteral("#random")};
    back->send(hello);
    const std::optional<Welcome> welcome = back->nextAs<Welcome>();
    QVERIFY2(welcome, qPrintable(back->lastProblem()));
    QCOMPARE(welcome->room, QStringLiteral("#general"));
    QCOMPARE(welcome->rooms, (QStringList{QStringLiteral("#general"), QStringLiteral("#random")}));
    const std::optional<HistoryPage> replay = back->nextAs<HistoryPage>();
    QVERIFY2(replay, qPrintable(back->lastProblem()));
    QCOMPARE(replay->messages.size(), 2); // each room's gap, once
    QCOMPARE(replay->messages.at(0).text, QStringLiteral("two"));
    QCOMPARE(replay->messages.at(0).room, QStringLiteral("#random"));
    QCOMPARE(replay->messages.at(1).text, QStringLiteral("three"));
    QCOMPARE(replay->messages.at(1).room, QStringLiteral("#general"));
    const std::optional<Users> users = back->nextAs<Users>();
    QVERIFY(users);
    QCOMPARE(users->room, QStringLiteral("#random"));
    const std::optional<Topic> topic = back->nextAs<Topic>();
    QVERIFY2(topic, qPrintable(back->lastProblem()));
    QCOMPARE(topic->text, QStringLiteral("kept"));
    // The resend of a message stored before the restart is not stored twice.
    back->send(Say{QStringLiteral("one"), QStringLiteral("r1"), false, QString()});
    const std::optional<ChatMessage> echo = back->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(echo);
    QCOMPARE(echo->id, seen->id);
}

void tst_Rooms::helloRoomsThatAreGone()
{
    startServer();
    auto *alice = new TestClient(&m_owner);
    QVERIFY(alice->connectTo(m_server->serverPort()));
    Hello hello;
    hello.nick = QStringLiteral("alice");
    hello.rooms = {QStringLiteral("#gone"), QStringLiteral("bad name")};
    alice->send(hello);
    const std::optional<Welcome> welcome = alice->nextAs<Welcome>();
    QVERIFY(welcome);
    QCOMPARE(welcome->rooms, QStringList{QStringLiteral("#general")});
    const std::optional<Error> gone = alice->nextAs<Error>();
    QVERIFY(gone);
    QCOMPARE(gone->code, ErrorCode::NoSuchRoom);
    const std::optional<Error> bad = alice->nextAs<Error>();
    QVERIFY(bad);
    QCOMPARE(bad->code, ErrorCode::BadRoom);
    QVERIFY(alice->nextAs<HistoryPage>());
}

void tst_Rooms::plainTextInTwoRooms()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QVERIFY(enter(alice, QStringLiteral("#random")));
    auto *plain = new LineClient(&m_owner);
    QVERIFY(plain->connectTo(m_server->serverPort()));
    QVERIFY(plain->waitForLine(QStringLiteral("-server- You are 127.0.0.1")));
    plain->clearPending();
    plain->sendLine(QStringLiteral("/join #random"));
    QCOMPARE(plain->nextLine(),
             QStringLiteral("-server- You are in #random now: what you type goes there."));
    // What joining brings, without a prefix: it is the current room now.
    QCOMPARE(plain->nextLine(), QStringLiteral("* 127.0.0.1 joined"));
    QCOMPARE(plain->nextLine(), QStringLiteral("-server- 2 users: alice, 127.0.0.1"));
    alice->send(Say{QStringLiteral("in general"), QString(), false, QString()});
    QCOMPARE(plain->nextLine(), QStringLiteral("[#general] <alice> in general"));
    alice->send(sayIn(QStringLiteral("#random"), QStringLiteral("in random")));
    QCOMPARE(plain->nextLine(), QStringLiteral("<alice> in random"));
    plain->sendLine(QStringLiteral("typed in random"));
    const std::optional<ChatMessage> heard = alice->waitForMessageFrom(QStringLiteral("127.0.0.1"));
    QVERIFY(heard);
    QCOMPARE(heard->room, QStringLiteral("#random"));
    plain->sendLine(QStringLiteral("/topic games tonight"));
    QCOMPARE(plain->nextLine(), QStringLiteral("-server- Topic: games tonight (set by 127.0.0.1)"));
    plain->sendLine(QStringLiteral("/rooms"));
    QCOMPARE(plain->nextLine(), QStringLiteral("-server- 2 rooms:"));
    QCOMPARE(plain->nextLine(), QStringLiteral("-server-   #general (2 people)"));
    QCOMPARE(plain->nextLine(), QStringLiteral("-server-   #random (2 people): games tonight"));
    plain->sendLine(QStringLiteral("/part"));
    QCOMPARE(plain->nextLine(), QStringLiteral("* 127.0.0.1 left"));
    QCOMPARE(plain->nextLine(),
             QStringLiteral("-server- You left #random. You are in #general now."));
    alice->send(Say{QStringLiteral("back"), QString(), false, QString()});
    QCOMPARE(plain->nextLine(), QStringLiteral("<alice> back"));
}

void tst_Rooms::clientThatNeverNamesARoom()
{
    // The frames it gets are today's (extra fields it ignores), and only the default room's.
    startServer();
    TestClient *old = joined(QStringLiteral("old"));
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(old && alice);
    QVERIFY(old->waitFor<Joined>());
    QVERIFY(enter(alice, QStringLiteral("#elsewhere")));
    alice->send(sayIn(QStringLiteral("#elsewhere"), QStringLiteral("not for old")));
    alice->send(Say{QStringLiteral("for old"), QString(), false, QString()});
    const std::optional<ChatMessage> heard = old->nextAs<ChatMessage>();
    QVERIFY2(heard, qPrintable(old->lastProblem()));
    QCOMPARE(heard->text, QStringLiteral("for old"));
    old->send(Who{});
    const std::optional<Users> users = old->nextAs<Users>();
    QVERIFY(users);
    QCOMPARE(users->users.size(), 2);
    QVERIFY(old->decodeErrors().isEmpty());
}

QTEST_GUILESS_MAIN(tst_Rooms)
#include "tst_rooms.moc"
