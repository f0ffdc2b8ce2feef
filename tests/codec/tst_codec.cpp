// The codec: every message type both ways, refusals with typed errors.
#include "codec.h"
#include "jsonwriter.h"

#include <QTest>

using namespace Protocol;

Q_DECLARE_METATYPE(DecodeError::Kind)
Q_DECLARE_METATYPE(Protocol::ErrorCode)

class tst_Codec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clientFrames_data();
    void clientFrames();
    void serverFrames_data();
    void serverFrames();
    void refusals_data();
    void refusals();
    void stringsSurviveEncoding_data();
    void stringsSurviveEncoding();
    void stringsAreEscapedExactly_data();
    void stringsAreEscapedExactly();
    void framesAreOneLine();
    void typeAndCodeNames();
    void historyFramesStayWithinTheLimit();
    void errorsDoNotEchoLongInput();
};

// Each row: a frame as a client or a server might send it, and the frame the
// codec writes for what it decoded (fields in canonical order, unknown ones
// dropped, defaults filled in).
void tst_Codec::clientFrames_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QByteArray>("canonical");

    QTest::newRow("hello, every field")
            << QByteArray(
                       R"({"type":"hello","protocol":1,"nick":"alice","client":"qtchat/0.1","password":"pw","since":1234})")
            << QByteArray(
                       R"({"type":"hello","protocol":1,"nick":"alice","client":"qtchat/0.1","password":"pw","since":1234})");
    QTest::newRow("hello, Chinese nick, no protocol")
            << QByteArray(R"({"type":"hello","nick":"张伟"})")
            << QByteArray(R"({"type":"hello","protocol":1,"nick":"张伟"})");
    QTest::newRow("hello, future protocol")
            << QByteArray(R"({"protocol":2,"type":"hello","nick":"bob"})")
            << QByteArray(R"({"type":"hello","protocol":2,"nick":"bob"})");
    QTest::newRow("hello, protocol far beyond int")
            << QByteArray(R"({"type":"hello","protocol":4294967296,"nick":"a"})")
            << QByteArray(R"({"type":"hello","protocol":4294967296,"nick":"a"})");
    QTest::newRow("hello, negative protocol")
            << QByteArray(R"({"type":"hello","protocol":-1,"nick":"a"})")
            << QByteArray(R"({"type":"hello","protocol":-1,"nick":"a"})");
    QTest::newRow("say") << QByteArray(R"({"type":"say","text":"hi"})")
                         << QByteArray(R"({"type":"say","text":"hi"})");
    QTest::newRow("say, ref, action, unknown field")
            << QByteArray(
                       R"({"type":"say","text":"waves","ref":"c-1","action":true,"color":"red"})")
            << QByteArray(R"({"type":"say","text":"waves","ref":"c-1","action":true})");
    QTest::newRow("say, ref of 64 bytes")
            << (R"({"type":"say","text":"x","ref":")" + QByteArray(64, 'r') + R"("})")
            << (R"({"type":"say","text":"x","ref":")" + QByteArray(64, 'r') + R"("})");
    QTest::newRow("say, null fields are absent")
            << QByteArray(R"({"type":"say","text":"x","ref":null,"action":null})")
            << QByteArray(R"({"type":"say","text":"x"})");
    QTest::newRow("whisper")
            << QByteArray(R"({"type":"whisper","to":"bob","text":"psst","ref":"w1"})")
            << QByteArray(R"({"type":"whisper","to":"bob","text":"psst","ref":"w1"})");
    QTest::newRow("nick") << QByteArray(R"({"type":"nick","nick":"carol"})")
                          << QByteArray(R"({"type":"nick","nick":"carol"})");
    QTest::newRow("who") << QByteArray(R"({"type":"who"})") << QByteArray(R"({"type":"who"})");
    QTest::newRow("history, defaults") << QByteArray(R"({"type":"history"})")
                                       << QByteArray(R"({"type":"history","limit":50})");
    QTest::newRow("history, before and limit")
            << QByteArray(R"({"type":"history","before":900,"limit":500})")
            << QByteArray(R"({"type":"history","before":900,"limit":500})");
    QTest::newRow("ping, string token") << QByteArray(R"({"type":"ping","token":"abc"})")
                                        << QByteArray(R"({"type":"ping","token":"abc"})");
    QTest::newRow("ping, number token") << QByteArray(R"({"type":"ping","token":17})")
                                        << QByteArray(R"({"type":"ping","token":17})");
    QTest::newRow("ping, no token")
            << QByteArray(R"({"type":"ping"})") << QByteArray(R"({"type":"ping"})");
    QTest::newRow("pong") << QByteArray(R"({"type":"pong","token":"t"})")
                          << QByteArray(R"({"type":"pong","token":"t"})");
    QTest::newRow("bye") << QByteArray(R"({"type":"bye","reason":"dinner"})")
                         << QByteArray(R"({"type":"bye","reason":"dinner"})");
    QTest::newRow("bye, no reason")
            << QByteArray(R"({"type":"bye"})") << QByteArray(R"({"type":"bye"})");
    QTest::newRow("whitespace around JSON")
            << QByteArray("  {\"type\" : \"who\"}\t") << QByteArray(R"({"type":"who"})");
}

