// The server over real loopback sockets: handshake and every error code, the
// room, plain-text clients, limits and timeouts, history, operator actions.
#include "chatserver.h"
#include "lineclient.h"
#include "servertestmain.h"
#include "testclient.h"
#include "testserverconfig.h"
#include "waituntil.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

using namespace Protocol;

Q_DECLARE_METATYPE(Protocol::ErrorCode)

// A client in a thread of its own, reading all the time as a client on
// another computer does while the server is busy. It joins, sends its burst
// (if any) when told to go, and counts the chat messages it receives.
class ThreadedClient : public QThread
{
public:
    ThreadedClient(quint16 port, const QString &nick, const QByteArray &burst)
        : m_port(port)
        , m_nick(nick)
        , m_burst(burst)
    {}
    ~ThreadedClient() override
    {
        m_stop = true;
        wait();
    }

    std::atomic<bool> joined{false};
    std::atomic<bool> go{false};
    std::atomic<bool> dropped{false};
    std::atomic<int> messages{0};
    std::atomic<int> errors{0};

protected:
    void run() override
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (!socket.waitForConnected(5000)) {
            dropped = true;
            return;
        }
        socket.write(Codec::encode(Hello{1, m_nick, QString(), QString(), std::nullopt, {}}));
        FrameReader reader(0);
        bool sent = m_burst.isEmpty();
        while (!m_stop) {
            if (joined && go && !sent) {
                socket.write(m_burst);
                sent = true;
            }
            if (!socket.waitForReadyRead(20)) {
                if (socket.state() != QAbstractSocket::ConnectedState) {
                    dropped = true;
                    return;
                }
                continue;
            }
            reader.append(socket.readAll());
            QByteArray frame;
            while (reader.next(frame) == FrameReader::Status::Frame) {
                const Decoded<ServerMessage> decoded = Codec::decodeServerFrame(frame);
                if (!decoded.ok())
                    continue;
                if (std::holds_alternative<Welcome>(*decoded.message))
                    joined = true;
                else if (std::holds_alternative<ChatMessage>(*decoded.message))
                    ++messages;
                else if (std::holds_alternative<Error>(*decoded.message))
                    ++errors;
            }
        }
    }

private:
    quint16 m_port;
    QString m_nick;
    QByteArray m_burst;
    std::atomic<bool> m_stop{false};
};

class tst_ChatServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void handshake();
    void handshakeRefusals_data();
    void handshakeRefusals();
    void connectionRefusals_data();
    void connectionRefusals();
    void passwordKeepsPlainTextClientsOut();
    void wrongPasswordsGetTheAddressRefused();
    void limitsFreeUpWhenClientsLeave_data();
    void limitsFreeUpWhenClientsLeave();
    void frameRefusals_data();
    void frameRefusals();
    void frameLimit_data();
    void frameLimit();
    void broadcastToFifty();
    void plainTextAndProtocolInOneRoom();
    void plainTextNicknames();
    void plainTextCommands();
    void plainTextUnknownCommandsGoToNoOne();
    void largeRoomCountsJoinsAndLeaves();
    void longUsersListComesInPieces();
    void silentClientIsPlainText();
    void whispers();
    void nickChanges();
    void userListFollowsTheRoom();
    void pingPong();
    void floodControlSlowsReading();
    void floodBeyondReceiveQueue();
    void slowReaderIsDropped();
    void busyRoomDoesNotDropReaders();
    void inputBeforeCloseIsHandled_data();
    void inputBeforeCloseIsHandled();
    void largeInputBeforeCloseIsHandledWhole();
    void oversizedLineDoesNotBypassFloodControl();
    void whisperHistoryStaysWithItsParties();
    void refusalsQuoteLongInputBriefly();
    void handshakeTimeout_data();
    void handshakeTimeout();
    void pingTimeout();
    void historyOnJoin();
    void historyReplayAfterSince();
    void historyPaging();
    void duplicateRefIsNotStoredTwice();
    void kick();
    void banDisconnectsAndRefuses();
    void bansAreKeptBetweenRuns();
    void bansFileThatCannotBeWritten();
    void notice();
    void bye_data();
    void bye();
    void shutdownTellsEveryone();
    void tlsHandshakeThatStopsIsClosed();
    void telnetCommandsAreAnswered();

    // History on disk (SQLite)
    void historySurvivesRestart();
    void replayAfterRestartFillsTheGap();
    void resendAfterRestartIsNotStoredTwice();
    void whispersStayPrivateAfterRestart();
    void pagingReachesTheFirstMessage();
    void retentionKeepsTheNewest();
    void busyPassIsStoredInOrder();
    void unusableDataDirKeepsChatWorking();
    void sayThenByeInOnePacket_data();
    void sayThenByeInOnePacket();
    void historyWriteFailureKeepsChatting();

private:
    static ServerConfig testConfig() { return testServerConfig(); }
    ChatServer *startServer(const ServerConfig &config = testConfig())
    {
        m_server = std::make_unique<ChatServer>(config);
        if (!m_server->listen())
            qWarning() << "listen failed:" << m_server->errorString();
        return m_server.get();
    }
    TestClient *newClient()
    {
        auto *client = new TestClient(&m_owner);
        if (!client->connectTo(m_server->serverPort()))
            qWarning() << "could not connect";
        return client;
    }
    // A client in the room under nick (nullptr if that failed).
    TestClient *joined(const QString &nick, const QString &password = QString())
    {
        TestClient *client = newClient();
        if (!client->join(nick, std::nullopt, password)) {
            qWarning() << "join failed:" << client->lastProblem();
            return nullptr;
        }
        return client;
    }
    LineClient *newLineClient()
    {
        auto *client = new LineClient(&m_owner);
        if (!client->connectTo(m_server->serverPort()))
            qWarning() << "could not connect";
        return client;
    }
    static Say say(const QString &text, const QString &ref = QString())
    {
        return Say{text, ref, false, {}};
    }

    // testConfig() with its history in a folder of this test's own.
    ServerConfig persistentConfig()
    {
        if (!m_dataDir)
            m_dataDir = std::make_unique<QTemporaryDir>();
        ServerConfig config = testConfig();
        config.dataDir = m_dataDir->path();
        return config;
    }
    // Stops the server (cleanly) and starts it again on the same history.
    ChatServer *restartServer(const ServerConfig &config)
    {
        m_server.reset();
        return startServer(config);
    }
    static QStringList texts(const QList<ChatMessage> &messages)
    {
        QStringList list;
        for (const ChatMessage &message : messages)
            list.append(message.text);
        return list;
    }
    // Every message a client may see, oldest first, paged with `history`.
    static QList<ChatMessage> wholeHistory(TestClient *client, int pageSize = 500)
    {
        QList<ChatMessage> all;
        std::optional<qint64> before;
        for (int pages = 0; pages < 1000; ++pages) {
            client->send(HistoryRequest{before, pageSize, {}, {}});
            const std::optional<HistoryPage> page = client->waitFor<HistoryPage>();
            if (!page)
                break;
            all = page->messages + all;
            if (page->complete || page->messages.isEmpty())
                break;
            before = page->messages.first().id;
        }
        return all;
    }

    QObject m_owner; // parent of the clients of one test
    std::unique_ptr<QTemporaryDir> m_dataDir;
    std::unique_ptr<ChatServer> m_server;
};

void tst_ChatServer::initTestCase()
{
    // The server's one-line-per-event log is tested through the real binary;
    // here it would only drown the test output. QT_LOGGING_RULES can turn it back on.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("qtchat.server.info=false"));
}

void tst_ChatServer::cleanup()
{
    qDeleteAll(m_owner.children());
    m_server.reset();
    m_dataDir.reset();
}

void tst_ChatServer::handshake()
{
    ServerConfig config = testConfig();
    config.rate = 5;
    config.burst = 10;
    startServer(config);
    TestClient *alice = newClient();
    std::optional<Welcome> welcome = alice->join(QStringLiteral("alice"));
    QVERIFY2(welcome, qPrintable(alice->lastProblem()));
    QCOMPARE(welcome->protocol, 1);
    QCOMPARE(welcome->nick, QStringLiteral("alice"));
    QVERIFY(welcome->server.startsWith(u"qtchat-server/"));
    QCOMPARE(welcome->motd, QStringLiteral("Welcome to this chatroom!"));
    QCOMPARE(welcome->users.size(), 1);
    QCOMPARE(welcome->users.first().nick, QStringLiteral("alice"));
    QVERIFY(welcome->users.first().since > 0);
    QCOMPARE(welcome->limits.maxFrame, 65536);
    QCOMPARE(welcome->limits.maxText, 8192);
    QCOMPARE(welcome->limits.rate, 5.0);
    QCOMPARE(welcome->limits.burst, 10);
    QCOMPARE(welcome->lastId, 0);
    QVERIFY(alice->joinHistory().messages.isEmpty());
    QVERIFY(alice->joinHistory().complete);

    QSignalSpy joinedSpy(m_server.get(), &ChatServer::userJoined);
    TestClient *bob = newClient();
    welcome = bob->join(QStringLiteral("张伟"));
    QVERIFY2(welcome, qPrintable(bob->lastProblem()));
    QCOMPARE(welcome->users.size(), 2);
    QCOMPARE(welcome->users.at(1).nick, QStringLiteral("张伟"));
    const std::optional<Joined> joined = alice->nextAs<Joined>();
    QVERIFY2(joined, qPrintable(alice->lastProblem()));
    QCOMPARE(joined->nick, QStringLiteral("张伟"));
    QCOMPARE(joinedSpy.count(), 1);
    QCOMPARE(m_server->userCount(), 2);
    QVERIFY(alice->decodeErrors().isEmpty());
}

void tst_ChatServer::handshakeRefusals_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("password"); // the server's
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<bool>("closes");

    const QString none;
    QTest::newRow("protocol_unsupported: version 2")
            << QByteArray(R"({"type":"hello","protocol":2,"nick":"bob"})") << none
            << ErrorCode::ProtocolUnsupported << true;
    QTest::newRow("protocol_unsupported: version 0")
            << QByteArray(R"({"type":"hello","protocol":0,"nick":"bob"})") << none
            << ErrorCode::ProtocolUnsupported << true;
    QTest::newRow("bad_nick: empty") << QByteArray(R"({"type":"hello","protocol":1,"nick":""})")
                                     << none << ErrorCode::BadNick << false;
    QTest::newRow("bad_nick: missing") << QByteArray(R"({"type":"hello","protocol":1})") << none
                                       << ErrorCode::BadNick << false;
    QTest::newRow("bad_nick: space")
            << QByteArray(R"({"type":"hello","protocol":1,"nick":"bob b"})") << none
            << ErrorCode::BadNick << false;
    QTest::newRow("bad_nick: 33 characters")
            << (R"({"type":"hello","protocol":1,"nick":")" + QByteArray(33, 'b') + R"("})") << none
            << ErrorCode::BadNick << false;
    QTest::newRow("bad_nick: control character")
            << QByteArray(R"({"type":"hello","protocol":1,"nick":"bo\u0007b"})") << none
            << ErrorCode::BadNick << false;
    QTest::newRow("nick_taken: other case")
            << QByteArray(R"({"type":"hello","protocol":1,"nick":"ALICE"})") << none
            << ErrorCode::NickTaken << false;
    QTest::newRow("auth_failed: wrong password")
            << QByteArray(R"({"type":"hello","protocol":1,"nick":"bob","password":"guess"})")
            << QStringLiteral("s3cret") << ErrorCode::AuthFailed << true;
    QTest::newRow("auth_failed: no password")
            << QByteArray(R"({"type":"hello","protocol":1,"nick":"bob"})")
            << QStringLiteral("s3cret") << ErrorCode::AuthFailed << true;
    QTest::newRow("bad_nick: a letter and 40 combining marks")
            << (R"({"type":"hello","protocol":1,"nick":"a)" + QString(40, QChar(0x0316)).toUtf8() +
                R"("})")
            << none << ErrorCode::BadNick << false;
    QTest::newRow("not_registered: say first") << QByteArray(R"({"type":"say","text":"hi"})")
                                               << none << ErrorCode::NotRegistered << false;
    QTest::newRow("not_registered: ping first")
            << QByteArray(R"({"type":"ping"})") << none << ErrorCode::NotRegistered << false;
}

