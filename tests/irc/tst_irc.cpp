// IRC clients on the IRC port (contract §10) against a real ChatServer over
// loopback, in the manner of the public IRC conformance tests (irctest):
// registration with CAP, PASS, NICK and USER, ISUPPORT, PING both ways,
// JOIN/PART/NAMES/TOPIC, PRIVMSG/NOTICE, QUIT, WHO, WHOIS, LIST, MODE and
// KICK, each error's numeric; and IRC users beside qtchat-protocol and
// plain-text users in two rooms: actions, renames, history, limits, TLS.
#include "chatserver.h"
#include "ircmessage.h"
#include "lineclient.h"
#include "serverannouncement.h"
#include "testclient.h"
#include "testserverconfig.h"

#include <QSignalSpy>
#include <QSslSocket>
#include <QTest>

using namespace Protocol;

namespace {

// An IRC client: lines in, parsed lines out.
class IrcClient
{
public:
    explicit IrcClient(quint16 port) { m_connected = m_lines.connectTo(port); }
    bool isConnected() const { return m_connected && m_lines.isConnected(); }
    void send(const QString &line) { m_lines.sendRaw(line.toUtf8() + "\r\n"); }
    void sendRaw(const QByteArray &bytes) { m_lines.sendRaw(bytes); }
    // The next line whose command is command (and, if given, contains text), skipping others.
    std::optional<IrcMessage> waitFor(const QString &command, const QString &text = QString(),
                                      int timeoutMs = 5000)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs) {
            const std::optional<QString> line =
                    m_lines.nextLine(int(qMax<qint64>(1, timeoutMs - clock.elapsed())));
            if (!line)
                break;
            m_seen.append(*line);
            std::optional<IrcMessage> message = IrcMessage::parse(line->toUtf8());
            if (message && message->command == command && (text.isEmpty() || line->contains(text)))
                return message;
        }
        return std::nullopt;
    }
    // Everything that comes in the next moment.
    QStringList drain(int quietMs = 200)
    {
        QStringList lines;
        while (const std::optional<QString> line = m_lines.nextLine(quietMs))
            lines.append(*line);
        m_seen += lines;
        return lines;
    }
    // Registers as nick (after CAP REQ of caps, if any) and reads up to the end of the MOTD.
    bool registerAs(const QString &nick, const QString &caps = QString(),
                    const QString &password = QString())
    {
        if (!caps.isEmpty())
            send(QStringLiteral("CAP LS 302"));
        if (!password.isEmpty())
            send(u"PASS " + password);
        send(u"NICK " + nick);
        send(u"USER " + nick + u" 0 * :Real " + nick);
        if (!caps.isEmpty()) {
            send(u"CAP REQ :" + caps);
            if (!waitFor(QStringLiteral("CAP"), QStringLiteral("ACK")))
                return false;
            send(QStringLiteral("CAP END"));
        }
        return waitFor(QStringLiteral("376")).has_value() && waitFor(QStringLiteral("366"));
    }
    bool waitForDisconnected() { return m_lines.waitForDisconnected(); }
    QString seen() const { return m_seen.join(u'\n'); }

private:
    LineClient m_lines;
    QStringList m_seen;
    bool m_connected = false;
};

} // namespace

class tst_Irc : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void registration();
    void isupportIsTruthful();
    void capNegotiation_data();
    void capNegotiation();
    void commandsBeforeRegistration_data();
    void commandsBeforeRegistration();
    void nicknameRefusals_data();
    void nicknameRefusals();
    void password();
    void registrationTimeout();
    void pingBothWays();
    void joinPartNames();
    void joinRefusals_data();
    void joinRefusals();
    void topic();
    void privmsgAndNotice();
    void messageErrors_data();
    void messageErrors();
    void actionsBothWays();
    void withProtocolAndPlainTextUsers();
    void renamesAndQuits();
    void longMessagesAreSplitWithoutBreakingUtf8();
    void longNamesListsAreSplit();
    void invalidUtf8IsRefused();
    void whoWhoisListModeKick();
    void queries_data();
    void queries();
    void historyOnJoin_data();
    void historyOnJoin();
    void chathistory();
    void echoMessageAndTags();
    void operatorNotices();
    void flood();
    void tlsOnTheIrcPort();
    void ircPortOffAndInUse();

private:
    ChatServer *startServer(ServerConfig config = testServerConfig())
    {
        config.irc = true;
        config.ircPort = 0;
        m_server = std::make_unique<ChatServer>(config);
        if (!m_server->listen())
            qWarning() << "listen failed:" << m_server->errorString();
        return m_server.get();
    }
    std::unique_ptr<IrcClient> client() { return std::make_unique<IrcClient>(m_server->ircPort()); }
    std::unique_ptr<IrcClient> registered(const QString &nick, const QString &caps = QString())
    {
        auto irc = client();
        if (!irc->registerAs(nick, caps)) {
            qWarning().noquote() << "registration failed:" << irc->seen();
            return nullptr;
        }
        return irc;
    }
    std::unique_ptr<ChatServer> m_server;
};

void tst_Irc::cleanup()
{
    m_server.reset();
}

void tst_Irc::registration()
{
    startServer();
    QVERIFY(m_server->ircPort() != 0);
    QVERIFY(m_server->ircPort() != m_server->serverPort());
    auto irc = client();
    irc->send(QStringLiteral("NICK alice"));
    irc->send(QStringLiteral("USER alice 0 * :Alice Liddell"));
    const auto welcome = irc->waitFor(QStringLiteral("001"));
    QVERIFY(welcome);
    QCOMPARE(welcome->params.first(), QStringLiteral("alice"));
    QVERIFY(irc->waitFor(QStringLiteral("002")));
    QVERIFY(irc->waitFor(QStringLiteral("003")));
    QVERIFY(irc->waitFor(QStringLiteral("004")));
    QVERIFY(irc->waitFor(QStringLiteral("005")));
    QVERIFY(irc->waitFor(QStringLiteral("375")));
    const auto motd = irc->waitFor(QStringLiteral("372"));
    QVERIFY(motd);
    QVERIFY(motd->params.last().contains(QStringLiteral("Welcome to this chatroom!")));
    QVERIFY(irc->waitFor(QStringLiteral("376")));
    // Like everyone, an IRC user starts in the default room.
    const auto join = irc->waitFor(QStringLiteral("JOIN"));
    QVERIFY(join);
    QCOMPARE(join->source.section(u'!', 0, 0), QStringLiteral("alice"));
    QCOMPARE(join->params.first(), QStringLiteral("#general"));
    const auto names = irc->waitFor(QStringLiteral("353"));
    QVERIFY(names);
    QCOMPARE(names->params.last(), QStringLiteral("alice"));
    QVERIFY(irc->waitFor(QStringLiteral("366")));
    QCOMPARE(m_server->userCount(), 1);

    // Without a MOTD: 422.
    ServerConfig config = testServerConfig();
    config.motd.clear();
    startServer(config);
    auto bare = client();
    bare->send(QStringLiteral("NICK bob"));
    bare->send(QStringLiteral("USER bob 0 * :Bob"));
    QVERIFY(bare->waitFor(QStringLiteral("422")));
}

