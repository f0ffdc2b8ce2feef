// The command interpreter the window and the terminal mode share, with a
// real client and server: what each kind of line does, where answers go,
// and what is refused before anything is sent.
#include "chatclient.h"
#include "chatserver.h"
#include "commandinterpreter.h"
#include "testclient.h"
#include "testserverconfig.h"
#include "waituntil.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

using namespace Protocol;
using Kind = CommandInterpreter::Outcome::Kind;
using namespace Qt::StringLiterals;

class tst_CommandInterpreter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void notConnectedYet();
    void answeredHere_data();
    void answeredHere();
    void messagesAndCommands();
    void privateTalk();
    void nickChecks();
    void whoIsAnsweredWhereAsked();
    void rooms();
    void joinRefusedByTheServer();
    void longRoomIsNamedInPart();
    void tooLong_data();
    void tooLong();
    void quit();

private:
    bool connectClient()
    {
        m_client->connectToServer(QStringLiteral("127.0.0.1"), m_server->serverPort(),
                                  QStringLiteral("alice"));
        return waitUntil([this] { return m_client->state() == ChatClient::State::Connected; });
    }
    TestClient *joined(const QString &nick)
    {
        auto *client = new TestClient(&m_owner);
        if (!client->connectTo(m_server->serverPort()) || !client->join(nick))
            return nullptr;
        return client;
    }
    QString lastReply() const
    {
        const QStringList all = replies();
        return all.isEmpty() ? QString() : all.last();
    }
    QStringList replies() const
    {
        QStringList texts;
        for (const QList<QVariant> &reply : *m_replied)
            texts.append(reply.at(0).toString() + u"> " + reply.at(1).toString());
        return texts;
    }

    QObject m_owner;
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<CommandInterpreter> m_commands;
    std::unique_ptr<QSignalSpy> m_replied;
};

void tst_CommandInterpreter::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("qtchat.server.info=false"));
}

void tst_CommandInterpreter::init()
{
    m_server = std::make_unique<ChatServer>(testServerConfig());
    QVERIFY(m_server->listen());
    m_client = std::make_unique<ChatClient>();
    m_commands = std::make_unique<CommandInterpreter>(m_client.get());
    m_replied = std::make_unique<QSignalSpy>(m_commands.get(), &CommandInterpreter::replied);
}

void tst_CommandInterpreter::cleanup()
{
    m_replied.reset();
    m_commands.reset();
    m_client.reset();
    qDeleteAll(m_owner.children());
    m_server.reset();
}

void tst_CommandInterpreter::notConnectedYet()
{
    QCOMPARE(m_commands->execute(QStringLiteral("hello")).kind, Kind::NotConnected);
    QCOMPARE(m_commands->execute(QStringLiteral("/who")).kind, Kind::NotConnected);
    // What needs no server still works.
    QCOMPARE(m_commands->execute(QStringLiteral("/help")).kind, Kind::Done);
    QCOMPARE(m_commands->execute(QStringLiteral("/nikc")).kind, Kind::Refused);
}

void tst_CommandInterpreter::answeredHere_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("answer"); // the last reply contains it
    QTest::newRow("help") << QStringLiteral("/help") << int(Kind::Done)
                          << QStringLiteral("/help            show this help");
    QTest::newRow("usage") << QStringLiteral("/msg bob") << int(Kind::Refused)
                           << QStringLiteral("usage: /msg NICK TEXT");
    QTest::newRow("unknown command") << QStringLiteral("/nikc bob") << int(Kind::Refused)
                                     << QStringLiteral("unknown command /nikc — /help lists");
    QTest::newRow("a control character")
            << QStringLiteral("bell \a") << int(Kind::Refused) << QStringLiteral("Not sent: ");
    // Room commands that cannot be right where they are typed (a private conversation).
    QTest::newRow("/join without a #")
            << QStringLiteral("/join random") << int(Kind::Refused)
            << QStringLiteral("\"random\" is not a room name: a room name starts with #");
    QTest::newRow("/join, a name too long")
            << (u"/join #"_s + QString(33, u'a')) << int(Kind::Refused)
            << QStringLiteral("at most 32 characters");
    QTest::newRow("/topic") << QStringLiteral(" /topic hi") << int(Kind::Refused)
                            << QStringLiteral("/topic sets a room's topic: type it in the room.");
    QTest::newRow("/part without a room")
            << QStringLiteral("/part") << int(Kind::Refused)
            << QStringLiteral("/part leaves a room: name it (/part #room)");
    QTest::newRow("/part of a room one is not in")
            << QStringLiteral("/part #elsewhere") << int(Kind::Refused)
            << QStringLiteral("You are not in #elsewhere.");
}

