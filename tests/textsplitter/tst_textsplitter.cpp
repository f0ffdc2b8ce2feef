// Cutting a text too long for one message into messages that fit.
#include "textsplitter.h"
#include "validation.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_TextSplitter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void split_data();
    void split();
    void piecesAlwaysFit_data();
    void piecesAlwaysFit();
};

void tst_TextSplitter::split_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxBytes");
    QTest::addColumn<QStringList>("pieces");

    QTest::newRow("fits: one piece") << QStringLiteral("hello") << 8 << QStringList{u"hello"_s};
    QTest::newRow("exactly at the limit")
            << QStringLiteral("12345678") << 8 << QStringList{u"12345678"_s};
    QTest::newRow("one byte past the limit")
            << QStringLiteral("123456789") << 8 << QStringList{u"12345678"_s, u"9"_s};
    QTest::newRow("between words")
            << QStringLiteral("aaaa bbbb cccc") << 10 << QStringList{u"aaaa bbbb"_s, u"cccc"_s};
    QTest::newRow("at a line break before a later space")
            << QStringLiteral("aaaaaa\nbb cc dd") << 12 << QStringList{u"aaaaaa"_s, u"bb cc dd"_s};
    QTest::newRow("a line break too early is not taken")
            << QStringLiteral("a\nbbbbbbbbbbbbbb") << 10
            << QStringList{u"a\nbbbbbbbb"_s, u"bbbbbb"_s};
    QTest::newRow("Chinese is cut between characters, never inside one")
            << QStringLiteral("你好世界") << 7 << QStringList{u"你好"_s, u"世界"_s};
    QTest::newRow("an emoji (surrogate pair) stays whole")
            << QStringLiteral("ab😀cd") << 5 << QStringList{u"ab"_s, u"😀c"_s, u"d"_s};
    QTest::newRow("a letter keeps its accent")
            << QStringLiteral("abce\u0301fg") << 4 << QStringList{u"abc"_s, u"e\u0301f"_s, u"g"_s};
    QTest::newRow("a family emoji (ZWJ sequence) stays whole")
            << QStringLiteral("x👨‍👩‍👧y") << 18
            << QStringList{u"x"_s, u"👨‍👩‍👧"_s, u"y"_s};
    QTest::newRow("blank pieces are dropped") << QStringLiteral("aaaa      \n\n\n      bbbb") << 6
                                              << QStringList{u"aaaa"_s, u"bbbb"_s};
    QTest::newRow("only spaces: nothing") << QStringLiteral("   ") << 2 << QStringList{};
    QTest::newRow("no limit") << QStringLiteral(" all of it ") << 0 << QStringList{u"all of it"_s};
}

void tst_TextSplitter::split()
{
    QFETCH(QString, text);
    QFETCH(int, maxBytes);
    QFETCH(QStringList, pieces);
    QCOMPARE(TextSplitter::split(text, maxBytes), pieces);
}

void tst_TextSplitter::piecesAlwaysFit_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxBytes");

    QString paste;
    for (int i = 0; i < 2000; ++i)
        paste += QStringLiteral("line %1 of a long log, 日志 %1 ✓\n").arg(i);
    QTest::newRow("a 100 KB paste in 8 KiB messages") << paste << 8192;
    QTest::newRow("one long word") << QString(20000, u'x') << 8192;
    QTest::newRow("a pile of combining marks bigger than a message")
            << (u"a"_s + QString(5000, QChar(0x0301))) << 8192;
}

void tst_TextSplitter::piecesAlwaysFit()
{
    QFETCH(QString, text);
    QFETCH(int, maxBytes);
    const QStringList pieces = TextSplitter::split(text, maxBytes);
    QVERIFY(pieces.size() > 1);
    QString joined;
    for (const QString &piece : pieces) {
        const Validation::TextCheck check = Validation::checkText(piece, maxBytes);
        QVERIFY2(!check.error, qPrintable(check.reason));
        QVERIFY(Validation::isWellFormed(piece));
        joined += piece;
    }
    // Nothing is lost but the whitespace at the cuts.
    QString expected = text;
    expected.remove(QRegularExpression(QStringLiteral("\\s")));
    joined.remove(QRegularExpression(QStringLiteral("\\s")));
    QCOMPARE(joined, expected);
}

QTEST_GUILESS_MAIN(tst_TextSplitter)
#include "tst_textsplitter.moc"