void tst_Irc::isupportIsTruthful()
{
    ServerConfig config = testServerConfig();
    config.maxRoomsPerConnection = 7;
    startServer(config);
    auto irc = client();
    irc->send(QStringLiteral("NICK alice"));
    irc->send(QStringLiteral("USER alice 0 * :Alice"));
    QStringList tokens;
    for (int i = 0; i < 2; ++i) {
        const auto isupport = irc->waitFor(QStringLiteral("005"));
        QVERIFY(isupport);
        QVERIFY(isupport->params.size() <= IrcMessage::MaxParams);
        tokens += isupport->params.mid(1, isupport->params.size() - 2);
    }
    for (const QString &token :
         {QStringLiteral("CHANTYPES=#"), QStringLiteral("CASEMAPPING=rfc8265"),
          QStringLiteral("NICKLEN=%1").arg(MaxNickLength),
          QStringLiteral("CHANNELLEN=%1").arg(MaxRoomNameLength + 1),
          QStringLiteral("TOPICLEN=%1").arg(MaxTopicBytes), QStringLiteral("CHANLIMIT=#:7"),
          QStringLiteral("NETWORK=qtchat"), QStringLiteral("UTF8ONLY")})
        QVERIFY2(tokens.contains(token), qPrintable(token + u" in " + tokens.join(u' ')));
    irc->drain();
    // What ISUPPORT says is what the server does: a nick of NICKLEN code points,
    // a channel of CHANNELLEN, the CHANLIMIT-th channel and not one more.
    const QString longNick = QString(MaxNickLength, u'n');
    irc->send(u"NICK " + longNick);
    QVERIFY(irc->waitFor(QStringLiteral("NICK"), longNick));
    irc->send(u"NICK " + longNick + u'n');
    QVERIFY(irc->waitFor(QStringLiteral("432")));
    const QString longRoom = u'#' + QString(MaxRoomNameLength, u'r');
    irc->send(u"JOIN " + longRoom);
    QVERIFY(irc->waitFor(QStringLiteral("JOIN"), longRoom));
    irc->send(u"JOIN " + longRoom + u'r');
    QVERIFY(irc->waitFor(QStringLiteral("479")));
    for (int i = 3; i <= 7; ++i)
        irc->send(QStringLiteral("JOIN #r%1").arg(i));
    QVERIFY(irc->waitFor(QStringLiteral("JOIN"), QStringLiteral("#r7")));
    irc->send(QStringLiteral("JOIN #r8"));
    const auto tooMany = irc->waitFor(QStringLiteral("405"));
    QVERIFY(tooMany);
    QCOMPARE(tooMany->params.at(1), QStringLiteral("#r8"));
}

void tst_Irc::capNegotiation_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<bool>("acked");
    QTest::newRow("one") << QStringLiteral("server-time") << true;
    QTest::newRow("all")
            << QStringLiteral(
                       "server-time message-tags echo-message batch multi-prefix draft/chathistory")
            << true;
    QTest::newRow("unknown") << QStringLiteral("away-notify") << false;
    QTest::newRow("known and unknown: all refused") << QStringLiteral("server-time sasl") << false;
    QTest::newRow("turned off") << QStringLiteral("-server-time") << true;
    QTest::newRow("empty") << QString() << false;
}

void tst_Irc::capNegotiation()
{
    QFETCH(QString, request);
    QFETCH(bool, acked);
    startServer();
    auto irc = client();
    irc->send(QStringLiteral("CAP LS 302"));
    const auto ls = irc->waitFor(QStringLiteral("CAP"), QStringLiteral("LS"));
    QVERIFY(ls);
    QVERIFY(ls->params.last().split(u' ').contains(QStringLiteral("server-time")));
    irc->send(QStringLiteral("NICK alice"));
    irc->send(QStringLiteral("USER alice 0 * :Alice"));
    // Registration waits for CAP END.
    irc->send(u"CAP REQ :" + request);
    const auto answer = irc->waitFor(QStringLiteral("CAP"));
    QVERIFY(answer);
    QCOMPARE(answer->params.at(1), acked ? QStringLiteral("ACK") : QStringLiteral("NAK"));
    QCOMPARE(answer->params.at(2), request);
    for (const QString &line : irc->drain())
        QVERIFY2(!line.contains(QStringLiteral(" 001 ")), qPrintable(line));
    irc->send(QStringLiteral("CAP LIST"));
    const auto list = irc->waitFor(QStringLiteral("CAP"), QStringLiteral("LIST"));
    QVERIFY(list);
    if (acked && !request.startsWith(u'-'))
        QCOMPARE(list->params.last(), request);
    else
        QCOMPARE(list->params.last(), QString());
    irc->send(QStringLiteral("CAP END"));
    QVERIFY(irc->waitFor(QStringLiteral("001")));
    irc->send(QStringLiteral("CAP FOO"));
    QVERIFY(irc->waitFor(QStringLiteral("410")));
}

void tst_Irc::commandsBeforeRegistration_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("answer");
    QTest::newRow("JOIN") << QStringLiteral("JOIN #general") << QStringLiteral("451");
    QTest::newRow("PRIVMSG") << QStringLiteral("PRIVMSG #general :hi") << QStringLiteral("451");
    QTest::newRow("PING is answered") << QStringLiteral("PING :abc") << QStringLiteral("PONG");
    QTest::newRow("USER without enough") << QStringLiteral("USER a") << QStringLiteral("461");
    QTest::newRow("PASS without one") << QStringLiteral("PASS") << QStringLiteral("461");
    QTest::newRow("QUIT") << QStringLiteral("QUIT :bye") << QStringLiteral("ERROR");
}

void tst_Irc::commandsBeforeRegistration()
{
    QFETCH(QString, line);
    QFETCH(QString, answer);
    startServer();
    auto irc = client();
    irc->send(line);
    const auto reply = irc->waitFor(answer);
    QVERIFY2(reply, qPrintable(irc->seen()));
    if (answer == u"PONG")
        QCOMPARE(reply->params.last(), QStringLiteral("abc"));
    if (answer == u"ERROR")
        QVERIFY(irc->waitForDisconnected());
    QCOMPARE(m_server->userCount(), 0);
}