void tst_Codec::clientFrames()
{
    QFETCH(QByteArray, frame);
    QFETCH(QByteArray, canonical);
    const Decoded<ClientMessage> decoded = Codec::decodeClientFrame(frame);
    QVERIFY2(decoded.ok(), qPrintable(decoded.error.message));
    QCOMPARE(Codec::encode(*decoded.message), canonical + '\n');
}

void tst_Codec::serverFrames_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QByteArray>("canonical");

    const QByteArray welcome =
            R"({"type":"welcome","protocol":1,"server":"qtchat-server/0.1","nick":"alice","motd":"Welcome to this chatroom!","users":[{"nick":"bob","since":1764000000000},{"nick":"alice","since":1764000000500}],"limits":{"max_frame":65536,"max_text":8192,"rate":5,"burst":10},"last_id":1250})";
    QTest::newRow("welcome") << welcome << welcome;
    QTest::newRow("welcome, fractional rate")
            << QByteArray(
                       R"({"type":"welcome","protocol":1,"nick":"a","users":[],"limits":{"rate":0.5}})")
            << QByteArray(
                       R"({"type":"welcome","protocol":1,"server":"","nick":"a","motd":"","users":[],"limits":{"max_frame":0,"max_text":0,"rate":0.5,"burst":0},"last_id":0})");
    QTest::newRow("message")
            << QByteArray(
                       R"({"type":"message","id":7,"ts":1764000000000,"from":"bob","text":"hi"})")
            << QByteArray(
                       R"({"type":"message","id":7,"ts":1764000000000,"from":"bob","text":"hi"})");
    QTest::newRow("message, own copy of a whisper action")
            << QByteArray(
                       R"({"type":"message","id":8,"ts":1,"from":"a","text":"x","action":true,"to":"b","ref":"r"})")
            << QByteArray(
                       R"({"type":"message","id":8,"ts":1,"from":"a","text":"x","action":true,"to":"b","ref":"r"})");
    QTest::newRow("joined") << QByteArray(R"({"type":"joined","nick":"bob","ts":5})")
                            << QByteArray(R"({"type":"joined","nick":"bob","ts":5})");
    QTest::newRow("left") << QByteArray(R"({"type":"left","nick":"bob","ts":5,"reason":"quit"})")
                          << QByteArray(R"({"type":"left","nick":"bob","ts":5,"reason":"quit"})");
    QTest::newRow("renamed")
            << QByteArray(R"({"type":"renamed","from":"bob","to":"robert","ts":5})")
            << QByteArray(R"({"type":"renamed","from":"bob","to":"robert","ts":5})");
    QTest::newRow("users") << QByteArray(R"({"type":"users","users":[{"nick":"张伟","since":3}]})")
                           << QByteArray(R"({"type":"users","users":[{"nick":"张伟","since":3}]})");
    QTest::newRow("notice") << QByteArray(R"({"type":"notice","text":"brb","ts":9})")
                            << QByteArray(R"({"type":"notice","text":"brb","ts":9})");
    QTest::newRow("history")
            << QByteArray(
                       R"({"type":"history","messages":[{"id":1,"ts":2,"from":"a","text":"x"},{"id":3,"ts":4,"from":"b","text":"y","to":"a"}],"complete":false})")
            << QByteArray(
                       R"({"type":"history","messages":[{"id":1,"ts":2,"from":"a","text":"x"},{"id":3,"ts":4,"from":"b","text":"y","to":"a"}],"complete":false})");
    QTest::newRow("history, empty")
            << QByteArray(R"({"type":"history","messages":[],"complete":true})")
            << QByteArray(R"({"type":"history","messages":[],"complete":true})");
    QTest::newRow("ping") << QByteArray(R"({"type":"ping","token":"1"})")
                          << QByteArray(R"({"type":"ping","token":"1"})");
    QTest::newRow("pong") << QByteArray(R"({"type":"pong","token":[1,2]})")
                          << QByteArray(R"({"type":"pong","token":[1,2]})");
    QTest::newRow("error")
            << QByteArray(R"({"type":"error","code":"nick_taken","message":"taken"})")
            << QByteArray(R"({"type":"error","code":"nick_taken","message":"taken"})");
    QTest::newRow("error, code from a newer server, with ref")
            << QByteArray(R"({"type":"error","code":"slow_down","message":"m","ref":"r"})")
            << QByteArray(R"({"type":"error","code":"slow_down","message":"m","ref":"r"})");
    QTest::newRow("error with the operator's reason")
            << QByteArray(
                       R"({"type":"error","code":"kicked","message":"you were kicked: spam","reason":"spam"})")
            << QByteArray(
                       R"({"type":"error","code":"kicked","message":"you were kicked: spam","reason":"spam"})");
}

