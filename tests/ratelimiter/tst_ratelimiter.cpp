// The token bucket behind flood control (time is passed in, so no waiting).
#include "ratelimiter.h"

#include <QTest>

class tst_RateLimiter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void burstThenRate_data();
    void burstThenRate();
    void refillsUpToTheBurstOnly();
    void unlimited();
};

void tst_RateLimiter::burstThenRate_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("burst");
    QTest::addColumn<qint64>("interval"); // ms between tokens once the burst is used

    QTest::newRow("contract default: 5/s after 10") << 5.0 << 10 << qint64(200);
    QTest::newRow("1/s after 1") << 1.0 << 1 << qint64(1000);
    QTest::newRow("half a message per second") << 0.5 << 3 << qint64(2000);
    QTest::newRow("burst 0 behaves as 1") << 10.0 << 0 << qint64(100);
}

void tst_RateLimiter::burstThenRate()
{
    QFETCH(double, rate);
    QFETCH(int, burst);
    QFETCH(qint64, interval);
    RateLimiter limiter(rate, burst);
    const qint64 start = 1'000'000;
    for (int i = 0; i < qMax(1, burst); ++i)
        QVERIFY(limiter.tryTake(start));
    QVERIFY(!limiter.tryTake(start));
    QCOMPARE(limiter.msUntilAvailable(start), interval);
    QVERIFY(!limiter.tryTake(start + interval - 1));
    QVERIFY(limiter.tryTake(start + interval));
    QVERIFY(!limiter.tryTake(start + interval));
}

void tst_RateLimiter::refillsUpToTheBurstOnly()
{
    RateLimiter limiter(5, 10);
    for (int i = 0; i < 10; ++i)
        QVERIFY(limiter.tryTake(0));
    // An hour of silence still allows only a burst of 10.
    const qint64 later = 3'600'000;
    for (int i = 0; i < 10; ++i)
        QVERIFY(limiter.tryTake(later));
    QVERIFY(!limiter.tryTake(later));
}

void tst_RateLimiter::unlimited()
{
    RateLimiter limiter(0, 10);
    QVERIFY(limiter.isUnlimited());
    for (int i = 0; i < 100000; ++i)
        QVERIFY(limiter.tryTake(0));
    QCOMPARE(limiter.msUntilAvailable(0), qint64(0));
}

QTEST_GUILESS_MAIN(tst_RateLimiter)
#include "tst_ratelimiter.moc"