void tst_ChatServer::handshakeRefusals()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, password);
    QFETCH(ErrorCode, code);
    QFETCH(bool, closes);
    ServerConfig config = testConfig();
    config.password = password;
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"), password);
    QVERIFY(alice);

    TestClient *bob = newClient();
    bob->sendRaw(frame + '\n');
    const std::optional<Error> error = bob->waitForError(code);
    QVERIFY2(error, qPrintable(bob->lastProblem()));
    QVERIFY(!error->message.isEmpty());
    if (closes) {
        QVERIFY(bob->waitForDisconnected());
    } else {
        // The connection stays open and the client may try again.
        QVERIFY(bob->isConnected());
        QVERIFY2(bob->join(QStringLiteral("bob"), std::nullopt, password),
                 qPrintable(bob->lastProblem()));
    }
    QCOMPARE(m_server->userCount(), closes ? 1 : 2);
}

void tst_ChatServer::connectionRefusals_data()
{
    QTest::addColumn<QString>("limit");
    QTest::addColumn<bool>("plainText");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("mentions");

    for (const bool plain : {false, true}) {
        const char *kind = plain ? "plain text" : "protocol";
        QTest::addRow("server_full, %s", kind) << QStringLiteral("max-clients") << plain
                                               << ErrorCode::ServerFull << QStringLiteral("full");
        QTest::addRow("too_many_connections, %s", kind)
                << QStringLiteral("max-per-ip") << plain << ErrorCode::TooManyConnections
                << QStringLiteral("too many connections");
        QTest::addRow("banned, %s", kind)
                << QStringLiteral("ban") << plain << ErrorCode::Banned << QStringLiteral("banned");
    }
}

void tst_ChatServer::connectionRefusals()
{
    QFETCH(QString, limit);
    QFETCH(bool, plainText);
    QFETCH(ErrorCode, code);
    QFETCH(QString, mentions);
    ServerConfig config = testConfig();
    if (limit == u"max-clients")
        config.maxClients = 1;
    else if (limit == u"max-per-ip")
        config.maxConnectionsPerIp = 1;
    else
        config.bans = QStringList{QStringLiteral("127.0.0.0/8")};
    startServer(config);
    // Someone is already in, except on the banned row (everyone here is on loopback).
    TestClient *alice = limit == u"ban" ? nullptr : joined(QStringLiteral("alice"));
    QVERIFY(alice || limit == u"ban");

    if (plainText) {
        LineClient *client = newLineClient();
        client->sendLine(QStringLiteral("hello?"));
        const std::optional<QString> line = client->nextLine();
        QVERIFY(line);
        QVERIFY2(line->startsWith(u"-server- ") && line->contains(mentions), qPrintable(*line));
        QVERIFY(client->waitForDisconnected());
    } else {
        TestClient *client = newClient();
        client->send(Hello{1, QStringLiteral("bob"), QString(), QString(), std::nullopt, {}});
        const std::optional<Error> error = client->nextAs<Error>();
        QVERIFY2(error, qPrintable(client->lastProblem()));
        QCOMPARE(error->code, code);
        QVERIFY2(error->message.contains(mentions), qPrintable(error->message));
        QVERIFY(client->waitForDisconnected());
    }
    if (alice) {
        // Whoever was already in is not disturbed.
        alice->send(say(QStringLiteral("still here")));
        QVERIFY(alice->waitFor<ChatMessage>());
        QCOMPARE(m_server->userCount(), 1);
    }
}

void tst_ChatServer::wrongPasswordsGetTheAddressRefused()
{
    // 3 wrong passwords are allowed; the third gets the address refused for a
    // while, the right password too, and then it may try again.
    ServerConfig config = testConfig();
    config.password = QStringLiteral("sesame");
    config.authFailuresAllowed = 3;
    config.authBlockMs = 1'500;
    startServer(config);
    const auto attempt = [this](const QString &password) {
        TestClient *client = newClient();
        Hello hello{1, QStringLiteral("alice"), QString(), password, std::nullopt, {}};
        client->send(hello);
        return client;
    };
    QVERIFY(attempt(QStringLiteral("guess 1"))->waitForError(ErrorCode::AuthFailed));
    QVERIFY(attempt(QString())->waitForError(ErrorCode::AuthFailed)); // none: counted too
    // One below the limit, the right password works (and the count starts again).
    TestClient *right = attempt(QStringLiteral("sesame"));
    QVERIFY(right->waitFor<Welcome>());
    right->send(Bye{QString()});
    QTRY_COMPARE(m_server->userCount(), 0);
    for (int i = 0; i < 2; ++i)
        QVERIFY(attempt(QStringLiteral("guess"))->waitForError(ErrorCode::AuthFailed));
    QVERIFY(attempt(QStringLiteral("guess 3"))->waitForError(ErrorCode::AuthFailed)); // the third
    // Past the limit: refused whatever it gives, with the time left.
    TestClient *blocked = attempt(QStringLiteral("sesame"));
    const std::optional<Error> refusal = blocked->waitForError(ErrorCode::Banned);
    QVERIFY(refusal);
    QVERIFY2(refusal->message.startsWith(u"too many wrong passwords from your address: try again "
                                         u"in "),
             qPrintable(refusal->message));
    // After the block (and not before), in again.
    QElapsedTimer since;
    since.start();
    bool welcomed = false;
    while (!welcomed && since.elapsed() < 5'000) {
        const std::optional<ServerMessage> answer = attempt(QStringLiteral("sesame"))->next();
        QVERIFY(answer);
        welcomed = std::holds_alternative<Welcome>(*answer);
        if (!welcomed) {
            QCOMPARE(std::get<Error>(*answer).code, ErrorCode::Banned); // still blocked
            QTest::qWait(100);
        }
    }
    QVERIFY(welcomed);
    QVERIFY2(since.elapsed() >= 1'000, qPrintable(QString::number(since.elapsed())));
}

void tst_ChatServer::passwordKeepsPlainTextClientsOut()
{
    ServerConfig config = testConfig();
    config.password = QStringLiteral("s3cret");
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"), QStringLiteral("s3cret"));
    QVERIFY(alice);
    LineClient *plain = newLineClient();
    plain->sendLine(QStringLiteral("let me in"));
    const std::optional<QString> line = plain->nextLine();
    QVERIFY(line);
    QVERIFY2(line->startsWith(u"-server- this server needs a password"), qPrintable(*line));
    QVERIFY(plain->waitForDisconnected());
    // Nothing of it reached the room.
    alice->send(say(QStringLiteral("quiet in here")));
    const std::optional<ChatMessage> next = alice->nextAs<ChatMessage>();
    QVERIFY2(next, qPrintable(alice->lastProblem()));
    QCOMPARE(m_server->userCount(), 1);
}

void tst_ChatServer::limitsFreeUpWhenClientsLeave_data()
{
    QTest::addColumn<bool>("perAddress");
    QTest::newRow("max-clients 3") << false;
    QTest::newRow("max-per-ip 3") << true;
}

void tst_ChatServer::limitsFreeUpWhenClientsLeave()
{
    QFETCH(bool, perAddress);
    ServerConfig config = testConfig();
    (perAddress ? config.maxConnectionsPerIp : config.maxClients) = 3;
    startServer(config);
    // At the limit: three are in.
    TestClient *first = joined(QStringLiteral("one"));
    QVERIFY(first && joined(QStringLiteral("two")) && joined(QStringLiteral("three")));
    // One past it: refused.
    TestClient *fourth = newClient();
    fourth->send(Hello{1, QStringLiteral("four"), QString(), QString(), std::nullopt, {}});
    QVERIFY(fourth->waitForError(perAddress ? ErrorCode::TooManyConnections
                                            : ErrorCode::ServerFull));
    // When one leaves, there is room again.
    first->send(Bye{});
    QVERIFY(first->waitForDisconnected());
    QVERIFY(waitUntil([this] { return m_server->connectionCount() == 2; }));
    QVERIFY(joined(QStringLiteral("four")));
}

void tst_ChatServer::frameRefusals_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("ref");

    const QString noRef;
    QTest::newRow("bad_frame: invalid UTF-8")
            << QByteArray("{\"type\":\"say\",\"text\":\"\xc3\x28\"}") << ErrorCode::BadFrame
            << noRef;
    QTest::newRow("bad_frame: bad JSON")
            << QByteArray(R"({"type":"say",)") << ErrorCode::BadFrame << noRef;
    QTest::newRow("bad_frame: not an object")
            << QByteArray("[\"say\"]") << ErrorCode::BadFrame << noRef;
    QTest::newRow("bad_frame: no type") << QByteArray(R"({"text":"x","ref":"r0"})")
                                        << ErrorCode::BadFrame << QStringLiteral("r0");
    QTest::newRow("bad_frame: text not a string")
            << QByteArray(R"({"type":"say","text":42,"ref":"r1"})") << ErrorCode::BadFrame
            << QStringLiteral("r1");
    QTest::newRow("bad_frame: history limit 501")
            << QByteArray(R"({"type":"history","limit":501})") << ErrorCode::BadFrame << noRef;
    QTest::newRow("bad_frame: second hello")
            << QByteArray(R"({"type":"hello","protocol":1,"nick":"x"})") << ErrorCode::BadFrame
            << noRef;
    QTest::newRow("unknown_type") << QByteArray(R"({"type":"dance","ref":"r2"})")
                                  << ErrorCode::UnknownType << QStringLiteral("r2");
    QTest::newRow("unknown_type: a server message")
            << QByteArray(R"({"type":"welcome"})") << ErrorCode::UnknownType << noRef;
    QTest::newRow("empty_text") << QByteArray(R"({"type":"say","text":"","ref":"r3"})")
                                << ErrorCode::EmptyText << QStringLiteral("r3");
    QTest::newRow("empty_text: only spaces")
            << QByteArray(R"({"type":"say","text":"  \n "})") << ErrorCode::EmptyText << noRef;
    QTest::newRow("text_too_long: 8193 bytes")
            << (R"({"type":"say","ref":"r4","text":")" + QByteArray(8193, 'x') + R"("})")
            << ErrorCode::TextTooLong << QStringLiteral("r4");
    QTest::newRow("bad_text: control character")
            << QByteArray(R"({"type":"say","text":"ring \u0007","ref":"r5"})") << ErrorCode::BadText
            << QStringLiteral("r5");
    QTest::newRow("no_such_nick")
            << QByteArray(R"({"type":"whisper","to":"nobody","text":"hi","ref":"r6"})")
            << ErrorCode::NoSuchNick << QStringLiteral("r6");
    QTest::newRow("bad_text in a whisper")
            << QByteArray(R"({"type":"whisper","to":"bob","text":"\u001b[2J"})")
            << ErrorCode::BadText << noRef;
    QTest::newRow("bad_nick: /nick with a space")
            << QByteArray(R"({"type":"nick","nick":"a b"})") << ErrorCode::BadNick << noRef;
}

void tst_ChatServer::frameRefusals()
{
    QFETCH(QByteArray, frame);
    QFETCH(ErrorCode, code);
    QFETCH(QString, ref);
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(alice->waitFor<Joined>());

    alice->sendRaw(frame + '\n');
    const std::optional<Error> error = alice->nextAs<Error>();
    QVERIFY2(error, qPrintable(alice->lastProblem()));
    QCOMPARE(error->codeName, QString(errorCodeName(code)));
    QCOMPARE(error->ref, ref);
    QVERIFY(!error->message.isEmpty());

    // The connection stays open, and nothing reached the others.
    alice->send(say(QStringLiteral("still here"), QStringLiteral("ok")));
    const std::optional<ChatMessage> echo = alice->nextAs<ChatMessage>();
    QVERIFY2(echo, qPrintable(alice->lastProblem()));
    QCOMPARE(echo->ref, QStringLiteral("ok"));
    const std::optional<ChatMessage> seen = bob->nextAs<ChatMessage>();
    QVERIFY2(seen, qPrintable(bob->lastProblem()));
    QCOMPARE(seen->text, QStringLiteral("still here"));
}

void tst_ChatServer::frameLimit_data()
{
    QTest::addColumn<int>("frameBytes"); // with the LF; -1: 65,536 bytes and no LF
    QTest::addColumn<bool>("accepted");
    QTest::newRow("65,536 bytes: accepted") << 65536 << true;
    QTest::newRow("65,537 bytes: frame_too_large") << 65537 << false;
    QTest::newRow("65,536 bytes and no LF: refused without waiting for one") << -1 << false;
}

void tst_ChatServer::frameLimit()
{
    QFETCH(int, frameBytes);
    QFETCH(bool, accepted);
    ServerConfig config = testConfig();
    config.maxTextBytes = 0; // let the frame limit be the one that counts
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(alice->waitFor<Joined>());

    const QByteArray head = R"({"type":"say","text":")";
    const QByteArray tail = "\"}\n";
    const int total = frameBytes < 0 ? 65537 : frameBytes; // the no-LF row sends 65,536
    QByteArray frame = head + QByteArray(total - head.size() - tail.size(), 'x') + tail;
    QCOMPARE(frame.size(), total);
    if (frameBytes < 0)
        frame.chop(1);
    QVERIFY(frame.size() <= 65537);
    // In pieces, as a slow network would deliver it.
    for (qsizetype offset = 0; offset < frame.size(); offset += 10000)
        bob->sendRaw(frame.mid(offset, 10000));

    if (accepted) {
        const std::optional<ChatMessage> message = alice->nextAs<ChatMessage>();
        QVERIFY2(message, qPrintable(alice->lastProblem()));
        QCOMPARE(message->text.size(), total - head.size() - tail.size());
        QVERIFY(bob->isConnected());
    } else {
        QVERIFY(bob->waitForError(ErrorCode::FrameTooLarge));
        QVERIFY(bob->waitForDisconnected());
        const std::optional<Left> left = alice->nextAs<Left>();
        QVERIFY2(left, qPrintable(alice->lastProblem()));
        QCOMPARE(left->nick, QStringLiteral("bob"));
        QCOMPARE(left->reason, QStringLiteral("frame too large"));
    }
}