void tst_CommandInterpreter::answeredHere()
{
    QFETCH(QString, line);
    QFETCH(int, kind);
    QFETCH(QString, answer);
    QVERIFY(connectClient());
    QCOMPARE(int(m_commands->execute(line, QStringLiteral("bob")).kind), kind);
    QVERIFY(!m_replied->isEmpty());
    QCOMPARE(m_replied->last().at(0).toString(), QStringLiteral("bob")); // where it was typed
    QVERIFY2(m_replied->last().at(1).toString().contains(answer),
             qPrintable(replies().join(u'\n')));
    QVERIFY(m_client->outbox().isEmpty()); // nothing was sent
}

void tst_CommandInterpreter::messagesAndCommands()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectClient());
    QCOMPARE(m_commands->execute(QStringLiteral("hello")).kind, Kind::Done);
    QCOMPARE(bob->waitForMessageFrom(QStringLiteral("alice"))->text, QStringLiteral("hello"));
    QCOMPARE(m_commands->execute(QStringLiteral("//join #x")).kind, Kind::Done);
    QCOMPARE(bob->waitForMessageFrom(QStringLiteral("alice"))->text, QStringLiteral("/join #x"));
    QCOMPARE(m_commands->execute(QStringLiteral("/me waves")).kind, Kind::Done);
    const std::optional<ChatMessage> action = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(action && action->action);
    // In a private conversation there is no /me.
    QCOMPARE(m_commands->execute(QStringLiteral("/me waves"), QStringLiteral("bob")).kind,
             Kind::Refused);
    QVERIFY(!bob->waitForMessageFrom(QStringLiteral("alice"), 200));
}

void tst_CommandInterpreter::privateTalk()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectClient());
    QSignalSpy opened(m_commands.get(), &CommandInterpreter::conversationRequested);
    QCOMPARE(m_commands->execute(QStringLiteral("/msg nobody hi")).kind, Kind::Refused);
    QVERIFY(lastReply().contains(u"no one called \"nobody\""));
    QCOMPARE(opened.size(), 0);
    QCOMPARE(m_commands->execute(QStringLiteral("/msg BOB hi")).kind, Kind::Done);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().first().toString(), QStringLiteral("bob")); // their spelling
    QCOMPARE(bob->waitForMessageFrom(QStringLiteral("alice"))->to, QStringLiteral("bob"));
    // Typed in the private conversation: to that person, without /msg.
    QCOMPARE(m_commands->execute(QStringLiteral("just you"), QStringLiteral("bob")).kind,
             Kind::Done);
    QCOMPARE(bob->waitForMessageFrom(QStringLiteral("alice"))->to, QStringLiteral("bob"));
}

void tst_CommandInterpreter::nickChecks()
{
    QVERIFY(joined(QStringLiteral("bob")));
    QVERIFY(connectClient());
    QCOMPARE(m_commands->execute(QStringLiteral("/nick two words")).kind, Kind::Refused);
    QCOMPARE(m_commands->execute(QStringLiteral("/nick alice")).kind, Kind::Refused);
    QVERIFY(lastReply().contains(u"already called alice"));
    // Taken: the server says so, and the answer goes where /nick was typed.
    QCOMPARE(m_commands->execute(QStringLiteral("/nick bob"), QStringLiteral("carol")).kind,
             Kind::Done);
    QTRY_VERIFY(lastReply() ==
                QStringLiteral("carol> The nickname bob is taken; choose another one."));
    QCOMPARE(m_commands->execute(QStringLiteral("/nick alicia")).kind, Kind::Done);
    QTRY_COMPARE(m_client->nick(), QStringLiteral("alicia"));
}

