// How many terminal columns text takes.
#include "textwidth.h"

#include <QTest>

class tst_TextWidth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void columns_data();
    void columns();
    void padded();
};

void tst_TextWidth::columns_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("columns");
    QTest::newRow("Latin") << QStringLiteral("alice") << 5;
    QTest::newRow("Chinese: two columns each") << QStringLiteral("张伟") << 4;
    QTest::newRow("Japanese kana") << QStringLiteral("さくら") << 6;
    QTest::newRow("Korean") << QStringLiteral("한국") << 4;
    QTest::newRow("fullwidth letters") << QStringLiteral("ＡＢ") << 4;
    QTest::newRow("a combining accent takes none") << QStringLiteral("e\u0301") << 1;
    QTest::newRow("Cyrillic and Greek: one each") << QStringLiteral("Ωмир") << 4;
    QTest::newRow("an emoji outside the BMP") << QStringLiteral("😀") << 2;
    QTest::newRow("a CJK character outside the BMP") << QStringLiteral("𠀀") << 2;
    QTest::newRow("mixed") << QStringLiteral("bob张") << 5;
    QTest::newRow("empty") << QString() << 0;
}

void tst_TextWidth::columns()
{
    QFETCH(QString, text);
    QFETCH(int, columns);
    QCOMPARE(TextWidth::columns(text), columns);
}

void tst_TextWidth::padded()
{
    QCOMPARE(TextWidth::padded(QStringLiteral("张伟"), 6), QStringLiteral("张伟  "));
    QCOMPARE(TextWidth::padded(QStringLiteral("alice"), 6), QStringLiteral("alice "));
    QCOMPARE(TextWidth::padded(QStringLiteral("toolong"), 3), QStringLiteral("toolong"));
}

QTEST_GUILESS_MAIN(tst_TextWidth)
#include "tst_textwidth.moc"
