// ChatClient and its message model against the real server over loopback:
// the handshake, every kind of error with its reason, reconnecting (after a
// cut link, a dead link, a server restart), filling the gap with no
// duplicates, and the outbox that resends without posting twice.
#include "chatclient.h"
#include "chatserver.h"
#include "commandinterpreter.h"
#include "messagemodel.h"
#include "outboxstore.h"
#include "serverrestart.h"
#include "tcprelay.h"
#include "testclient.h"
#include "testserverconfig.h"
#include "waituntil.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QMap>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Protocol;
using Kind = ChatClient::ErrorKind;
using State = ChatClient::State;
using Status = ChatClient::Outgoing::Status;

namespace {

// Fast retries for tests: the backoff's shape is the same, only shorter.
ChatClient::Settings quickSettings()
{
    ChatClient::Settings settings;
    settings.firstRetryMs = 50;
    settings.maxRetryMs = 400;
    settings.attemptTimeoutMs = 2'000;
    settings.wakeCheckMs = 500;
    return settings;
}

// The texts of the model's messages, top to bottom.
QStringList shownTexts(const MessageModel &model)
{
    QStringList texts;
    for (int row = 0; row < model.rowCount(); ++row) {
        const MessageModel::Entry &entry = model.entry(row);
        if (entry.kind == MessageModel::Kind::Message || entry.kind == MessageModel::Kind::Action)
            texts.append(entry.text);
    }
    return texts;
}

// The model follows the client, as the window wires them.
void attach(ChatClient *client, MessageModel *model, const QString &nick)
{
    model->setOwnNick(nick);
    QObject::connect(client, &ChatClient::historyReset, model, &MessageModel::startNewHistory);
    QObject::connect(client, &ChatClient::historyReceived, model, &MessageModel::addHistory);
    QObject::connect(client, &ChatClient::messageReceived, model, &MessageModel::addMessage);
    QObject::connect(client, &ChatClient::outgoingChanged, model, &MessageModel::updateOutgoing);
}

// A server that accepts and then answers with fixed lines (or not at all).
class FakeServer : public QObject
{
public:
    explicit FakeServer(const QByteArray &answer, bool closeAfter)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this, answer, closeAfter] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, answer, closeAfter] {
                socket->readAll();
                if (answer.isEmpty())
                    return;
                socket->write(answer);
                if (closeAfter)
                    socket->disconnectFromHost();
            });
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
};

} // namespace

class tst_ChatClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void connectsAndChats();
    void refusedAtOnce_data();
    void refusedAtOnce();
    void removedWhileConnected_data();
    void removedWhileConnected();
    void hostNotFound();
    void pendingThenSentOrFailed();
    void reconnectsAndFillsTheGap();
    void pacesWhatItSends();
    void refusesWhatTheServerCannotTake();
    void nickChangedWhileAway();
    void anotherServerStartsAfresh();
    void nickTakenForGoodStopsTrying();
    void outboxIsBounded();
    void gapFillIsBounded_data();
    void gapFillIsBounded();
    void resendsWithoutPostingTwice();
    void reconnectsAfterServerRestart();
    void serverThatLostItsHistory();
    void deadLinkIsNoticed();
    void backoffGrowsAndReconnectNowSkipsIt();
    void disconnectStopsTrying();
    void longRoomListAndCountedJoins();
    void outboxSurvivesACrash();
    void outboxResentAfterACrashIsNotPostedTwice();
    void outboxWaitsForItsOwnServer();
    void roomsAreRejoinedWithTheGapFilledInEach();
    void roomsComeBackAfterARestart();
    void serverWithoutRooms();

private:
    ChatServer *startServer(ServerConfig config = testServerConfig())
    {
        m_server = std::make_unique<ChatServer>(config);
        if (!m_server->listen()) {
            qWarning() << "cannot listen:" << m_server->errorString();
            return nullptr;
        }
        return m_server.get();
    }
    // A backlog of 1 and a replay of 5: a gap of more than 5 is paged.
    static ServerConfig smallReplayConfig()
    {
        ServerConfig config = testServerConfig();
        config.joinBacklog = 1;
        config.replayCap = 5;
        return config;
    }
    std::unique_ptr<ChatClient> newClient()
    {
        auto client = std::make_unique<ChatClient>();
        client->setSettings(quickSettings());
        return client;
    }
    // Connects through the server's port (or port) and waits for the welcome.
    static bool connectAndWait(ChatClient *client, quint16 port, const QString &nick)
    {
        client->connectToServer(QStringLiteral("127.0.0.1"), port, nick);
        return waitUntil([client] { return client->state() != State::Connecting; }) &&
               client->state() == State::Connected;
    }
    // The user agreed to reach 127.0.0.1 port without encryption (a fake
    // server of before TLS).
    void allowInTheClear(ChatClient *client, quint16 port)
    {
        const QString path = m_known.filePath(QString::number(port));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("127.0.0.1 " + QByteArray::number(port) + " unencrypted\n");
        file.close();
        client->setKnownServersFile(path);
    }
    TestClient *joined(const QString &nick)
    {
        auto *client = new TestClient(&m_owner);
        if (!client->connectTo(m_server->serverPort()) || !client->join(nick))
            return nullptr;
        return client;
    }

    QObject m_owner;
    QTemporaryDir m_known;
    std::unique_ptr<ChatServer> m_server;
};

void tst_ChatClient::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("qtchat.server.info=false"));
}

void tst_ChatClient::cleanup()
{
    qDeleteAll(m_owner.children());
    m_server.reset();
}