void tst_ChatServer::broadcastToFifty()
{
    startServer();
    constexpr int clients = 50;
    constexpr int perClient = 4;
    QList<TestClient *> room;
    for (int i = 0; i < clients; ++i) {
        TestClient *client = joined(QStringLiteral("user%1").arg(i));
        QVERIFY(client);
        room.append(client);
    }
    for (int round = 0; round < perClient; ++round) {
        for (int i = 0; i < clients; ++i)
            room[i]->send(say(QStringLiteral("%1:%2").arg(i).arg(round),
                              QStringLiteral("ref-%1-%2").arg(i).arg(round)));
    }
    // Every client gets every message once, in the same order, each sender's in the order sent.
    QList<qint64> firstOrder;
    for (int c = 0; c < clients; ++c) {
        QList<qint64> order;
        QList<int> nextRound(clients, 0);
        for (int n = 0; n < clients * perClient; ++n) {
            const std::optional<ChatMessage> message = room[c]->waitFor<ChatMessage>(10000);
            QVERIFY2(message,
                     qPrintable(QStringLiteral("client %1 got %2 messages").arg(c).arg(n)));
            const QStringList parts = message->text.split(u':');
            const int sender = parts.at(0).toInt();
            QCOMPARE(message->from, QStringLiteral("user%1").arg(sender));
            QCOMPARE(parts.at(1).toInt(), nextRound[sender]++);
            QCOMPARE(message->ref.isEmpty(), sender != c); // only the sender's copy has its ref
            if (!order.isEmpty())
                QVERIFY(message->id > order.last());
            order.append(message->id);
        }
        if (c == 0)
            firstOrder = order;
        QCOMPARE(order, firstOrder);
        QVERIFY(room[c]->decodeErrors().isEmpty());
    }
    // And nothing more.
    for (TestClient *client : std::as_const(room)) {
        while (client->hasPending())
            QVERIFY(!std::holds_alternative<ChatMessage>(*client->next()));
    }
}

void tst_ChatServer::plainTextAndProtocolInOneRoom()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    LineClient *plain = newLineClient();
    QCOMPARE(plain->nextLine(), QStringLiteral("Welcome to this chatroom!"));
    QVERIFY(plain->waitForLine(QStringLiteral("-server- You are 127.0.0.1")));
    std::optional<Joined> joinedEvent = alice->nextAs<Joined>();
    QVERIFY(joinedEvent);
    QCOMPARE(joinedEvent->nick, QStringLiteral("127.0.0.1"));

    alice->send(say(QStringLiteral("hi plain")));
    QCOMPARE(plain->nextLine(), QStringLiteral("<alice> hi plain"));
    alice->send(Say{QStringLiteral("dances"), QString(), true, {}});
    QCOMPARE(plain->nextLine(), QStringLiteral("* alice dances"));
    alice->send(say(QStringLiteral("two\nlines")));
    QCOMPARE(plain->nextLine(), QStringLiteral("<alice> two"));
    QCOMPARE(plain->nextLine(), QStringLiteral("<alice> lines"));

    plain->sendLine(QStringLiteral("hi alice"));
    std::optional<ChatMessage> message = alice->waitForMessageFrom(QStringLiteral("127.0.0.1"));
    QVERIFY(message);
    QCOMPARE(message->from, QStringLiteral("127.0.0.1"));
    QCOMPARE(message->text, QStringLiteral("hi alice"));
    plain->sendLine(QStringLiteral("/me waves"));
    message = alice->waitForMessageFrom(QStringLiteral("127.0.0.1"));
    QVERIFY(message);
    QVERIFY(message->action);
    QCOMPARE(message->text, QStringLiteral("waves"));

    plain->sendLine(QStringLiteral("/nick pat"));
    const std::optional<Renamed> renamed = alice->waitFor<Renamed>();
    QVERIFY(renamed);
    QCOMPARE(renamed->from, QStringLiteral("127.0.0.1"));
    QCOMPARE(renamed->to, QStringLiteral("pat"));
    QCOMPARE(plain->nextLine(), QStringLiteral("* 127.0.0.1 is now known as pat"));

    plain->sendLine(QStringLiteral("/who"));
    QCOMPARE(plain->nextLine(), QStringLiteral("-server- 2 users: alice, pat"));

    alice->send(Whisper{QStringLiteral("PAT"), QStringLiteral("psst"), QString()});
    QCOMPARE(plain->nextLine(), QStringLiteral("*alice* psst"));
    plain->sendLine(QStringLiteral("/msg alice psst back"));
    QCOMPARE(plain->nextLine(), QStringLiteral("-> *alice* psst back"));
    message = alice->waitForMessageFrom(QStringLiteral("pat"));
    QVERIFY(message);
    QCOMPARE(message->from, QStringLiteral("pat"));
    QCOMPARE(message->to, QStringLiteral("alice"));
    QCOMPARE(message->text, QStringLiteral("psst back"));

    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    QCOMPARE(plain->nextLine(), QStringLiteral("* bob joined"));
    bob->send(Bye{QStringLiteral("later")});
    QCOMPARE(plain->nextLine(), QStringLiteral("* bob left (later)"));

    m_server->sendNotice(QStringLiteral("pizza in 5"));
    QCOMPARE(plain->nextLine(), QStringLiteral("-server- pizza in 5"));
    const std::optional<Notice> notice = alice->waitFor<Notice>();
    QVERIFY(notice);
    QCOMPARE(notice->text, QStringLiteral("pizza in 5"));

    plain->sendLine(QStringLiteral("/quit gone fishing"));
    QVERIFY(plain->waitForLine(QStringLiteral("-server- Goodbye!")));
    QVERIFY(plain->waitForDisconnected());
    const std::optional<Left> left = alice->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->nick, QStringLiteral("pat"));
    QCOMPARE(left->reason, QStringLiteral("gone fishing"));
    // The plain-text client never got its own lines back (it prints them itself).
    const QStringList everything = plain->allLines();
    QVERIFY(everything.contains(QStringLiteral("<alice> hi plain")));
    QVERIFY(everything.filter(QStringLiteral("hi alice")).isEmpty());
    QVERIFY(everything.filter(QStringLiteral("waves")).isEmpty());
}

void tst_ChatServer::plainTextNicknames()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    LineClient *first = newLineClient();
    QVERIFY(first->waitForLine(QStringLiteral("You are 127.0.0.1.")));
    LineClient *second = newLineClient();
    QVERIFY(second->waitForLine(QStringLiteral("You are 127.0.0.1-2.")));
    std::optional<Joined> joinedEvent = alice->nextAs<Joined>();
    QVERIFY(joinedEvent);
    QCOMPARE(joinedEvent->nick, QStringLiteral("127.0.0.1"));
    joinedEvent = alice->nextAs<Joined>();
    QVERIFY(joinedEvent);
    QCOMPARE(joinedEvent->nick, QStringLiteral("127.0.0.1-2"));
}

void tst_ChatServer::plainTextCommands()
{
    startServer();
    LineClient *plain = newLineClient();
    plain->sendLine(QStringLiteral("/help"));
    QVERIFY(plain->waitForLine(QStringLiteral("/help            show this help")));
    QVERIFY(plain->pendingLines().isEmpty());

    struct Step
    {
        QByteArray sent;
        QString answerMentions;
    };
    const QList<Step> steps = {
            {"/nick\n", QStringLiteral("-server- usage: /nick NAME")},
            {"/nick two words\n", QStringLiteral("spaces")},
            {"/msg ghost boo\n", QStringLiteral("no one called \"ghost\"")},
            {"/msg ghost\n", QStringLiteral("usage: /msg NICK TEXT")},
            {"caf\xe9 latin-1\n", QStringLiteral("not valid UTF-8")},
            {"bell \x07\n", QStringLiteral("control character")},
            {QByteArray(8193, 'x') + '\n', QStringLiteral("8193 bytes")},
            // A blank line says nothing; the next answer is the one to /who.
            {"   \n/who\n", QStringLiteral("-server- 1 user: 127.0.0.1")},
    };
    for (const Step &step : steps) {
        plain->sendRaw(step.sent);
        const std::optional<QString> line = plain->nextLine();
        QVERIFY2(line, step.sent.left(40).constData());
        QVERIFY2(line->contains(step.answerMentions), qPrintable(*line));
        QVERIFY(plain->isConnected());
    }
}