void tst_CommandInterpreter::whoIsAnsweredWhereAsked()
{
    QVERIFY(joined(QStringLiteral("Zed")) && joined(QStringLiteral("bob")));
    QVERIFY(connectClient());
    QCOMPARE(m_commands->execute(QStringLiteral("/who"), QStringLiteral("bob")).kind, Kind::Done);
    QTRY_COMPARE(lastReply(), QStringLiteral("bob> In #general (3): alice, bob, Zed"));
}

void tst_CommandInterpreter::rooms()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectClient());
    QSignalSpy shown(m_commands.get(), &CommandInterpreter::conversationRequested);
    // /join makes the room, and asks for it to be shown once the server has us there.
    QCOMPARE(m_commands->execute(QStringLiteral("/join #Random")).kind, Kind::Done);
    QTRY_COMPARE(shown.size(), 1);
    QCOMPARE(shown.first().first().toString(), QStringLiteral("#Random"));
    QVERIFY(m_client->isInRoom(QStringLiteral("#random")));
    // Typed in the room: said there, and nowhere else.
    QCOMPARE(m_commands->execute(QStringLiteral("in random"), QStringLiteral("#Random")).kind,
             Kind::Done);
    QCOMPARE(m_commands->execute(QStringLiteral("in general")).kind, Kind::Done);
    const std::optional<ChatMessage> general = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(general);
    QCOMPARE(general->text, QStringLiteral("in general")); // bob is not in #Random
    // /join of a room one is in shows it, and sends nothing.
    QCOMPARE(m_commands->execute(QStringLiteral("/join #random")).kind, Kind::Done);
    QCOMPARE(shown.size(), 2);
    // /topic, in the room.
    QCOMPARE(m_commands->execute(QStringLiteral("/topic games tonight"), QStringLiteral("#Random"))
                     .kind,
             Kind::Done);
    QTRY_COMPARE(m_client->topic(QStringLiteral("#random")).text, QStringLiteral("games tonight"));
    // /who in the room: its people.
    QCOMPARE(m_commands->execute(QStringLiteral("/who"), QStringLiteral("#Random")).kind,
             Kind::Done);
    QTRY_COMPARE(lastReply(), QStringLiteral("#Random> In #Random (1): alice"));
    bob->send(Join{QStringLiteral("#random"), false});
    QTRY_COMPARE(m_client->peopleInRoom(QStringLiteral("#random")), 2);
    // /rooms: every room, with its people and topic, answered where asked.
    QCOMPARE(m_commands->execute(QStringLiteral("/rooms"), QStringLiteral("bob")).kind, Kind::Done);
    QTRY_VERIFY(lastReply().startsWith(u"bob> /join #ROOM"));
    QVERIFY2(replies().contains(u"bob> 2 room(s) on this server:"_s),
             qPrintable(replies().join(u'\n')));
    QVERIFY(replies().contains(u"bob>   #general — 2 people (you are in it)"_s));
    QVERIFY(replies().contains(u"bob>   #Random — 2 people (you are in it) — games tonight"_s));
    // /part: the room typed in, or the one named.
    QCOMPARE(m_commands->execute(QStringLiteral("/part"), QStringLiteral("#Random")).kind,
             Kind::Done);
    QTRY_VERIFY(!m_client->isInRoom(QStringLiteral("#random")));
    // Typed in a room left: nothing goes.
    QCOMPARE(m_commands->execute(QStringLiteral("still here?"), QStringLiteral("#Random")).kind,
             Kind::Refused);
    QVERIFY(lastReply().contains(u"You are not in #Random: /join #Random to come back."));
    QVERIFY(m_client->outbox().isEmpty());
}

