// The wire formats on their own: every event in JSON lines and in plain
// text (named data rows), what a frame or line comes to, and the pieces a
// long users list is sent in.
#include "codec.h"
#include "dialectsniffer.h"
#include "jsondialect.h"
#include "plaintextdialect.h"
#include "roster.h"
#include "serverconfig.h"

#include <QTest>

Q_DECLARE_METATYPE(DialectSniffer::Verdict)

using namespace Protocol;

Q_DECLARE_METATYPE(ServerEvent)

namespace {

ChatMessage message(qint64 id, const QString &from, const QString &text, const QString &to = {})
{
    ChatMessage m;
    m.id = id;
    m.ts = 1000;
    m.from = from;
    m.text = text;
    m.to = to;
    return m;
}

UserListing listing(int people, int chunkSize = Roster::DefaultChunkSize)
{
    static std::vector<std::unique_ptr<int>> keys; // stable addresses for the roster's keys
    Roster roster(chunkSize);
    for (int i = 0; i < people; ++i) {
        keys.push_back(std::make_unique<int>(i));
        roster.add(keys.back().get(), {QStringLiteral("u%1").arg(i), 5});
    }
    return UserListing{roster.chunks(), roster.size(), {}};
}

QByteArray joined(const EncodedBytes &bytes)
{
    QByteArray all;
    for (const QByteArray &piece : bytes)
        all += piece;
    return all;
}

Welcome welcomeFor(const QString &nick)
{
    Welcome welcome;
    welcome.server = QStringLiteral("qtchat-server/test");
    welcome.nick = nick;
    welcome.motd = QStringLiteral("Welcome to this chatroom!");
    welcome.lastId = 7;
    return welcome;
}

} // namespace

class tst_Dialects : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encode_data();
    void encode();
    void longUsersListComesInPieces_data();
    void longUsersListComesInPieces();
    void piecesAreEncodedOnce();
    void jsonInput_data();
    void jsonInput();
    void plainTextInput_data();
    void plainTextInput();
    void telnetCommandsAreTakenOut();
    void traits();
    void sniffer_data();
    void sniffer();
};

