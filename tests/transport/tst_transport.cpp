// The transports over real loopback connections: the direct path (plain
// TCP: sendmsg, SIOCOUTQ, shutdown, SO_LINGER) and the buffered one (any Qt
// socket), each as a data row: what is sent arrives whole and in order, what
// a peer does not read is counted, a close waits for the last words and a
// peer that does not take them is cut off at the linger time.
#include "directtcptransport.h"
#include "outputqueue.h"
#include "sockettransport.h"
#include "waituntil.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

namespace {

// A socket of another kind (as a TLS socket is): never given the direct path.
class LayeredSocket : public QTcpSocket
{
    Q_OBJECT
};

} // namespace

class tst_Transport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void sendsWholeAndInOrder_data();
    void sendsWholeAndInOrder();
    void countsWhatThePeerDoesNotRead_data();
    void countsWhatThePeerDoesNotRead();
    void closeWaitsForTheLastWords_data();
    void closeWaitsForTheLastWords();
    void lingerCutsOffAPeerThatDoesNotRead_data();
    void lingerCutsOffAPeerThatDoesNotRead();
    void peerClosingIsTold_data();
    void peerClosingIsTold();
    void onlyPlainSocketsGoDirect();
    void mappedAddressesAreIPv4();

private:
    void addRows();
    // A connected pair: the server side in a transport, the client side plain.
    bool connectPair(bool direct, const QHostAddress &listenOn = QHostAddress::LocalHost);

    std::unique_ptr<QTcpServer> m_listener;
    std::unique_ptr<QTcpSocket> m_peer;
    std::unique_ptr<Transport> m_transport;
};

void tst_Transport::init()
{
    m_listener = std::make_unique<QTcpServer>();
}

void tst_Transport::cleanup()
{
    m_transport.reset();
    m_peer.reset();
    m_listener.reset();
}

void tst_Transport::addRows()
{
    QTest::addColumn<bool>("direct");
    QTest::newRow("direct (plain TCP)") << true;
    QTest::newRow("buffered (through Qt)") << false;
}

bool tst_Transport::connectPair(bool direct, const QHostAddress &listenOn)
{
    if (!m_listener->listen(listenOn, 0))
        return false;
    m_peer = std::make_unique<QTcpSocket>();
    m_peer->connectToHost(QHostAddress::LocalHost, m_listener->serverPort());
    if (!m_peer->waitForConnected(5000) || !m_listener->waitForNewConnection(5000))
        return false;
    QTcpSocket *accepted = m_listener->nextPendingConnection();
    accepted->setParent(nullptr);
    if (direct)
        m_transport.reset(DirectTcpTransport::create(accepted));
    else
        m_transport = std::make_unique<SocketTransport>(accepted);
    return m_transport != nullptr;
}

void tst_Transport::sendsWholeAndInOrder_data()
{
    addRows();
}

void tst_Transport::sendsWholeAndInOrder()
{
    QFETCH(bool, direct);
    QVERIFY(connectPair(direct));
    QByteArray expected;
    OutputQueue queue;
    const QByteArray shared = QByteArray(2000, 's');
    for (int i = 0; i < 3000; ++i) {
        const QByteArray piece = QByteArray::number(i) + ',';
        queue.append(piece);
        expected += piece;
        if (i % 500 == 0) {
            queue.append(shared); // the same bytes in many queues: never copied
            expected += shared;
        }
    }
    m_transport->send(queue);
    QVERIFY(queue.isEmpty());
    QByteArray received;
    QVERIFY(waitUntil([&] {
        received += m_peer->readAll();
        return received.size() >= expected.size();
    }));
    QCOMPARE(received, expected);
}

void tst_Transport::countsWhatThePeerDoesNotRead_data()
{
    addRows();
}

void tst_Transport::countsWhatThePeerDoesNotRead()
{
    QFETCH(bool, direct);
    QVERIFY(connectPair(direct));
    m_peer->setReadBufferSize(1); // takes a byte and no more: the rest waits
    QCOMPARE(m_transport->queuedBytes(true), 0);
    const qint64 total = 16 * 1024 * 1024;
    OutputQueue queue;
    const QByteArray piece(64 * 1024, 'x');
    for (qint64 sent = 0; sent < total; sent += piece.size())
        queue.append(piece);
    m_transport->send(queue);
    QTest::qWait(100);
    // Whatever the system did not take waits somewhere; all of it counts.
    const qint64 queued = m_transport->queuedBytes(true);
    QVERIFY2(queued > total / 2, qPrintable(QString::number(queued)));
    QVERIFY(queued <= total);
    // An old measure is an upper bound: it is not below the true one.
    QVERIFY(m_transport->queuedBytes(false) >= queued - 1);
}