void tst_CommandInterpreter::joinRefusedByTheServer()
{
    // A server where only the operator makes rooms.
    m_client.reset();
    m_server.reset();
    ServerConfig config = testServerConfig();
    config.roomsMadeByOperatorOnly = true;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY(m_server->listen());
    m_client = std::make_unique<ChatClient>();
    m_commands = std::make_unique<CommandInterpreter>(m_client.get());
    m_replied = std::make_unique<QSignalSpy>(m_commands.get(), &CommandInterpreter::replied);
    QVERIFY(connectClient());
    QCOMPARE(m_commands->execute(QStringLiteral("/join #mine"), QStringLiteral("bob")).kind,
             Kind::Done);
    QTRY_VERIFY(!m_replied->isEmpty());
    QVERIFY2(lastReply().startsWith(u"bob> Could not join #mine: The server's operator keeps "),
             qPrintable(lastReply()));
    QVERIFY(!m_client->isInRoom(QStringLiteral("#mine")));
}

void tst_CommandInterpreter::longRoomIsNamedInPart()
{
    for (int i = 0; i < 120; ++i)
        QVERIFY(joined(QStringLiteral("p%1").arg(i, 3, 10, QLatin1Char('0'))));
    QVERIFY(connectClient());
    QCOMPARE(m_commands->execute(QStringLiteral("/who")).kind, Kind::Done);
    QTRY_VERIFY(lastReply().contains(u"In #general (121)"));
    QVERIFY2(lastReply().endsWith(u", and 21 more"), qPrintable(lastReply().right(40)));
}

void tst_CommandInterpreter::tooLong_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("action");
    QTest::addColumn<QString>("to");
    QTest::newRow("at the limit") << QString(8192, u'a') << int(Kind::Done) << false << QString();
    QTest::newRow("one byte past it")
            << QString(8193, u'a') << int(Kind::TooLong) << false << QString();
    QTest::newRow("a long /me") << (u"/me "_s + QString(9000, u'b')) << int(Kind::TooLong) << true
                                << QString();
    QTest::newRow("a long /msg") << (u"/msg bob "_s + QString(9000, u'c')) << int(Kind::TooLong)
                                 << false << QStringLiteral("bob");
    QTest::newRow("Chinese: bytes, not characters")
            << QString(2731, QChar(0x4f60)) << int(Kind::TooLong) << false << QString();
}

void tst_CommandInterpreter::tooLong()
{
    QFETCH(QString, line);
    QFETCH(int, kind);
    QFETCH(bool, action);
    QFETCH(QString, to);
    QVERIFY(joined(QStringLiteral("bob")));
    QVERIFY(connectClient());
    const CommandInterpreter::Outcome outcome = m_commands->execute(line);
    QCOMPARE(int(outcome.kind), kind);
    if (outcome.kind != Kind::TooLong)
        return;
    QCOMPARE(outcome.action, action);
    QCOMPARE(outcome.to, to);
    QCOMPARE(outcome.limit, 8192);
    QCOMPARE(outcome.size, outcome.text.toUtf8().size());
    QVERIFY(outcome.size > outcome.limit);
    QVERIFY(m_client->outbox().isEmpty());
    const QStringList pieces = m_commands->split(outcome.text);
    QVERIFY(pieces.size() >= 2);
    for (const QString &piece : pieces)
        QVERIFY(piece.toUtf8().size() <= 8192);
}

void tst_CommandInterpreter::quit()
{
    QVERIFY(connectClient());
    QSignalSpy quitting(m_commands.get(), &CommandInterpreter::quitRequested);
    QCOMPARE(m_commands->execute(QStringLiteral("/quit time for bed")).kind, Kind::Done);
    QCOMPARE(quitting.size(), 1);
    QCOMPARE(quitting.first().first().toString(), QStringLiteral("time for bed"));
}

QTEST_GUILESS_MAIN(tst_CommandInterpreter)
#include "tst_commandinterpreter.moc"