void tst_ChatServer::plainTextUnknownCommandsGoToNoOne()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    LineClient *plain = newLineClient();
    QVERIFY(plain->waitForLine(QStringLiteral("-server- You are 127.0.0.1")));
    QVERIFY(alice->waitFor<Joined>());
    plain->clearPending();

    const QStringList typos = {QStringLiteral("/nikc bob"), QStringLiteral("/jion #random"),
                               QStringLiteral("  /SHRUG"), QStringLiteral("/你好")};
    for (const QString &typo : typos) {
        plain->sendLine(typo);
        const QString name = typo.trimmed().section(u' ', 0, 0);
        QCOMPARE(plain->nextLine(),
                 u"-server- unknown command " + name + u" — /help lists the commands");
        QVERIFY(plain->isConnected());
    }
    // Escaped, the same word is said; nothing before it reached alice.
    plain->sendLine(QStringLiteral("//join is what IRC says"));
    const std::optional<ChatMessage> said = alice->waitForMessageFrom(QStringLiteral("127.0.0.1"));
    QVERIFY(said);
    QCOMPARE(said->text, QStringLiteral("/join is what IRC says"));
    plain->sendLine(QStringLiteral("/ shrug"));
    QCOMPARE(alice->waitForMessageFrom(QStringLiteral("127.0.0.1"))->text,
             QStringLiteral("/ shrug"));
}

void tst_ChatServer::largeRoomCountsJoinsAndLeaves()
{
    // Above quietJoinsAbove people, joins and leaves come as a count now
    // and then; up to it, one by one.
    ServerConfig config = testConfig();
    config.quietJoinsAbove = 3;
    config.presenceIntervalMs = 100;
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    LineClient *plain = newLineClient();
    QVERIFY(alice && plain->waitForLine(QStringLiteral("-server- You are 127.0.0.1")));
    QVERIFY(alice->waitFor<Joined>());
    TestClient *bob = joined(QStringLiteral("bob")); // the third: told one by one
    QVERIFY(bob);
    const std::optional<Joined> third = alice->waitFor<Joined>();
    QVERIFY(third);
    QCOMPARE(third->nick, QStringLiteral("bob"));
    TestClient *carol = joined(QStringLiteral("carol")); // the fourth: counted
    TestClient *dave = joined(QStringLiteral("dave"));
    QVERIFY(carol && dave);
    const std::optional<Presence> presence = alice->waitFor<Presence>();
    QVERIFY2(presence, qPrintable(alice->lastProblem()));
    QCOMPARE(presence->joined, 2);
    QCOMPARE(presence->left, 0);
    QCOMPARE(presence->users, 5);
    QVERIFY(plain->waitForLine(QStringLiteral("* 2 joined, 0 left; 5 people here")));
    QVERIFY(!plain->allLines().join(u'\n').contains(u"* carol joined"));
    // Everyone who comes still gets the whole list.
    QCOMPARE(dave->joinHistory().complete, true);
    carol->send(Bye{QString()});
    const std::optional<Presence> after = alice->waitFor<Presence>();
    QVERIFY(after);
    QCOMPARE(after->joined, 0);
    QCOMPARE(after->left, 1);
    QCOMPARE(after->users, 4);
    // Down to the size again: told one by one.
    dave->send(Bye{QString()});
    const std::optional<Presence> last = alice->waitFor<Presence>();
    QVERIFY(last);
    QCOMPARE(last->left, 1);
    bob->send(Bye{QStringLiteral("off")});
    const std::optional<Left> left = alice->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->nick, QStringLiteral("bob"));
}

void tst_ChatServer::longUsersListComesInPieces()
{
    // 300 people: more than one piece (256). The welcome leaves the list out,
    // users frames follow within the frame limit, and they add up.
    ServerConfig config = testConfig();
    config.quietJoinsAbove = 0;
    startServer(config);
    QList<TestClient *> people;
    for (int i = 0; i < 299; ++i) {
        auto *client = new TestClient(&m_owner);
        QVERIFY(client->connectTo(m_server->serverPort()));
        client->send(Hello{
                1, QStringLiteral("person%1").arg(i), QString(), QString(), std::nullopt, {}});
        people.append(client);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->userCount(), 299, 20000);
    auto *last = new TestClient(&m_owner);
    QVERIFY(last->connectTo(m_server->serverPort()));
    last->send(Hello{1, QStringLiteral("the-last"), QString(), QString(), std::nullopt, {}});
    const std::optional<Welcome> welcome = last->nextAs<Welcome>();
    QVERIFY(welcome);
    QVERIFY(!welcome->usersIncluded);
    QSet<QString> nicks;
    for (bool complete = false; !complete;) {
        const std::optional<Users> piece = last->nextAs<Users>();
        QVERIFY2(piece, qPrintable(last->lastProblem()));
        for (const UserInfo &user : piece->users)
            nicks.insert(user.nick);
        complete = piece->complete;
    }
    QCOMPARE(nicks.size(), 300);
    QVERIFY(nicks.contains(QStringLiteral("the-last")));
    QVERIFY(last->nextAs<HistoryPage>());
    QVERIFY(last->decodeErrors().isEmpty());
    // who: the same pieces.
    last->send(Who{});
    int counted = 0;
    for (bool complete = false; !complete;) {
        const std::optional<Users> piece = last->nextAs<Users>();
        QVERIFY(piece);
        counted += int(piece->users.size());
        complete = piece->complete;
    }
    QCOMPARE(counted, 300);
}

void tst_ChatServer::silentClientIsPlainText()
{
    ServerConfig config = testConfig();
    config.plainTextDetectMs = 1000; // the contract's second
    config.handshakeTimeoutMs = 300; // does not apply to plain-text clients
    startServer(config);
    LineClient *listener = newLineClient();
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(listener->nextLine(3000), QStringLiteral("Welcome to this chatroom!"));
    QVERIFY(timer.elapsed() >= 900); // it waited for the client to speak first
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QVERIFY(listener->waitForLine(QStringLiteral("* alice joined")));
    alice->send(say(QStringLiteral("anyone there?")));
    QCOMPARE(listener->nextLine(), QStringLiteral("<alice> anyone there?"));
    QVERIFY(listener->isConnected());
}

void tst_ChatServer::whispers()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    TestClient *carol = joined(QStringLiteral("carol"));
    QVERIFY(alice && bob && carol);

    alice->send(Whisper{QStringLiteral("Bob"), QStringLiteral("secret"), QStringLiteral("w1")});
    const std::optional<ChatMessage> echo = alice->waitFor<ChatMessage>();
    QVERIFY(echo);
    QCOMPARE(echo->to, QStringLiteral("bob"));
    QCOMPARE(echo->ref, QStringLiteral("w1"));
    const std::optional<ChatMessage> received = bob->waitFor<ChatMessage>();
    QVERIFY(received);
    QCOMPARE(received->from, QStringLiteral("alice"));
    QCOMPARE(received->to, QStringLiteral("bob"));
    QCOMPARE(received->text, QStringLiteral("secret"));
    QVERIFY(received->ref.isEmpty());
    QCOMPARE(received->id, echo->id);

    alice->send(say(QStringLiteral("public")));
    const std::optional<ChatMessage> carolSees = carol->waitFor<ChatMessage>();
    QVERIFY(carolSees);
    QCOMPARE(carolSees->text, QStringLiteral("public")); // not the whisper

    // History: the whisper is the parties' only.
    auto historyTexts = [](TestClient *client) {
        client->send(HistoryRequest{std::nullopt, 50, {}, {}});
        QStringList texts;
        if (const std::optional<HistoryPage> page = client->waitFor<HistoryPage>()) {
            for (const ChatMessage &message : page->messages)
                texts.append(message.text);
        }
        return texts;
    };
    QCOMPARE(historyTexts(bob), (QStringList{QStringLiteral("secret"), QStringLiteral("public")}));
    QCOMPARE(historyTexts(carol), QStringList{QStringLiteral("public")});
    TestClient *dave = joined(QStringLiteral("dave"));
    QVERIFY(dave);
    QCOMPARE(dave->joinHistory().messages.size(), 1);
    QCOMPARE(dave->joinHistory().messages.first().text, QStringLiteral("public"));
}

void tst_ChatServer::nickChanges()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(alice->waitFor<Joined>());

    QSignalSpy spy(m_server.get(), &ChatServer::userRenamed);
    alice->send(Nick{QStringLiteral("Alicia")});
    for (TestClient *client : {alice, bob}) {
        const std::optional<Renamed> renamed = client->nextAs<Renamed>();
        QVERIFY2(renamed, qPrintable(client->lastProblem()));
        QCOMPARE(renamed->from, QStringLiteral("alice"));
        QCOMPARE(renamed->to, QStringLiteral("Alicia"));
    }
    QCOMPARE(spy.count(), 1);

    bob->send(Nick{QStringLiteral("ALICIA")});
    QVERIFY(bob->waitForError(ErrorCode::NickTaken));
    bob->send(Nick{QStringLiteral("")});
    QVERIFY(bob->waitForError(ErrorCode::BadNick));

    // A change of case of one's own nickname is allowed.
    alice->send(Nick{QStringLiteral("alicia")});
    const std::optional<Renamed> recased = bob->nextAs<Renamed>();
    QVERIFY(recased);
    QCOMPARE(recased->to, QStringLiteral("alicia"));

    // The old nickname is free again, and the new one is reachable.
    bob->send(Nick{QStringLiteral("alice")});
    QVERIFY(alice->waitFor<Renamed>());
    bob->send(Whisper{QStringLiteral("alicia"), QStringLiteral("hi"), QString()});
    const std::optional<ChatMessage> whisper = alice->waitFor<ChatMessage>();
    QVERIFY(whisper);
    QCOMPARE(whisper->from, QStringLiteral("alice"));
}

void tst_ChatServer::userListFollowsTheRoom()
{
    // The server keeps its users list encoded between changes: joins, renames
    // and leaves must all show in what the next welcome and who carry.
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    TestClient *carol = joined(QStringLiteral("carol"));
    QVERIFY(alice && bob && carol);
    const auto nicks = [](const QList<UserInfo> &users) {
        QStringList list;
        for (const UserInfo &user : users)
            list.append(user.nick);
        return list;
    };

    bob->send(Nick{QStringLiteral("Bobby")});
    QVERIFY(alice->waitFor<Renamed>());
    TestClient *dave = newClient();
    std::optional<Welcome> welcome = dave->join(QStringLiteral("dave"));
    QVERIFY2(welcome, qPrintable(dave->lastProblem()));
    QCOMPARE(nicks(welcome->users), QStringList({QStringLiteral("alice"), QStringLiteral("Bobby"),
                                                 QStringLiteral("carol"), QStringLiteral("dave")}));
    QVERIFY(welcome->users.first().since <= welcome->users.last().since);

    carol->send(Bye{});
    QVERIFY(alice->waitFor<Left>());
    TestClient *erin = newClient();
    welcome = erin->join(QStringLiteral("erin"));
    QVERIFY2(welcome, qPrintable(erin->lastProblem()));
    QCOMPARE(nicks(welcome->users), QStringList({QStringLiteral("alice"), QStringLiteral("Bobby"),
                                                 QStringLiteral("dave"), QStringLiteral("erin")}));

    alice->send(Who{});
    const std::optional<Users> users = alice->waitFor<Users>();
    QVERIFY2(users, qPrintable(alice->lastProblem()));
    QCOMPARE(nicks(users->users), nicks(welcome->users));
}