void tst_ChatClient::connectsAndChats()
{
    QVERIFY(startServer());
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    bob->send(Say{QStringLiteral("before alice"), QString(), false, {}});
    QVERIFY(bob->waitFor<ChatMessage>());

    auto client = newClient();
    QSignalSpy states(client.get(), &ChatClient::stateChanged);
    QSignalSpy history(client.get(), &ChatClient::historyReceived);
    QVERIFY(connectAndWait(client.get(), m_server->serverPort(), QStringLiteral("alice")));
    QCOMPARE(states.first().first().value<State>(), State::Connecting);
    QCOMPARE(client->nick(), QStringLiteral("alice"));
    QCOMPARE(client->users().size(), 2);
    QTRY_COMPARE(history.size(), 1); // the backlog
    QCOMPARE(history.first().at(1).toBool(), true);
    QCOMPARE(client->lastSeenId(), 1);

    QSignalSpy received(client.get(), &ChatClient::messageReceived);
    client->sendMessage(QStringLiteral("hello 世界"));
    const std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->text, QStringLiteral("hello 世界"));
    bob->send(Say{QStringLiteral("hi alice"), QString(), false, {}});
    QTRY_COMPARE(received.size(), 2); // her echo, then bob
    QCOMPARE(received.last().first().value<ChatMessage>().text, QStringLiteral("hi alice"));

    // Whispers, /me, renames and the user list.
    client->sendWhisper(QStringLiteral("bob"), QStringLiteral("psst"));
    const std::optional<ChatMessage> whisper = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(whisper);
    QCOMPARE(whisper->to, QStringLiteral("bob"));
    client->sendMessage(QStringLiteral("waves"), true);
    const std::optional<ChatMessage> action = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(action && action->action);
    QSignalSpy renamed(client.get(), &ChatClient::userRenamed);
    client->changeNick(QStringLiteral("alicia"));
    QVERIFY(renamed.wait());
    QCOMPARE(client->nick(), QStringLiteral("alicia"));
    QSignalSpy left(client.get(), &ChatClient::userLeft);
    bob->send(Bye{QStringLiteral("dinner")});
    QVERIFY(left.wait());
    QCOMPARE(client->users().size(), 1);
    QCOMPARE(client->users().first().nick, QStringLiteral("alicia"));
}

void tst_ChatClient::refusedAtOnce_data()
{
    QTest::addColumn<QString>("situation");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("reason"); // in the reason given

    QTest::newRow("nothing listens")
            << "refused" << Kind::ConnectionRefused << "Connecting: 127.0.0.1 port";
    QTest::newRow("nick taken") << "taken" << Kind::NickTaken << "alice";
    QTest::newRow("bad nick") << "bad nick" << Kind::BadNick << "nick";
    QTest::newRow("wrong password") << "password" << Kind::AuthFailed << "password";
    QTest::newRow("banned") << "banned" << Kind::Banned << "banned";
    QTest::newRow("refused after wrong passwords")
            << "throttled" << Kind::Banned
            << "Too many wrong passwords came from your address; "
               "try again in";
    QTest::newRow("server full") << "full" << Kind::ServerFull << "full";
    // In the client's own words (and language), not the server's.
    QTest::newRow("other version") << "version" << Kind::VersionMismatch << "another version";
    // The same server, not allowed in the clear: the user is asked first.
    QTest::newRow("no encryption")
            << "no tls" << Kind::NotEncrypted << "does not set up an encrypted connection";
    QTest::newRow("no answer") << "silent" << Kind::TimedOut << "did not welcome us in time";
}

void tst_ChatClient::refusedAtOnce()
{
    QFETCH(QString, situation);
    QFETCH(Kind, kind);
    QFETCH(QString, reason);

    ServerConfig config = testServerConfig();
    QString nick = QStringLiteral("alice");
    QString password;
    std::unique_ptr<FakeServer> fake;
    quint16 port = 0;
    if (situation == u"password") {
        config.password = QStringLiteral("secret");
        password = QStringLiteral("wrong");
    } else if (situation == u"banned") {
        config.bans = QStringList{QStringLiteral("127.0.0.0/8")};
    } else if (situation == u"throttled") {
        config.password = QStringLiteral("secret");
        config.authFailuresAllowed = 1;
        password = QStringLiteral("secret"); // right, but after a wrong one
    } else if (situation == u"full") {
        config.maxClients = 1;
    } else if (situation == u"bad nick") {
        nick = QStringLiteral("no spaces please");
    }
    if (situation == u"version" || situation == u"no tls") {
        fake = std::make_unique<FakeServer>(
                R"({"type":"error","code":"protocol_unsupported","message":"this server speaks protocol version 1 only"})"
                "\n",
                true);
        port = fake->port();
    } else if (situation == u"silent") {
        fake = std::make_unique<FakeServer>(QByteArray(), false);
        port = fake->port();
    } else if (situation == u"refused") {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    } else {
        QVERIFY(startServer(config));
        port = m_server->serverPort();
        if (situation == u"taken" || situation == u"full")
            QVERIFY(joined(QStringLiteral("alice")));
        if (situation == u"throttled") {
            auto *guesser = new TestClient(&m_owner);
            QVERIFY(guesser->connectTo(port));
            guesser->send(Hello{1,
                                QStringLiteral("mallory"),
                                QString(),
                                QStringLiteral("guess"),
                                std::nullopt,
                                {}});
            QVERIFY(guesser->waitForError(ErrorCode::AuthFailed));
        }
    }

    auto client = newClient();
    ChatClient::Settings settings = quickSettings();
    settings.attemptTimeoutMs = 500;
    client->setSettings(settings);
    if (situation == u"version")
        allowInTheClear(client.get(), port); // an older server, without TLS
    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    client->connectToServer(QStringLiteral("127.0.0.1"), port, nick, password);
    QVERIFY(errors.wait(5000));
    QCOMPARE(errors.first().at(0).value<Kind>(), kind);
    const QString given = errors.first().at(1).toString();
    QVERIFY2(given.contains(reason, Qt::CaseInsensitive), qPrintable(given));
    // Refused before ever being welcomed: it is the user's to fix, no retry.
    QCOMPARE(client->state(), State::Disconnected);
    QCOMPARE(client->lastError(), kind);
    QVERIFY(!errors.wait(300));
}

void tst_ChatClient::removedWhileConnected_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("retries");
    QTest::newRow("kicked") << "kick" << Kind::Kicked << false;
    QTest::newRow("banned") << "ban" << Kind::Banned << false;
    QTest::newRow("server shutdown") << "shutdown" << Kind::ServerShutdown << true;
}

void tst_ChatClient::removedWhileConnected()
{
    QFETCH(QString, how);
    QFETCH(Kind, kind);
    QFETCH(bool, retries);
    QVERIFY(startServer());
    auto client = newClient();
    QVERIFY(connectAndWait(client.get(), m_server->serverPort(), QStringLiteral("alice")));
    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    if (how == u"kick")
        QVERIFY(m_server->kick(QStringLiteral("alice"), QStringLiteral("be nice")));
    else if (how == u"ban")
        QCOMPARE(m_server->ban(QStringLiteral("127.0.0.1")), QString());
    else
        m_server->shutdown(QStringLiteral("maintenance"));
    QVERIFY(errors.wait());
    QCOMPARE(errors.first().at(0).value<Kind>(), kind);
    QVERIFY(!errors.first().at(1).toString().isEmpty());
    if (how == u"kick")
        QVERIFY(errors.first().at(1).toString().contains(u"be nice"));
    QCOMPARE(client->state(), retries ? State::Reconnecting : State::Disconnected);
    if (retries)
        QVERIFY(client->nextAttemptAt() > QDateTime::currentDateTime().addMSecs(-1));
}

