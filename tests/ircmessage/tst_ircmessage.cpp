// IRC lines: parsing what clients send (tags, source, command, parameters, and
// every way a line can be refused), encoding what the server sends (always one
// well-formed line), tag escapes, CTCP, and cutting long texts for IRC lines.
#include "ircmessage.h"
#include "utf8.h"

#include <QRegularExpression>
#include <QTest>

using Tags = QList<std::pair<QString, QString>>;

Q_DECLARE_METATYPE(IrcMessage)
Q_DECLARE_METATYPE(IrcMessage::ParseError)

namespace QTest {
template<>
char *toString(const IrcMessage::ParseError &error)
{
    static const char *const names[] = {"None",        "Empty",         "BadUtf8", "NoCommand",
                                        "TagsTooLong", "TooManyParams", "Nul"};
    return qstrdup(names[int(error)]);
}
} // namespace QTest

namespace {

IrcMessage message(const QString &source, const QString &command, const QStringList &params,
                   const Tags &tags = {})
{
    return IrcMessage{tags, source, command, params};
}

// A string with a NUL between before and after.
QString withNul(const QString &before, const QString &after)
{
    return QString(before + QChar(0) + after);
}

QByteArray withNul(const QByteArray &before, const QByteArray &after)
{
    return QByteArray(before + '\0' + after);
}

QStringList numbers(int from, int to)
{
    QStringList list;
    for (int i = from; i <= to; ++i)
        list.append(QString::number(i));
    return list;
}

void compareMessages(const IrcMessage &actual, const IrcMessage &expected)
{
    QCOMPARE(actual.tags, expected.tags);
    QCOMPARE(actual.source, expected.source);
    QCOMPARE(actual.command, expected.command);
    QCOMPARE(actual.params, expected.params);
}

QString withoutSpaces(QString text)
{
    static const QRegularExpression space(QStringLiteral("\\s"));
    return text.remove(space);
}

// What every result of splitText must be.
void checkPieces(const QString &text, qsizetype maxBytes, const QStringList &pieces)
{
    for (const QString &piece : pieces) {
        QVERIFY(!piece.isEmpty());
        QVERIFY2(!withoutSpaces(piece).isEmpty(), qPrintable(piece));
        QVERIFY2(!piece.contains(u'\n') && !piece.contains(u'\r'), qPrintable(piece));
        const QByteArray bytes = piece.toUtf8();
        QVERIFY(Utf8::isValid(bytes));
        QCOMPARE(QString::fromUtf8(bytes), piece); // no lone surrogate from a cut pair
        if (maxBytes > 0)
            QVERIFY2(bytes.size() <= maxBytes, qPrintable(piece));
    }
    QCOMPARE(withoutSpaces(pieces.join(QString())), withoutSpaces(text));
}

} // namespace

class tst_IrcMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void parseWithoutErrorPointer();
    void escapeTagValue_data();
    void escapeTagValue();
    void unescapeTagValue_data();
    void unescapeTagValue();
    void ctcp_data();
    void ctcp();
    void makeCtcp_data();
    void makeCtcp();
    void encode_data();
    void encode();
    void roundTrip_data();
    void roundTrip();
    void encodeIsOneLine_data();
    void encodeIsOneLine();
    void line_data();
    void line();
    void splitText_data();
    void splitText();
    void splitTextPiecesFit_data();
    void splitTextPiecesFit();
};