void tst_Codec::serverFrames()
{
    QFETCH(QByteArray, frame);
    QFETCH(QByteArray, canonical);
    const Decoded<ServerMessage> decoded = Codec::decodeServerFrame(frame);
    QVERIFY2(decoded.ok(), qPrintable(decoded.error.message));
    QCOMPARE(Codec::encode(*decoded.message), canonical + '\n');
}

void tst_Codec::refusals_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("fromServer");
    QTest::addColumn<DecodeError::Kind>("kind");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("ref");

    using K = DecodeError::Kind;
    const ErrorCode bad = ErrorCode::BadFrame;
    const ErrorCode unknown = ErrorCode::UnknownType;
    QTest::newRow("invalid UTF-8 byte") << QByteArray("{\"type\":\"say\",\"text\":\"\xff\"}")
                                        << false << K::InvalidUtf8 << bad << QString();
    QTest::newRow("overlong UTF-8") << QByteArray("{\"type\":\"say\",\"text\":\"\xc0\xaf\"}")
                                    << false << K::InvalidUtf8 << bad << QString();
    QTest::newRow("UTF-8 surrogate") << QByteArray("{\"type\":\"say\",\"text\":\"\xed\xa0\x80\"}")
                                     << false << K::InvalidUtf8 << bad << QString();
    QTest::newRow("truncated UTF-8") << QByteArray("{\"type\":\"say\",\"text\":\"\xe4\xbd\"}")
                                     << false << K::InvalidUtf8 << bad << QString();
    QTest::newRow("beyond U+10FFFF")
            << QByteArray("{\"type\":\"say\",\"text\":\"\xf4\x90\x80\x80\"}") << false
            << K::InvalidUtf8 << bad << QString();
    QTest::newRow("bad JSON") << QByteArray(R"({"type":"say","text":)") << false << K::InvalidJson
                              << bad << QString();
    QTest::newRow("plain text") << QByteArray("hello everyone") << false << K::InvalidJson << bad
                                << QString();
    QTest::newRow("JSON array") << QByteArray("[1,2]") << false << K::NotAnObject << bad
                                << QString();
    QTest::newRow("no type") << QByteArray(R"({"text":"x","ref":"r1"})") << false << K::MissingType
                             << bad << QStringLiteral("r1");
    QTest::newRow("type not a string")
            << QByteArray(R"({"type":3})") << false << K::MissingType << bad << QString();
    QTest::newRow("unknown type") << QByteArray(R"({"type":"dance","ref":"r2"})") << false
                                  << K::UnknownType << unknown << QStringLiteral("r2");
    QTest::newRow("server type from a client") << QByteArray(R"({"type":"welcome"})") << false
                                               << K::WrongDirection << unknown << QString();
    QTest::newRow("client type from a server") << QByteArray(R"({"type":"say","text":"x"})") << true
                                               << K::WrongDirection << unknown << QString();
    QTest::newRow("say, text not a string") << QByteArray(R"({"type":"say","text":5,"ref":"r3"})")
                                            << false << K::BadField << bad << QStringLiteral("r3");
    QTest::newRow("say, ref of 65 bytes")
            << (R"({"type":"say","text":"x","ref":")" + QByteArray(65, 'r') + R"("})") << false
            << K::BadField << bad << QString();
    QTest::newRow("say, ref with a lone surrogate")
            << QByteArray(R"({"type":"say","text":"x","ref":"r\ud800"})") << false << K::BadField
            << bad << QString();
    QTest::newRow("say, ref not a string") << QByteArray(R"({"type":"say","text":"x","ref":5})")
                                           << false << K::BadField << bad << QString();
    QTest::newRow("say, action not a bool")
            << QByteArray(R"({"type":"say","text":"x","action":"yes"})") << false << K::BadField
            << bad << QString();
    QTest::newRow("hello, since not a number")
            << QByteArray(R"({"type":"hello","nick":"a","since":"abc"})") << false << K::BadField
            << bad << QString();
    QTest::newRow("hello, since negative")
            << QByteArray(R"({"type":"hello","nick":"a","since":-1})") << false << K::BadField
            << bad << QString();
    QTest::newRow("hello, protocol fractional")
            << QByteArray(R"({"type":"hello","nick":"a","protocol":1.5})") << false << K::BadField
            << bad << QString();
    QTest::newRow("hello, nick not a string") << QByteArray(R"({"type":"hello","nick":["a"]})")
                                              << false << K::BadField << bad << QString();
    QTest::newRow("history, limit 0") << QByteArray(R"({"type":"history","limit":0})") << false
                                      << K::BadField << bad << QString();
    QTest::newRow("history, limit 501") << QByteArray(R"({"type":"history","limit":501})") << false
                                        << K::BadField << bad << QString();
    QTest::newRow("message without id") << QByteArray(R"({"type":"message","from":"a","text":"x"})")
                                        << true << K::BadField << bad << QString();
    QTest::newRow("users not a list") << QByteArray(R"({"type":"users","users":{}})") << true
                                      << K::BadField << bad << QString();
}