void tst_Dialects::encode_data()
{
    QTest::addColumn<ServerEvent>("event");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("plain");

    const ChatMessage hi = message(3, QStringLiteral("bob"), QStringLiteral("hi"));
    ChatMessage action = hi;
    action.action = true;
    const ChatMessage whisper =
            message(4, QStringLiteral("bob"), QStringLiteral("psst"), QStringLiteral("alice"));
    ChatMessage own = hi;
    own.ref = QStringLiteral("r1");
    ChatMessage ownWhisper = whisper;
    ownWhisper.ref = QStringLiteral("r2");

    QTest::newRow("message")
            << ServerEvent(hi)
            << QByteArray(R"({"type":"message","id":3,"ts":1000,"from":"bob","text":"hi"})"
                          "\n")
            << QByteArray("<bob> hi\n");
    QTest::newRow("action")
            << ServerEvent(action)
            << QByteArray(
                       R"({"type":"message","id":3,"ts":1000,"from":"bob","text":"hi","action":true})"
                       "\n")
            << QByteArray("* bob hi\n");
    QTest::newRow("whisper to the reader")
            << ServerEvent(whisper)
            << QByteArray(
                       R"({"type":"message","id":4,"ts":1000,"from":"bob","text":"psst","to":"alice"})"
                       "\n")
            << QByteArray("*bob* psst\n");
    QTest::newRow("own message: the acknowledgement")
            << ServerEvent(OwnMessage{own})
            << QByteArray(
                       R"({"type":"message","id":3,"ts":1000,"from":"bob","text":"hi","ref":"r1"})"
                       "\n")
            << QByteArray(); // a plain-text client's own line is on its screen already
    QTest::newRow("own whisper")
            << ServerEvent(OwnMessage{ownWhisper})
            << QByteArray(
                       R"({"type":"message","id":4,"ts":1000,"from":"bob","text":"psst","to":"alice","ref":"r2"})"
                       "\n")
            << QByteArray("-> *alice* psst\n");
    QTest::newRow("joined") << ServerEvent(Joined{QStringLiteral("carol"), 9, {}})
                            << QByteArray(R"({"type":"joined","nick":"carol","ts":9})"
                                          "\n")
                            << QByteArray("* carol joined\n");
    QTest::newRow("left") << ServerEvent(
                                     Left{QStringLiteral("carol"), 9, QStringLiteral("quit"), {}})
                          << QByteArray(R"({"type":"left","nick":"carol","ts":9,"reason":"quit"})"
                                        "\n")
                          << QByteArray("* carol left (quit)\n");
    QTest::newRow("renamed") << ServerEvent(
                                        Renamed{QStringLiteral("carol"), QStringLiteral("caro"), 9})
                             << QByteArray(R"({"type":"renamed","from":"carol","to":"caro","ts":9})"
                                           "\n")
                             << QByteArray("* carol is now known as caro\n");
    QTest::newRow("notice") << ServerEvent(Notice{QStringLiteral("back at 5"), 9, {}})
                            << QByteArray(R"({"type":"notice","text":"back at 5","ts":9})"
                                          "\n")
                            << QByteArray("-server- back at 5\n");
    QTest::newRow("presence")
            << ServerEvent(Presence{37, 5, 10000, 9, {}})
            << QByteArray(R"({"type":"presence","joined":37,"left":5,"users":10000,"ts":9})"
                          "\n")
            << QByteArray("* 37 joined, 5 left; 10000 people here\n");
    QTest::newRow("error")
            << ServerEvent(Error{ErrorCode::NoSuchNick,
                                 {},
                                 QStringLiteral("no one"),
                                 QStringLiteral("r3"),
                                 {}})
            << QByteArray(R"({"type":"error","code":"no_such_nick","message":"no one","ref":"r3"})"
                          "\n")
            << QByteArray("-server- no one\n");
    QTest::newRow("ping") << ServerEvent(Ping{QJsonValue(QStringLiteral("t"))})
                          << QByteArray(R"({"type":"ping","token":"t"})"
                                        "\n")
                          << QByteArray(); // plain text is kept alive by TCP
    QTest::newRow("goodbye") << ServerEvent(Goodbye{}) << QByteArray()
                             << QByteArray("-server- Goodbye!\n");
    QTest::newRow("users, one piece")
            << ServerEvent(listing(2))
            << QByteArray(
                       R"({"type":"users","users":[{"nick":"u0","since":5},{"nick":"u1","since":5}]})"
                       "\n")
            << QByteArray("-server- 2 users: u0, u1\n");
    QTest::newRow("users, one person")
            << ServerEvent(listing(1))
            << QByteArray(R"({"type":"users","users":[{"nick":"u0","since":5}]})"
                          "\n")
            << QByteArray("-server- 1 user: u0\n");
    QTest::newRow("users, nobody") << ServerEvent(UserListing{})
                                   << QByteArray(R"({"type":"users","users":[]})"
                                                 "\n")
                                   << QByteArray("-server- 0 users: \n");
    QTest::newRow("welcome, the list inside")
            << ServerEvent(WelcomeEvent{welcomeFor(QStringLiteral("u1")), listing(2)})
            << QByteArray(
                       R"({"type":"welcome","protocol":1,"server":"qtchat-server/test","nick":"u1","motd":"Welcome to this chatroom!","users":[{"nick":"u0","since":5},{"nick":"u1","since":5}],"limits":{"max_frame":65536,"max_text":8192,"rate":5,"burst":10},"last_id":7})"
                       "\n")
            << QByteArray("Welcome to this chatroom!\n-server- You are u1. Type /help to see the "
                          "commands.\n");
    QTest::newRow("history page")
            << ServerEvent(HistoryPage{{hi}, true, {}})
            << QByteArray(
                       R"({"type":"history","messages":[{"id":3,"ts":1000,"from":"bob","text":"hi"}],"complete":true})"
                       "\n")
            << QByteArray("-server- The last message:\n<bob> hi\n");
    QTest::newRow("empty history page")
            << ServerEvent(HistoryPage{{}, true, {}})
            << QByteArray(R"({"type":"history","messages":[],"complete":true})"
                          "\n")
            << QByteArray();
}

void tst_Dialects::encode()
{
    QFETCH(ServerEvent, event);
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, plain);
    QCOMPARE(joined(JsonDialect().encode(event)), json);
    QCOMPARE(joined(PlainTextDialect().encode(event)), plain);
    // What the JSON dialect writes, the client's codec reads.
    if (!json.isEmpty()) {
        QByteArray frame = json;
        frame.chop(1);
        QVERIFY2(Codec::decodeServerFrame(frame).ok(), frame.constData());
    }
}

