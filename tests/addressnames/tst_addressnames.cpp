// AddressNames: the nicknames of clients that never give one.
#include "addressnames.h"
#include "protocol.h"

#include <QHostAddress>
#include <QSet>
#include <QTest>

class tst_AddressNames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names_data();
    void names();
    void manyFromOneAddressTakeLinearTime();
    void countingStartsAgainWhenAllHaveLeft();
    void aNameFreedInTheMiddleIsNotGivenTwice();
    void namesTakenByOthersAreSkipped();
};

void tst_AddressNames::names_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("last");

    QTest::newRow("first from IPv4") << "192.168.1.7" << 1 << "192.168.1.7";
    QTest::newRow("second from IPv4") << "192.168.1.7" << 2 << "192.168.1.7-2";
    QTest::newRow("loopback IPv6") << "::1" << 1 << "0..1";
    QTest::newRow("loopback IPv6, third") << "::1" << 3 << "0..1-3";
    QTest::newRow("long IPv6") << "2001:db8:85a3:1234:5678:8a2e:370:7334" << 1
                               << "85a3.1234.5678.8a2e.370.7334";
    // The number stays whole and the name within the limit.
    QTest::newRow("long IPv6, 1000th") << "2001:db8:85a3:1234:5678:8a2e:370:7334" << 1000
                                       << "5a3.1234.5678.8a2e.370.7334-1000";
    QTest::newRow("long IPv6, 12345th") << "2001:db8:85a3:1234:5678:8a2e:370:7334" << 12345
                                        << "a3.1234.5678.8a2e.370.7334-12345";
}

void tst_AddressNames::names()
{
    QFETCH(QString, address);
    QFETCH(int, count);
    QFETCH(QString, last);

    AddressNames names;
    QSet<QString> taken;
    const auto isTaken = [&taken](const QString &nick) { return taken.contains(nick); };
    QString nick;
    for (int i = 0; i < count; ++i) {
        nick = names.take(QHostAddress(address), isTaken, &taken + i);
        QVERIFY2(!taken.contains(nick), qPrintable(nick));
        QVERIFY2(nick.size() <= Protocol::MaxNickLength, qPrintable(nick));
        taken.insert(nick);
    }
    QCOMPARE(nick, last);
}

void tst_AddressNames::manyFromOneAddressTakeLinearTime()
{
    // Counted, not timed: the 10,000th does not try the 9,999 names before it.
    AddressNames names;
    QSet<QString> taken;
    qint64 asked = 0;
    const auto isTaken = [&](const QString &nick) {
        ++asked;
        return taken.contains(nick);
    };
    std::vector<int> holders(10000);
    for (int &holder : holders)
        taken.insert(names.take(QHostAddress::LocalHost, isTaken, &holder));
    QCOMPARE(taken.size(), 10000);
    QVERIFY2(asked <= 2 * 10000, qPrintable(QString::number(asked)));
}

void tst_AddressNames::countingStartsAgainWhenAllHaveLeft()
{
    AddressNames names;
    QSet<QString> taken;
    const auto isTaken = [&taken](const QString &nick) { return taken.contains(nick); };
    int a = 0, b = 0, c = 0;
    taken.insert(names.take(QHostAddress::LocalHost, isTaken, &a));
    taken.insert(names.take(QHostAddress::LocalHost, isTaken, &b));
    QVERIFY(taken.contains(QStringLiteral("127.0.0.1-2")));
    names.release(&a);
    names.release(&b);
    taken.clear();
    QCOMPARE(names.take(QHostAddress::LocalHost, isTaken, &c), QStringLiteral("127.0.0.1"));
    taken.insert(QStringLiteral("127.0.0.1"));
    QCOMPARE(names.take(QHostAddress::LocalHost, isTaken, &a), QStringLiteral("127.0.0.1-2"));
}

void tst_AddressNames::aNameFreedInTheMiddleIsNotGivenTwice()
{
    AddressNames names;
    QSet<QString> taken;
    const auto isTaken = [&taken](const QString &nick) { return taken.contains(nick); };
    int h[4] = {};
    for (int &holder : h)
        taken.insert(names.take(QHostAddress::LocalHost, isTaken, &holder));
    // The one who was -2 leaves; the base's holder stays.
    names.release(&h[1]);
    taken.remove(QStringLiteral("127.0.0.1-2"));
    int next = 0;
    const QString nick = names.take(QHostAddress::LocalHost, isTaken, &next);
    QVERIFY(!QSet<QString>({QStringLiteral("127.0.0.1"), QStringLiteral("127.0.0.1-3"),
                            QStringLiteral("127.0.0.1-4")})
                     .contains(nick));
}

void tst_AddressNames::namesTakenByOthersAreSkipped()
{
    // Someone who connected with the protocol may have picked such a name.
    AddressNames names;
    QSet<QString> taken{QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.1-2"),
                        QStringLiteral("10.0.0.1-3")};
    const auto isTaken = [&taken](const QString &nick) { return taken.contains(nick); };
    int holder = 0;
    QCOMPARE(names.take(QHostAddress(QStringLiteral("10.0.0.1")), isTaken, &holder),
             QStringLiteral("10.0.0.1-4"));
    // Taking again for the same holder gives up its earlier name.
    taken.insert(QStringLiteral("10.0.0.1-4"));
    names.release(&holder);
    taken.remove(QStringLiteral("10.0.0.1-4"));
    QCOMPARE(names.take(QHostAddress(QStringLiteral("10.0.0.1")), isTaken, &holder),
             QStringLiteral("10.0.0.1-4"));
}

QTEST_GUILESS_MAIN(tst_AddressNames)
#include "tst_addressnames.moc"