void tst_ChatServer::pingPong()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    const QList<QJsonValue> tokens = {QJsonValue(QStringLiteral("abc")), QJsonValue(42),
                                      QJsonValue(QJsonValue::Undefined)};
    for (const QJsonValue &token : tokens) {
        alice->send(Ping{token});
        const std::optional<Pong> pong = alice->nextAs<Pong>();
        QVERIFY2(pong, qPrintable(alice->lastProblem()));
        QCOMPARE(pong->token, token);
    }
}

void tst_ChatServer::floodControlSlowsReading()
{
    ServerConfig config = testConfig();
    config.rate = 20; // a message every 50 ms after a burst of 5
    config.burst = 5;
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(alice->waitFor<Joined>());

    constexpr int count = 25;
    QByteArray burst;
    for (int i = 0; i < count; ++i)
        burst +=
                Codec::encode(say(QStringLiteral("flood %1").arg(i), QStringLiteral("f%1").arg(i)));
    alice->sendRaw(burst);
    QElapsedTimer timer;
    timer.start();
    bob->send(say(QStringLiteral("bob is not slowed down")));

    QList<QString> seen;
    qint64 burstDoneMs = -1;
    while (seen.size() < count + 1) {
        const std::optional<ChatMessage> message = alice->waitFor<ChatMessage>(5000);
        QVERIFY2(message, qPrintable(QStringLiteral("got %1 messages").arg(seen.size())));
        seen.append(message->text);
        if (message->ref == u"f4")
            burstDoneMs = timer.elapsed();
    }
    // Nothing was lost or reordered: the flood was read more slowly.
    QStringList expected;
    for (int i = 0; i < count; ++i)
        expected.append(QStringLiteral("flood %1").arg(i));
    QStringList aliceOwn = seen;
    aliceOwn.removeAll(QStringLiteral("bob is not slowed down"));
    QCOMPARE(aliceOwn, expected);
    // The 20 messages after the fifth one needed 20 tokens at 20 per second
    // (1 s; checked with room for delivery jitter), instead of arriving at once.
    QVERIFY(burstDoneMs >= 0);
    QVERIFY2(timer.elapsed() - burstDoneMs >= 700,
             qPrintable(QStringLiteral("%1 ms").arg(timer.elapsed() - burstDoneMs)));
    // Bob's message was not stuck behind alice's flood: it came right after her burst.
    QVERIFY2(seen.indexOf(QStringLiteral("bob is not slowed down")) < 10,
             qPrintable(QString::number(seen.indexOf(QStringLiteral("bob is not slowed down")))));
    QVERIFY(alice->isConnected());
}

void tst_ChatServer::floodBeyondReceiveQueue()
{
    ServerConfig config = testConfig();
    config.rate = 1;
    config.burst = 1;
    config.maxFrameBytes = 1024;
    config.recvQueueBytes = 2048;
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(alice->waitFor<Joined>());

    QByteArray flood;
    for (int i = 0; i < 100; ++i)
        flood += Codec::encode(say(QString(80, u'x')));
    QVERIFY(flood.size() > 8000);
    alice->sendRaw(flood);
    QVERIFY2(alice->waitForError(ErrorCode::RateLimited), qPrintable(alice->lastProblem()));
    QVERIFY(alice->waitForDisconnected());
    const std::optional<Left> left = bob->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->nick, QStringLiteral("alice"));
    QCOMPARE(left->reason, QStringLiteral("flooding"));
    QVERIFY(bob->isConnected());
}

void tst_ChatServer::slowReaderIsDropped()
{
    ServerConfig config = testConfig();
    config.sendQueueBytes = 64 * 1024;
    startServer(config);
    TestClient *writer = joined(QStringLiteral("writer"));
    TestClient *reader = joined(QStringLiteral("reader"));
    TestClient *slow = joined(QStringLiteral("slow"));
    QVERIFY(writer && reader && slow);
    slow->stopReading();
    QVERIFY(reader->waitFor<Joined>());

    QSignalSpy left(m_server.get(), &ChatServer::userLeft);
    const QString text(8000, u'm');
    int sent = 0;
    int received = 0;
    // Batches of 20 messages of 8 kB, until the server gives up on the slow
    // reader (what the system holds for it counts too).
    std::optional<Left> leftEvent;
    while (left.isEmpty() && sent < 4000) {
        for (int i = 0; i < 20; ++i)
            writer->send(say(text + QString::number(sent++)));
        while (received < sent) {
            const std::optional<ServerMessage> message = reader->next(10000);
            QVERIFY2(message,
                     qPrintable(QStringLiteral("reader got %1 of %2").arg(received).arg(sent)));
            if (const auto *gone = std::get_if<Left>(&*message)) {
                leftEvent = *gone;
                continue;
            }
            const auto *chat = std::get_if<ChatMessage>(&*message);
            QVERIFY2(chat, qPrintable(TestClient::describe(*message)));
            QCOMPARE(chat->text, text + QString::number(received));
            ++received;
        }
    }
    QCOMPARE(left.count(), 1);
    QCOMPARE(left.first().at(0).toString(), QStringLiteral("slow"));
    QCOMPARE(left.first().at(1).toString(), QStringLiteral("send queue exceeded"));
    if (!leftEvent)
        leftEvent = reader->waitFor<Left>();
    QVERIFY(leftEvent);
    QCOMPARE(leftEvent->nick, QStringLiteral("slow"));
    QCOMPARE(leftEvent->reason, QStringLiteral("send queue exceeded"));
    // The others keep chatting.
    writer->send(say(QStringLiteral("after")));
    const std::optional<ChatMessage> after = reader->waitFor<ChatMessage>();
    QVERIFY(after);
    QCOMPARE(after->text, QStringLiteral("after"));
    QCOMPARE(m_server->userCount(), 2);
    // Its connection is reset once the linger time is over, rather than left
    // to the system to deliver for minutes.
    QTRY_VERIFY_WITH_TIMEOUT(slow->wasReset(), 3 * config.lingerMs + 5000);
}

void tst_ChatServer::busyRoomDoesNotDropReaders()
{
    // Eight people each send a burst of nine long messages (within the rate's
    // burst) at the same moment: 72 messages of 16 kB of JSON for everyone.
    // All of them read; none of them may be taken for a slow reader.
    ServerConfig config = testConfig();
    config.rate = 5;
    config.burst = 10;
    startServer(config);
    QByteArray burst;
    for (int i = 0; i < 9; ++i)
        burst += Codec::encode(say(QString(8000, u'"')));
    std::vector<std::unique_ptr<ThreadedClient>> clients;
    for (int i = 0; i < 9; ++i) {
        clients.push_back(std::make_unique<ThreadedClient>(m_server->serverPort(),
                                                           QStringLiteral("user%1").arg(i),
                                                           i < 8 ? burst : QByteArray()));
        clients.back()->start();
    }
    // The clients run in other threads: poll (QTRY_*), there is no event to wait for.
    auto all = [&clients](auto condition) {
        return std::all_of(clients.begin(), clients.end(), condition);
    };
    QTRY_VERIFY(all([](const auto &client) { return bool(client->joined); }));
    for (const auto &client : clients)
        client->go = true;
    QTRY_VERIFY_WITH_TIMEOUT(
            all([](const auto &client) { return client->messages == 72 || client->dropped; }),
            30000);
    for (const auto &client : clients) {
        QVERIFY(!client->dropped);
        QCOMPARE(int(client->errors), 0);
        QCOMPARE(int(client->messages), 72);
    }
    QCOMPARE(m_server->userCount(), 9);
}

void tst_ChatServer::inputBeforeCloseIsHandled_data()
{
    QTest::addColumn<bool>("plainText");
    QTest::newRow("plain text (nc -N)") << true;
    QTest::newRow("protocol, ending with bye") << false;
}

void tst_ChatServer::inputBeforeCloseIsHandled()
{
#ifndef Q_OS_UNIX
    QSKIP("half-closes a socket with shutdown()");
#else
    QFETCH(bool, plainText);
    ServerConfig config = testConfig();
    config.rate = 20; // most of the input is still waiting when the client closes
    config.burst = 5;
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);

    // Twenty lines, then the client closes its side of the connection.
    QTcpSocket sender;
    QVERIFY(connectAndWait(&sender, m_server->serverPort()));
    QByteArray input;
    if (plainText) {
        for (int i = 1; i < 20; ++i)
            input += "line " + QByteArray::number(i) + '\n';
        input += "line 20"; // the last line needs no LF
    } else {
        input += Codec::encode(
                Hello{1, QStringLiteral("bot"), QString(), QString(), std::nullopt, {}});
        for (int i = 1; i <= 20; ++i)
            input += Codec::encode(say(QStringLiteral("line %1").arg(i), QString::number(i)));
        input += Codec::encode(Bye{QStringLiteral("done")});
    }
    sender.write(input);
    QVERIFY(sender.waitForBytesWritten(5000) || sender.bytesToWrite() == 0);
    ::shutdown(int(sender.socketDescriptor()), SHUT_WR);
    QElapsedTimer timer;
    timer.start();

    QStringList received;
    while (received.size() < 20) {
        const std::optional<ChatMessage> message = alice->waitFor<ChatMessage>(5000);
        QVERIFY2(message, qPrintable(received.join(u", ")));
        received.append(message->text);
    }
    for (int i = 1; i <= 20; ++i)
        QCOMPARE(received.at(i - 1), QStringLiteral("line %1").arg(i));
    // At the usual rate: 15 or more lines beyond the burst of 5, 20 a second.
    QVERIFY2(timer.elapsed() >= 500, qPrintable(QString::number(timer.elapsed())));
    const std::optional<Left> left = alice->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->reason,
             plainText ? QStringLiteral("connection closed") : QStringLiteral("done"));
    QVERIFY(waitUntil([this] { return m_server->connectionCount() == 1; }));
#endif
}

void tst_ChatServer::largeInputBeforeCloseIsHandledWhole()
{
#ifndef Q_OS_UNIX
    QSKIP("half-closes a socket with shutdown()");
#else
    // With no rate limit, 400 kB arrive at once: far more than the server
    // handles in one turn or reads ahead. None of it may be lost or cut
    // when the client closes its side right after.
    ServerConfig config = testConfig();
    config.rate = 0;
    config.recvQueueBytes = 0;
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);

    constexpr int Lines = 4000;
    const QByteArray padding(90, 'x');
    QTcpSocket sender;
    QVERIFY(connectAndWait(&sender, m_server->serverPort()));
    QByteArray input;
    for (int i = 1; i <= Lines; ++i) {
        input += "line " + QByteArray::number(i) + ' ' + padding;
        if (i < Lines)
            input += '\n'; // the last line needs no LF
    }
    sender.write(input);
    while (sender.bytesToWrite() > 0)
        QVERIFY(sender.waitForBytesWritten(5000));
    ::shutdown(int(sender.socketDescriptor()), SHUT_WR);

    for (int i = 1; i <= Lines; ++i) {
        const std::optional<ChatMessage> message = alice->waitFor<ChatMessage>(10000);
        QVERIFY2(message, qPrintable(QStringLiteral("line %1 did not arrive").arg(i)));
        QCOMPARE(message->text, QStringLiteral("line %1 ").arg(i) + QString::fromLatin1(padding));
    }
    const std::optional<Left> left = alice->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->reason, QStringLiteral("connection closed"));
