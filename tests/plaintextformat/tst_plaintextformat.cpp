// What plain-text clients see and what their lines mean.
#include "codec.h"
#include "plaintextformat.h"

#include <QTest>

using namespace Protocol;

class tst_PlainTextFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rendering_data();
    void rendering();
    void commands_data();
    void commands();
    void helpListsEveryCommand();
};

void tst_PlainTextFormat::rendering_data()
{
    QTest::addColumn<QByteArray>("rendered");
    QTest::addColumn<QByteArray>("expected");

    ChatMessage say{1, 0, QStringLiteral("alice"), QStringLiteral("hi all"), false, {}, {}, {}};
    ChatMessage action{2, 0, QStringLiteral("bob"), QStringLiteral("waves"), true, {}, {}, {}};
    ChatMessage whisper{
            3, 0, QStringLiteral("carol"), QStringLiteral("psst"), false, QStringLiteral("dave"),
            {}, {}};
    ChatMessage multiline{4, 0, QStringLiteral("eve"), QStringLiteral("one\ntwo"), false, {}, {}, {}};
    ChatMessage chinese{5, 0, QStringLiteral("张伟"), QStringLiteral("你好"), false, {}, {}, {}};

    QTest::newRow("message") << PlainTextFormat::message(say) << QByteArray("<alice> hi all\n");
    QTest::newRow("action") << PlainTextFormat::message(action) << QByteArray("* bob waves\n");
    QTest::newRow("whisper received")
            << PlainTextFormat::message(whisper) << QByteArray("*carol* psst\n");
    QTest::newRow("whisper sent") << PlainTextFormat::whisperSent(QStringLiteral("dave"),
                                                                  QStringLiteral("psst"))
                                  << QByteArray("-> *dave* psst\n");
    QTest::newRow("multi-line message")
            << PlainTextFormat::message(multiline) << QByteArray("<eve> one\n<eve> two\n");
    QTest::newRow("UTF-8") << PlainTextFormat::message(chinese)
                           << QByteArray("<\xe5\xbc\xa0\xe4\xbc\x9f> \xe4\xbd\xa0\xe5\xa5\xbd\n");
    QTest::newRow("joined") << PlainTextFormat::joined(QStringLiteral("bob"))
                            << QByteArray("* bob joined\n");
    QTest::newRow("left with reason")
            << PlainTextFormat::left(QStringLiteral("bob"), QStringLiteral("quit"))
            << QByteArray("* bob left (quit)\n");
    QTest::newRow("left without reason") << PlainTextFormat::left(QStringLiteral("bob"), QString())
                                         << QByteArray("* bob left\n");
    QTest::newRow("renamed") << PlainTextFormat::renamed(QStringLiteral("bob"),
                                                         QStringLiteral("robert"))
                             << QByteArray("* bob is now known as robert\n");
    QTest::newRow("server line") << PlainTextFormat::serverLine(QStringLiteral("maintenance at 5"))
                                 << QByteArray("-server- maintenance at 5\n");
    QTest::newRow("users") << PlainTextFormat::users(
                                      {{QStringLiteral("alice"), 0}, {QStringLiteral("bob"), 0}})
                           << QByteArray("-server- 2 users: alice, bob\n");
    QTest::newRow("one user") << PlainTextFormat::users({{QStringLiteral("alice"), 0}})
                              << QByteArray("-server- 1 user: alice\n");
    QTest::newRow("greeting") << PlainTextFormat::greeting()
                              << QByteArray("Welcome to this chatroom!\n");
}

void tst_PlainTextFormat::rendering()
{
    QFETCH(QByteArray, rendered);
    QFETCH(QByteArray, expected);
    QCOMPARE(rendered, expected);
}