void tst_ChatClient::hostNotFound()
{
    // A name that cannot exist is refused without asking any name server.
    auto client = newClient();
    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    client->connectToServer(QStringLiteral("no such host"), 5555, QStringLiteral("alice"));
    QVERIFY(errors.wait());
    QCOMPARE(errors.first().at(0).value<Kind>(), Kind::HostNotFound);
    QVERIFY(errors.first().at(1).toString().contains(u"no such host"));
    QCOMPARE(client->state(), State::Disconnected);
}

void tst_ChatClient::pendingThenSentOrFailed()
{
    ServerConfig config = testServerConfig();
    config.maxTextBytes = 1000;
    QVERIFY(startServer(config));
    auto client = newClient();
    MessageModel model;
    attach(client.get(), &model, QStringLiteral("alice"));
    QVERIFY(connectAndWait(client.get(), m_server->serverPort(), QStringLiteral("alice")));

    QSignalSpy outgoing(client.get(), &ChatClient::outgoingChanged);
    const QString ref = client->sendMessage(QStringLiteral("stored?"));
    QCOMPARE(outgoing.size(), 1);
    QCOMPARE(outgoing.first().first().value<ChatClient::Outgoing>().status, Status::Pending);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entry(0).delivery, MessageModel::Delivery::Pending);
    QTRY_COMPARE(outgoing.size(), 2);
    const auto sent = outgoing.last().first().value<ChatClient::Outgoing>();
    QCOMPARE(sent.ref, ref);
    QCOMPARE(sent.status, Status::Sent);
    QVERIFY(sent.id > 0);
    QCOMPARE(model.rowCount(), 1); // the echo became that same line
    QCOMPARE(model.entry(0).delivery, MessageModel::Delivery::Sent);
    QCOMPARE(model.entry(0).id, sent.id);
    QVERIFY(client->outbox().isEmpty());

    // Refused by the client itself (too long for the server's limit), and by the server.
    client->sendMessage(QString(1001, u'x'));
    QCOMPARE(outgoing.last().first().value<ChatClient::Outgoing>().status, Status::Failed);
    QVERIFY(!outgoing.last().first().value<ChatClient::Outgoing>().error.isEmpty());
    client->sendWhisper(QStringLiteral("nobody"), QStringLiteral("hello?"));
    QTRY_COMPARE(outgoing.last().first().value<ChatClient::Outgoing>().status, Status::Failed);
    QVERIFY2(outgoing.last().first().value<ChatClient::Outgoing>().error.contains(u"nobody"),
             qPrintable(outgoing.last().first().value<ChatClient::Outgoing>().error));
    QCOMPARE(model.entry(model.rowCount() - 1).delivery, MessageModel::Delivery::Failed);
    QVERIFY(client->outbox().isEmpty());
}

void tst_ChatClient::reconnectsAndFillsTheGap()
{
    // A small backlog and replay cap: the gap is larger than one replay.
    QVERIFY(startServer(smallReplayConfig()));
    TcpRelay relay(m_server->serverPort());
    QVERIFY(relay.listen());
    auto client = newClient();
    MessageModel model;
    attach(client.get(), &model, QStringLiteral("alice"));
    QVERIFY(connectAndWait(client.get(), relay.port(), QStringLiteral("alice")));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    bob->send(Say{QStringLiteral("m0"), QString(), false, {}});
    QTRY_COMPARE(shownTexts(model), QStringList{QStringLiteral("m0")});

    // The network drops and stays down; meanwhile bob talks and alice types.
    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    relay.setServerPort(1); // nothing listens there: attempts fail until it is back
    relay.cutAll();
    QVERIFY(errors.wait());
    QCOMPARE(errors.first().at(0).value<Kind>(), Kind::ConnectionLost);
    QStringList expected{QStringLiteral("m0")};
    for (int i = 1; i <= 12; ++i) {
        const QString text = QStringLiteral("m%1").arg(i);
        bob->send(Say{text, QString(), false, {}});
        QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
        expected.append(text);
    }
    QVERIFY(client->state() != State::Connected);
    client->sendMessage(QStringLiteral("typed while away"));
    QCOMPARE(client->outbox().size(), 1);
    expected.append(QStringLiteral("typed while away"));

    // Back: every missed message once, in order (the replay holds 5, the rest
    // is paged), and what she typed is sent once.
    relay.setServerPort(m_server->serverPort());
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), State::Connected, 5000);
    const std::optional<ChatMessage> typed = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY2(typed, qPrintable(bob->lastProblem()));
    QCOMPARE(typed->text, QStringLiteral("typed while away"));
    QTRY_COMPARE(shownTexts(model), expected);
    QTRY_VERIFY(client->outbox().isEmpty());
    QVERIFY(!bob->waitForMessageFrom(QStringLiteral("alice"), 300));
}

void tst_ChatClient::pacesWhatItSends()
{
    // 300 messages typed at once: the client keeps no more in flight than the
    // server's burst, so nobody is disconnected for flooding and none is lost.
    ServerConfig config = testServerConfig();
    config.rate = 500;
    config.burst = 5;
    config.recvQueueBytes = 65536; // a client that ignored the burst would exceed this
    QVERIFY(startServer(config));
    auto client = newClient();
    QVERIFY(connectAndWait(client.get(), m_server->serverPort(), QStringLiteral("alice")));
    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    const QString padding(400, u'x');
    for (int i = 0; i < 300; ++i)
        client->sendMessage(QString::number(i) + u' ' + padding);
    QTRY_VERIFY_WITH_TIMEOUT(client->outbox().isEmpty(), 20000);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(client->state(), State::Connected);
    QCOMPARE(m_server->history().lastId(), 300);
}

