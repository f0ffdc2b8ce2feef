// The epoll event dispatcher as the application's own (it is installed
// before QCoreApplication, as the headless server does): timers of every
// kind, stopping one from another, socket notifiers on real loopback
// sockets, descriptors epoll cannot watch, events posted from this thread
// and from another, and a nested event loop.
#include "epolleventdispatcher.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTest>
#include <QTimer>

#include <thread>

#include <unistd.h>

class tst_EpollEventDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isTheApplicationsDispatcher();
    void singleShotFiresOnceInTime();
    void repeatingTimerKeepsFiring();
    void zeroTimerDoesNotStarveTheRest();
    void timersFireInTheOrderTheyAreDue();
    void stoppingATimerFromAnother();
    void timerInfo();
    void objectDeletedWithItsTimers();
    void socketsTalk();
    void notifierDisabledInItsOwnSlot();
    void fileIsAlwaysReady();
    void eventPostedFromAnotherThreadWakesTheLoop();
    void nestedLoopDoesNotRefireTheSameTimer();
};

void tst_EpollEventDispatcher::isTheApplicationsDispatcher()
{
    QVERIFY(qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
}

void tst_EpollEventDispatcher::singleShotFiresOnceInTime()
{
    QTimer timer;
    timer.setSingleShot(true);
    timer.setTimerType(Qt::PreciseTimer);
    QSignalSpy fired(&timer, &QTimer::timeout);
    QElapsedTimer clock;
    clock.start();
    timer.start(100);
    QVERIFY(fired.wait(2000));
    QVERIFY2(clock.elapsed() >= 99, qPrintable(QString::number(clock.elapsed())));
    QTest::qWait(250);
    QCOMPARE(fired.size(), 1);
}

void tst_EpollEventDispatcher::repeatingTimerKeepsFiring()
{
    QTimer timer;
    QSignalSpy fired(&timer, &QTimer::timeout);
    timer.start(20);
    QTRY_VERIFY_WITH_TIMEOUT(fired.size() >= 5, 3000);
    timer.stop();
    const auto count = fired.size();
    QTest::qWait(100);
    QCOMPARE(fired.size(), count);
}

void tst_EpollEventDispatcher::zeroTimerDoesNotStarveTheRest()
{
    QTimer zero;
    int spins = 0;
    connect(&zero, &QTimer::timeout, this, [&spins] { ++spins; });
    zero.start(0);
    bool posted = false;
    QMetaObject::invokeMethod(
            this, [&posted] { posted = true; }, Qt::QueuedConnection);
    QTimer later;
    later.setSingleShot(true);
    QSignalSpy laterFired(&later, &QTimer::timeout);
    later.start(50);
    QVERIFY(laterFired.wait(2000));
    QVERIFY(posted);
    QVERIFY(spins > 1);
    zero.stop();
}

void tst_EpollEventDispatcher::timersFireInTheOrderTheyAreDue()
{
    QList<int> order;
    std::vector<std::unique_ptr<QTimer>> timers;
    for (const int ms : {60, 20, 40, 10, 30}) {
        auto timer = std::make_unique<QTimer>();
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
        connect(timer.get(), &QTimer::timeout, this, [&order, ms] { order.append(ms); });
        timer->start(ms);
        timers.push_back(std::move(timer));
    }
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 5, 2000);
    QCOMPARE(order, (QList<int>{10, 20, 30, 40, 60}));
}

void tst_EpollEventDispatcher::stoppingATimerFromAnother()
{
    // Both due in the same pass: the first stops the second, which never fires.
    QTimer first;
    QTimer second;
    first.setSingleShot(true);
    second.setSingleShot(true);
    bool secondFired = false;
    connect(&first, &QTimer::timeout, &second, &QTimer::stop);
    connect(&second, &QTimer::timeout, this, [&secondFired] { secondFired = true; });
    first.start(20);
    second.start(20);
    QTest::qWait(200);
    QVERIFY(!secondFired);
}