void tst_IrcMessage::parse_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<IrcMessage>("expected");

    // Commands and sources.
    QTest::newRow("a command alone")
            << QByteArray("PING") << message(QString(), QStringLiteral("PING"), {});
    QTest::newRow("a command is upper-cased")
            << QByteArray("privmsg #a hi")
            << message(QString(), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("hi")});
    QTest::newRow("a numeric") << QByteArray(":irc.example 001 ann :Welcome")
                               << message(QStringLiteral("irc.example"), QStringLiteral("001"),
                                          {QStringLiteral("ann"), QStringLiteral("Welcome")});
    QTest::newRow("a user as the source")
            << QByteArray(":ann!ann@host.example PRIVMSG #a :hello")
            << message(QStringLiteral("ann!ann@host.example"), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("hello")});
    QTest::newRow("a source and a command, no parameters")
            << QByteArray(":ann QUIT")
            << message(QStringLiteral("ann"), QStringLiteral("QUIT"), {});

    // Parameters.
    QTest::newRow("middle parameters")
            << QByteArray("USER ann 0 * realname")
            << message(QString(), QStringLiteral("USER"),
                       {QStringLiteral("ann"), QStringLiteral("0"), QStringLiteral("*"),
                        QStringLiteral("realname")});
    QTest::newRow("a trailing parameter with spaces")
            << QByteArray("PRIVMSG #a :hello there, world")
            << message(QString(), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("hello there, world")});
    QTest::newRow("a trailing parameter keeps its own spaces")
            << QByteArray("PRIVMSG #a :  two  spaces  ")
            << message(QString(), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("  two  spaces  ")});
    QTest::newRow("colons inside the trailing parameter")
            << QByteArray("PRIVMSG #a ::) at 12:00 :x")
            << message(QString(), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral(":) at 12:00 :x")});
    QTest::newRow("a colon inside a middle parameter")
            << QByteArray("CMD a:b :c")
            << message(QString(), QStringLiteral("CMD"),
                       {QStringLiteral("a:b"), QStringLiteral("c")});
    QTest::newRow("an empty trailing parameter")
            << QByteArray("TOPIC #a :")
            << message(QString(), QStringLiteral("TOPIC"), {QStringLiteral("#a"), QString()});
    QTest::newRow("a trailing parameter alone")
            << QByteArray("QUIT :Gone to lunch")
            << message(QString(), QStringLiteral("QUIT"), {QStringLiteral("Gone to lunch")});
    QTest::newRow("several spaces between parameters count as one")
            << QByteArray(":ann   PRIVMSG    #a     :hi")
            << message(QStringLiteral("ann"), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("hi")});
    QTest::newRow("leading spaces are skipped")
            << QByteArray("   PING x")
            << message(QString(), QStringLiteral("PING"), {QStringLiteral("x")});
    QTest::newRow("trailing spaces are not a parameter")
            << QByteArray("JOIN #a   ")
            << message(QString(), QStringLiteral("JOIN"), {QStringLiteral("#a")});
    QTest::newRow("a stray trailing CR is removed")
            << QByteArray("PING x\r")
            << message(QString(), QStringLiteral("PING"), {QStringLiteral("x")});
    QTest::newRow("a stray CR after a trailing parameter")
            << QByteArray("PRIVMSG #a :hi there\r")
            << message(QString(), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("hi there")});
    QTest::newRow("UTF-8 text") << QByteArray("PRIVMSG #聊天 :你好 😀")
                                << message(QString(), QStringLiteral("PRIVMSG"),
                                           {QStringLiteral("#聊天"), QStringLiteral("你好 😀")});
    QTest::newRow("15 middle parameters")
            << QByteArray("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15")
            << message(QString(), QStringLiteral("CMD"), numbers(1, 15));
    QTest::newRow("14 middle parameters and a trailing one")
            << QByteArray("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :15 and more")
            << message(QString(), QStringLiteral("CMD"),
                       QStringList(numbers(1, 14) << QStringLiteral("15 and more")));

    // Tags.
    QTest::newRow("a tag with a value")
            << QByteArray("@time=2026-12-02T20:00:00.000Z PING")
            << message(QString(), QStringLiteral("PING"), {},
                       {{QStringLiteral("time"), QStringLiteral("2026-12-02T20:00:00.000Z")}});
    QTest::newRow("tags with and without values, in order")
            << QByteArray("@b=1;+draft/typing;a=;c=3 :ann PRIVMSG #a :hi")
            << message(QStringLiteral("ann"), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("hi")},
                       {{QStringLiteral("b"), QStringLiteral("1")},
                        {QStringLiteral("+draft/typing"), QString()},
                        {QStringLiteral("a"), QString()},
                        {QStringLiteral("c"), QStringLiteral("3")}});
    QTest::newRow("every escape in a tag value")
            << QByteArray("@k=a\\:b\\sc\\\\d\\re\\nf PING")
            << message(QString(), QStringLiteral("PING"), {},
                       {{QStringLiteral("k"), QStringLiteral("a;b c\\d\re\nf")}});
    QTest::newRow("an unknown escape is the character")
            << QByteArray("@k=\\x\\y\\= PING")
            << message(QString(), QStringLiteral("PING"), {},
                       {{QStringLiteral("k"), QStringLiteral("xy=")}});
    QTest::newRow("a lone trailing backslash is dropped")
            << QByteArray("@k=abc\\;j=1 PING")
            << message(QString(), QStringLiteral("PING"), {},
                       {{QStringLiteral("k"), QStringLiteral("abc")},
                        {QStringLiteral("j"), QStringLiteral("1")}});
    QTest::newRow("a value with '=' in it")
            << QByteArray("@k=a=b PING")
            << message(QString(), QStringLiteral("PING"), {},
                       {{QStringLiteral("k"), QStringLiteral("a=b")}});
    QTest::newRow("empty tags are skipped")
            << QByteArray("@;a;;=x; PING")
            << message(QString(), QStringLiteral("PING"), {}, {{QStringLiteral("a"), QString()}});
    QTest::newRow("spaces after the tags")
            << QByteArray("@a=1    :ann   NICK   bob")
            << message(QStringLiteral("ann"), QStringLiteral("NICK"), {QStringLiteral("bob")},
                       {{QStringLiteral("a"), QStringLiteral("1")}});
    const QString atLimit(IrcMessage::MaxClientTagBytes - 2, u'x');
    QTest::newRow("tags at the limit")
            << QByteArray("@a=" + atLimit.toUtf8() + " PING")
            << message(QString(), QStringLiteral("PING"), {}, {{QStringLiteral("a"), atLimit}});
}

void tst_IrcMessage::parse()
{
    QFETCH(QByteArray, line);
    QFETCH(IrcMessage, expected);
    IrcMessage::ParseError error = IrcMessage::ParseError::Nul;
    const std::optional<IrcMessage> parsed = IrcMessage::parse(line, &error);
    QCOMPARE(error, IrcMessage::ParseError::None);
    QVERIFY(parsed);
    compareMessages(*parsed, expected);
}