void tst_Transport::closeWaitsForTheLastWords_data()
{
    addRows();
}

void tst_Transport::closeWaitsForTheLastWords()
{
    QFETCH(bool, direct);
    QVERIFY(connectPair(direct));
    QSignalSpy closed(m_transport.get(), &Transport::closed);
    OutputQueue queue;
    const QByteArray words(2 * 1024 * 1024, 'w');
    queue.append(words);
    m_transport->send(queue);
    m_transport->closeAfterSending(5000);
    QByteArray received;
    QVERIFY(waitUntil([&] {
        received += m_peer->readAll();
        return received.size() == words.size() &&
               m_peer->state() == QAbstractSocket::UnconnectedState;
    }));
    QCOMPARE(received, words);
    QTRY_COMPARE(closed.size(), 1);
    QVERIFY(!m_transport->isOpen());
}

void tst_Transport::lingerCutsOffAPeerThatDoesNotRead_data()
{
    addRows();
}

void tst_Transport::lingerCutsOffAPeerThatDoesNotRead()
{
    QFETCH(bool, direct);
    QVERIFY(connectPair(direct));
    m_peer->setReadBufferSize(1);
    QSignalSpy closed(m_transport.get(), &Transport::closed);
    OutputQueue queue;
    queue.append(QByteArray(16 * 1024 * 1024, 'z'));
    m_transport->send(queue);
    QElapsedTimer clock;
    clock.start();
    m_transport->closeAfterSending(300);
    QVERIFY(closed.wait(5000));
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    if (direct) {
        // The system is told to give up (a reset), not to go on for minutes.
        m_peer->setReadBufferSize(0);
        QTRY_VERIFY_WITH_TIMEOUT(m_peer->state() == QAbstractSocket::UnconnectedState, 10000);
        QCOMPARE(m_peer->error(), QAbstractSocket::RemoteHostClosedError);
    }
}

void tst_Transport::peerClosingIsTold_data()
{
    addRows();
}

void tst_Transport::peerClosingIsTold()
{
    QFETCH(bool, direct);
    QVERIFY(connectPair(direct));
    QSignalSpy closed(m_transport.get(), &Transport::closed);
    QSignalSpy readable(m_transport.get(), &Transport::readyRead);
    m_peer->write("last words\n");
    QVERIFY(readable.wait(5000));
    QCOMPARE(m_transport->bytesAvailable(), 11);
    char first = 0;
    QVERIFY(m_transport->peekFirstByte(&first));
    QCOMPARE(first, 'l');
    m_peer->disconnectFromHost();
    QVERIFY(closed.wait(5000));
    QCOMPARE(closed.size(), 1);
    QCOMPARE(m_transport->closeReason(), QStringLiteral("connection closed"));
    QCOMPARE(m_transport->read(100), QByteArray("last words\n")); // still readable
}

void tst_Transport::onlyPlainSocketsGoDirect()
{
    auto *plain = new QTcpSocket;
    std::unique_ptr<Transport> direct(DirectTcpTransport::create(plain));
#ifdef Q_OS_LINUX
    QVERIFY(direct);
#else
    QVERIFY(!direct);
    delete plain;
#endif
    auto *layered = new LayeredSocket;
    QVERIFY(!DirectTcpTransport::create(layered));
    std::unique_ptr<Transport> buffered(Transport::forSocket(layered));
    QVERIFY(qobject_cast<SocketTransport *>(buffered.get()));
    QVERIFY(!qobject_cast<DirectTcpTransport *>(buffered.get()));
}

void tst_Transport::mappedAddressesAreIPv4()
{
    // A dual-stack listener sees IPv4 peers as ::ffff:127.0.0.1; people see 127.0.0.1.
    QVERIFY(connectPair(true, QHostAddress::Any));
    QCOMPARE(m_transport->peerAddress(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(m_transport->peerPort(), m_peer->localPort());
}

QTEST_GUILESS_MAIN(tst_Transport)
#include "tst_transport.moc"