void tst_EpollEventDispatcher::timerInfo()
{
    QObject owner;
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    const int id = owner.startTimer(5000, Qt::CoarseTimer);
    QVERIFY(id > 0);
    const auto timers = dispatcher->registeredTimers(&owner);
    QCOMPARE(timers.size(), 1);
    QCOMPARE(timers.first().timerId, id);
    QCOMPARE(timers.first().interval, 5000);
    const int remaining = dispatcher->remainingTime(id);
    QVERIFY(remaining > 4000 && remaining <= 5000);
    owner.killTimer(id);
    QCOMPARE(dispatcher->remainingTime(id), -1);
    QVERIFY(dispatcher->registeredTimers(&owner).isEmpty());
}

void tst_EpollEventDispatcher::objectDeletedWithItsTimers()
{
    auto *doomed = new QTimer;
    doomed->start(10);
    auto *other = new QObject;
    other->startTimer(10);
    QTest::qWait(30);
    delete doomed; // its timer goes with it
    delete other;
    QTest::qWait(50); // nothing fires for objects that are gone
}

void tst_EpollEventDispatcher::socketsTalk()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QSignalSpy accepted(&server, &QTcpServer::newConnection);
    QVERIFY(accepted.wait(5000));
    QTcpSocket *peer = server.nextPendingConnection();
    QVERIFY(client.waitForConnected(5000) || client.state() == QAbstractSocket::ConnectedState);
    const QByteArray big(4 * 1024 * 1024, 'b');
    client.write(big); // more than the system takes at once: write notifiers too
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += peer->readAll()).size() == big.size(), 10000);
    QCOMPARE(received, big);
    peer->write("back");
    QByteArray answer;
    QTRY_COMPARE_WITH_TIMEOUT((answer += client.readAll()), QByteArray("back"), 5000);
    QSignalSpy gone(&client, &QTcpSocket::disconnected);
    peer->disconnectFromHost();
    QVERIFY(gone.wait(5000));
}

void tst_EpollEventDispatcher::notifierDisabledInItsOwnSlot()
{
    int fds[2];
    QVERIFY(::pipe(fds) == 0);
    QSocketNotifier notifier(fds[0], QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        ++activations;
        notifier.setEnabled(false); // still readable: it must not come again
    });
    QVERIFY(::write(fds[1], "x", 1) == 1);
    QTRY_COMPARE(activations, 1);
    QTest::qWait(50);
    QCOMPARE(activations, 1);
    notifier.setEnabled(true);
    QTRY_COMPARE(activations, 2);
    ::close(fds[0]);
    ::close(fds[1]);
}

void tst_EpollEventDispatcher::fileIsAlwaysReady()
{
    // epoll cannot watch a regular file (standard input from a file is one):
    // it is always readable, as poll() says.
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write("line\n");
    file.flush();
    QSocketNotifier notifier(file.handle(), QSocketNotifier::Read);
    QSignalSpy activated(&notifier, &QSocketNotifier::activated);
    QVERIFY(activated.wait(2000));
    notifier.setEnabled(false);
    QTest::qWait(20);
    const auto count = activated.size();
    QTest::qWait(50);
    QCOMPARE(activated.size(), count);
}

void tst_EpollEventDispatcher::eventPostedFromAnotherThreadWakesTheLoop()
{
    // The loop waits for nothing else (no timer): the post alone wakes it.
    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    std::thread poster([&loop] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    });
    QTimer failsafe;
    failsafe.setSingleShot(true);
    connect(&failsafe, &QTimer::timeout, &loop, [&loop] { loop.exit(1); });
    failsafe.start(5000);
    const int result = loop.exec();
    poster.join();
    QCOMPARE(result, 0);
    QVERIFY(clock.elapsed() < 2000);
}

void tst_EpollEventDispatcher::nestedLoopDoesNotRefireTheSameTimer()
{
    QTimer timer;
    int depth = 0;
    int most = 0;
    int fired = 0;
    connect(&timer, &QTimer::timeout, this, [&] {
        ++fired;
        most = qMax(most, ++depth);
        if (fired == 1)
            QTest::qWait(100); // a nested loop, while the timer comes due again
        --depth;
    });
    timer.start(10);
    QTRY_VERIFY(fired >= 3);
    timer.stop();
    QCOMPARE(most, 1);
}

int main(int argc, char *argv[])
{
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    tst_EpollEventDispatcher test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"