void tst_IrcMessage::parseErrors_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<IrcMessage::ParseError>("error");

    using E = IrcMessage::ParseError;
    QTest::newRow("empty line") << QByteArray() << E::Empty;
    QTest::newRow("only spaces") << QByteArray("     ") << E::Empty;
    QTest::newRow("only a CR") << QByteArray("\r") << E::Empty;
    QTest::newRow("only tags") << QByteArray("@a=1;b") << E::NoCommand;
    QTest::newRow("only tags and spaces") << QByteArray("@a=1   ") << E::NoCommand;
    QTest::newRow("only an '@'") << QByteArray("@") << E::NoCommand;
    QTest::newRow("only a source") << QByteArray(":ann!ann@host") << E::NoCommand;
    QTest::newRow("tags and a source, no command") << QByteArray("@a=1 :ann   ") << E::NoCommand;
    QTest::newRow("only a colon") << QByteArray(":") << E::NoCommand;
    QTest::newRow("16 middle parameters")
            << QByteArray("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16") << E::TooManyParams;
    QTest::newRow("15 middle parameters and a trailing one")
            << QByteArray("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 :sixteen") << E::TooManyParams;
    QTest::newRow("tags one byte past the limit")
            << QByteArray("@a=" + QByteArray(IrcMessage::MaxClientTagBytes - 1, 'x') + " PING")
            << E::TagsTooLong;
    QTest::newRow("overlong encoding of '/'") << QByteArray("PRIVMSG #a :\xC0\xAF") << E::BadUtf8;
    QTest::newRow("overlong three-byte NUL")
            << QByteArray("PRIVMSG #a :\xE0\x80\x80") << E::BadUtf8;
    QTest::newRow("lone continuation byte") << QByteArray("PRIVMSG #a :a\x80z") << E::BadUtf8;
    QTest::newRow("truncated sequence in the middle") << QByteArray("PRIVMSG #a :\xE4\xBD"
                                                                    " ok")
                                                      << E::BadUtf8;
    QTest::newRow("truncated sequence at the end")
            << QByteArray("PRIVMSG #a :\xF0\x9F\x98") << E::BadUtf8;
    QTest::newRow("an encoded surrogate") << QByteArray("PRIVMSG #a :\xED\xA0\x80") << E::BadUtf8;
    QTest::newRow("Latin-1, not UTF-8") << QByteArray("PRIVMSG #a :caf\xE9") << E::BadUtf8;
    QTest::newRow("invalid UTF-8 in a tag") << QByteArray("@a=\xFF PING") << E::BadUtf8;
    QTest::newRow("invalid UTF-8 in the source") << QByteArray(":\xC3 PING") << E::BadUtf8;
    QTest::newRow("invalid UTF-8 in the command") << QByteArray("PR\xFEVMSG") << E::BadUtf8;
    QTest::newRow("NUL in the trailing parameter")
            << withNul(QByteArray("PRIVMSG #a :hi"), QByteArray("there")) << E::Nul;
    QTest::newRow("NUL in a tag") << withNul(QByteArray("@a="), QByteArray(" PING")) << E::Nul;
    QTest::newRow("NUL alone") << QByteArray(1, '\0') << E::Nul;
}

void tst_IrcMessage::parseErrors()
{
    QFETCH(QByteArray, line);
    QFETCH(IrcMessage::ParseError, error);
    IrcMessage::ParseError actual = IrcMessage::ParseError::None;
    QVERIFY(!IrcMessage::parse(line, &actual));
    QCOMPARE(actual, error);
}

void tst_IrcMessage::parseWithoutErrorPointer()
{
    QVERIFY(!IrcMessage::parse(QByteArray("")));
    QVERIFY(!IrcMessage::parse(QByteArray("PRIVMSG #a :\xFF")));
    QVERIFY(IrcMessage::parse(QByteArray("PING x")));
}

void tst_IrcMessage::escapeTagValue_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("escaped");

    QTest::newRow("nothing to escape") << QStringLiteral("abc-123") << QStringLiteral("abc-123");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("semicolon") << QStringLiteral("a;b") << QStringLiteral("a\\:b");
    QTest::newRow("space") << QStringLiteral("a b") << QStringLiteral("a\\sb");
    QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("a\\\\b");
    QTest::newRow("CR") << QStringLiteral("a\rb") << QStringLiteral("a\\rb");
    QTest::newRow("LF") << QStringLiteral("a\nb") << QStringLiteral("a\\nb");
    QTest::newRow("all of them") << QStringLiteral("; \\\r\n")
                                 << QStringLiteral("\\:\\s\\\\\\r\\n");
    QTest::newRow("backslash before a letter") << QStringLiteral("\\s") << QStringLiteral("\\\\s");
    QTest::newRow("UTF-8 is left alone") << QStringLiteral("你好=😀") << QStringLiteral("你好=😀");
}

void tst_IrcMessage::escapeTagValue()
{
    QFETCH(QString, value);
    QFETCH(QString, escaped);
    QCOMPARE(IrcMessage::escapeTagValue(value), escaped);
    QCOMPARE(IrcMessage::unescapeTagValue(escaped), value);
}