void tst_PlainTextFormat::commands_data()
{
    using Kind = PlainTextFormat::Command::Kind;
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("request"); // the request as a protocol frame

    QTest::newRow("chat line") << QStringLiteral("hello there") << int(Kind::Request)
                               << QByteArray(R"({"type":"say","text":"hello there"})");
    QTest::newRow("/nick") << QStringLiteral("/nick bob") << int(Kind::Request)
                           << QByteArray(R"({"type":"nick","nick":"bob"})");
    QTest::newRow("/NICK in capitals") << QStringLiteral("/NICK bob") << int(Kind::Request)
                                       << QByteArray(R"({"type":"nick","nick":"bob"})");
    QTest::newRow("/me") << QStringLiteral("/me waves") << int(Kind::Request)
                         << QByteArray(R"({"type":"say","text":"waves","action":true})");
    QTest::newRow("/msg") << QStringLiteral("/msg bob see you at 5") << int(Kind::Request)
                          << QByteArray(R"({"type":"whisper","to":"bob","text":"see you at 5"})");
    QTest::newRow("/who") << QStringLiteral("/who") << int(Kind::Request)
                          << QByteArray(R"({"type":"who"})");
    QTest::newRow("/quit") << QStringLiteral("/quit") << int(Kind::Request)
                           << QByteArray(R"({"type":"bye"})");
    QTest::newRow("/quit with reason")
            << QStringLiteral("/quit time for dinner") << int(Kind::Request)
            << QByteArray(R"({"type":"bye","reason":"time for dinner"})");
    QTest::newRow("/who and a tab")
            << QStringLiteral("/who\t") << int(Kind::Request) << QByteArray(R"({"type":"who"})");
    QTest::newRow("spaces before /who")
            << QStringLiteral("  /who") << int(Kind::Request) << QByteArray(R"({"type":"who"})");
    QTest::newRow("/nick, a tab and the name")
            << QStringLiteral("/nick\tbob ") << int(Kind::Request)
            << QByteArray(R"({"type":"nick","nick":"bob"})");
    QTest::newRow("/msg with tabs")
            << QStringLiteral("/msg\tbob\tsee you") << int(Kind::Request)
            << QByteArray(R"({"type":"whisper","to":"bob","text":"see you"})");
    QTest::newRow("/nick and a tab only")
            << QStringLiteral("/nick\t") << int(Kind::Usage) << QByteArray();
    QTest::newRow("/help") << QStringLiteral("/help") << int(Kind::Help) << QByteArray();
    QTest::newRow("/nick without a name")
            << QStringLiteral("/nick") << int(Kind::Usage) << QByteArray();
    QTest::newRow("/me without text")
            << QStringLiteral("/me  ") << int(Kind::Usage) << QByteArray();
    QTest::newRow("/msg without text")
            << QStringLiteral("/msg bob") << int(Kind::Usage) << QByteArray();
    QTest::newRow("/meow is not /me")
            << QStringLiteral("/meow") << int(Kind::Unknown) << QByteArray("/meow");
    QTest::newRow("unknown command is refused")
            << QStringLiteral("/nikc bob") << int(Kind::Unknown) << QByteArray("/nikc");
    QTest::newRow("/join a room") << QStringLiteral("/join #random") << int(Kind::Request)
                                  << QByteArray(
                                             R"({"type":"join","room":"#random","create":true})");
    QTest::newRow("/join without a room")
            << QStringLiteral("/join") << int(Kind::Usage) << QByteArray();
    QTest::newRow("/join two rooms")
            << QStringLiteral("/join #a #b") << int(Kind::Usage) << QByteArray();
    QTest::newRow("/part this room") << QStringLiteral("/part") << int(Kind::Request)
                                     << QByteArray(R"({"type":"part","room":""})");
    QTest::newRow("/part a room with a reason")
            << QStringLiteral("/part #random bye now") << int(Kind::Request)
            << QByteArray(R"({"type":"part","room":"#random","reason":"bye now"})");
    QTest::newRow("/part with a reason only")
            << QStringLiteral("/part see you") << int(Kind::Request)
            << QByteArray(R"({"type":"part","room":"","reason":"see you"})");
    QTest::newRow("/rooms") << QStringLiteral("/rooms") << int(Kind::Request)
                            << QByteArray(R"({"type":"rooms"})");
    QTest::newRow("/topic") << QStringLiteral("/topic Release on Friday") << int(Kind::Request)
                            << QByteArray(
                                       R"({"type":"topic","room":"","text":"Release on Friday"})");
    QTest::newRow("/topic without text")
            << QStringLiteral("/topic ") << int(Kind::Usage) << QByteArray();
    QTest::newRow("unknown command in capitals keeps its case")
            << QStringLiteral("  /SHRUG") << int(Kind::Unknown) << QByteArray("/SHRUG");
    QTest::newRow("Chinese command word") << QStringLiteral("/你好 世界") << int(Kind::Unknown)
                                          << QStringLiteral("/你好").toUtf8();
    QTest::newRow("// says a slash") << QStringLiteral("//nick is a command") << int(Kind::Request)
                                     << QByteArray(R"({"type":"say","text":"/nick is a command"})");
    QTest::newRow("// after spaces") << QStringLiteral("  //shrug") << int(Kind::Request)
                                     << QByteArray(R"({"type":"say","text":"/shrug"})");
    QTest::newRow("/ and a space is said") << QStringLiteral("/ shrug") << int(Kind::Request)
                                           << QByteArray(R"({"type":"say","text":"/ shrug"})");
    QTest::newRow("/ and a digit is said")
            << QStringLiteral("/5 is a fraction") << int(Kind::Request)
            << QByteArray(R"({"type":"say","text":"/5 is a fraction"})");
    QTest::newRow("a lone slash is said") << QStringLiteral("/") << int(Kind::Request)
                                          << QByteArray(R"({"type":"say","text":"/"})");
    QTest::newRow("a path is a command word (// says it)")
            << QStringLiteral("/usr/bin is full") << int(Kind::Unknown) << QByteArray("/usr/bin");
}

void tst_PlainTextFormat::commands()
{
    QFETCH(QString, line);
    QFETCH(int, kind);
    QFETCH(QByteArray, request);
    const PlainTextFormat::Command command = PlainTextFormat::parseLine(line);
    QCOMPARE(int(command.kind), kind);
    if (command.kind == PlainTextFormat::Command::Kind::Request)
        QCOMPARE(Codec::encode(command.message), request + '\n');
    if (command.kind == PlainTextFormat::Command::Kind::Usage)
        QVERIFY(command.usage.startsWith(u"usage: /"));
    if (command.kind == PlainTextFormat::Command::Kind::Unknown) {
        QCOMPARE(command.name.toUtf8(), request); // the command word, as typed
        QCOMPARE(PlainTextFormat::unknownCommand(command.name),
                 u"unknown command " + command.name + u" — /help lists the commands");
    }
}

void tst_PlainTextFormat::helpListsEveryCommand()
{
    const QString help = PlainTextFormat::helpLines().join(u'\n');
    for (const char *command : {"/nick", "/me", "/msg", "/who", "/quit", "/help"})
        QVERIFY2(help.contains(QLatin1String(command)), command);
}

QTEST_GUILESS_MAIN(tst_PlainTextFormat)
#include "tst_plaintextformat.moc"