#endif
}

void tst_ChatServer::oversizedLineDoesNotBypassFloodControl()
{
    ServerConfig config = testConfig();
    config.rate = 1;
    config.burst = 3;
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    LineClient *flooder = newLineClient();
    QVERIFY(flooder->waitForLine(QStringLiteral("Welcome")));
    QVERIFY(alice->waitFor<Joined>());
    // Many short lines, then a line that never ends.
    QByteArray flood;
    for (int i = 0; i < 2000; ++i)
        flood += "spam " + QByteArray::number(i) + '\n';
    flood += QByteArray(70000, 'x');
    flooder->sendRaw(flood);
    QVERIFY(flooder->waitForLine(QStringLiteral("longer than 65536 bytes")));
    QVERIFY(flooder->waitForDisconnected());
    const std::optional<Left> left = alice->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->reason, QStringLiteral("frame too large"));
    // No more than the burst got through.
    QVERIFY(m_server->history().lastId() <= 3);
}

void tst_ChatServer::whisperHistoryStaysWithItsParties()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->send(Whisper{QStringLiteral("bob"), QStringLiteral("the code is 4711"), QString()});
    QVERIFY(bob->waitFor<ChatMessage>());
    bob->send(Bye{});
    QVERIFY(alice->waitFor<Left>());

    // Someone on another computer takes bob's nickname: the whisper is not theirs.
    TestClient *impostor = new TestClient(&m_owner);
    if (!impostor->connectFrom(QHostAddress(QStringLiteral("127.0.0.2")), m_server->serverPort()))
        QSKIP("cannot connect from 127.0.0.2 here");
    QVERIFY(impostor->join(QStringLiteral("Bob"), 0));
    QVERIFY(impostor->joinHistory().messages.isEmpty());
    impostor->send(HistoryRequest{std::nullopt, 50, {}, {}});
    const std::optional<HistoryPage> page = impostor->nextAs<HistoryPage>();
    QVERIFY(page);
    QVERIFY(page->messages.isEmpty());
    impostor->send(Bye{});
    QVERIFY(alice->waitFor<Left>());

    // Bob, back from his own computer, still has it.
    TestClient *back = newClient();
    QVERIFY(back->join(QStringLiteral("bob"), 0));
    QCOMPARE(back->joinHistory().messages.size(), 1);
    QCOMPARE(back->joinHistory().messages.first().text, QStringLiteral("the code is 4711"));
}

void tst_ChatServer::refusalsQuoteLongInputBriefly()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    alice->sendRaw(R"({"type":"whisper","text":"hi","to":")" + QByteArray(65000, 'n') + "\"}\n");
    std::optional<Error> error = alice->waitForError(ErrorCode::NoSuchNick);
    QVERIFY(error);
    QVERIFY(error->message.size() < 200);
    alice->sendRaw(R"({"type":")" + QByteArray(65000, 't') + "\"}\n");
    error = alice->waitForError(ErrorCode::UnknownType);
    QVERIFY(error);
    QVERIFY(error->message.size() < 200);
}

void tst_ChatServer::handshakeTimeout_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::newRow("a frame that is not hello, then silence") << QByteArray("{\"type\":\"who\"}\n");
    QTest::newRow("half a hello") << QByteArray("{\"type\":\"hel");
}

void tst_ChatServer::handshakeTimeout()
{
    QFETCH(QByteArray, sent);
    ServerConfig config = testConfig();
    config.handshakeTimeoutMs = 400;
    startServer(config);
    TestClient *client = newClient();
    client->sendRaw(sent);
    const std::optional<Error> error = client->waitForError(ErrorCode::HandshakeTimeout, 3000);
    QVERIFY2(error, qPrintable(client->lastProblem()));
    QVERIFY(client->waitForDisconnected());
    QCOMPARE(m_server->connectionCount(), 0);
}

void tst_ChatServer::pingTimeout()
{
    ServerConfig config = testConfig();
    config.pingIntervalMs = 200;
    config.pingTimeoutMs = 300;
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    bob->setAnswerPings(true);
    LineClient *plain = newLineClient(); // kept alive by TCP, never pinged
    QVERIFY(plain->waitForLine(QStringLiteral("Welcome")));

    // Alice stays silent: pinged after 200 ms, dropped 300 ms later.
    QVERIFY(alice->waitFor<Ping>(3000));
    QVERIFY2(alice->waitForError(ErrorCode::PingTimeout, 3000), qPrintable(alice->lastProblem()));
    QVERIFY(alice->waitForDisconnected());
    const std::optional<Left> left = bob->waitFor<Left>(3000);
    QVERIFY(left);
    QCOMPARE(left->nick, QStringLiteral("alice"));
    QCOMPARE(left->reason, QStringLiteral("ping timeout"));
    QVERIFY(plain->waitForLine(QStringLiteral("* alice left (ping timeout)")));
    // Bob answers and stays, across several ping intervals.
    QTest::qWait(1000);
    QVERIFY(bob->isConnected());
    QVERIFY(plain->pendingLines().filter(QStringLiteral("bob left")).isEmpty());
    QCOMPARE(m_server->userCount(), 2);
}

void tst_ChatServer::historyOnJoin()
{
    ServerConfig config = testConfig();
    config.joinBacklog = 3;
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    for (int i = 1; i <= 5; ++i) {
        alice->send(say(QStringLiteral("m%1").arg(i)));
        QVERIFY(alice->waitFor<ChatMessage>());
    }
    TestClient *bob = newClient();
    const std::optional<Welcome> welcome = bob->join(QStringLiteral("bob"));
    QVERIFY(welcome);
    QCOMPARE(welcome->lastId, 5);
    const HistoryPage history = bob->joinHistory();
    QCOMPARE(history.messages.size(), 3);
    QCOMPARE(history.messages.first().text, QStringLiteral("m3"));
    QCOMPARE(history.messages.last().text, QStringLiteral("m5"));
    QVERIFY(!history.complete);

    LineClient *plain = newLineClient();
    QVERIFY(plain->waitForLine(QStringLiteral("-server- The last 3 messages:")));
    QCOMPARE(plain->nextLine(), QStringLiteral("<alice> m3"));
    QCOMPARE(plain->nextLine(), QStringLiteral("<alice> m4"));
    QCOMPARE(plain->nextLine(), QStringLiteral("<alice> m5"));
}

void tst_ChatServer::historyReplayAfterSince()
{
    ServerConfig config = testConfig();
    config.replayCap = 4;
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->send(say(QStringLiteral("before the drop")));
    const std::optional<ChatMessage> lastSeen = bob->waitFor<ChatMessage>();
    QVERIFY(lastSeen);

    // Bob drops; the others keep talking.
    bob->socket()->abort();
    QVERIFY(alice->waitFor<Left>());
    for (int i = 1; i <= 3; ++i) {
        alice->send(say(QStringLiteral("missed %1").arg(i)));
        QVERIFY(alice->waitFor<ChatMessage>()); // stored before bob comes back
    }

    // Bob comes back with the last id he saw: exactly the missed messages, in order, once.
    TestClient *back = newClient();
    QVERIFY(back->join(QStringLiteral("bob"), lastSeen->id));
    HistoryPage replay = back->joinHistory();
    QStringList texts;
    for (const ChatMessage &message : std::as_const(replay.messages))
        texts.append(message.text);
    QCOMPARE(texts, (QStringList{QStringLiteral("missed 1"), QStringLiteral("missed 2"),
                                 QStringLiteral("missed 3")}));
    QVERIFY(replay.complete);
    // Then live messages follow, no duplicates.
    alice->send(say(QStringLiteral("live")));
    const std::optional<ChatMessage> live = back->waitFor<ChatMessage>();
    QVERIFY(live);
    QCOMPARE(live->text, QStringLiteral("live"));
    QVERIFY(live->id > replay.messages.last().id);

    // More missed than the cap: the newest ones, marked incomplete.
    TestClient *late = newClient();
    QVERIFY(late->join(QStringLiteral("late"), 0));
    replay = late->joinHistory();
    QCOMPARE(replay.messages.size(), 4);
    QCOMPARE(replay.messages.last().text, QStringLiteral("live"));
    QVERIFY(!replay.complete);
}

void tst_ChatServer::historyPaging()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    for (int i = 1; i <= 12; ++i)
        alice->send(say(QStringLiteral("m%1").arg(i)));
    for (int i = 1; i <= 12; ++i)
        QVERIFY(alice->waitFor<ChatMessage>());

    QStringList all;
    std::optional<qint64> before;
    for (int pages = 0; pages < 10; ++pages) {
        alice->send(HistoryRequest{before, 5, {}, {}});
        const std::optional<HistoryPage> page = alice->nextAs<HistoryPage>();
        QVERIFY2(page, qPrintable(alice->lastProblem()));
        QVERIFY(page->messages.size() <= 5);
        QStringList texts;
        for (const ChatMessage &message : page->messages)
            texts.append(message.text);
        all = texts + all;
        if (page->complete)
            break;
        before = page->messages.first().id;
    }
    QStringList expected;
    for (int i = 1; i <= 12; ++i)
        expected.append(QStringLiteral("m%1").arg(i));
    QCOMPARE(all, expected);
}

void tst_ChatServer::duplicateRefIsNotStoredTwice()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->send(say(QStringLiteral("only once"), QStringLiteral("dup-1")));
    const std::optional<ChatMessage> first = alice->waitFor<ChatMessage>();
    QVERIFY(first);
    // Resent, as a client does after a dropped connection.
    alice->send(say(QStringLiteral("only once"), QStringLiteral("dup-1")));
    const std::optional<ChatMessage> second = alice->waitFor<ChatMessage>();
    QVERIFY(second);
    QCOMPARE(second->id, first->id);
    QCOMPARE(second->ref, QStringLiteral("dup-1"));
    alice->send(say(QStringLiteral("next"), QStringLiteral("dup-2")));

    const std::optional<ChatMessage> seen = bob->waitFor<ChatMessage>();
    QVERIFY(seen);
    QCOMPARE(seen->text, QStringLiteral("only once"));
    const std::optional<ChatMessage> seenNext = bob->waitFor<ChatMessage>();
    QVERIFY(seenNext);
    QCOMPARE(seenNext->text, QStringLiteral("next"));
    QCOMPARE(m_server->history().lastId(), 2);

    // The same ref with other text is not a resend: it is a new message.
    alice->send(say(QStringLiteral("something else"), QStringLiteral("dup-1")));
    const std::optional<ChatMessage> other = bob->waitFor<ChatMessage>();
    QVERIFY(other);
    QCOMPARE(other->text, QStringLiteral("something else"));
    QCOMPARE(other->id, 3);

    // A whisper resent after its recipient left is answered with the stored copy.
    alice->send(Whisper{QStringLiteral("bob"), QStringLiteral("psst"), QStringLiteral("w-1")});
    std::optional<ChatMessage> whisper;
    while ((whisper = alice->waitFor<ChatMessage>()) && whisper->ref != u"w-1") {
    }
    QVERIFY(whisper);
    bob->send(Bye{});
    QVERIFY(alice->waitFor<Left>());
    alice->send(Whisper{QStringLiteral("bob"), QStringLiteral("psst"), QStringLiteral("w-1")});
    const std::optional<ServerMessage> answer = alice->next();
    QVERIFY(answer);
    QVERIFY2(std::holds_alternative<ChatMessage>(*answer),
             qPrintable(TestClient::describe(*answer)));
    QCOMPARE(std::get<ChatMessage>(*answer).id, whisper->id);
    QCOMPARE(std::get<ChatMessage>(*answer).ref, QStringLiteral("w-1"));
}