void tst_Irc::nicknameRefusals_data()
{
    QTest::addColumn<QString>("nick");
    QTest::addColumn<QString>("numeric");
    QTest::newRow("none") << QString() << QStringLiteral("431");
    QTest::newRow("IRC's ^ is not a qtchat nickname")
            << QStringLiteral("a^b") << QStringLiteral("432");
    QTest::newRow("backquote") << QStringLiteral("a`") << QStringLiteral("432");
    QTest::newRow("too long") << QString(MaxNickLength + 1, u'x') << QStringLiteral("432");
    QTest::newRow("taken, by a protocol user") << QStringLiteral("Desk") << QStringLiteral("433");
    QTest::newRow("taken, another case") << QStringLiteral("DESK") << QStringLiteral("433");
}

void tst_Irc::nicknameRefusals()
{
    QFETCH(QString, nick);
    QFETCH(QString, numeric);
    startServer();
    TestClient desk;
    QVERIFY(desk.connectTo(m_server->serverPort()));
    QVERIFY(desk.join(QStringLiteral("desk")));
    auto irc = client();
    irc->send(u"NICK " + nick);
    irc->send(QStringLiteral("USER x 0 * :X"));
    QVERIFY2(irc->waitFor(numeric), qPrintable(irc->seen()));
    // Another nickname, and the registration goes on.
    irc->send(QStringLiteral("NICK 小明"));
    const auto welcome = irc->waitFor(QStringLiteral("001"));
    QVERIFY(welcome);
    QCOMPARE(welcome->params.first(), QStringLiteral("小明"));
    // Once registered, the same refusals for NICK.
    irc->send(u"NICK " + nick);
    QVERIFY2(irc->waitFor(numeric), qPrintable(irc->seen()));
}

void tst_Irc::password()
{
    ServerConfig config = testServerConfig();
    config.password = QStringLiteral("sesame");
    startServer(config);
    auto wrong = client();
    wrong->send(QStringLiteral("PASS nope"));
    wrong->send(QStringLiteral("NICK alice"));
    wrong->send(QStringLiteral("USER alice 0 * :Alice"));
    QVERIFY(wrong->waitFor(QStringLiteral("464")));
    QVERIFY(wrong->waitFor(QStringLiteral("ERROR")));
    QVERIFY(wrong->waitForDisconnected());
    auto none = client();
    none->send(QStringLiteral("NICK alice"));
    none->send(QStringLiteral("USER alice 0 * :Alice"));
    QVERIFY(none->waitFor(QStringLiteral("464")));
    auto right = client();
    QVERIFY(right->registerAs(QStringLiteral("alice"), QString(), QStringLiteral("sesame")));
}

void tst_Irc::registrationTimeout()
{
    ServerConfig config = testServerConfig();
    config.handshakeTimeoutMs = 300;
    startServer(config);
    auto silent = client();
    auto halfway = client();
    halfway->send(QStringLiteral("NICK half"));
    for (IrcClient *irc : {silent.get(), halfway.get()}) {
        const auto error = irc->waitFor(QStringLiteral("ERROR"));
        QVERIFY(error);
        QVERIFY2(error->params.last().contains(QStringLiteral("Registration timed out")),
                 qPrintable(error->params.last()));
        QVERIFY(irc->waitForDisconnected());
    }
}

void tst_Irc::pingBothWays()
{
    ServerConfig config = testServerConfig();
    config.pingIntervalMs = 300;
    config.pingTimeoutMs = 400;
    startServer(config);
    auto irc = registered(QStringLiteral("alice"));
    QVERIFY(irc);
    irc->send(QStringLiteral("PING :12345"));
    const auto pong = irc->waitFor(QStringLiteral("PONG"));
    QVERIFY(pong);
    QCOMPARE(pong->params.last(), QStringLiteral("12345"));
    // The server pings a silent client; an answer keeps it, silence ends it.
    const auto ping = irc->waitFor(QStringLiteral("PING"));
    QVERIFY(ping);
    irc->send(u"PONG :" + ping->params.last());
    QVERIFY(irc->waitFor(QStringLiteral("PING")));
    const auto timeout = irc->waitFor(QStringLiteral("ERROR"));
    QVERIFY(timeout);
    QVERIFY(timeout->params.last().contains(QStringLiteral("Ping timeout")));
    QVERIFY(irc->waitForDisconnected());
}