void tst_IrcMessage::unescapeTagValue_data()
{
    QTest::addColumn<QString>("escaped");
    QTest::addColumn<QString>("value");

    QTest::newRow("unknown escape") << QStringLiteral("\\a\\b") << QStringLiteral("ab");
    QTest::newRow("escaped digit") << QStringLiteral("1\\23") << QStringLiteral("123");
    QTest::newRow("lone trailing backslash") << QStringLiteral("abc\\") << QStringLiteral("abc");
    QTest::newRow("only a backslash") << QStringLiteral("\\") << QString();
    QTest::newRow("escaped backslash at the end")
            << QStringLiteral("a\\\\") << QStringLiteral("a\\");
    QTest::newRow("escaped backslash then s") << QStringLiteral("\\\\s") << QStringLiteral("\\s");
    QTest::newRow("escaped non-ASCII") << QStringLiteral("\\你") << QStringLiteral("你");
}

void tst_IrcMessage::unescapeTagValue()
{
    QFETCH(QString, escaped);
    QFETCH(QString, value);
    QCOMPARE(IrcMessage::unescapeTagValue(escaped), value);
}

void tst_IrcMessage::ctcp_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isCtcp");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("argument");

    QTest::newRow("ACTION with its closing \\x01")
            << QStringLiteral("\x01"
                              "ACTION waves\x01")
            << true << QStringLiteral("ACTION") << QStringLiteral("waves");
    QTest::newRow("ACTION without its closing \\x01")
            << QStringLiteral("\x01"
                              "ACTION waves")
            << true << QStringLiteral("ACTION") << QStringLiteral("waves");
    QTest::newRow("ACTION with spaces in its argument")
            << QStringLiteral("\x01"
                              "ACTION waves at  everyone \x01")
            << true << QStringLiteral("ACTION") << QStringLiteral("waves at  everyone ");
    QTest::newRow("lower-case command")
            << QStringLiteral("\x01"
                              "action dances\x01")
            << true << QStringLiteral("ACTION") << QStringLiteral("dances");
    QTest::newRow("VERSION without an argument") << QStringLiteral("\x01"
                                                                   "VERSION\x01")
                                                 << true << QStringLiteral("VERSION") << QString();
    QTest::newRow("VERSION without an argument or closing")
            << QStringLiteral("\x01"
                              "VERSION")
            << true << QStringLiteral("VERSION") << QString();
    QTest::newRow("ACTION with an empty argument") << QStringLiteral("\x01"
                                                                     "ACTION \x01")
                                                   << true << QStringLiteral("ACTION") << QString();
    QTest::newRow("UTF-8 argument") << QStringLiteral("\x01"
                                                      "ACTION 挥手 😀\x01")
                                    << true << QStringLiteral("ACTION") << QStringLiteral("挥手 😀");
    QTest::newRow("plain text") << QStringLiteral("hello") << false << QString() << QString();
    QTest::newRow("empty text") << QString() << false << QString() << QString();
    QTest::newRow("\\x01 not at the start") << QStringLiteral("hi \x01"
                                                              "ACTION x\x01")
                                            << false << QString() << QString();
    QTest::newRow("only \\x01") << QStringLiteral("\x01") << false << QString() << QString();
    QTest::newRow("two \\x01") << QStringLiteral("\x01\x01") << false << QString() << QString();
    QTest::newRow("no command") << QStringLiteral("\x01 waves\x01") << false << QString()
                                << QString();
}

void tst_IrcMessage::ctcp()
{
    QFETCH(QString, text);
    QFETCH(bool, isCtcp);
    QFETCH(QString, command);
    QFETCH(QString, argument);
    const auto ctcp = IrcMessage::ctcp(text);
    QCOMPARE(ctcp.has_value(), isCtcp);
    if (ctcp) {
        QCOMPARE(ctcp->first, command);
        QCOMPARE(ctcp->second, argument);
    }
}

void tst_IrcMessage::makeCtcp_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("text");

    QTest::newRow("ACTION") << QStringLiteral("ACTION") << QStringLiteral("waves")
                            << QStringLiteral("\x01"
                                              "ACTION waves\x01");
    QTest::newRow("VERSION without an argument") << QStringLiteral("VERSION") << QString()
                                                 << QStringLiteral("\x01"
                                                                   "VERSION\x01");
    QTest::newRow("argument with spaces")
            << QStringLiteral("ACTION") << QStringLiteral("waves at you")
            << QStringLiteral("\x01"
                              "ACTION waves at you\x01");
}

void tst_IrcMessage::makeCtcp()
{
    QFETCH(QString, command);
    QFETCH(QString, argument);
    QFETCH(QString, text);
    QCOMPARE(IrcMessage::makeCtcp(command, argument), text);
    const auto back = IrcMessage::ctcp(text);
    QVERIFY(back);
    QCOMPARE(back->first, command);
    QCOMPARE(back->second, argument);
}

