// Telnet commands in plain-text input: removed, and answered where needed.
#include "telnetfilter.h"

#include <QTest>

class tst_TelnetFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filter_data();
    void filter();
};

// Bytes from a literal, NULs included.
template<size_t Size>
QByteArray bytes(const char (&literal)[Size])
{
    return QByteArray(literal, Size - 1);
}

void tst_TelnetFilter::filter_data()
{
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("reply");

    QTest::newRow("plain text") << QList<QByteArray>{"hello\r\n"} << QByteArray("hello\r\n")
                                << QByteArray();
    QTest::newRow("UTF-8 passes") << QList<QByteArray>{"\xe5\xbc\xa0\n"}
                                  << QByteArray("\xe5\xbc\xa0\n") << QByteArray();
    // What telnet sent when a user typed a Chinese character whose last byte
    // looked like Ctrl+\ to it: BRK, then DO TIMING-MARK, which must be acknowledged.
    QTest::newRow("BRK and DO TIMING-MARK")
            << QList<QByteArray>{"\xe6\x9d\x8e\xe5\xa8\xff\xf3\xff\xfd\x06"}
            << QByteArray("\xe6\x9d\x8e\xe5\xa8") << QByteArray("\xff\xfb\x06");
    QTest::newRow("DO another option is refused") << QList<QByteArray>{"\xff\xfd\x01hi"}
                                                  << QByteArray("hi") << QByteArray("\xff\xfc\x01");
    QTest::newRow("WILL is declined")
            << QList<QByteArray>{"\xff\xfb\x18x"} << QByteArray("x") << QByteArray("\xff\xfe\x18");
    QTest::newRow("DONT and WONT need no answer")
            << QList<QByteArray>{"\xff\xfe\x01\xff\xfc\x01y"} << QByteArray("y") << QByteArray();
    QTest::newRow("subnegotiation skipped")
            << QList<QByteArray>{bytes("a\xff\xfa\x18\x00xterm\xff\xf0"
                                       "b")}
            << QByteArray("ab") << QByteArray();
    QTest::newRow("escaped 255 kept")
            << QList<QByteArray>{"\xff\xff"} << QByteArray("\xff") << QByteArray();
    QTest::newRow("are you there") << QList<QByteArray>{"\xff\xf6"} << QByteArray()
                                   << QByteArray("-server- yes, still here\n");
    QTest::newRow("command split across reads") << QList<QByteArray>{"ab\xff", "\xfd",
                                                                     "\x06"
                                                                     "cd"}
                                                << QByteArray("abcd") << QByteArray("\xff\xfb\x06");
    QTest::newRow("subnegotiation split across reads")
            << QList<QByteArray>{bytes("\xff\xfa\x1f\x00"), "\x50\xff", "\xf0ok"}
            << QByteArray("ok") << QByteArray();
}

void tst_TelnetFilter::filter()
{
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, reply);
    TelnetFilter telnet;
    QByteArray gotText;
    QByteArray gotReply;
    for (const QByteArray &chunk : chunks)
        gotText += telnet.filter(chunk, gotReply);
    QCOMPARE(gotText, text);
    QCOMPARE(gotReply, reply);
}

QTEST_GUILESS_MAIN(tst_TelnetFilter)
#include "tst_telnetfilter.moc"