void tst_Irc::joinPartNames()
{
    startServer();
    auto alice = registered(QStringLiteral("alice"));
    auto bob = registered(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->send(QStringLiteral("JOIN #dev,#ops"));
    QVERIFY(alice->waitFor(QStringLiteral("JOIN"), QStringLiteral("#dev")));
    auto names = alice->waitFor(QStringLiteral("353"));
    QVERIFY(names);
    QCOMPARE(names->params.at(2), QStringLiteral("#dev"));
    QCOMPARE(names->params.last(), QStringLiteral("alice"));
    QVERIFY(alice->waitFor(QStringLiteral("JOIN"), QStringLiteral("#ops")));
    bob->send(QStringLiteral("JOIN #DEV"));
    // The room's own spelling, to the joiner and to the room.
    QVERIFY(bob->waitFor(QStringLiteral("JOIN"), QStringLiteral("#dev")));
    const auto seen = alice->waitFor(QStringLiteral("JOIN"), QStringLiteral("bob!"));
    QVERIFY(seen);
    QCOMPARE(seen->params.first(), QStringLiteral("#dev"));
    bob->send(QStringLiteral("NAMES #dev"));
    names = bob->waitFor(QStringLiteral("353"));
    QVERIFY(names);
    QCOMPARE(names->params.last().split(u' '),
             (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
    QVERIFY(bob->waitFor(QStringLiteral("366")));
    bob->send(QStringLiteral("PART #dev :lunch"));
    const auto part = alice->waitFor(QStringLiteral("PART"));
    QVERIFY(part);
    QCOMPARE(part->source.section(u'!', 0, 0), QStringLiteral("bob"));
    QCOMPARE(part->params, (QStringList{QStringLiteral("#dev"), QStringLiteral("lunch")}));
    QVERIFY(bob->waitFor(QStringLiteral("PART")));
    // JOIN 0 leaves every channel.
    alice->send(QStringLiteral("JOIN 0"));
    QVERIFY(alice->waitFor(QStringLiteral("PART"), QStringLiteral("#general")));
    alice->drain();
    const ChatServer::RoomSummary none{};
    for (const ChatServer::RoomSummary &room : m_server->rooms())
        QVERIFY2(!room.members.contains(QStringLiteral("alice")), qPrintable(room.name));
    Q_UNUSED(none);
}

void tst_Irc::joinRefusals_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("numeric");
    QTest::newRow("no channel") << QStringLiteral("JOIN") << QStringLiteral("461");
    QTest::newRow("not #") << QStringLiteral("JOIN &local") << QStringLiteral("479");
    QTest::newRow("bad character") << QStringLiteral("JOIN #a*b") << QStringLiteral("479");
    QTest::newRow("PART of no channel") << QStringLiteral("PART #nowhere") << QStringLiteral("403");
    QTest::newRow("PART of one not on") << QStringLiteral("PART #other") << QStringLiteral("442");
    QTest::newRow("too many targets")
            << QStringLiteral("JOIN #a,#b,#c,#d,#e") << QStringLiteral("407");
}

void tst_Irc::joinRefusals()
{
    QFETCH(QString, line);
    QFETCH(QString, numeric);
    startServer();
    m_server->createRoom(QStringLiteral("#other"));
    auto irc = registered(QStringLiteral("alice"));
    QVERIFY(irc);
    irc->send(line);
    QVERIFY2(irc->waitFor(numeric), qPrintable(irc->seen()));
}

void tst_Irc::topic()
{
    startServer();
    auto alice = registered(QStringLiteral("alice"));
    QVERIFY(alice);
    alice->send(QStringLiteral("TOPIC #general"));
    QVERIFY(alice->waitFor(QStringLiteral("331")));
    alice->send(QStringLiteral("TOPIC #general :Lunch at 12, 食堂"));
    const auto changed = alice->waitFor(QStringLiteral("TOPIC"));
    QVERIFY(changed);
    QCOMPARE(changed->params.last(), QStringLiteral("Lunch at 12, 食堂"));
    alice->send(QStringLiteral("TOPIC #general"));
    const auto current = alice->waitFor(QStringLiteral("332"));
    QVERIFY(current);
    QCOMPARE(current->params.last(), QStringLiteral("Lunch at 12, 食堂"));
    QVERIFY(alice->waitFor(QStringLiteral("333"), QStringLiteral("alice!")));
    // Someone joining gets it as 332 and 333, not as a change.
    auto bob = client();
    bob->send(QStringLiteral("NICK bob"));
    bob->send(QStringLiteral("USER bob 0 * :Bob"));
    const auto onJoin = bob->waitFor(QStringLiteral("332"));
    QVERIFY(onJoin);
    QCOMPARE(onJoin->params.at(1), QStringLiteral("#general"));
    QVERIFY(!bob->seen().contains(QStringLiteral(" TOPIC ")));
    // A protocol client's change reaches IRC as TOPIC.
    TestClient desk;
    QVERIFY(desk.connectTo(m_server->serverPort()));
    QVERIFY(desk.join(QStringLiteral("desk")));
    desk.send(SetTopic{QStringLiteral("#general"), QStringLiteral("new")});
    QVERIFY(bob->waitFor(QStringLiteral("TOPIC"), QStringLiteral("desk!")));
    bob->send(QStringLiteral("TOPIC #nowhere"));
    QVERIFY(bob->waitFor(QStringLiteral("403")));
    m_server->createRoom(QStringLiteral("#other"));
    bob->send(QStringLiteral("TOPIC #other :mine"));
    QVERIFY(bob->waitFor(QStringLiteral("442")));
    bob->send(QStringLiteral("TOPIC #general :") + QString(MaxTopicBytes + 1, u't'));
    QVERIFY(bob->waitFor(QStringLiteral("NOTICE"), QStringLiteral("topic")));
}

void tst_Irc::privmsgAndNotice()
{
    startServer();
    auto alice = registered(QStringLiteral("alice"));
    auto bob = registered(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->send(QStringLiteral("PRIVMSG #general :hello, 世界"));
    auto message = bob->waitFor(QStringLiteral("PRIVMSG"));
    QVERIFY(message);
    QCOMPARE(message->source, QStringLiteral("alice!~u@qtchat"));
    QCOMPARE(message->params,
             (QStringList{QStringLiteral("#general"), QStringLiteral("hello, 世界")}));
    // Without echo-message the sender gets nothing back.
    for (const QString &line : alice->drain())
        QVERIFY2(!line.contains(QStringLiteral("PRIVMSG")), qPrintable(line));
    alice->send(QStringLiteral("PRIVMSG Bob :just you"));
    message = bob->waitFor(QStringLiteral("PRIVMSG"));
    QVERIFY(message);
    QCOMPARE(message->params, (QStringList{QStringLiteral("bob"), QStringLiteral("just you")}));
    alice->send(QStringLiteral("NOTICE #general :a notice"));
    message = bob->waitFor(QStringLiteral("PRIVMSG"), QStringLiteral("a notice"));
    QVERIFY(message);
    // Two targets at once.
    alice->send(QStringLiteral("PRIVMSG #general,bob :both"));
    QVERIFY(bob->waitFor(QStringLiteral("PRIVMSG"), QStringLiteral("#general :both")));
    QVERIFY(bob->waitFor(QStringLiteral("PRIVMSG"), QStringLiteral("bob :both")));
    // Away: the sender is told.
    bob->send(QStringLiteral("AWAY :at lunch"));
    QVERIFY(bob->waitFor(QStringLiteral("306")));
    alice->send(QStringLiteral("PRIVMSG bob :there?"));
    const auto away = alice->waitFor(QStringLiteral("301"));
    QVERIFY(away);
    QCOMPARE(away->params.last(), QStringLiteral("at lunch"));
    bob->send(QStringLiteral("AWAY"));
    QVERIFY(bob->waitFor(QStringLiteral("305")));
}

void tst_Irc::messageErrors_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("numeric"); // empty: no answer at all (NOTICE)
    QTest::newRow("no such nick") << QStringLiteral("PRIVMSG nobody :hi") << QStringLiteral("401");
    QTest::newRow("no such channel")
            << QStringLiteral("PRIVMSG #nowhere :hi") << QStringLiteral("403");
    QTest::newRow("channel not joined")
            << QStringLiteral("PRIVMSG #other :hi") << QStringLiteral("404");
    QTest::newRow("no recipient") << QStringLiteral("PRIVMSG") << QStringLiteral("411");
    QTest::newRow("no text") << QStringLiteral("PRIVMSG #general") << QStringLiteral("412");
    QTest::newRow("blank text") << QStringLiteral("PRIVMSG #general :   ") << QStringLiteral("412");
    QTest::newRow("CTCP VERSION") << QStringLiteral("PRIVMSG bob :\x01VERSION\x01")
                                  << QStringLiteral("NOTICE");
    QTest::newRow("NOTICE: no error") << QStringLiteral("NOTICE nobody :hi") << QString();
    QTest::newRow("NOTICE to a channel not joined")
            << QStringLiteral("NOTICE #other :hi") << QString();
    QTest::newRow("unknown command") << QStringLiteral("FROB x") << QStringLiteral("421");
    QTest::newRow("USER again") << QStringLiteral("USER a 0 * :a") << QStringLiteral("462");
    QTest::newRow("PASS again") << QStringLiteral("PASS x") << QStringLiteral("462");
    QTest::newRow("OPER") << QStringLiteral("OPER admin secret") << QStringLiteral("491");
}

void tst_Irc::messageErrors()
{
    QFETCH(QString, line);
    QFETCH(QString, numeric);
    startServer();
    m_server->createRoom(QStringLiteral("#other"));
    auto alice = registered(QStringLiteral("alice"));
    auto bob = registered(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->drain();
    alice->send(line);
    if (numeric.isEmpty()) {
        const QStringList lines = alice->drain(400);
        QVERIFY2(lines.isEmpty(), qPrintable(lines.join(u'\n')));
    } else {
        QVERIFY2(alice->waitFor(numeric), qPrintable(alice->seen()));
    }
    for (const QString &got : bob->drain())
        QVERIFY2(!got.contains(QStringLiteral("PRIVMSG")), qPrintable(got));
}

void tst_Irc::actionsBothWays()
{
    startServer();
    auto alice = registered(QStringLiteral("alice"));
    QVERIFY(alice);
    TestClient desk;
    QVERIFY(desk.connectTo(m_server->serverPort()));
    QVERIFY(desk.join(QStringLiteral("desk")));
    alice->send(QStringLiteral("PRIVMSG #general :\x01"
                               "ACTION waves 👋\x01"));
    const auto action = desk.waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(action);
    QVERIFY(action->action);
    QCOMPARE(action->text, QStringLiteral("waves 👋"));
    Say say;
    say.text = QStringLiteral("nods");
    say.action = true;
    desk.send(say);
    const auto ctcp = alice->waitFor(QStringLiteral("PRIVMSG"), QStringLiteral("desk!"));
    QVERIFY(ctcp);
    QCOMPARE(ctcp->params.last(), QStringLiteral("\x01"
                                                 "ACTION nods\x01"));
    // In a private talk too.
    alice->send(QStringLiteral("PRIVMSG desk :\x01"
                               "ACTION winks\x01"));
    const auto whisper = desk.waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(whisper);
    QVERIFY(whisper->action);
    QCOMPARE(whisper->to, QStringLiteral("desk"));
    Whisper back;
    back.to = QStringLiteral("alice");
    back.text = QStringLiteral("grins");
    back.action = true;
    desk.send(back);
    const auto privateAction = alice->waitFor(QStringLiteral("PRIVMSG"), QStringLiteral("grins"));
    QVERIFY(privateAction);
    QCOMPARE(privateAction->params,
             (QStringList{QStringLiteral("alice"), QStringLiteral("\x01"
                                                                  "ACTION grins\x01")}));
}

void tst_Irc::withProtocolAndPlainTextUsers()
{
    startServer();
    TestClient desk;
    QVERIFY(desk.connectTo(m_server->serverPort()));
    QVERIFY(desk.join(QStringLiteral("desk")));
    desk.send(Join{QStringLiteral("#dev"), true});
    QVERIFY(desk.waitFor<Joined>());
    LineClient plain;
    QVERIFY(plain.connectTo(m_server->serverPort()));
    QVERIFY(plain.waitForLine(QStringLiteral("Type /help")));
    auto irc = registered(QStringLiteral("ircer"));
    QVERIFY(irc);
    QVERIFY(desk.waitFor<Joined>());
    QVERIFY(plain.waitForLine(QStringLiteral("ircer")));
    irc->send(QStringLiteral("JOIN #dev"));
    QVERIFY(irc->waitFor(QStringLiteral("366"), QStringLiteral("#dev")));

    // IRC to both, in the default room; to the protocol user in #dev.
    irc->send(QStringLiteral("PRIVMSG #general :大家好"));
    auto message = desk.waitForMessageFrom(QStringLiteral("ircer"));
    QVERIFY(message);
    QCOMPARE(message->text, QStringLiteral("大家好"));
    QCOMPARE(message->room, QStringLiteral("#general"));
    QVERIFY(plain.waitForLine(QStringLiteral("大家好")));
    irc->send(QStringLiteral("PRIVMSG #dev :in dev"));
    message = desk.waitForMessageFrom(QStringLiteral("ircer"));
    QVERIFY(message);
    QCOMPARE(message->room, QStringLiteral("#dev"));
    // Both of them to IRC.
    desk.send(Say{QStringLiteral("from the desk"), QString(), false, QStringLiteral("#dev")});
    auto got = irc->waitFor(QStringLiteral("PRIVMSG"), QStringLiteral("from the desk"));
    QVERIFY(got);
    QCOMPARE(got->source.section(u'!', 0, 0), QStringLiteral("desk"));
    QCOMPARE(got->params.first(), QStringLiteral("#dev"));
    plain.sendLine(QStringLiteral("typed in nc"));
    got = irc->waitFor(QStringLiteral("PRIVMSG"), QStringLiteral("typed in nc"));
    QVERIFY(got);
    QCOMPARE(got->params.first(), QStringLiteral("#general"));
    const QString plainNick = got->source.section(u'!', 0, 0);
    // A plain-text user's address-like nickname is one IRC can write to.
    irc->send(u"PRIVMSG " + plainNick + u" :psst");
    QVERIFY(plain.waitForLine(QStringLiteral("psst")));
    irc->send(QStringLiteral("WHOIS ") + plainNick);
    const auto whois = irc->waitFor(QStringLiteral("311"));
    QVERIFY(whois);
    QCOMPARE(whois->params.last(), QStringLiteral("plain-text client"));
}

void tst_Irc::renamesAndQuits()
{
    startServer();
    TestClient desk;
    QVERIFY(desk.connectTo(m_server->serverPort()));
    QVERIFY(desk.join(QStringLiteral("desk")));
    auto alice = registered(QStringLiteral("alice"));
    auto bob = registered(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->send(QStringLiteral("NICK alicia"));
    // The renamed and the others see the same NICK line.
    for (IrcClient *irc : {alice.get(), bob.get()}) {
        const auto nick = irc->waitFor(QStringLiteral("NICK"));
        QVERIFY(nick);
        QCOMPARE(nick->source.section(u'!', 0, 0), QStringLiteral("alice"));
        QCOMPARE(nick->params.last(), QStringLiteral("alicia"));
    }
    const auto renamed = desk.waitFor<Renamed>();
    QVERIFY(renamed);
    QCOMPARE(renamed->to, QStringLiteral("alicia"));
    desk.send(Nick{QStringLiteral("desktop")});
    QVERIFY(bob->waitFor(QStringLiteral("NICK"), QStringLiteral("desktop")));
    alice->send(QStringLiteral("QUIT :see you"));
    const auto quit = bob->waitFor(QStringLiteral("QUIT"));
    QVERIFY(quit);
    QCOMPARE(quit->source.section(u'!', 0, 0), QStringLiteral("alicia"));
    QCOMPARE(quit->params.last(), QStringLiteral("see you"));
    QVERIFY(alice->waitFor(QStringLiteral("ERROR")));
    QVERIFY(alice->waitForDisconnected());
    const auto left = desk.waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->nick, QStringLiteral("alicia"));
    QCOMPARE(left->reason, QStringLiteral("see you"));
}

void tst_Irc::longMessagesAreSplitWithoutBreakingUtf8()
{
    startServer();
    auto alice = registered(QStringLiteral("alice"));
    QVERIFY(alice);
    TestClient desk;
    QVERIFY(desk.connectTo(m_server->serverPort()));
    QVERIFY(desk.join(QStringLiteral("desk")));
    // 3000 bytes of Chinese, and two lines: far more than one IRC line.
    const QString chinese = QString(1000, QChar(0x6C49));
    desk.send(Say{chinese + u"\nsecond line", QString(), false, QString()});
    QString joined;
    for (;;) {
        const auto piece = alice->waitFor(QStringLiteral("PRIVMSG"));
        QVERIFY(piece);
        if (piece->params.last() == u"second line")
            break;
        joined += piece->params.last();
    }
    QCOMPARE(joined, chinese);
    for (const QString &line : alice->seen().split(u'\n')) {
        if (line.contains(QStringLiteral("PRIVMSG")))
            QVERIFY2(line.toUtf8().size() + 2 <= IrcMessage::MaxLineBytes, qPrintable(line));
    }
}

void tst_Irc::longNamesListsAreSplit()
{
    startServer();
    // 40 people of 30 characters (and some of 3 bytes each): many 353 lines.
    QObject owner;
    QStringList expected;
    for (int i = 0; i < 40; ++i) {
        auto *desk = new TestClient(&owner);
        const QString nick = (i % 2 ? QString(27, QChar(0x4EBA)) : QString(27, u'p')) +
                             QStringLiteral("%1").arg(i, 3, 10, QLatin1Char('0'));
        QVERIFY(desk->connectTo(m_server->serverPort()));
        QVERIFY(desk->join(nick));
        expected.append(nick);
    }
    auto irc = client();
    irc->send(QStringLiteral("NICK looker"));
    irc->send(QStringLiteral("USER l 0 * :L"));
    expected.append(QStringLiteral("looker"));
    QStringList names;
    int lines = 0;
    for (;;) {
        const auto line = irc->waitFor(QStringLiteral("353"));
        QVERIFY(line);
        ++lines;
        QVERIFY(line->encode().size() <= IrcMessage::MaxLineBytes);
        names += line->params.last().split(u' ');
        if (names.size() == expected.size())
            break;
    }
    QVERIFY(lines > 5);
    QCOMPARE(names, expected);
    irc->send(QStringLiteral("NAMES #general"));
    names.clear();
    while (names.size() < expected.size()) {
        const auto line = irc->waitFor(QStringLiteral("353"));
        QVERIFY(line);
        names += line->params.last().split(u' ');
    }
    QCOMPARE(names, expected);
    QVERIFY(irc->waitFor(QStringLiteral("366")));
}

void tst_Irc::invalidUtf8IsRefused()
{
    startServer();
    auto alice = registered(QStringLiteral("alice"));
    auto bob = registered(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->sendRaw("PRIVMSG #general :caf\xe9\r\n");
    QVERIFY(alice->waitFor(QStringLiteral("NOTICE"), QStringLiteral("UTF-8")));
    alice->send(QStringLiteral("PRIVMSG #general :after"));
    const auto next = bob->waitFor(QStringLiteral("PRIVMSG"));
    QVERIFY(next);
    QCOMPARE(next->params.last(), QStringLiteral("after"));
}

void tst_Irc::whoWhoisListModeKick()
{
    startServer();
    auto alice = registered(QStringLiteral("alice"));
    auto bob = registered(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    bob->send(QStringLiteral("JOIN #dev"));
    QVERIFY(bob->waitFor(QStringLiteral("366")));
    alice->send(QStringLiteral("WHO #general"));
    QStringList who;
    for (int i = 0; i < 2; ++i) {
        const auto line = alice->waitFor(QStringLiteral("352"));
        QVERIFY(line);
        who.append(line->params.at(5));
    }
    QCOMPARE(who, (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
    QVERIFY(alice->waitFor(QStringLiteral("315")));
    alice->send(QStringLiteral("WHOIS bob"));
    const auto user = alice->waitFor(QStringLiteral("311"));
    QVERIFY(user);
    QCOMPARE(user->params.last(), QStringLiteral("IRC client"));
    const auto channels = alice->waitFor(QStringLiteral("319"));
    QVERIFY(channels);
    QCOMPARE(channels->params.last(), QStringLiteral("#general #dev"));
    QVERIFY(alice->waitFor(QStringLiteral("317")));
    QVERIFY(alice->waitFor(QStringLiteral("318")));
    alice->send(QStringLiteral("WHOIS nobody"));
    QVERIFY(alice->waitFor(QStringLiteral("401")));
    QVERIFY(alice->waitFor(QStringLiteral("318")));
    alice->send(QStringLiteral("LIST"));
    QVERIFY(alice->waitFor(QStringLiteral("321")));
    const auto dev = alice->waitFor(QStringLiteral("322"));
    QVERIFY(dev);
    QCOMPARE(dev->params.mid(1, 2), (QStringList{QStringLiteral("#dev"), QStringLiteral("1")}));
    QVERIFY(alice->waitFor(QStringLiteral("322"), QStringLiteral("#general 2")));
    QVERIFY(alice->waitFor(QStringLiteral("323")));
    alice->send(QStringLiteral("MODE #general"));
    const auto modes = alice->waitFor(QStringLiteral("324"));
    QVERIFY(modes);
    QCOMPARE(modes->params.last(), QStringLiteral("+n"));
    alice->send(QStringLiteral("MODE #general b"));
    QVERIFY(alice->waitFor(QStringLiteral("368")));
    alice->send(QStringLiteral("MODE #general +o bob"));
    QVERIFY(alice->waitFor(QStringLiteral("482")));
    alice->send(QStringLiteral("MODE alice +i"));
    QVERIFY(alice->waitFor(QStringLiteral("221")));
    alice->send(QStringLiteral("MODE bob"));
    QVERIFY(alice->waitFor(QStringLiteral("502")));
    alice->send(QStringLiteral("KICK #general bob :out"));
    QVERIFY(alice->waitFor(QStringLiteral("482")));
    alice->send(QStringLiteral("KICK #dev bob"));
    QVERIFY(alice->waitFor(QStringLiteral("442")));
    QCOMPARE(m_server->userCount(), 2);
}

void tst_Irc::queries_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("numeric");
    QTest::addColumn<QString>("contains");
    QTest::newRow("MOTD") << QStringLiteral("MOTD") << QStringLiteral("372")
                          << QStringLiteral("Welcome to this chatroom!");
    QTest::newRow("LUSERS") << QStringLiteral("LUSERS") << QStringLiteral("251")
                            << QStringLiteral("There are 2 users");
    QTest::newRow("VERSION") << QStringLiteral("VERSION") << QStringLiteral("351")
                             << QStringLiteral("qtchat-");
    QTest::newRow("ISON") << QStringLiteral("ISON bob nobody ALICE") << QStringLiteral("303")
                          << QStringLiteral(":bob alice");
    QTest::newRow("USERHOST") << QStringLiteral("USERHOST bob") << QStringLiteral("302")
                              << QStringLiteral("bob=+~u@qtchat");
    QTest::newRow("TIME") << QStringLiteral("TIME") << QStringLiteral("391") << QString();
    QTest::newRow("NAMES without channel")
            << QStringLiteral("NAMES") << QStringLiteral("366") << QString();
    QTest::newRow("WHO of a nick")
            << QStringLiteral("WHO bob") << QStringLiteral("352") << QStringLiteral(" bob H ");
}

void tst_Irc::queries()
{
    QFETCH(QString, line);
    QFETCH(QString, numeric);
    QFETCH(QString, contains);
    startServer();
    auto alice = registered(QStringLiteral("alice"));
    auto bob = registered(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->send(line);
    QVERIFY2(alice->waitFor(numeric, contains), qPrintable(alice->seen()));
}

void tst_Irc::historyOnJoin_data()
{
    QTest::addColumn<QString>("caps");
    QTest::newRow("batch and server-time") << QStringLiteral("batch server-time");
    QTest::newRow("no capabilities (ii)") << QString();
}

void tst_Irc::historyOnJoin()
{
    QFETCH(QString, caps);
    startServer();
    TestClient desk;
    QVERIFY(desk.connectTo(m_server->serverPort()));
    QVERIFY(desk.join(QStringLiteral("desk")));
    desk.send(Join{QStringLiteral("#dev"), true});
    QVERIFY(desk.waitFor<Joined>());
    desk.send(Say{QStringLiteral("first 一"), QStringLiteral("r1"), false, QStringLiteral("#dev")});
    desk.send(Say{QStringLiteral("second"), QStringLiteral("r2"), true, QStringLiteral("#dev")});
    QVERIFY(desk.waitFor<Protocol::ChatMessage>());
    QVERIFY(desk.waitFor<Protocol::ChatMessage>());
    auto irc = registered(QStringLiteral("late"), caps);
    QVERIFY(irc);
    irc->drain();
    irc->send(QStringLiteral("JOIN #dev"));
    QVERIFY(irc->waitFor(QStringLiteral("366")));
    if (!caps.isEmpty()) {
        const auto start = irc->waitFor(QStringLiteral("BATCH"));
        QVERIFY(start);
        QCOMPARE(start->params.mid(1),
                 (QStringList{QStringLiteral("chathistory"), QStringLiteral("#dev")}));
        const QString id = start->params.first().mid(1);
        const auto first = irc->waitFor(QStringLiteral("PRIVMSG"));
        QVERIFY(first);
        QCOMPARE(first->params.last(), QStringLiteral("first 一"));
        QCOMPARE(first->tags.first(), (std::pair{QStringLiteral("batch"), id}));
        QCOMPARE(first->tags.at(1).first, QStringLiteral("time"));
        const auto second = irc->waitFor(QStringLiteral("PRIVMSG"));
        QVERIFY(second);
        QCOMPARE(second->params.last(), QStringLiteral("\x01"
                                                       "ACTION second\x01"));
        const auto end = irc->waitFor(QStringLiteral("BATCH"));
        QVERIFY(end);
        QCOMPARE(end->params.first(), u'-' + id);
    } else {
        QVERIFY(irc->waitFor(QStringLiteral("NOTICE"), QStringLiteral("The last 2 messages")));
        const auto first = irc->waitFor(QStringLiteral("PRIVMSG"));
        QVERIFY(first);
        QVERIFY(first->tags.isEmpty());
        // Without server-time, the time is in the text.
        QVERIFY2(QRegularExpression(QStringLiteral("^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\] "
                                                   "first 一$"))
                         .match(first->params.last())
                         .hasMatch(),
                 qPrintable(first->params.last()));
        QVERIFY(irc->waitFor(QStringLiteral("PRIVMSG"), QStringLiteral("second")));
        QVERIFY(irc->waitFor(QStringLiteral("NOTICE"), QStringLiteral("End of the history")));
    }
}

void tst_Irc::chathistory()
{
    startServer();
    auto alice = registered(QStringLiteral("alice"), QStringLiteral("batch message-tags"));
    auto bob = registered(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    for (int i = 1; i <= 5; ++i)
        bob->send(QStringLiteral("PRIVMSG #general :m%1").arg(i));
    QVERIFY(alice->waitFor(QStringLiteral("PRIVMSG"), QStringLiteral("m5")));
    const auto ids = [&](const QString &request) {
        alice->send(request);
        QStringList texts;
        if (!alice->waitFor(QStringLiteral("BATCH")))
            return QStringList{QStringLiteral("no batch")};
        for (;;) {
            const QStringList lines = alice->drain();
            for (const QString &line : lines) {
                const auto message = IrcMessage::parse(line.toUtf8());
                if (message && message->command == u"PRIVMSG")
                    texts.append(message->params.last());
            }
            return texts;
        }
    };
    QCOMPARE(ids(QStringLiteral("CHATHISTORY LATEST #general * 2")),
             (QStringList{QStringLiteral("m4"), QStringLiteral("m5")}));
    // msgid=3 is m3 (the first messages on this server).
    QCOMPARE(ids(QStringLiteral("CHATHISTORY BEFORE #general msgid=3 10")),
             (QStringList{QStringLiteral("m1"), QStringLiteral("m2")}));
    QCOMPARE(ids(QStringLiteral("CHATHISTORY AFTER #general msgid=3 10")),
             (QStringList{QStringLiteral("m4"), QStringLiteral("m5")}));
    QCOMPARE(ids(QStringLiteral("CHATHISTORY LATEST #general msgid=4 10")),
             (QStringList{QStringLiteral("m5")}));
    alice->send(QStringLiteral("CHATHISTORY LATEST #nowhere * 10"));
    QVERIFY(alice->waitFor(QStringLiteral("FAIL"), QStringLiteral("INVALID_TARGET")));
    alice->send(QStringLiteral("CHATHISTORY BEFORE #general timestamp=2026-01-01T00:00:00Z 10"));
    QVERIFY(alice->waitFor(QStringLiteral("FAIL"), QStringLiteral("INVALID_PARAMS")));
    alice->send(QStringLiteral("CHATHISTORY AROUND #general msgid=3 10"));
    QVERIFY(alice->waitFor(QStringLiteral("FAIL"), QStringLiteral("INVALID_PARAMS")));
    alice->send(QStringLiteral("CHATHISTORY LATEST #general * many"));
    QVERIFY(alice->waitFor(QStringLiteral("FAIL"), QStringLiteral("INVALID_PARAMS")));
}

void tst_Irc::echoMessageAndTags()
{
    startServer();
    auto alice = registered(QStringLiteral("alice"),
                            QStringLiteral("echo-message server-time message-tags"));
    auto bob = registered(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    alice->send(QStringLiteral("PRIVMSG #general :echoed"));
    const auto echo = alice->waitFor(QStringLiteral("PRIVMSG"));
    QVERIFY(echo);
    QCOMPARE(echo->source.section(u'!', 0, 0), QStringLiteral("alice"));
    QCOMPARE(echo->params.last(), QStringLiteral("echoed"));
    QCOMPARE(echo->tags.size(), 2);
    QCOMPARE(echo->tags.at(0).first, QStringLiteral("time"));
    QVERIFY(QDateTime::fromString(echo->tags.at(0).second, Qt::ISODateWithMs).isValid());
    QCOMPARE(echo->tags.at(1).first, QStringLiteral("msgid"));
    // bob asked for nothing: no tags.
    const auto plain = bob->waitFor(QStringLiteral("PRIVMSG"));
    QVERIFY(plain);
    QVERIFY(plain->tags.isEmpty());
    // Client tags (TAGMSG) are not passed on, and do not break anything.
    alice->send(QStringLiteral("@+typing=active TAGMSG #general"));
    alice->send(QStringLiteral("@+draft/reply=1 PRIVMSG #general :tagged"));
    const auto tagged = bob->waitFor(QStringLiteral("PRIVMSG"));
    QVERIFY(tagged);
    QCOMPARE(tagged->params.last(), QStringLiteral("tagged"));
}

void tst_Irc::operatorNotices()
{
    startServer();
    auto alice = registered(QStringLiteral("alice"));
    QVERIFY(alice);
    m_server->sendNotice(QStringLiteral("the server restarts at noon"));
    const auto notice = alice->waitFor(QStringLiteral("NOTICE"));
    QVERIFY(notice);
    QVERIFY(!notice->source.contains(u'!')); // from the server
    QCOMPARE(notice->params.last(), QStringLiteral("the server restarts at noon"));
    QVERIFY(m_server->kick(QStringLiteral("alice"), QStringLiteral("be nice")));
    const auto error = alice->waitFor(QStringLiteral("ERROR"));
    QVERIFY(error);
    QVERIFY2(error->params.last().contains(QStringLiteral("be nice")),
             qPrintable(error->params.last()));
    QVERIFY(alice->waitForDisconnected());
}

void tst_Irc::flood()
{
    ServerConfig config = testServerConfig();
    config.rate = 5;
    config.burst = 10;
    startServer(config);
    auto alice = registered(QStringLiteral("alice"));
    QVERIFY(alice);
    QByteArray lines;
    while (lines.size() < 3 * config.recvQueueBytes)
        lines += "PRIVMSG #general :" + QByteArray(400, 'f') + "\r\n";
    alice->sendRaw(lines);
    const auto error = alice->waitFor(QStringLiteral("ERROR"));
    QVERIFY(error);
    QVERIFY2(error->params.last().contains(QStringLiteral("Excess Flood")),
             qPrintable(error->params.last()));
    QVERIFY(alice->waitForDisconnected());
}

void tst_Irc::tlsOnTheIrcPort()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS in this Qt");
    startServer();
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    QSignalSpy encrypted(&socket, &QSslSocket::encrypted);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_server->ircPort());
    QVERIFY(encrypted.wait(5000));
    socket.write("NICK secure\r\nUSER s 0 * :S\r\n");
    QByteArray got;
    QTRY_VERIFY_WITH_TIMEOUT((got += socket.readAll()).contains(" 376 secure "), 5000);
    socket.write("WHOIS secure\r\n");
    QTRY_VERIFY_WITH_TIMEOUT((got += socket.readAll()).contains(" 671 secure secure "), 5000);
}

void tst_Irc::ircPortOffAndInUse()
{
    // Off by default: no second port, and none announced.
    ServerConfig off = testServerConfig();
    ChatServer plain(off);
    QVERIFY(plain.listen());
    QCOMPARE(plain.ircPort(), quint16(0));
    const auto keyOf = [](const ServiceAnnouncer::TxtEntries &entries, const QByteArray &key) {
        for (const auto &entry : entries)
            if (entry.first == key)
                return entry.second;
        return QByteArray();
    };
    QCOMPARE(keyOf(ServerAnnouncement::txtOf(plain), "irc"), QByteArray());
    // On: the discovery TXT says where (irc=PORT).
    startServer();
    QCOMPARE(keyOf(ServerAnnouncement::txtOf(*m_server), "irc"),
             QByteArray::number(m_server->ircPort()));
    // A port in use: the start fails and says which port.
    ServerConfig clash = testServerConfig();
    clash.irc = true;
    clash.ircPort = m_server->ircPort();
    ChatServer second(clash);
    QVERIFY(!second.listen());
    QVERIFY(second.ircPortFailed());
    QVERIFY2(second.errorString().startsWith(u"IRC port " + QString::number(clash.ircPort)),
             qPrintable(second.errorString()));
    QVERIFY(!second.isListening());
    // The same port for both is refused as a setting.
    ServerConfig same = testServerConfig();
    same.irc = true;
    same.port = 7000;
    same.ircPort = 7000;
    QVERIFY(same.validate().contains(QStringLiteral("irc-port")));
}

QTEST_GUILESS_MAIN(tst_Irc)
#include "tst_irc.moc"