void tst_ChatClient::refusesWhatTheServerCannotTake()
{
    ServerConfig config = testServerConfig();
    config.maxTextBytes = 0; // no text limit, but frames still are
    QVERIFY(startServer(config));
    auto client = newClient();
    QVERIFY(connectAndWait(client.get(), m_server->serverPort(), QStringLiteral("alice")));
    QSignalSpy outgoing(client.get(), &ChatClient::outgoingChanged);
    client->sendMessage(QString(70'000, u'y'));
    QCOMPARE(outgoing.size(), 1);
    const auto refused = outgoing.first().first().value<ChatClient::Outgoing>();
    QCOMPARE(refused.status, Status::Failed);
    QVERIFY2(refused.error.contains(u"too long for this server"), qPrintable(refused.error));
    QVERIFY(client->outbox().isEmpty());
    QSignalSpy states(client.get(), &ChatClient::stateChanged);
    QVERIFY(!states.wait(300)); // still connected: nothing was sent
}

void tst_ChatClient::nickChangedWhileAway()
{
    // Typed as alice while away, then /nick: stored once as alice, then renamed.
    QVERIFY(startServer());
    TcpRelay relay(m_server->serverPort());
    QVERIFY(relay.listen());
    auto client = newClient();
    QVERIFY(connectAndWait(client.get(), relay.port(), QStringLiteral("alice")));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    relay.setDropFromServer(true); // stored, but the echo is lost
    client->sendMessage(QStringLiteral("before the rename"));
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("alice")));
    relay.setServerPort(1);
    relay.cutAll();
    relay.setDropFromServer(false);
    QTRY_VERIFY(client->state() != State::Connected);
    client->changeNick(QStringLiteral("alicia"));
    relay.setServerPort(m_server->serverPort());
    QTRY_COMPARE_WITH_TIMEOUT(client->nick(), QStringLiteral("alicia"), 5000);
    QVERIFY(client->outbox().isEmpty());
    QCOMPARE(m_server->history().lastId(), 1); // not posted twice
    QVERIFY(!bob->waitForMessageFrom(QStringLiteral("alicia"), 300));
}

void tst_ChatClient::anotherServerStartsAfresh()
{
    QVERIFY(startServer());
    auto client = newClient();
    QVERIFY(connectAndWait(client.get(), m_server->serverPort(), QStringLiteral("alice")));
    client->sendMessage(QStringLiteral("on the first"));
    QTRY_VERIFY(client->outbox().isEmpty());
    QCOMPARE(client->lastSeenId(), 1);
    // Typed while the first server is gone, then the user goes elsewhere.
    m_server->shutdown(QString());
    QTRY_COMPARE(client->state(), State::Reconnecting);
    client->sendMessage(QStringLiteral("meant for the first"));
    ChatServer other(testServerConfig());
    QVERIFY(other.listen());
    QSignalSpy reset(client.get(), &ChatClient::historyReset);
    QSignalSpy outgoing(client.get(), &ChatClient::outgoingChanged);
    client->connectToServer(QStringLiteral("127.0.0.1"), other.serverPort(),
                            QStringLiteral("alice"));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(outgoing.size(), 1);
    QCOMPARE(outgoing.first().first().value<ChatClient::Outgoing>().status, Status::Failed);
    QTRY_COMPARE(client->state(), State::Connected);
    QCOMPARE(other.history().lastId(), 0);
    QCOMPARE(client->lastSeenId(), 0);
}

void tst_ChatClient::nickTakenForGoodStopsTrying()
{
    QVERIFY(startServer());
    TcpRelay relay(m_server->serverPort());
    QVERIFY(relay.listen());
    auto client = newClient();
    ChatClient::Settings settings = quickSettings();
    settings.nickTakenRetryMs = 500;
    client->setSettings(settings);
    QVERIFY(connectAndWait(client.get(), relay.port(), QStringLiteral("alice")));
    relay.setServerPort(1);
    relay.cutAll();
    QTRY_COMPARE(m_server->userCount(), 0);
    QVERIFY(joined(QStringLiteral("alice"))); // someone else takes the name meanwhile
    relay.setServerPort(m_server->serverPort());
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), State::Disconnected, 5000);
    QCOMPARE(client->lastError(), Kind::NickTaken);
}

void tst_ChatClient::resendsWithoutPostingTwice()
{
    // The server stores a message but its echo never arrives (the link died
    // on the way back): after reconnecting, the client sends it again, and
    // the server's duplicate suppression answers with the stored one.
    QVERIFY(startServer());
    TcpRelay relay(m_server->serverPort());
    QVERIFY(relay.listen());
    auto client = newClient();
    MessageModel model;
    attach(client.get(), &model, QStringLiteral("alice"));
    QVERIFY(connectAndWait(client.get(), relay.port(), QStringLiteral("alice")));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);

    relay.setDropFromServer(true);
    client->sendMessage(QStringLiteral("only once"));
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("alice")));
    QCOMPARE(client->outbox().size(), 1); // no echo came
    relay.cutAll();
    relay.setDropFromServer(false);

    QTRY_COMPARE(client->state(), State::Connected);
    QTRY_VERIFY(client->outbox().isEmpty());
    QCOMPARE(shownTexts(model), QStringList{QStringLiteral("only once")});
    QCOMPARE(model.entry(0).delivery, MessageModel::Delivery::Sent);
    QVERIFY(!bob->waitForMessageFrom(QStringLiteral("alice"), 300));
    QCOMPARE(m_server->history().lastId(), 1);
}

void tst_ChatClient::reconnectsAfterServerRestart()
{
    QTemporaryDir data;
    ServerConfig config = testServerConfig();
    config.dataDir = data.path();
    QVERIFY(startServer(config));
    config.port = m_server->serverPort(); // the restarted server takes the same port
    auto client = newClient();
    MessageModel model;
    attach(client.get(), &model, QStringLiteral("alice"));
    QVERIFY(connectAndWait(client.get(), config.port, QStringLiteral("alice")));
    client->sendMessage(QStringLiteral("before the restart"));
    QTRY_VERIFY(client->outbox().isEmpty());

    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    m_server->shutdown(QStringLiteral("upgrade"));
    QVERIFY(errors.wait());
    QCOMPARE(errors.first().at(0).value<Kind>(), Kind::ServerShutdown);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, 5000);
    m_server.reset();
    client->sendMessage(QStringLiteral("while it was down"));

    QVERIFY(startServer(config));
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), State::Connected, 5000);
    QTRY_VERIFY(client->outbox().isEmpty());
    QCOMPARE(shownTexts(model), (QStringList{QStringLiteral("before the restart"),
                                             QStringLiteral("while it was down")}));
    QCOMPARE(m_server->history().lastId(), 2);
}