void tst_IrcMessage::encode_data()
{
    QTest::addColumn<IrcMessage>("message");
    QTest::addColumn<bool>("alwaysTrailing");
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("a command alone")
            << message(QString(), QStringLiteral("PING"), {}) << false << QByteArray("PING\r\n");
    QTest::newRow("a command alone, alwaysTrailing")
            << message(QString(), QStringLiteral("QUIT"), {}) << true << QByteArray("QUIT\r\n");
    QTest::newRow("a source") << message(QStringLiteral("irc.example"), QStringLiteral("001"),
                                         {QStringLiteral("ann"),
                                          QStringLiteral("Welcome to qtchat")})
                              << false << QByteArray(":irc.example 001 ann :Welcome to qtchat\r\n");
    QTest::newRow("a last parameter that needs no colon")
            << message(QString(), QStringLiteral("JOIN"), {QStringLiteral("#a")}) << false
            << QByteArray("JOIN #a\r\n");
    QTest::newRow("alwaysTrailing puts one there anyway")
            << message(QString(), QStringLiteral("JOIN"), {QStringLiteral("#a")}) << true
            << QByteArray("JOIN :#a\r\n");
    QTest::newRow("alwaysTrailing only on the last")
            << message(QStringLiteral("ann"), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("hi")})
            << true << QByteArray(":ann PRIVMSG #a :hi\r\n");
    QTest::newRow("an empty last parameter")
            << message(QString(), QStringLiteral("TOPIC"), {QStringLiteral("#a"), QString()})
            << false << QByteArray("TOPIC #a :\r\n");
    QTest::newRow("a last parameter starting with ':'")
            << message(QString(), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral(":)")})
            << false << QByteArray("PRIVMSG #a ::)\r\n");
    QTest::newRow("a last parameter with a space")
            << message(QString(), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("a b")})
            << false << QByteArray("PRIVMSG #a :a b\r\n");
    QTest::newRow("UTF-8") << message(QString(), QStringLiteral("PRIVMSG"),
                                      {QStringLiteral("#聊天"), QStringLiteral("你好😀")})
                           << false << QByteArray("PRIVMSG #聊天 你好😀\r\n");
    QTest::newRow("tags with and without values")
            << message(QStringLiteral("ann"), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("hi")},
                       {{QStringLiteral("time"), QStringLiteral("2026-12-02T20:00:00.000Z")},
                        {QStringLiteral("+draft/typing"), QString()}})
            << false
            << QByteArray("@time=2026-12-02T20:00:00.000Z;+draft/typing :ann PRIVMSG #a hi\r\n");
    QTest::newRow("tag values escaped")
            << message(QString(), QStringLiteral("PING"), {},
                       {{QStringLiteral("k"), QStringLiteral("a; b\\c\r\nd")}})
            << false << QByteArray("@k=a\\:\\sb\\\\c\\r\\nd PING\r\n");
    QTest::newRow("tag with an empty key left out")
            << message(QString(), QStringLiteral("PING"), {},
                       {{QString(), QStringLiteral("x")}, {QStringLiteral("a"), QString()}})
            << false << QByteArray("@a PING\r\n");
    QTest::newRow("tags with only empty keys: no tags")
            << message(QString(), QStringLiteral("PING"), {}, {{QString(), QStringLiteral("x")}})
            << false << QByteArray("PING\r\n");

    // What must never reach the output.
    QTest::newRow("CR LF in the last parameter")
            << message(QString(), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("one\r\nQUIT")})
            << false << QByteArray("PRIVMSG #a :one  QUIT\r\n");
    QTest::newRow("LF in a last parameter without spaces")
            << message(QString(), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("x\ny")})
            << false << QByteArray("PRIVMSG #a :x y\r\n");
    QTest::newRow("NUL in the last parameter")
            << message(QString(), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), withNul(QStringLiteral("a"), QStringLiteral("b"))})
            << false << QByteArray("PRIVMSG #a :a b\r\n");
    QTest::newRow("CR in the source") << message(QStringLiteral("ann\r\nQUIT"),
                                                 QStringLiteral("NICK"), {QStringLiteral("bob")})
                                      << false << QByteArray(":ann__QUIT NICK bob\r\n");
    QTest::newRow("a space in the source")
            << message(QStringLiteral("a b"), QStringLiteral("NICK"), {QStringLiteral("c")})
            << false << QByteArray(":a_b NICK c\r\n");
    QTest::newRow("a middle parameter with a space")
            << message(QString(), QStringLiteral("CMD"),
                       {QStringLiteral("a b"), QStringLiteral("x")})
            << false << QByteArray("CMD a_b x\r\n");
    QTest::newRow("an empty middle parameter")
            << message(QString(), QStringLiteral("CMD"), {QString(), QStringLiteral("x")}) << false
            << QByteArray("CMD * x\r\n");
    QTest::newRow("a middle parameter starting with ':'")
            << message(QString(), QStringLiteral("CMD"),
                       {QStringLiteral(":a"), QStringLiteral("x")})
            << false << QByteArray("CMD _a x\r\n");
    QTest::newRow("LF in a middle parameter")
            << message(QString(), QStringLiteral("CMD"),
                       {QStringLiteral("a\nb"), QStringLiteral("x")})
            << false << QByteArray("CMD a_b x\r\n");
    QTest::newRow("LF in the command")
            << message(QString(), QStringLiteral("PI\nNG"), {}) << false << QByteArray("PI_NG\r\n");
    QTest::newRow("a tag key with a space, ';' and '='")
            << message(QString(), QStringLiteral("PING"), {},
                       {{QStringLiteral("a b;c=d"), QStringLiteral("v")}})
            << false << QByteArray("@a_b_c_d=v PING\r\n");
    QTest::newRow("NUL in a tag value")
            << message(QString(), QStringLiteral("PING"), {},
                       {{QStringLiteral("k"), withNul(QStringLiteral("a"), QStringLiteral("b"))}})
            << false << QByteArray("@k=a\\sb PING\r\n");
}