void tst_Dialects::longUsersListComesInPieces_data()
{
    QTest::addColumn<int>("people");
    QTest::addColumn<int>("frames");
    QTest::newRow("256: one piece, inside the welcome") << 256 << 1;
    QTest::newRow("257: two users frames after the welcome") << 257 << 3;
    QTest::newRow("10000 people") << 10000 << 1 + 40;
}

void tst_Dialects::longUsersListComesInPieces()
{
    QFETCH(int, people);
    QFETCH(int, frames);
    const UserListing users = listing(people);
    const EncodedBytes bytes =
            JsonDialect().encode(WelcomeEvent{welcomeFor(QStringLiteral("u0")), users});
    QCOMPARE(bytes.size(), frames);
    int counted = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        QByteArray frame = bytes.at(i);
        QVERIFY(frame.endsWith('\n'));
        QVERIFY2(frame.size() <= MaxFrameBytes, qPrintable(QString::number(frame.size())));
        frame.chop(1);
        const Decoded<ServerMessage> decoded = Codec::decodeServerFrame(frame);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error.message));
        if (i == 0) {
            const auto &welcome = std::get<Welcome>(*decoded.message);
            QCOMPARE(welcome.usersIncluded, frames == 1);
            counted += int(welcome.users.size());
            continue;
        }
        const auto &piece = std::get<Users>(*decoded.message);
        QCOMPARE(piece.complete, i + 1 == bytes.size()); // false on all but the last
        counted += int(piece.users.size());
    }
    QCOMPARE(counted, people);

    // Plain text: the count, then the names a line per piece.
    const QByteArray lines = joined(PlainTextDialect().encode(users));
    QVERIFY(lines.startsWith(
            QByteArray("-server- " + QByteArray::number(people) + " users: u0, u1")));
    QCOMPARE(lines.count('\n'), (people + Roster::DefaultChunkSize - 1) / Roster::DefaultChunkSize);
}

void tst_Dialects::piecesAreEncodedOnce()
{
    // Two people asking for the list get the very same bytes (shared, not copied).
    const UserListing users = listing(600);
    const JsonDialect dialect;
    const EncodedBytes first = dialect.encode(users);
    const EncodedBytes second = dialect.encode(users);
    QCOMPARE(first.size(), 3);
    for (qsizetype i = 0; i < first.size(); ++i)
        QCOMPARE(first.at(i).constData(), second.at(i).constData());
}

void tst_Dialects::jsonInput_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("registered");
    QTest::addColumn<bool>("request");
    QTest::addColumn<QByteArray>("reply"); // what it contains

    QTest::newRow("hello before the welcome")
            << QByteArray(R"({"type":"hello","protocol":1,"nick":"a"})") << false << true
            << QByteArray();
    QTest::newRow("anything else before it") << QByteArray(R"({"type":"say","text":"hi"})") << false
                                             << false << QByteArray(R"("code":"not_registered")");
    QTest::newRow("a second hello") << QByteArray(R"({"type":"hello","protocol":1,"nick":"a"})")
                                    << true << false << QByteArray("already in the room as alice");
    QTest::newRow("say") << QByteArray(R"({"type":"say","text":"hi"})") << true << true
                         << QByteArray();
    QTest::newRow("ping is answered here") << QByteArray(R"({"type":"ping","token":7})") << true
                                           << false << QByteArray(R"({"type":"pong","token":7})");
    QTest::newRow("pong: a sign of life")
            << QByteArray(R"({"type":"pong"})") << true << false << QByteArray();
    QTest::newRow("not JSON") << QByteArray("{nope") << true << false
                              << QByteArray(R"("code":"bad_frame")");
    QTest::newRow("unknown type") << QByteArray(R"({"type":"dance","ref":"r9"})") << true << false
                                  << QByteArray(R"("code":"unknown_type")");
}

void tst_Dialects::jsonInput()
{
    QFETCH(QByteArray, frame);
    QFETCH(bool, registered);
    QFETCH(bool, request);
    QFETCH(QByteArray, reply);
    const DialectInput input = JsonDialect().decode(frame, registered, QStringLiteral("alice"));
    QCOMPARE(!input.requests.isEmpty(), request);
    if (reply.isEmpty())
        QCOMPARE(input.reply, QByteArray());
    else
        QVERIFY2(input.reply.contains(reply), input.reply.constData());
}