void tst_ChatClient::serverThatLostItsHistory()
{
    // A server without history restarts: its ids begin at 1 again, and new
    // messages must not be taken for ones already shown.
    QVERIFY(startServer());
    ServerConfig config = testServerConfig();
    config.port = m_server->serverPort();
    auto client = newClient();
    MessageModel model;
    attach(client.get(), &model, QStringLiteral("alice"));
    QVERIFY(connectAndWait(client.get(), config.port, QStringLiteral("alice")));
    client->sendMessage(QStringLiteral("old one"));
    client->sendMessage(QStringLiteral("old two"));
    QTRY_VERIFY(client->outbox().isEmpty());
    QSignalSpy reset(client.get(), &ChatClient::historyReset);
    m_server->shutdown(QString());
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), State::Reconnecting, 5000);
    QVERIFY(restartOnSamePort(m_server, config, config.port));
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), State::Connected, 5000);
    QCOMPARE(reset.size(), 1);
    client->sendMessage(QStringLiteral("new one"));
    QTRY_VERIFY(client->outbox().isEmpty());
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    bob->send(Say{QStringLiteral("new two"), QString(), false, {}});
    QTRY_COMPARE(shownTexts(model),
                 (QStringList{QStringLiteral("old one"), QStringLiteral("old two"),
                              QStringLiteral("new one"), QStringLiteral("new two")}));
    QCOMPARE(client->lastSeenId(), 2);
}

void tst_ChatClient::deadLinkIsNoticed()
{
    // Waking from sleep: the client checks the link; a dead one is replaced.
    QVERIFY(startServer());
    TcpRelay relay(m_server->serverPort());
    QVERIFY(relay.listen());
    auto client = newClient();
    QVERIFY(connectAndWait(client.get(), relay.port(), QStringLiteral("alice")));
    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    client->checkConnection(); // a live link answers: nothing happens
    QVERIFY(!errors.wait(800));
    QCOMPARE(client->state(), State::Connected);

    relay.setDropFromServer(true);
    client->checkConnection();
    QVERIFY(errors.wait());
    QCOMPARE(errors.first().at(0).value<Kind>(), Kind::TimedOut);
    relay.setDropFromServer(false);
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), State::Connected, 5000);
}

void tst_ChatClient::backoffGrowsAndReconnectNowSkipsIt()
{
    QVERIFY(startServer());
    TcpRelay relay(m_server->serverPort());
    QVERIFY(relay.listen());
    auto client = std::make_unique<ChatClient>();
    ChatClient::Settings settings = quickSettings();
    settings.firstRetryMs = 1000;
    settings.maxRetryMs = 30'000;
    client->setSettings(settings);
    QVERIFY(connectAndWait(client.get(), relay.port(), QStringLiteral("alice")));

    // The server goes away for good: each failed attempt waits about twice as long.
    // The delay is read as each loss is reported, before any other wait.
    QList<qint64> delays;
    connect(client.get(), &ChatClient::errorOccurred, this, [&client, &delays] {
        delays.append(QDateTime::currentDateTime().msecsTo(client->nextAttemptAt()));
    });
    relay.setServerPort(1); // nothing listens there
    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    relay.cutAll();
    QVERIFY(errors.wait());
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(client->state(), State::Reconnecting);
        client->reconnectNow(); // "Reconnect now" skips the wait
        QVERIFY(errors.wait());
    }
    QCOMPARE(delays.size(), 4);
    QVERIFY2(delays.at(0) >= 700 && delays.at(0) <= 1300,
             qPrintable(QString::number(delays.at(0))));
    QVERIFY2(delays.at(1) >= 1500 && delays.at(1) <= 2500,
             qPrintable(QString::number(delays.at(1))));
    QVERIFY2(delays.at(2) >= 3100 && delays.at(2) <= 4900,
             qPrintable(QString::number(delays.at(2))));
    QCOMPARE(client->attempt(), 4);
}

void tst_ChatClient::disconnectStopsTrying()
{
    QVERIFY(startServer());
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    auto client = newClient();
    QVERIFY(connectAndWait(client.get(), m_server->serverPort(), QStringLiteral("alice")));
    QVERIFY(bob->waitFor<Joined>());
    client->disconnectFromServer(QStringLiteral("see you"));
    QCOMPARE(client->state(), State::Disconnected);
    const std::optional<Left> left = bob->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->reason, QStringLiteral("see you"));
    QSignalSpy states(client.get(), &ChatClient::stateChanged);
    QVERIFY(!states.wait(500));
}

void tst_ChatClient::outboxIsBounded()
{
    // Away, with room for 3 waiting messages: the 3rd is kept, the 4th refused with a reason.
    QVERIFY(startServer());
    TcpRelay relay(m_server->serverPort());
    QVERIFY(relay.listen());
    auto client = newClient();
    ChatClient::Settings settings = quickSettings();
    settings.maxOutbox = 3;
    client->setSettings(settings);
    QVERIFY(connectAndWait(client.get(), relay.port(), QStringLiteral("alice")));
    relay.setServerPort(1);
    relay.cutAll();
    QTRY_VERIFY(client->state() != State::Connected);
    QSignalSpy outgoing(client.get(), &ChatClient::outgoingChanged);
    for (int i = 1; i <= 3; ++i)
        client->sendMessage(QStringLiteral("kept %1").arg(i));
    QCOMPARE(client->outbox().size(), 3);
    QVERIFY(!client->canQueue());
    client->sendMessage(QStringLiteral("one too many"));
    QCOMPARE(client->outbox().size(), 3);
    const auto refused = outgoing.last().first().value<ChatClient::Outgoing>();
    QCOMPARE(refused.status, Status::Failed);
    QVERIFY2(refused.error.contains(u"Too many messages"), qPrintable(refused.error));
    // Back: the three go, in order.
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    relay.setServerPort(m_server->serverPort());
    for (int i = 1; i <= 3; ++i) {
        const std::optional<ChatMessage> heard =
                bob->waitForMessageFrom(QStringLiteral("alice"), 10000);
        QVERIFY(heard);
        QCOMPARE(heard->text, QStringLiteral("kept %1").arg(i));
    }
}

void tst_ChatClient::gapFillIsBounded_data()
{
    QTest::addColumn<int>("maxGapFill");
    QTest::addColumn<bool>("everything");
    QTest::newRow("bound reached") << 15 << false;
    QTest::newRow("bound not reached") << 5000 << true;
}

