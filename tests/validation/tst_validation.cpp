// Nickname and text rules from the contract.
#include "validation.h"

#include <QTest>

using namespace Protocol;

Q_DECLARE_METATYPE(std::optional<Protocol::ErrorCode>)

class tst_Validation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nicks_data();
    void nicks();
    void nickKeyIgnoresCase();
    void nickIsNormalised();
    void text_data();
    void text();
    void wellFormed();
    void quotedIsShort();
    void utf8Size_data();
    void utf8Size();
};

void tst_Validation::nicks_data()
{
    QTest::addColumn<QString>("nick");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("reasonMentions");

    QTest::newRow("ASCII") << QStringLiteral("alice") << true << QString();
    QTest::newRow("digits and every allowed sign")
            << QStringLiteral("a1_-.[]{}|") << true << QString();
    QTest::newRow("Chinese") << QStringLiteral("张伟") << true << QString();
    QTest::newRow("Cyrillic") << QStringLiteral("Дмитрий") << true << QString();
    QTest::newRow("Arabic") << QStringLiteral("محمد") << true << QString();
    QTest::newRow("Hindi with vowel signs") << QStringLiteral("अनिल") << true << QString();
    QTest::newRow("an IPv4 address") << QStringLiteral("127.0.0.1") << true << QString();
    QTest::newRow("32 characters") << QString(32, u'a') << true << QString();
    QTest::newRow("32 Chinese characters") << QString(32, QChar(0x4F1F)) << true << QString();
    QTest::newRow("33 characters") << QString(33, u'a') << false << QStringLiteral("32");
    QTest::newRow("empty") << QString() << false << QStringLiteral("empty");
    QTest::newRow("space inside") << QStringLiteral("bob smith") << false
                                  << QStringLiteral("spaces");
    QTest::newRow("leading space") << QStringLiteral(" bob") << false << QStringLiteral("spaces");
    QTest::newRow("ideographic space")
            << QString::fromUtf16(u"张\u3000伟") << false << QStringLiteral("spaces");
    QTest::newRow("tab") << QStringLiteral("bob\tx") << false << QStringLiteral("spaces");
    QTest::newRow("control character")
            << QString::fromUtf16(u"bob\u0007") << false << QStringLiteral("control");
    QTest::newRow("NUL") << QString::fromUtf16(u"bob\u0000x", 5) << false
                         << QStringLiteral("control");
    QTest::newRow("at sign") << QStringLiteral("bob@home") << false << QStringLiteral("\"@\"");
    QTest::newRow("colon") << QStringLiteral("a:b") << false << QStringLiteral("\":\"");
    QTest::newRow("emoji") << QStringLiteral("bob😀") << false << QStringLiteral("U+1F600");
    QTest::newRow("a letter and 31 combining marks: 32")
            << (u"a" + QString(31, QChar(0x0316))) << true << QString();
    QTest::newRow("a letter and 32 combining marks: 33")
            << (u"a" + QString(32, QChar(0x0316))) << false << QStringLiteral("32");
    QTest::newRow("22 Hangul syllables sent decomposed")
            << QString(22, QChar(0xD55C)).normalized(QString::NormalizationForm_D) << true
            << QString();
    QTest::newRow("tens of thousands of combining marks")
            << (u"a" + QString(16000, QChar(0x0301)) + QString(16000, QChar(0x0316))) << false
            << QStringLiteral("at most 32");
    QTest::newRow("combining mark first")
            << QString::fromUtf16(u"\u0301a") << false << QStringLiteral("U+0301");
    QTest::newRow("lone surrogate") << QString(QChar(0xD800)) << false << QStringLiteral("UTF-16");
}

void tst_Validation::nicks()
{
    QFETCH(QString, nick);
    QFETCH(bool, ok);
    QFETCH(QString, reasonMentions);
    const Validation::NickCheck check = Validation::checkNick(nick);
    QCOMPARE(check.ok, ok);
    if (!ok) {
        QVERIFY2(check.reason.contains(reasonMentions), qPrintable(u"reason: " + check.reason));
    }
}

void tst_Validation::nickKeyIgnoresCase()
{
    QCOMPARE(Validation::nickKey(QStringLiteral("Alice")),
             Validation::nickKey(QStringLiteral("aLICE")));
    QCOMPARE(Validation::nickKey(QStringLiteral("STRASSE")),
             Validation::nickKey(QStringLiteral("strasse")));
    QVERIFY(Validation::nickKey(QStringLiteral("bob")) !=
            Validation::nickKey(QStringLiteral("bob2")));
}

void tst_Validation::nickIsNormalised()
{
    // "é" typed as e + combining acute is the same nickname as the composed one.
    const Validation::NickCheck decomposed =
            Validation::checkNick(QString::fromUtf16(u"Rene\u0301"));
    QVERIFY(decomposed.ok);
    QCOMPARE(decomposed.nick, QString::fromUtf16(u"Ren\u00e9"));
}