void tst_ChatServer::kick()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(alice->waitFor<Joined>());
    QVERIFY(!m_server->kick(QStringLiteral("nobody")));
    QVERIFY(m_server->kick(QStringLiteral("BOB"), QStringLiteral("spamming")));
    const std::optional<Error> error = bob->waitForError(ErrorCode::Kicked);
    QVERIFY(error);
    QVERIFY(error->message.contains(u"spamming"));
    QCOMPARE(error->reason, QStringLiteral("spamming")); // for clients to say in their words
    QVERIFY(bob->waitForDisconnected());
    const std::optional<Left> left = alice->nextAs<Left>();
    QVERIFY(left);
    QCOMPARE(left->nick, QStringLiteral("bob"));
    QCOMPARE(left->reason, QStringLiteral("kicked: spamming"));
}

void tst_ChatServer::banDisconnectsAndRefuses()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    LineClient *plain = newLineClient();
    QVERIFY(plain->waitForLine(QStringLiteral("Welcome")));
    QVERIFY(!m_server->ban(QStringLiteral("not-an-address")).isEmpty());

    QCOMPARE(m_server->ban(QStringLiteral("127.0.0.1")), QString());
    QVERIFY(alice->waitForError(ErrorCode::Banned));
    QVERIFY(alice->waitForDisconnected());
    QVERIFY(plain->waitForLine(QStringLiteral("-server- you are banned")));
    QVERIFY(plain->waitForDisconnected());
    QCOMPARE(m_server->bans(), QStringList{QStringLiteral("127.0.0.1")});

    TestClient *again = newClient();
    again->send(Hello{1, QStringLiteral("alice"), QString(), QString(), std::nullopt, {}});
    QVERIFY(again->waitForError(ErrorCode::Banned));
    QVERIFY(again->waitForDisconnected());

    QVERIFY(m_server->unban(QStringLiteral("127.0.0.1")));
    QVERIFY(joined(QStringLiteral("alice")));
}

void tst_ChatServer::bansAreKeptBetweenRuns()
{
    ServerConfig config = persistentConfig();
    config.historyOnDisk = false; // bans are kept even when the history is not
    config.bans = QStringList{QStringLiteral("10.0.0.0/8")};
    const QString path = ChatServer::banFile(config);
    QCOMPARE(path, QDir(config.dataDir).filePath(QStringLiteral("bans.txt")));
    // Someone edited the file by hand: comments, an entry with a comment, a typo.
    QVERIFY(QDir().mkpath(config.dataDir));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# the office's NAT\n172.16.0.0/12   # old lab\n10.0.0.300\n");
    file.close();
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral(
                                 "ignoring ban in .*bans.txt, line 3: \"10.0.0.300\" is not")));
    startServer(config);
    QCOMPARE(m_server->bans(),
             (QStringList{QStringLiteral("10.0.0.0/8"), QStringLiteral("172.16.0.0/12")}));
    QVERIFY(m_server->isConfiguredBan(QStringLiteral("10.0.0.0/8")));
    QVERIFY(!m_server->isConfiguredBan(QStringLiteral("172.16.0.0/12")));

    QSignalSpy changed(m_server.get(), &ChatServer::bansChanged);
    QCOMPARE(m_server->ban(QStringLiteral("192.168.7.0/24")), QString());
    QCOMPARE(m_server->ban(QStringLiteral("127.0.0.1")), QString());
    QCOMPARE(changed.size(), 2);
    QVERIFY(m_server->unban(QStringLiteral("192.168.7.0/24")));
    QCOMPARE(changed.size(), 3);
    QVERIFY(!QFile::exists(QDir(config.dataDir).filePath(QStringLiteral("history.sqlite"))));
    // The file keeps the person's lines, gains the new ban and never gets the --ban one.
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(),
             QByteArray("# the office's NAT\n172.16.0.0/12   # old lab\n10.0.0.300\n"
                        "127.0.0.1\n"));
    file.close();

    // The next run (without --ban) refuses the saved addresses at once, and only those.
    config.bans.clear();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("ignoring ban in")));
    restartServer(config);
    QCOMPARE(m_server->bans(),
             (QStringList{QStringLiteral("172.16.0.0/12"), QStringLiteral("127.0.0.1")}));
    TestClient *again = newClient();
    again->send(Hello{1, QStringLiteral("alice"), QString(), QString(), std::nullopt, {}});
    QVERIFY(again->waitForError(ErrorCode::Banned));

    // Lifting a ban written with a comment removes its line, comment and all.
    QVERIFY(m_server->unban(QStringLiteral("172.16.0.0/12")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("# the office's NAT\n10.0.0.300\n127.0.0.1\n"));
}

void tst_ChatServer::bansFileThatCannotBeWritten()
{
    // The data folder is a file: the ban holds for this run and the log says why it is not kept.
    ServerConfig config = persistentConfig();
    config.historyOnDisk = false;
    QFile blocker(config.dataDir + u"/blocker");
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    config.dataDir = blocker.fileName() + u"/data";
    startServer(config);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral(
                                 "bans: cannot save to .*bans.txt.*until the server stops")));
    QCOMPARE(m_server->ban(QStringLiteral("127.0.0.1")), QString());
    QCOMPARE(m_server->bans(), QStringList{QStringLiteral("127.0.0.1")});
    TestClient *client = newClient();
    client->send(Hello{1, QStringLiteral("alice"), QString(), QString(), std::nullopt, {}});
    QVERIFY(client->waitForError(ErrorCode::Banned));
}

void tst_ChatServer::notice()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QSignalSpy spy(m_server.get(), &ChatServer::noticeSent);
    m_server->sendNotice(QStringLiteral("  The server restarts at 18:00  "));
    const std::optional<Notice> notice = alice->nextAs<Notice>();
    QVERIFY(notice);
    QCOMPARE(notice->text, QStringLiteral("The server restarts at 18:00"));
    QVERIFY(notice->ts > 0);
    QCOMPARE(spy.count(), 1);
}

void tst_ChatServer::bye_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("told");
    QTest::newRow("with a reason")
            << QStringLiteral("dinner time") << QStringLiteral("dinner time");
    QTest::newRow("without a reason") << QString() << QStringLiteral("quit");
    QTest::newRow("reason with control characters is dropped")
            << QString::fromUtf16(u"\u001b[31mred") << QStringLiteral("quit");
}

void tst_ChatServer::bye()
{
    QFETCH(QString, reason);
    QFETCH(QString, told);
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(alice->waitFor<Joined>());
    bob->send(Bye{reason});
    QVERIFY(bob->waitForDisconnected());
    const std::optional<Left> left = alice->nextAs<Left>();
    QVERIFY(left);
    QCOMPARE(left->nick, QStringLiteral("bob"));
    QCOMPARE(left->reason, told);
}

void tst_ChatServer::shutdownTellsEveryone()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    LineClient *plain = newLineClient();
    QVERIFY(plain->waitForLine(QStringLiteral("Welcome")));
    const quint16 port = m_server->serverPort();
    QSignalSpy finished(m_server.get(), &ChatServer::shutdownFinished);

    m_server->shutdown(QStringLiteral("maintenance"));
    const std::optional<Error> error = alice->waitForError(ErrorCode::ServerShutdown);
    QVERIFY(error);
    QVERIFY(error->message.contains(u"maintenance"));
    QCOMPARE(error->reason, QStringLiteral("maintenance"));
    QVERIFY(plain->waitForLine(
            QStringLiteral("-server- the server is shutting down: maintenance")));
    QVERIFY(alice->waitForDisconnected());
    QVERIFY(plain->waitForDisconnected());
    QVERIFY(finished.wait(3000) || finished.count() == 1);
    QCOMPARE(finished.count(), 1);
    QVERIFY(!m_server->isListening());
    TestClient late;
    QVERIFY(!late.connectTo(port));
}

void tst_ChatServer::tlsHandshakeThatStopsIsClosed()
{
    // The start of a TLS hello, and nothing more: closed at the handshake's
    // time limit (tst_tls has TLS itself).
    ServerConfig config = testConfig();
    config.handshakeTimeoutMs = 300;
    startServer(config);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QVERIFY(waitUntil([&socket] { return socket.state() == QAbstractSocket::ConnectedState; }));
    socket.write(QByteArray::fromHex("160301002a0100002603031234"));
    QVERIFY(waitUntil([&socket] { return socket.state() == QAbstractSocket::UnconnectedState; }));
    QCOMPARE(socket.readAll(), QByteArray()); // no chat text sent to a TLS client
    QCOMPARE(m_server->userCount(), 0);
}

void tst_ChatServer::telnetCommandsAreAnswered()
{
    startServer();
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QTcpSocket telnet;
    QVERIFY(connectAndWait(&telnet, m_server->serverPort()));
    // Negotiation first, then a line with a BRK and a TIMING-MARK request in it.
    telnet.write("\xff\xfb\x18\xff\xfd\x03hel\xff\xf3lo\xff\xfd\x06 there\r\n");
    const std::optional<ChatMessage> message =
            alice->waitForMessageFrom(QStringLiteral("127.0.0.1"));
    QVERIFY(message);
    QCOMPARE(message->text, QStringLiteral("hello there"));
    QByteArray received;
    QVERIFY(waitUntil([&] {
        received += telnet.readAll();
        return received.contains("\xff\xfb\x06");
    }));
    QVERIFY(received.contains("\xff\xfe\x18")); // no terminal type, thanks
    QVERIFY(received.contains("\xff\xfc\x03")); // no go-ahead suppression either
    QVERIFY(received.contains("Welcome to this chatroom!"));
}

void tst_ChatServer::historySurvivesRestart()
{
    const ServerConfig config = persistentConfig();
    startServer(config);
    QVERIFY2(m_server->historyStatus().contains(u"history.sqlite"),
             qPrintable(m_server->historyStatus()));
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    for (int i = 1; i <= 5; ++i) {
        alice->send(say(QStringLiteral("before %1").arg(i)));
        QVERIFY(alice->waitFor<ChatMessage>()); // stored: the echo says so
    }
    delete alice;

    restartServer(config);
    TestClient *back = newClient();
    const std::optional<Welcome> welcome = back->join(QStringLiteral("alice"));
    QVERIFY(welcome);
    QCOMPARE(welcome->lastId, 5);
    QCOMPARE(texts(back->joinHistory().messages).size(), 5);
    back->send(say(QStringLiteral("after")));
    const std::optional<ChatMessage> next = back->waitFor<ChatMessage>();
    QVERIFY(next);
    QCOMPARE(next->id, 6); // ids continue
    QCOMPARE(texts(wholeHistory(back, 2)),
             (QStringList{QStringLiteral("before 1"), QStringLiteral("before 2"),
                          QStringLiteral("before 3"), QStringLiteral("before 4"),
                          QStringLiteral("before 5"), QStringLiteral("after")}));
}