void tst_ChatClient::gapFillIsBounded()
{
    // 60 messages of 3 KB missed: the replay holds 5, each history page about
    // 20 (64 KiB). The client pages back until the gap is filled or it has
    // fetched maxGapFill messages.
    QFETCH(int, maxGapFill);
    QFETCH(bool, everything);
    ServerConfig config = testServerConfig();
    config.joinBacklog = 1;
    config.replayCap = 5;
    QVERIFY(startServer(config));
    TcpRelay relay(m_server->serverPort());
    QVERIFY(relay.listen());
    auto client = newClient();
    ChatClient::Settings settings = quickSettings();
    settings.maxGapFill = maxGapFill;
    client->setSettings(settings);
    MessageModel model;
    attach(client.get(), &model, QStringLiteral("alice"));
    QVERIFY(connectAndWait(client.get(), relay.port(), QStringLiteral("alice")));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    relay.setServerPort(1);
    relay.cutAll();
    QTRY_VERIFY(client->state() != State::Connected);
    const QString padding(3000, u'.');
    for (int i = 1; i <= 60; ++i)
        bob->send(Say{QStringLiteral("m%1 ").arg(i) + padding, QString(), false, {}});
    QTRY_COMPARE(m_server->history().lastId(), 60);
    QSignalSpy pages(client.get(), &ChatClient::historyReceived);
    relay.setServerPort(m_server->serverPort());
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), State::Connected, 5000);
    QTRY_VERIFY(pages.size() >= 2);
    QTest::qWait(500); // any further page would have come by now
    const int shown = int(shownTexts(model).size());
    if (everything) {
        QCOMPARE(shown, 60);
        QVERIFY(pages.size() >= 4);
    } else {
        QCOMPARE(pages.size(), 2); // the replay and one page: then the bound
        QVERIFY2(shown >= 15 && shown < 60, qPrintable(QString::number(shown)));
    }
}

void tst_ChatClient::longRoomListAndCountedJoins()
{
    // 300 people: the list comes in pieces and adds up; then, the room being
    // large, arrivals are counted, and /who brings the list up to date.
    ServerConfig config = testServerConfig();
    config.quietJoinsAbove = 250;
    config.presenceIntervalMs = 100;
    QVERIFY(startServer(config));
    for (int i = 0; i < 299; ++i) {
        auto *person = new TestClient(&m_owner);
        QVERIFY(person->connectTo(m_server->serverPort()));
        person->send(
                Hello{1, QStringLiteral("p%1").arg(i), QString(), QString(), std::nullopt, {}});
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->userCount(), 299, 20000);
    auto client = newClient();
    QSignalSpy listed(client.get(), &ChatClient::usersListed);
    QVERIFY(connectAndWait(client.get(), m_server->serverPort(), QStringLiteral("alice")));
    QTRY_COMPARE(client->users().size(), 300);
    QCOMPARE(client->peopleInRoom(), 300);
    QVERIFY(!client->usersListIsOld());
    QSignalSpy counted(client.get(), &ChatClient::presenceReceived);
    QVERIFY(joined(QStringLiteral("late")));
    QVERIFY(counted.wait(5000));
    QCOMPARE(client->peopleInRoom(), 301);
    QVERIFY(client->usersListIsOld());
    QCOMPARE(client->users().size(), 300); // not named: as of the last list
    const int before = int(listed.size());
    client->requestUsers();
    QTRY_VERIFY(listed.size() > before);
    QCOMPARE(client->users().size(), 301);
    QVERIFY(!client->usersListIsOld());
}

void tst_ChatClient::outboxSurvivesACrash()
{
    // Typed while the server is down; then qtchat dies (nothing runs at its
    // end: the object is simply gone). The next run sends it, once.
    QTemporaryDir data;
    QVERIFY(startServer());
    const quint16 port = m_server->serverPort();
    {
        auto client = newClient();
        client->setOutboxDirectory(data.path());
        QVERIFY(connectAndWait(client.get(), port, QStringLiteral("alice")));
        QVERIFY(client->keepsOutboxOnDisk());
        m_server->shutdown(QString());
        QTRY_COMPARE(client->state(), State::Reconnecting);
        client->sendMessage(QStringLiteral("typed while away"));
        client->sendWhisper(QStringLiteral("bob"), QStringLiteral("and a whisper"));
        client->sendMessage(QStringLiteral("waves"), true);
        QCOMPARE(client->outbox().size(), 3);
    }
    QCOMPARE(QDir(data.path()).entryList({QStringLiteral("*.jsonl")}, QDir::Files).size(), 1);

    QVERIFY(restartOnSamePort(m_server, testServerConfig(), port));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    auto again = newClient();
    again->setOutboxDirectory(data.path());
    QSignalSpy restored(again.get(), &ChatClient::outboxRestored);
    QSignalSpy outgoing(again.get(), &ChatClient::outgoingChanged);
    again->connectToServer(QStringLiteral("127.0.0.1"), port, QStringLiteral("alice"));
    QCOMPARE(restored.size(), 1);
    QCOMPARE(restored.first().first().toInt(), 3);
    // Shown as waiting at once, before any connection.
    QCOMPARE(outgoing.size(), 3);
    QCOMPARE(outgoing.first().first().value<ChatClient::Outgoing>().text,
             QStringLiteral("typed while away"));
    QVERIFY(outgoing.first().first().value<ChatClient::Outgoing>().typedAt > 0);
    std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->text, QStringLiteral("typed while away"));
    heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->to, QStringLiteral("bob"));
    heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard && heard->action);
    QTRY_VERIFY(again->outbox().isEmpty());
    QCOMPARE(m_server->history().lastId(), 3);
    // Nothing left on disk to send a second time.
    QTRY_VERIFY(QDir(data.path()).entryList({QStringLiteral("*.jsonl")}, QDir::Files).isEmpty());
    again.reset();
    auto third = newClient();
    third->setOutboxDirectory(data.path());
    QSignalSpy none(third.get(), &ChatClient::outboxRestored);
    third->connectToServer(QStringLiteral("127.0.0.1"), port, QStringLiteral("alice"));
    QVERIFY(third->outbox().isEmpty());
    QCOMPARE(none.size(), 0);
}

void tst_ChatClient::outboxResentAfterACrashIsNotPostedTwice()
{
    // The server stored it, but qtchat died before the echo came back: the
    // next run sends it again with its ref, and the server does not post it twice.
    QTemporaryDir data;
    QVERIFY(startServer());
    TcpRelay relay(m_server->serverPort());
    QVERIFY(relay.listen());
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    {
        auto client = newClient();
        client->setOutboxDirectory(data.path());
        QVERIFY(connectAndWait(client.get(), relay.port(), QStringLiteral("alice")));
        relay.setDropFromServer(true);
        client->sendMessage(QStringLiteral("only once"));
        QVERIFY(bob->waitForMessageFrom(QStringLiteral("alice")));
        QCOMPARE(client->outbox().size(), 1); // no echo came
    }
    relay.cutAll();
    QTRY_COMPARE(m_server->userCount(), 1);
    auto again = newClient();
    again->setOutboxDirectory(data.path());
    QVERIFY(connectAndWait(again.get(), m_server->serverPort(), QStringLiteral("alice")));
    QTRY_VERIFY(again->outbox().isEmpty());
    QVERIFY(!bob->waitForMessageFrom(QStringLiteral("alice"), 300));
    QCOMPARE(m_server->history().lastId(), 1);
}