void tst_Dialects::plainTextInput_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("request");
    QTest::addColumn<QByteArray>("reply");

    QTest::newRow("a line is said") << QByteArray("hello") << true << QByteArray();
    QTest::newRow("a blank line says nothing") << QByteArray("   ") << false << QByteArray();
    QTest::newRow("/help") << QByteArray("/help") << false
                           << QByteArray("-server-   /help            show this help");
    QTest::newRow("usage") << QByteArray("/msg bob") << false
                           << QByteArray("-server- usage: /msg NICK TEXT\n");
    QTest::newRow("unknown command")
            << QByteArray("/nikc x") << false
            << QByteArray("-server- unknown command /nikc — /help lists the commands\n");
    QTest::newRow("not UTF-8") << QByteArray("caf\xe9") << false
                               << QByteArray("-server- that line was not valid UTF-8");
    QTest::newRow("/quit") << QByteArray("/quit bye") << true << QByteArray();
}

void tst_Dialects::plainTextInput()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, request);
    QFETCH(QByteArray, reply);
    const DialectInput input = PlainTextDialect().decode(line, true, QStringLiteral("x"));
    QCOMPARE(!input.requests.isEmpty(), request);
    if (reply.isEmpty())
        QCOMPARE(input.reply, QByteArray());
    else
        QVERIFY2(input.reply.contains(reply), input.reply.constData());
}

void tst_Dialects::telnetCommandsAreTakenOut()
{
    PlainTextDialect dialect;
    QByteArray reply;
    // IAC DO ECHO, then text: the command is refused (IAC WONT ECHO), the text kept.
    const QByteArray text = dialect.filterInput(QByteArray("\xff\xfd\x01hi", 5), &reply);
    QCOMPARE(text, QByteArray("hi"));
    QCOMPARE(reply, QByteArray("\xff\xfc\x01", 3));
    QByteArray none;
    QCOMPARE(JsonDialect().filterInput(QByteArray("\xff\xfd\x01", 3), &none),
             QByteArray("\xff\xfd\x01", 3));
    QVERIFY(none.isEmpty());
}

void tst_Dialects::traits()
{
    QVERIFY(JsonDialect().hasHandshake());
    QVERIFY(!PlainTextDialect().hasHandshake());
    QVERIFY(JsonDialect().readsWhisperHistory());
    QVERIFY(!PlainTextDialect().readsWhisperHistory());
    QVERIFY(JsonDialect().encodingKey() != PlainTextDialect().encodingKey());
    QVERIFY(JsonDialect().encodingKey() < Dialect::MaxEncodings);
    QVERIFY(PlainTextDialect().encodingKey() < Dialect::MaxEncodings);
}

void tst_Dialects::sniffer_data()
{
    using V = DialectSniffer::Verdict;
    QTest::addColumn<QByteArray>("first");
    QTest::addColumn<V>("verdict");
    QTest::addColumn<bool>("json"); // the dialect made for it has the handshake

    QTest::newRow("nothing yet") << QByteArray() << V::NeedMore << false;
    QTest::newRow("a hello") << QByteArray("{\"type\":\"hello\"") << V::Json << true;
    QTest::newRow("a brace alone") << QByteArray("{") << V::Json << true;
    QTest::newRow("tls client hello") << QByteArray("\x16\x03\x01\x02\x00", 5) << V::Tls << false;
    QTest::newRow("a name") << QByteArray("alice\n") << V::PlainText << false;
    QTest::newRow("a space before the brace") << QByteArray(" {") << V::PlainText << false;
    QTest::newRow("a telnet command") << QByteArray("\xff\xfd\x01", 3) << V::PlainText << false;
    QTest::newRow("a nul byte") << QByteArray("\0", 1) << V::PlainText << false;
    QTest::newRow("utf-8 text") << QByteArray("\xe4\xbd\xa0\xe5\xa5\xbd") << V::PlainText << false;
}

void tst_Dialects::sniffer()
{
    QFETCH(QByteArray, first);
    QFETCH(DialectSniffer::Verdict, verdict);
    QFETCH(bool, json);
    QCOMPARE(DialectSniffer::sniff(first), verdict);
    const ServerConfig config;
    const std::unique_ptr<Dialect> dialect = DialectSniffer::dialectFor(verdict, config);
    switch (verdict) {
    case DialectSniffer::Verdict::NeedMore:
    case DialectSniffer::Verdict::Tls: // unwrapped first, then sniffed again
        QVERIFY(!dialect);
        break;
    case DialectSniffer::Verdict::Json:
    case DialectSniffer::Verdict::PlainText:
        QVERIFY(dialect);
        QCOMPARE(dialect->hasHandshake(), json);
        break;
    }
}

QTEST_GUILESS_MAIN(tst_Dialects)
#include "tst_dialects.moc"