void tst_IrcMessage::encode()
{
    QFETCH(IrcMessage, message);
    QFETCH(bool, alwaysTrailing);
    QFETCH(QByteArray, line);
    QCOMPARE(message.encode(alwaysTrailing), line);
}

void tst_IrcMessage::roundTrip_data()
{
    QTest::addColumn<IrcMessage>("message");

    QTest::newRow("a command alone") << message(QString(), QStringLiteral("PING"), {});
    QTest::newRow("a numeric with text")
            << message(QStringLiteral("irc.example"), QStringLiteral("001"),
                       {QStringLiteral("ann"), QStringLiteral("Welcome to qtchat, ann")});
    QTest::newRow("text starting with a colon")
            << message(QStringLiteral("ann!ann@host"), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral(":-) hi")});
    QTest::newRow("an empty last parameter")
            << message(QString(), QStringLiteral("TOPIC"), {QStringLiteral("#a"), QString()});
    QTest::newRow("text with spaces at its ends")
            << message(QString(), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"), QStringLiteral("  indented  ")});
    QTest::newRow("15 parameters") << message(QString(), QStringLiteral("CMD"), numbers(1, 15));
    QTest::newRow("15 parameters, the last with spaces")
            << message(QString(), QStringLiteral("CMD"),
                       QStringList(numbers(1, 14) << QStringLiteral("the end")));
    QTest::newRow("UTF-8 everywhere")
            << message(QStringLiteral("安!a@主机"), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#聊天"), QStringLiteral("你好 😀 e\u0301")},
                       {{QStringLiteral("标签"), QStringLiteral("值 😀")}});
    QTest::newRow("tags needing every escape")
            << message(QStringLiteral("ann"), QStringLiteral("TAGMSG"), {QStringLiteral("#a")},
                       {{QStringLiteral("a"), QStringLiteral("; \\\r\n")},
                        {QStringLiteral("+b"), QString()},
                        {QStringLiteral("c"), QStringLiteral("\\s\\:")}});
    QTest::newRow("a CTCP action")
            << message(QStringLiteral("ann"), QStringLiteral("PRIVMSG"),
                       {QStringLiteral("#a"),
                        IrcMessage::makeCtcp(QStringLiteral("ACTION"), QStringLiteral("waves"))});
}

void tst_IrcMessage::roundTrip()
{
    QFETCH(IrcMessage, message);
    for (const bool alwaysTrailing : {false, true}) {
        const QByteArray line = message.encode(alwaysTrailing);
        QVERIFY(line.endsWith("\r\n"));
        IrcMessage::ParseError error = IrcMessage::ParseError::None;
        const std::optional<IrcMessage> back = IrcMessage::parse(line.chopped(2), &error);
        QVERIFY2(back, qPrintable(QString::fromUtf8(line)));
        compareMessages(*back, message);
        if (QTest::currentTestFailed())
            return;
    }
}

void tst_IrcMessage::encodeIsOneLine_data()
{
    QTest::addColumn<IrcMessage>("message");

    const QString nasty = QStringLiteral("a\rb\nc\r\nd") + QChar(0) + QStringLiteral("e");
    QTest::newRow("in the last parameter")
            << message(QString(), QStringLiteral("PRIVMSG"), {QStringLiteral("#a"), nasty});
    QTest::newRow("in every parameter")
            << message(nasty, QStringLiteral("PRIVMSG"), {nasty, nasty, nasty});
    QTest::newRow("in the command") << message(QString(), nasty, {nasty});
    QTest::newRow("in tags") << message(QString(), QStringLiteral("PING"), {},
                                        {{nasty, nasty}, {nasty, QString()}});
    QTest::newRow("only line breaks") << message(QStringLiteral("\r\n"), QStringLiteral("\n"),
                                                 {QStringLiteral("\r"), QStringLiteral("\n\n")});
    QTest::newRow("empty middle parameters")
            << message(QString(), QStringLiteral("CMD"), {QString(), QString(), QString()});
}

void tst_IrcMessage::encodeIsOneLine()
{
    QFETCH(IrcMessage, message);
    for (const bool alwaysTrailing : {false, true}) {
        const QByteArray line = message.encode(alwaysTrailing);
        QVERIFY(line.endsWith("\r\n"));
        const QByteArray body = line.chopped(2);
        QVERIFY2(!body.contains('\r') && !body.contains('\n') && !body.contains('\0'),
                 line.constData());
        QVERIFY(Utf8::isValid(line));
        const std::optional<IrcMessage> back = IrcMessage::parse(body);
        QVERIFY2(back, line.constData());
        QCOMPARE(back->params.size(), message.params.size());
        QCOMPARE(back->tags.size(), message.tags.size());
    }
}