void tst_ChatClient::outboxWaitsForItsOwnServer()
{
    // Typed for one server; the user goes to another meanwhile: it is not
    // sent there, and goes when they come back to the first.
    QTemporaryDir data;
    QVERIFY(startServer());
    const quint16 first = m_server->serverPort();
    auto client = newClient();
    client->setOutboxDirectory(data.path());
    QVERIFY(connectAndWait(client.get(), first, QStringLiteral("alice")));
    m_server->shutdown(QString());
    QTRY_COMPARE(client->state(), State::Reconnecting);
    client->sendMessage(QStringLiteral("for the first"));

    ChatServer other(testServerConfig());
    QVERIFY(other.listen());
    QSignalSpy outgoing(client.get(), &ChatClient::outgoingChanged);
    QVERIFY(connectAndWait(client.get(), other.serverPort(), QStringLiteral("alice")));
    QVERIFY(outgoing.size() >= 1);
    const auto kept = outgoing.first().first().value<ChatClient::Outgoing>();
    QCOMPARE(kept.status, Status::Failed);
    QVERIFY2(kept.error.contains(u"kept for 127.0.0.1 port"), qPrintable(kept.error));
    QCOMPARE(other.history().lastId(), 0);
    QCOMPARE(OutboxStore::pendingCount(data.path(), QStringLiteral("127.0.0.1"), first,
                                       QStringLiteral("alice")),
             1);

    QVERIFY(restartOnSamePort(m_server, testServerConfig(), first));
    QSignalSpy restored(client.get(), &ChatClient::outboxRestored);
    QVERIFY(connectAndWait(client.get(), first, QStringLiteral("alice")));
    QCOMPARE(restored.size(), 1);
    QTRY_COMPARE(m_server->history().lastId(), 1);
    QTRY_VERIFY(client->outbox().isEmpty());
    QCOMPARE(OutboxStore::pendingCount(data.path(), QStringLiteral("127.0.0.1"), first,
                                       QStringLiteral("alice")),
             0);
}

// What a client saw of each room: the texts in order, and how many times
// each id came (from replays, pages and live messages).
struct RoomWatch
{
    QHash<QString, QStringList> texts; // by room key
    QHash<qint64, int> seen;
    void watch(ChatClient *client)
    {
        QObject::connect(client, &ChatClient::historyReceived,
                         [this](const HistoryPage &page, bool) {
                             // Older pages come before what is shown: keep them in id order.
                             for (const ChatMessage &message : page.messages)
                                 add(message);
                         });
        QObject::connect(client, &ChatClient::messageReceived,
                         [this](const ChatMessage &message) { add(message); });
    }
    void add(const ChatMessage &message)
    {
        if (++seen[message.id] > 1)
            return;
        ids[message.room.toCaseFolded()].insert(message.id, message.text);
        texts[message.room.toCaseFolded()] = ids[message.room.toCaseFolded()].values();
    }
    int twice() const
    {
        return int(std::count_if(seen.cbegin(), seen.cend(), [](int n) { return n > 1; }));
    }
    QHash<QString, QMap<qint64, QString>> ids;
};

void tst_ChatClient::roomsAreRejoinedWithTheGapFilledInEach()
{
    // More is missed in each room than one replay holds.
    QVERIFY(startServer(smallReplayConfig()));
    TcpRelay relay(m_server->serverPort());
    QVERIFY(relay.listen());
    auto client = newClient();
    RoomWatch watch;
    watch.watch(client.get());
    QVERIFY(connectAndWait(client.get(), relay.port(), QStringLiteral("alice")));
    QSignalSpy joinedRoom(client.get(), &ChatClient::roomJoined);
    client->joinRoom(QStringLiteral("#random"));
    QVERIFY(joinedRoom.wait());
    QCOMPARE(client->rooms(), (QStringList{QStringLiteral("#general"), QStringLiteral("#random")}));
    QCOMPARE(client->roomsToRejoin(), QStringList{QStringLiteral("#random")});
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    bob->send(Join{QStringLiteral("#random"), false});
    QTRY_COMPARE(client->peopleInRoom(QStringLiteral("#random")), 2);

    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    relay.setServerPort(1);
    relay.cutAll();
    QVERIFY(errors.wait());
    QStringList general, random;
    for (int i = 1; i <= 9; ++i) {
        bob->send(Say{QStringLiteral("g%1").arg(i), QString(), false, QString()});
        Say inRandom{QStringLiteral("r%1").arg(i), QString(), false, QStringLiteral("#random")};
        bob->send(inRandom);
        general.append(QStringLiteral("g%1").arg(i));
        random.append(QStringLiteral("r%1").arg(i));
        QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
        QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
    }
    // Typed in #random while away: it goes there once back.
    client->sendMessage(QStringLiteral("back in random"), false, QStringLiteral("#random"));
    random.append(QStringLiteral("back in random"));

    relay.setServerPort(m_server->serverPort());
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), State::Connected, 5000);
    QCOMPARE(client->rooms(), (QStringList{QStringLiteral("#general"), QStringLiteral("#random")}));
    // Every message of each room once, in order: 5 in the replay, the rest paged per room.
    QTRY_COMPARE(watch.texts.value(QStringLiteral("#random")), random);
    QTRY_COMPARE(watch.texts.value(QStringLiteral("#general")), general);
    QCOMPARE(watch.twice(), 0);
    QTRY_VERIFY(client->outbox().isEmpty());
    const std::optional<ChatMessage> typed = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(typed);
    QCOMPARE(typed->room, QStringLiteral("#random"));
    // The other rooms' people and topics came again with the rejoin.
    QTRY_COMPARE(client->peopleInRoom(QStringLiteral("#random")), 2);
}