void tst_Validation::text_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qsizetype>("maxBytes");
    QTest::addColumn<std::optional<ErrorCode>>("error");
    QTest::addColumn<QString>("cleaned");

    const std::optional<ErrorCode> ok;
    QTest::newRow("plain") << QStringLiteral("hello") << qsizetype(8192) << ok
                           << QStringLiteral("hello");
    QTest::newRow("trimmed") << QStringLiteral("  hello \n") << qsizetype(8192) << ok
                             << QStringLiteral("hello");
    QTest::newRow("newline and tab inside")
            << QStringLiteral("a\n\tb") << qsizetype(8192) << ok << QStringLiteral("a\n\tb");
    QTest::newRow("CRLF becomes LF")
            << QStringLiteral("a\r\nb") << qsizetype(8192) << ok << QStringLiteral("a\nb");
    QTest::newRow("empty") << QString() << qsizetype(8192)
                           << std::optional<ErrorCode>(ErrorCode::EmptyText) << QString();
    QTest::newRow("only spaces") << QStringLiteral("   \n\t") << qsizetype(8192)
                                 << std::optional<ErrorCode>(ErrorCode::EmptyText) << QString();
    QTest::newRow("bell") << QString::fromUtf16(u"ding\u0007") << qsizetype(8192)
                          << std::optional<ErrorCode>(ErrorCode::BadText) << QString();
    QTest::newRow("lone CR") << QStringLiteral("a\rb") << qsizetype(8192)
                             << std::optional<ErrorCode>(ErrorCode::BadText) << QString();
    QTest::newRow("escape sequence") << QString::fromUtf16(u"\u001b[31mred") << qsizetype(8192)
                                     << std::optional<ErrorCode>(ErrorCode::BadText) << QString();
    QTest::newRow("C1 control") << QString::fromUtf16(u"a\u0085b") << qsizetype(8192)
                                << std::optional<ErrorCode>(ErrorCode::BadText) << QString();
    QTest::newRow("lone surrogate") << QString(QChar(0xDC00)) << qsizetype(8192)
                                    << std::optional<ErrorCode>(ErrorCode::BadText) << QString();
    QTest::newRow("exactly 8192 bytes")
            << QString(8192, u'x') << qsizetype(8192) << ok << QString(8192, u'x');
    QTest::newRow("8193 bytes") << QString(8193, u'x') << qsizetype(8192)
                                << std::optional<ErrorCode>(ErrorCode::TextTooLong) << QString();
    QTest::newRow("2730 Chinese characters = 8190 bytes")
            << QString(2730, QChar(0x4F60)) << qsizetype(8192) << ok
            << QString(2730, QChar(0x4F60));
    QTest::newRow("2731 Chinese characters = 8193 bytes")
            << QString(2731, QChar(0x4F60)) << qsizetype(8192)
            << std::optional<ErrorCode>(ErrorCode::TextTooLong) << QString();
    QTest::newRow("size counted after trimming") << (QString(8192, u'x') + QStringLiteral("   "))
                                                 << qsizetype(8192) << ok << QString(8192, u'x');
    QTest::newRow("no limit") << QString(100000, u'x') << qsizetype(0) << ok
                              << QString(100000, u'x');
}

void tst_Validation::text()
{
    QFETCH(QString, text);
    QFETCH(qsizetype, maxBytes);
    QFETCH(std::optional<ErrorCode>, error);
    QFETCH(QString, cleaned);
    const Validation::TextCheck check = Validation::checkText(text, maxBytes);
    QCOMPARE(check.error, error);
    if (error)
        QVERIFY(!check.reason.isEmpty());
    else
        QCOMPARE(check.text, cleaned);
}

void tst_Validation::wellFormed()
{
    QVERIFY(Validation::isWellFormed(QStringLiteral("plain 张伟 😀")));
    QVERIFY(!Validation::isWellFormed(QString(QChar(0xD800))));
    QVERIFY(!Validation::isWellFormed(QString(u"r" + QString(QChar(0xDC00)) + u"x")));
}

void tst_Validation::quotedIsShort()
{
    QCOMPARE(Validation::quoted(QStringLiteral("bob")), QStringLiteral("\"bob\""));
    const QString shown = Validation::quoted(QString(70000, u'x'));
    QCOMPARE(shown.size(), 40 + 3);
    QVERIFY(shown.endsWith(u"…\""));
}

void tst_Validation::utf8Size_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ASCII") << QStringLiteral("hello");
    QTest::newRow("Latin-1") << QStringLiteral("héllo");
    QTest::newRow("Chinese") << QStringLiteral("张伟你好");
    QTest::newRow("emoji") << QStringLiteral("😀👍🏽");
    QTest::newRow("empty") << QString();
}

void tst_Validation::utf8Size()
{
    QFETCH(QString, text);
    QCOMPARE(Validation::utf8Size(text), text.toUtf8().size());
}

QTEST_GUILESS_MAIN(tst_Validation)
#include "tst_validation.moc"