void tst_IrcMessage::line_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("params");
    QTest::addColumn<bool>("alwaysTrailing");
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("a server notice")
            << QStringLiteral("irc.example") << QStringLiteral("NOTICE")
            << QStringList{QStringLiteral("*"), QStringLiteral("Looking up your name")} << true
            << QByteArray(":irc.example NOTICE * :Looking up your name\r\n");
    QTest::newRow("text without spaces still gets its colon")
            << QStringLiteral("ann!ann@host") << QStringLiteral("PRIVMSG")
            << QStringList{QStringLiteral("#a"), QStringLiteral("hi")} << true
            << QByteArray(":ann!ann@host PRIVMSG #a :hi\r\n");
    QTest::newRow("without alwaysTrailing")
            << QStringLiteral("irc.example") << QStringLiteral("BATCH")
            << QStringList{QStringLiteral("-abc")} << false
            << QByteArray(":irc.example BATCH -abc\r\n");
    QTest::newRow("no source") << QString() << QStringLiteral("ERROR")
                               << QStringList{QStringLiteral("Closing link")} << true
                               << QByteArray("ERROR :Closing link\r\n");
    QTest::newRow("no parameters") << QStringLiteral("irc.example") << QStringLiteral("PING")
                                   << QStringList() << true << QByteArray(":irc.example PING\r\n");
    QTest::newRow("a line break in the text")
            << QStringLiteral("ann") << QStringLiteral("PRIVMSG")
            << QStringList{QStringLiteral("#a"), QStringLiteral("one\ntwo")} << false
            << QByteArray(":ann PRIVMSG #a :one two\r\n");
}

void tst_IrcMessage::line()
{
    QFETCH(QString, source);
    QFETCH(QString, command);
    QFETCH(QStringList, params);
    QFETCH(bool, alwaysTrailing);
    QFETCH(QByteArray, line);
    QCOMPARE(IrcMessage::line(source, command, params, alwaysTrailing), line);
    QCOMPARE(message(source, command, params).encode(alwaysTrailing), line);
}

void tst_IrcMessage::splitText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxBytes");
    QTest::addColumn<QStringList>("pieces");

    // ASCII at the limits.
    QTest::newRow("fits") << QStringLiteral("hello") << 8 << QStringList{QStringLiteral("hello")};
    QTest::newRow("exactly at the limit")
            << QStringLiteral("12345678") << 8 << QStringList{QStringLiteral("12345678")};
    QTest::newRow("one byte past the limit")
            << QStringLiteral("123456789") << 8
            << QStringList{QStringLiteral("12345678"), QStringLiteral("9")};
    QTest::newRow("a line that fits is kept as it is")
            << QStringLiteral("  indented ") << 20 << QStringList{QStringLiteral("  indented ")};

    // Words.
    QTest::newRow("cut at the space near the end")
            << QStringLiteral("aaaa bbbb cccc") << 10
            << QStringList{QStringLiteral("aaaa bbbb"), QStringLiteral("cccc")};
    QTest::newRow("the limit falls on a space")
            << QStringLiteral("aaaa bbbb cccc") << 9
            << QStringList{QStringLiteral("aaaa bbbb"), QStringLiteral("cccc")};
    QTest::newRow("the spaces at a cut are dropped")
            << QStringLiteral("aaaa    bbbb") << 6
            << QStringList{QStringLiteral("aaaa"), QStringLiteral("bbbb")};
    QTest::newRow("a space too early is not taken")
            << QStringLiteral("a bbbbbbbbbbbb") << 8
            << QStringList{QStringLiteral("a bbbbbb"), QStringLiteral("bbbbbb")};
    QTest::newRow("leading spaces of a long line are kept")
            << QStringLiteral("  aaaa bbbb") << 8
            << QStringList{QStringLiteral("  aaaa"), QStringLiteral("bbbb")};
    QTest::newRow("a word longer than maxBytes")
            << QStringLiteral("abcdefghij") << 4
            << QStringList{QStringLiteral("abcd"), QStringLiteral("efgh"), QStringLiteral("ij")};
    QTest::newRow("a word longer than maxBytes between others")
            << QStringLiteral("hello abcdefghijkl yo") << 8
            << QStringList{QStringLiteral("hello"), QStringLiteral("abcdefgh"),
                           QStringLiteral("ijkl yo")};

    // Characters of more than one byte.
    QTest::newRow("Chinese: the limit falls inside a character")
            << QStringLiteral("你好世界再见") << 7
            << QStringList{QStringLiteral("你好"), QStringLiteral("世界"), QStringLiteral("再见")};
    QTest::newRow("Chinese: exactly at a character")
            << QStringLiteral("你好世界再见") << 9
            << QStringList{QStringLiteral("你好世"), QStringLiteral("界再见")};
    QTest::newRow("Chinese: one byte short of a character")
            << QStringLiteral("你好世界") << 5
            << QStringList{QStringLiteral("你"), QStringLiteral("好"), QStringLiteral("世"),
                           QStringLiteral("界")};
    QTest::newRow("emoji (surrogate pairs) stay whole")
            << QStringLiteral("ab😀cd") << 5
            << QStringList{QStringLiteral("ab"), QStringLiteral("😀c"), QStringLiteral("d")};
    QTest::newRow("emoji at a limit inside the second")
            << QStringLiteral("😀😀😀") << 7
            << QStringList{QStringLiteral("😀"), QStringLiteral("😀"), QStringLiteral("😀")};
    QTest::newRow("emoji at a limit of two")
            << QStringLiteral("😀😀😀") << 8 << QStringList{QStringLiteral("😀😀"), QStringLiteral("😀")};
    QTest::newRow("e and its combining acute stay together")
            << QStringLiteral("abce\u0301fg") << 4
            << QStringList{QStringLiteral("abc"), QStringLiteral("e\u0301f"), QStringLiteral("g")};
    QTest::newRow("e and its combining acute, one byte over the limit")
            << QStringLiteral("abe\u0301") << 4
            << QStringList{QStringLiteral("ab"), QStringLiteral("e\u0301")};
    QTest::newRow("a family emoji (ZWJ sequence) stays whole")
            << QStringLiteral("x👨‍👩‍👧y") << 18
            << QStringList{QStringLiteral("x"), QStringLiteral("👨‍👩‍👧"),
                           QStringLiteral("y")};

    // Line breaks.
    QTest::newRow("LF") << QStringLiteral("one\ntwo") << 100
                        << QStringList{QStringLiteral("one"), QStringLiteral("two")};
    QTest::newRow("CR LF") << QStringLiteral("one\r\ntwo") << 100
                           << QStringList{QStringLiteral("one"), QStringLiteral("two")};
    QTest::newRow("lone CR") << QStringLiteral("one\rtwo") << 100
                             << QStringList{QStringLiteral("one"), QStringLiteral("two")};
    QTest::newRow("LF CR is two breaks")
            << QStringLiteral("one\n\rtwo") << 100
            << QStringList{QStringLiteral("one"), QStringLiteral("two")};
    QTest::newRow("empty and blank lines are dropped")
            << QStringLiteral("\n\none\r\n\r\n   \n\ttwo\r\r\n") << 100
            << QStringList{QStringLiteral("one"), QStringLiteral("\ttwo")};
    QTest::newRow("each line cut on its own")
            << QStringLiteral("aaaa bbbb\ncc dd ee") << 5
            << QStringList{QStringLiteral("aaaa"), QStringLiteral("bbbb"), QStringLiteral("cc dd"),
                           QStringLiteral("ee")};
    QTest::newRow("only line breaks and spaces")
            << QStringLiteral(" \r\n \n\r  ") << 10 << QStringList{};
    QTest::newRow("only spaces") << QStringLiteral("     ") << 2 << QStringList{};
    QTest::newRow("empty") << QString() << 10 << QStringList{};
    QTest::newRow("no limit: only the line breaks")
            << QString(QString(1000, u'x') + QStringLiteral("\ny")) << 0
            << QStringList{QString(1000, u'x'), QStringLiteral("y")};
    QTest::newRow("a limit under one code point is four bytes")
            << QStringLiteral("😀ab") << 1 << QStringList{QStringLiteral("😀"), QStringLiteral("ab")};
}

