// Wrong passwords counted per address, on a clock the test moves: the limit
// at and past its edge, the window, the block's end, and the bound on how
// many addresses are remembered. tst_chatserver has it with real clients.
#include "addressthrottle.h"

#include <QTest>

class tst_AddressThrottle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void limit_data();
    void limit();
    void failuresOutsideTheWindowDoNotCount();
    void rightPasswordStartsAgain();
    void noLimit();
    void addressesAreBounded();
};

void tst_AddressThrottle::limit_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<bool>("blocked");
    QTest::newRow("one below the limit") << 9 << false;
    QTest::newRow("at the limit") << 10 << true;
    QTest::newRow("past it") << 11 << true;
}

void tst_AddressThrottle::limit()
{
    QFETCH(int, failures);
    QFETCH(bool, blocked);
    AddressThrottle throttle(10, 120'000, 600'000);
    const QHostAddress address(QStringLiteral("192.0.2.7"));
    qint64 now = 1'000;
    for (int i = 0; i < failures; ++i)
        throttle.recordEvent(address, now += 100);
    QCOMPARE(throttle.blockedForMs(address, now) > 0, blocked);
    QCOMPARE(throttle.blockedForMs(QHostAddress(QStringLiteral("192.0.2.8")), now), 0);
    if (!blocked)
        return;
    QVERIFY(throttle.blockedForMs(address, now) <= 600'000);
    QVERIFY(throttle.blockedForMs(address, now + 599'000) > 0);
    QCOMPARE(throttle.blockedForMs(address, now + 600'000 + 200), 0); // over
}

void tst_AddressThrottle::failuresOutsideTheWindowDoNotCount()
{
    AddressThrottle throttle(3, 1'000, 5'000);
    const QHostAddress address(QStringLiteral("2001:db8::1"));
    throttle.recordEvent(address, 0);
    throttle.recordEvent(address, 600);
    throttle.recordEvent(address, 1'100); // the first is out of the window by now
    QCOMPARE(throttle.blockedForMs(address, 1'100), 0);
    throttle.recordEvent(address, 1'200); // three within one second
    QVERIFY(throttle.blockedForMs(address, 1'200) > 0);
}

void tst_AddressThrottle::rightPasswordStartsAgain()
{
    AddressThrottle throttle(3, 10'000, 5'000);
    const QHostAddress address(QStringLiteral("192.0.2.1"));
    throttle.recordEvent(address, 0);
    throttle.recordEvent(address, 1);
    throttle.forget(address);
    throttle.recordEvent(address, 2);
    throttle.recordEvent(address, 3);
    QCOMPARE(throttle.blockedForMs(address, 3), 0);
}

void tst_AddressThrottle::noLimit()
{
    AddressThrottle throttle(0, 10'000, 5'000);
    const QHostAddress address(QStringLiteral("192.0.2.1"));
    for (int i = 0; i < 1000; ++i)
        throttle.recordEvent(address, i);
    QCOMPARE(throttle.blockedForMs(address, 1000), 0);
    QCOMPARE(throttle.addressCount(), 0);
}

void tst_AddressThrottle::addressesAreBounded()
{
    AddressThrottle throttle(2, 60'000, 60'000);
    const QHostAddress first(QStringLiteral("10.0.0.1"));
    throttle.recordEvent(first, 0);
    throttle.recordEvent(first, 1); // blocked
    for (int i = 0; i < AddressThrottle::MaxAddresses + 10; ++i)
        throttle.recordEvent(QHostAddress(quint32(0x0b000000 + i)), 10 + i);
    QCOMPARE(throttle.addressCount(), AddressThrottle::MaxAddresses);
    QCOMPARE(throttle.blockedForMs(first, 100), 0); // the oldest went first
}

QTEST_GUILESS_MAIN(tst_AddressThrottle)
#include "tst_addressthrottle.moc"
