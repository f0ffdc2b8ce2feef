// Bans by address and subnet, IPv4 and IPv6.
#include "banlist.h"

#include <QTest>

class tst_BanList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matching_data();
    void matching();
    void invalidEntries_data();
    void invalidEntries();
    void addRemoveList();
};

void tst_BanList::matching_data()
{
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("banned");

    QTest::newRow("same IPv4") << QStringLiteral("192.168.1.7") << QStringLiteral("192.168.1.7")
                               << true;
    QTest::newRow("other IPv4") << QStringLiteral("192.168.1.7") << QStringLiteral("192.168.1.8")
                                << false;
    QTest::newRow("IPv4 seen through an IPv6 socket")
            << QStringLiteral("192.168.1.7") << QStringLiteral("::ffff:192.168.1.7") << true;
    QTest::newRow("subnet") << QStringLiteral("10.0.0.0/8") << QStringLiteral("10.200.3.4") << true;
    QTest::newRow("outside the subnet")
            << QStringLiteral("10.0.0.0/8") << QStringLiteral("11.0.0.1") << false;
    QTest::newRow("IPv6") << QStringLiteral("fe80::1") << QStringLiteral("fe80::1") << true;
    QTest::newRow("IPv6 subnet") << QStringLiteral("2001:db8::/32")
                                 << QStringLiteral("2001:db8:1::5") << true;
    QTest::newRow("spaces around")
            << QStringLiteral(" 127.0.0.1 ") << QStringLiteral("127.0.0.1") << true;
}

void tst_BanList::matching()
{
    QFETCH(QString, entry);
    QFETCH(QString, address);
    QFETCH(bool, banned);
    BanList bans;
    QCOMPARE(bans.add(entry), QString());
    QCOMPARE(bans.isBanned(QHostAddress(address)), banned);
}

void tst_BanList::invalidEntries_data()
{
    QTest::addColumn<QString>("entry");
    QTest::newRow("word") << QStringLiteral("badguy");
    QTest::newRow("bad subnet") << QStringLiteral("10.0.0.0/40");
    QTest::newRow("empty") << QString();
}

void tst_BanList::invalidEntries()
{
    QFETCH(QString, entry);
    BanList bans;
    QVERIFY(!bans.add(entry).isEmpty());
    QVERIFY(bans.isEmpty());
}

void tst_BanList::addRemoveList()
{
    BanList bans;
    QCOMPARE(bans.add(QStringLiteral("10.0.0.5")), QString());
    QCOMPARE(bans.add(QStringLiteral("10.0.0.5")), QString()); // once is enough
    QCOMPARE(bans.add(QStringLiteral("172.16.0.0/12")), QString());
    QCOMPARE(bans.entries(),
             (QStringList{QStringLiteral("10.0.0.5"), QStringLiteral("172.16.0.0/12")}));
    QVERIFY(bans.remove(QStringLiteral("10.0.0.5")));
    QVERIFY(!bans.remove(QStringLiteral("10.0.0.5")));
    QVERIFY(!bans.isBanned(QHostAddress(QStringLiteral("10.0.0.5"))));
    QCOMPARE(bans.entries(), QStringList{QStringLiteral("172.16.0.0/12")});
}

QTEST_GUILESS_MAIN(tst_BanList)
#include "tst_banlist.moc"