void tst_IrcMessage::splitText()
{
    QFETCH(QString, text);
    QFETCH(int, maxBytes);
    QFETCH(QStringList, pieces);
    const QStringList actual = IrcMessage::splitText(text, maxBytes);
    QCOMPARE(actual, pieces);
    checkPieces(text, maxBytes < 4 && maxBytes > 0 ? 4 : maxBytes, actual);
}

void tst_IrcMessage::splitTextPiecesFit_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxBytes");

    // Several lines (CR LF, one blank) of many scripts, emoji, accents and a long word.
    const QStringList lines{
            QStringLiteral("Hello, 世界! 😀 e\u0301 café  naïve 👨‍👩‍👧 ok"),
            QStringLiteral("second line 第二行 with words"),
            QString(),
            QStringLiteral("🇫🇷🇩🇪 flags, verylongwordwithoutanyspaceatallthatmustbecut"),
            QStringLiteral("末尾"),
    };
    const QString mixed = lines.join(QStringLiteral("\r\n"));
    for (int maxBytes = 4; maxBytes <= 40; ++maxBytes)
        QTest::newRow(qPrintable(QStringLiteral("mixed text, %1 bytes").arg(maxBytes)))
                << mixed << maxBytes;
    QString paste;
    for (int i = 0; i < 500; ++i)
        paste += QStringLiteral("line %1 of a long log, 日志 %1 ✓ 😀\n").arg(i);
    QTest::newRow("a paste in IRC-sized pieces") << paste << 400;
    QString oneLine = paste;
    oneLine.replace(u'\n', u' ');
    QTest::newRow("a long line in IRC-sized pieces") << oneLine << 400;
    QTest::newRow("one long word") << QString(5000, u'x') << 400;
    QTest::newRow("Chinese without spaces") << QString(1000, QChar(0x4E2D)) << 400;
    QString emoji;
    for (int i = 0; i < 300; ++i)
        emoji += QStringLiteral("😀");
    QTest::newRow("emoji without spaces") << emoji << 401;
    QTest::newRow("a pile of combining marks bigger than a piece")
            << QString(QStringLiteral("a") + QString(500, QChar(0x0301))) << 400;
    QTest::newRow("a pile of combining marks, small pieces")
            << QString(QStringLiteral("a") + QString(11, QChar(0x0301))) << 5;
}

void tst_IrcMessage::splitTextPiecesFit()
{
    QFETCH(QString, text);
    QFETCH(int, maxBytes);
    const QStringList pieces = IrcMessage::splitText(text, maxBytes);
    QVERIFY(!pieces.isEmpty());
    checkPieces(text, maxBytes, pieces);
}

QTEST_GUILESS_MAIN(tst_IrcMessage)
#include "tst_ircmessage.moc"