void tst_Codec::refusals()
{
    QFETCH(QByteArray, frame);
    QFETCH(bool, fromServer);
    QFETCH(DecodeError::Kind, kind);
    QFETCH(ErrorCode, code);
    QFETCH(QString, ref);
    const DecodeError error = fromServer ? Codec::decodeServerFrame(frame).error
                                         : Codec::decodeClientFrame(frame).error;
    QVERIFY(fromServer ? !Codec::decodeServerFrame(frame).ok()
                       : !Codec::decodeClientFrame(frame).ok());
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.code(), code);
    QCOMPARE(error.ref, ref);
    QVERIFY2(!error.message.isEmpty(), "every refusal explains itself");
}

void tst_Codec::stringsSurviveEncoding_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("quotes and backslashes") << QStringLiteral(R"(say "hi" \o/)");
    QTest::newRow("newlines and tabs") << QStringLiteral("line 1\nline 2\tend");
    QTest::newRow("control characters")
            << QString::fromUtf16(u"bell \u0007 escape \u001b del \u007f");
    QTest::newRow("Chinese") << QStringLiteral("你好，世界");
    QTest::newRow("emoji outside the BMP") << QStringLiteral("🎉 party 👍🏽");
    QTest::newRow("JSON-looking text") << QStringLiteral(R"({"type":"hello"})");
    QTest::newRow("escapes after non-ASCII")
            << QString::fromUtf16(u"caf\u00e9 \"quoted\"\n\u0001 \\ end");
    QTest::newRow("empty") << QString();
}

void tst_Codec::stringsAreEscapedExactly_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("plain ASCII") << QStringLiteral("hi there") << QByteArray(R"("hi there")");
    QTest::newRow("empty") << QString() << QByteArray(R"("")");
    QTest::newRow("ASCII escapes") << QString::fromUtf16(u"a\"b\\c\nd\te\rf\u0001g\u001fh\u007f")
                                   << QByteArray(R"("a\"b\\c\nd\te\rf\u0001g\u001fh)"
                                                 "\x7f"
                                                 R"(")");
    QTest::newRow("non-ASCII as UTF-8, escapes after it")
            << QString::fromUtf16(u"\u00e9\"\u4f60\n\u0002")
            << QByteArray("\"\xc3\xa9\\\"\xe4\xbd\xa0\\n\\u0002\"");
    QTest::newRow("outside the BMP")
            << QString::fromUtf16(u"x\U0001F389y") << QByteArray("\"x\xf0\x9f\x8e\x89y\"");
}

void tst_Codec::stringsAreEscapedExactly()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, json);
    QByteArray out = "[";
    JsonWriter::appendString(out, text);
    QCOMPARE(out.mid(1), json);
}