void tst_ChatClient::roomsComeBackAfterARestart()
{
    // The server restarts (with its history), and so does the client: what
    // the earlier run saw and the rooms it was in are handed back (resume),
    // and each room's gap is filled.
    QTemporaryDir data;
    ServerConfig config = testServerConfig();
    config.dataDir = data.path();
    config.replayCap = 3;
    QVERIFY(startServer(config));
    const quint16 port = m_server->serverPort();
    qint64 lastSeen = 0;
    QStringList rooms;
    {
        auto client = newClient();
        QVERIFY(connectAndWait(client.get(), port, QStringLiteral("alice")));
        QSignalSpy joinedRoom(client.get(), &ChatClient::roomJoined);
        client->joinRoom(QStringLiteral("#Team"));
        QVERIFY(joinedRoom.wait());
        client->setTopic(QStringLiteral("#team"), QStringLiteral("release on friday"));
        client->sendMessage(QStringLiteral("seen before"), false, QStringLiteral("#team"));
        QTRY_VERIFY(client->outbox().isEmpty());
        QTRY_COMPARE(client->topic(QStringLiteral("#team")).text,
                     QStringLiteral("release on friday"));
        lastSeen = client->lastSeenId();
        rooms = client->roomsToRejoin();
        client->disconnectFromServer();
    }
    QCOMPARE(rooms, QStringList{QStringLiteral("#Team")});
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    bob->send(Join{QStringLiteral("#team"), false});
    QVERIFY(bob->waitFor<Joined>());
    QStringList team{QStringLiteral("seen before")}, general;
    for (int i = 1; i <= 4; ++i) {
        bob->send(Say{QStringLiteral("t%1").arg(i), QString(), false, QStringLiteral("#team")});
        bob->send(Say{QStringLiteral("g%1").arg(i), QString(), false, QString()});
        team.append(QStringLiteral("t%1").arg(i));
        general.append(QStringLiteral("g%1").arg(i));
        QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
        QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
    }
    qDeleteAll(m_owner.children());
    m_server->shutdown(QString());
    QVERIFY(restartOnSamePort(m_server, config, port));

    auto client = newClient();
    RoomWatch watch;
    watch.watch(client.get());
    QSignalSpy topics(client.get(), &ChatClient::topicChanged);
    client->resume(lastSeen, rooms);
    QVERIFY(connectAndWait(client.get(), port, QStringLiteral("alice")));
    QCOMPARE(client->rooms(), (QStringList{QStringLiteral("#general"), QStringLiteral("#Team")}));
    // Only what came after the last message seen, in each room, once.
    QTRY_COMPARE(watch.texts.value(QStringLiteral("#team")), team.mid(1));
    QTRY_COMPARE(watch.texts.value(QStringLiteral("#general")), general);
    QCOMPARE(watch.twice(), 0);
    QTRY_COMPARE(client->topic(QStringLiteral("#team")).text, QStringLiteral("release on friday"));
    QCOMPARE(topics.size(), 1);
    QCOMPARE(topics.first().at(1).toBool(), false); // the topic it has, not one set now
    // A room that is gone is said so, and is not asked for again.
    QSignalSpy refused(client.get(), &ChatClient::roomRefused);
    auto another = newClient();
    QSignalSpy anotherRefused(another.get(), &ChatClient::roomRefused);
    another->resume(0, {QStringLiteral("#gone")});
    QVERIFY(connectAndWait(another.get(), port, QStringLiteral("carol")));
    QTRY_COMPARE(anotherRefused.size(), 1);
    QCOMPARE(anotherRefused.first().at(0).toString(), QStringLiteral("#gone"));
    QCOMPARE(anotherRefused.first().at(1).toString(), QStringLiteral("There is no such room."));
    QCOMPARE(another->roomsToRejoin(), QStringList());
    QCOMPARE(refused.size(), 0);
}

void tst_ChatClient::serverWithoutRooms()
{
    // A server of before rooms: its welcome names none, its frames carry no room.
    QByteArray said;
    QTcpServer old;
    QVERIFY(old.listen(QHostAddress::LocalHost, 0));
    QObject::connect(&old, &QTcpServer::newConnection, &old, [&old, &said] {
        QTcpSocket *socket = old.nextPendingConnection();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, &said] {
            const QByteArray lines = socket->readAll();
            said += lines;
            if (!lines.contains("\"hello\""))
                return;
            socket->write(R"({"type":"welcome","protocol":1,"server":"old/1","nick":"alice",)"
                          R"("users":[{"nick":"alice","since":1},{"nick":"bob","since":1}],)"
                          R"("limits":{"max_frame":65536,"max_text":8192},"last_id":1})"
                          "\n"
                          R"({"type":"history","messages":[{"type":"message","id":1,"ts":1,)"
                          R"("from":"bob","text":"hi"}],"complete":true})"
                          "\n"
                          R"({"type":"topic","room":"#x","text":"stray","by":"bob","ts":1})"
                          "\n");
        });
    });
    auto client = newClient();
    allowInTheClear(client.get(), old.serverPort()); // it is older than TLS too
    CommandInterpreter commands(client.get());
    QSignalSpy replied(&commands, &CommandInterpreter::replied);
    QSignalSpy history(client.get(), &ChatClient::historyReceived);
    // Rooms remembered from another server of the same address are asked for, and ignored.
    client->resume(0, {QStringLiteral("#random")});
    QVERIFY(connectAndWait(client.get(), old.serverPort(), QStringLiteral("alice")));
    QTRY_COMPARE(history.size(), 1);
    QVERIFY(!client->serverHasRooms());
    QCOMPARE(client->rooms(), QStringList{QString()});
    QVERIFY(client->isInRoom(QString()));
    QCOMPARE(client->users().size(), 2);
    QCOMPARE(client->roomsToRejoin(), QStringList());
    QCOMPARE(client->topic().text, QString()); // a frame about a room it is not in changes nothing
    // Room commands are refused where typed; messages go as before, without a room.
    QCOMPARE(commands.execute(QStringLiteral("/join #random")).kind,
             CommandInterpreter::Outcome::Kind::Refused);
    QVERIFY(replied.last().at(1).toString().contains(u"one room only"));
    QCOMPARE(commands.execute(QStringLiteral("hello old friend")).kind,
             CommandInterpreter::Outcome::Kind::Done);
    QTRY_VERIFY(said.contains("hello old friend"));
    QByteArray sayLine;
    for (const QByteArray &line : said.split('\n')) {
        if (line.contains("hello old friend"))
            sayLine = line;
    }
    QVERIFY(sayLine.contains("\"say\""));
    QVERIFY2(!sayLine.contains("\"room\""), sayLine.constData());
}

QTEST_MAIN(tst_ChatClient)
#include "tst_chatclient.moc"