void tst_ChatServer::replayAfterRestartFillsTheGap()
{
    const ServerConfig config = persistentConfig();
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->send(say(QStringLiteral("seen by bob")));
    const std::optional<ChatMessage> lastSeen = bob->waitFor<ChatMessage>();
    QVERIFY(lastSeen);
    bob->socket()->abort();
    QVERIFY(alice->waitFor<Left>());
    for (int i = 1; i <= 3; ++i) {
        alice->send(say(QStringLiteral("missed %1").arg(i)));
        QVERIFY(alice->waitFor<ChatMessage>());
    }
    delete alice;
    restartServer(config);
    TestClient *carol = joined(QStringLiteral("carol"));
    QVERIFY(carol);
    carol->send(say(QStringLiteral("missed 4")));
    QVERIFY(carol->waitFor<ChatMessage>());

    TestClient *back = newClient();
    QVERIFY(back->join(QStringLiteral("bob"), lastSeen->id));
    const HistoryPage replay = back->joinHistory();
    QCOMPARE(texts(replay.messages),
             (QStringList{QStringLiteral("missed 1"), QStringLiteral("missed 2"),
                          QStringLiteral("missed 3"), QStringLiteral("missed 4")}));
    QVERIFY(replay.complete);
    carol->send(say(QStringLiteral("live")));
    const std::optional<ChatMessage> live = back->waitFor<ChatMessage>();
    QVERIFY(live);
    QCOMPARE(live->text, QStringLiteral("live"));
}

void tst_ChatServer::resendAfterRestartIsNotStoredTwice()
{
    const ServerConfig config = persistentConfig();
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    alice->send(say(QStringLiteral("just once"), QStringLiteral("c-1")));
    const std::optional<ChatMessage> first = alice->waitFor<ChatMessage>();
    QVERIFY(first);
    delete alice;

    // The client did not see the echo (say), reconnects and sends again.
    restartServer(config);
    TestClient *again = joined(QStringLiteral("alice"));
    QVERIFY(again);
    again->send(say(QStringLiteral("just once"), QStringLiteral("c-1")));
    const std::optional<ChatMessage> echo = again->waitFor<ChatMessage>();
    QVERIFY(echo);
    QCOMPARE(echo->id, first->id);
    QCOMPARE(echo->ts, first->ts);
    QCOMPARE(echo->ref, QStringLiteral("c-1"));
    QCOMPARE(texts(wholeHistory(again)), QStringList{QStringLiteral("just once")});
}

void tst_ChatServer::whispersStayPrivateAfterRestart()
{
    const ServerConfig config = persistentConfig();
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->send(Whisper{QStringLiteral("bob"), QStringLiteral("meet at 6"), QString()});
    QVERIFY(bob->waitFor<ChatMessage>());
    alice->send(say(QStringLiteral("public")));
    QVERIFY(bob->waitFor<ChatMessage>());
    delete alice;
    delete bob;

    restartServer(config);
    TestClient *carol = joined(QStringLiteral("carol"));
    QVERIFY(carol);
    QCOMPARE(texts(wholeHistory(carol)), QStringList{QStringLiteral("public")});
    TestClient *impostor = new TestClient(&m_owner);
    if (!impostor->connectFrom(QHostAddress(QStringLiteral("127.0.0.2")), m_server->serverPort()))
        QSKIP("cannot connect from 127.0.0.2 here");
    QVERIFY(impostor->join(QStringLiteral("bob"), 0));
    QCOMPARE(texts(impostor->joinHistory().messages), QStringList{QStringLiteral("public")});
    impostor->send(Bye{});
    QVERIFY(carol->waitFor<Left>());
    TestClient *realBob = newClient();
    QVERIFY(realBob->join(QStringLiteral("bob"), 0));
    QCOMPARE(texts(realBob->joinHistory().messages),
             (QStringList{QStringLiteral("meet at 6"), QStringLiteral("public")}));
}

void tst_ChatServer::pagingReachesTheFirstMessage()
{
    ServerConfig config = persistentConfig();
    config.historySize = 5; // most pages come from the file
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    QStringList expected;
    for (int i = 1; i <= 23; ++i) {
        expected.append(QStringLiteral("m%1").arg(i));
        alice->send(say(expected.last()));
    }
    for (int i = 1; i <= 23; ++i)
        QVERIFY(alice->waitFor<ChatMessage>());
    QCOMPARE(texts(wholeHistory(alice, 4)), expected);
    restartServer(config);
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    QCOMPARE(texts(wholeHistory(bob, 7)), expected);
    // A replay from the very start reaches back into the file too.
    TestClient *carol = newClient();
    QVERIFY(carol->join(QStringLiteral("carol"), 0));
    QCOMPARE(texts(carol->joinHistory().messages), expected);
    QVERIFY(carol->joinHistory().complete);
}

void tst_ChatServer::retentionKeepsTheNewest()
{
    ServerConfig config = persistentConfig();
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    QVERIFY(alice);
    for (int i = 1; i <= 15; ++i) {
        alice->send(say(QStringLiteral("m%1").arg(i)));
        QVERIFY(alice->waitFor<ChatMessage>());
    }
    delete alice;
    config.historyMax = 10;
    restartServer(config);
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    const QList<ChatMessage> kept = wholeHistory(bob);
    QCOMPARE(kept.size(), 10);
    QCOMPARE(kept.first().text, QStringLiteral("m6"));
    // A client that saw only m3 is told that it missed more than it gets.
    TestClient *late = newClient();
    QVERIFY(late->join(QStringLiteral("late"), 3));
    QCOMPARE(late->joinHistory().messages.size(), 10);
    QVERIFY(!late->joinHistory().complete);
    bob->send(say(QStringLiteral("next")));
    const std::optional<ChatMessage> next = bob->waitFor<ChatMessage>();
    QVERIFY(next);
    QCOMPARE(next->id, 16);
}

void tst_ChatServer::busyPassIsStoredInOrder()
{
    const ServerConfig config = persistentConfig();
    startServer(config);
    QList<TestClient *> room;
    for (int i = 0; i < 20; ++i) {
        TestClient *client = joined(QStringLiteral("user%1").arg(i));
        QVERIFY(client);
        room.append(client);
    }
    for (int round = 0; round < 5; ++round) {
        for (int i = 0; i < 20; ++i)
            room[i]->send(say(QStringLiteral("%1:%2").arg(i).arg(round)));
    }
    QList<qint64> seen;
    for (int n = 0; n < 100; ++n) {
        const std::optional<ChatMessage> message = room.first()->waitFor<ChatMessage>(10000);
        QVERIFY(message);
        seen.append(message->id);
    }
    QCOMPARE(m_server->history().lastId(), 100);
    // What was delivered is what is stored, in the same order.
    const QList<ChatMessage> stored = wholeHistory(room.first());
    QCOMPARE(stored.size(), 100);
    for (int n = 0; n < 100; ++n)
        QCOMPARE(stored.at(n).id, seen.at(n));
    restartServer(config);
    TestClient *later = joined(QStringLiteral("later"));
    QVERIFY(later);
    QCOMPARE(texts(wholeHistory(later)), texts(stored));
}

void tst_ChatServer::unusableDataDirKeepsChatWorking()
{
    ServerConfig config = persistentConfig();
    QFile blocker(config.dataDir + u"/not-a-folder");
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    config.dataDir = blocker.fileName() + u"/history";
    startServer(config);
    QVERIFY2(m_server->historyStatus().contains(u"memory only"),
             qPrintable(m_server->historyStatus()));
    QVERIFY(m_server->historyStatus().contains(u"cannot create the folder"));
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->send(say(QStringLiteral("still chatting")));
    const std::optional<ChatMessage> message = bob->waitFor<ChatMessage>();
    QVERIFY(message);
    QCOMPARE(message->text, QStringLiteral("still chatting"));
    QCOMPARE(texts(wholeHistory(bob)), QStringList{QStringLiteral("still chatting")});
}

void tst_ChatServer::sayThenByeInOnePacket_data()
{
    QTest::addColumn<bool>("onDisk");
    QTest::newRow("history on disk") << true;
    QTest::newRow("history in memory") << false;
}

void tst_ChatServer::sayThenByeInOnePacket()
{
    QFETCH(bool, onDisk);
    startServer(onDisk ? persistentConfig() : testConfig());
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(alice->waitFor<Joined>());
    bob->sendRaw(Codec::encode(say(QStringLiteral("gotta go"), QStringLiteral("last"))) +
                 Codec::encode(Bye{QStringLiteral("train")}));
    // Bob still gets his acknowledgement before the connection closes.
    const std::optional<ChatMessage> echo = bob->nextAs<ChatMessage>();
    QVERIFY2(echo, qPrintable(bob->lastProblem()));
    QCOMPARE(echo->ref, QStringLiteral("last"));
    QVERIFY(bob->waitForDisconnected());
    const std::optional<ChatMessage> seen = alice->nextAs<ChatMessage>();
    QVERIFY(seen);
    QCOMPARE(seen->text, QStringLiteral("gotta go"));
    const std::optional<Left> left = alice->nextAs<Left>();
    QVERIFY(left);
    QCOMPARE(left->reason, QStringLiteral("train"));
}

void tst_ChatServer::historyWriteFailureKeepsChatting()
{
    ServerConfig config = persistentConfig();
    config.historyRetryMs = 100;
    startServer(config);
    TestClient *alice = joined(QStringLiteral("alice"));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    // The database may not grow any more, as on a full disk.
    HistoryStore *store = m_server->historyStore();
    const int pages = store->pragma(QStringLiteral("page_count")).toInt();
    store->pragma(QStringLiteral("max_page_count = %1").arg(pages));
    const QString big(3000, u'x');
    int sent = 0;
    while (!m_server->historyStatus().contains(u"cannot be written") && sent < 50) {
        alice->send(say(big + QString::number(++sent)));
        const std::optional<ChatMessage> seen = bob->waitFor<ChatMessage>();
        QVERIFY2(seen, "the room stopped while the history could not be written");
    }
    QVERIFY2(m_server->historyStatus().contains(u"cannot be written"),
             qPrintable(m_server->historyStatus()));
    // The room goes on.
    for (int i = 0; i < 3; ++i) {
        alice->send(say(QStringLiteral("during %1").arg(i)));
        QVERIFY(bob->waitFor<ChatMessage>());
        ++sent;
    }
    // Space again: what waited is written, nothing is lost or numbered twice.
    store->pragma(QStringLiteral("max_page_count = 1000000"));
    QVERIFY(waitUntil([this] { return !m_server->historyStatus().contains(u"cannot"); }, 5000));
    restartServer(config);
    TestClient *later = joined(QStringLiteral("later"));
    QVERIFY(later);
    const QList<ChatMessage> all = wholeHistory(later);
    QCOMPARE(all.size(), sent);
    QCOMPARE(all.last().text, QStringLiteral("during 2"));
    QCOMPARE(all.last().id, sent);
}

QTCHAT_SERVER_TEST_MAIN(tst_ChatServer)
#include "tst_chatserver.moc"