void tst_Codec::stringsSurviveEncoding()
{
    QFETCH(QString, text);
    const QByteArray frame = Codec::encode(Say{text, QStringLiteral("r"), false, {}});
    QCOMPARE(frame.count('\n'), 1);
    QVERIFY(frame.endsWith('\n'));
    const Decoded<ClientMessage> decoded = Codec::decodeClientFrame(frame.chopped(1));
    QVERIFY2(decoded.ok(), qPrintable(decoded.error.message));
    QCOMPARE(std::get<Say>(*decoded.message).text, text);
}

void tst_Codec::framesAreOneLine()
{
    ChatMessage message;
    message.id = 1;
    message.from = QStringLiteral("a");
    message.text = QStringLiteral("one\ntwo\r\nthree");
    const QByteArray frame = Codec::encode(message);
    QCOMPARE(frame.count('\n'), 1);
    QVERIFY(frame.startsWith(R"({"type":"message",)"));
    const QByteArray error = Codec::encodeError(ErrorCode::TextTooLong, QStringLiteral("too\nlong"),
                                                QStringLiteral("r1"));
    QCOMPARE(
            error,
            QByteArray(R"({"type":"error","code":"text_too_long","message":"too\nlong","ref":"r1"})"
                       "\n"));
}

void tst_Codec::typeAndCodeNames()
{
    for (int i = 0; i < int(MessageType::Unknown); ++i) {
        const auto type = MessageType(i);
        QCOMPARE(typeFromName(typeName(type)), type);
    }
    for (int i = 0; i < int(ErrorCode::Unknown); ++i) {
        const auto code = ErrorCode(i);
        QCOMPARE(errorCodeFromName(errorCodeName(code)), code);
    }
    QCOMPARE(typeFromName(QLatin1String("dance")), MessageType::Unknown);
    QCOMPARE(errorCodeFromName(QLatin1String("nope")), ErrorCode::Unknown);
    QCOMPARE(errorCodeName(ErrorCode::SendqExceeded), QLatin1String("sendq_exceeded"));
}

void tst_Codec::historyFramesStayWithinTheLimit()
{
    HistoryPage page;
    for (int i = 1; i <= 100; ++i)
        page.messages.append(
                ChatMessage{i, 1000, QStringLiteral("alice"), QString(1000, u'"'), false, {}, {}, {}});
    // Unlimited: everything, as given.
    const QByteArray whole = Codec::encodeHistory(page, 0);
    QCOMPARE(whole, Codec::encode(page));
    QVERIFY(whole.size() > 200000);
    QVERIFY(whole.endsWith(R"(],"complete":true})"
                           "\n"));

    // Limited: the newest messages that fit, oldest first, marked incomplete.
    const QByteArray frame = Codec::encodeHistory(page, MaxFrameBytes);
    QVERIFY(frame.size() <= MaxFrameBytes);
    QVERIFY(frame.size() > MaxFrameBytes - 2100); // and not much less
    const Decoded<ServerMessage> decoded = Codec::decodeServerFrame(frame.chopped(1));
    QVERIFY(decoded.ok());
    const HistoryPage limited = std::get<HistoryPage>(*decoded.message);
    QVERIFY(!limited.complete);
    QVERIFY(limited.messages.size() > 10 && limited.messages.size() < 100);
    QCOMPARE(limited.messages.last().id, 100);
    for (qsizetype i = 1; i < limited.messages.size(); ++i)
        QCOMPARE(limited.messages[i].id, limited.messages[i - 1].id + 1);

    // One message larger than the limit is still sent rather than nothing.
    HistoryPage huge;
    huge.messages.append(
            ChatMessage{7, 1, QStringLiteral("a"), QString(70000, u'x'), false, {}, {}, {}});
    const Decoded<ServerMessage> single =
            Codec::decodeServerFrame(Codec::encodeHistory(huge, MaxFrameBytes).chopped(1));
    QVERIFY(single.ok());
    QCOMPARE(std::get<HistoryPage>(*single.message).messages.size(), 1);
}

void tst_Codec::errorsDoNotEchoLongInput()
{
    const QByteArray type(60000, 't');
    const Decoded<ClientMessage> decoded =
            Codec::decodeClientFrame(R"({"type":")" + type + R"("})");
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error.code(), ErrorCode::UnknownType);
    QVERIFY(decoded.error.message.size() < 100);
}

QTEST_GUILESS_MAIN(tst_Codec)
#include "tst_codec.moc"
