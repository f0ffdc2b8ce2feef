// What holds for connections from other computers only. --require-tls:
// plain ones are refused with tls_required, TLS ones are taken, and this
// computer's plain ones stay allowed unless the operator says otherwise.
// --max-connects-per-ip: an address that connects too often is refused for
// a while (this computer's connections are not counted). "Another computer" is the
// address 10.77.0.1 on the loopback of a network namespace of the test's own
// (tests/support/in-network-namespace.sh, which ctest runs it in as
// otheraddress_netns); without it the test says so and skips.
#include "chatserver.h"
#include "codec.h"
#include "networknamespace.h"
#include "testclient.h"
#include "testserverconfig.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QNetworkInterface>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

using namespace Protocol;

namespace {

const QHostAddress &Elsewhere = NetworkNamespace::elsewhere();

// What a socket receives until it is closed (or time runs out).
QByteArray readUntilClosed(QTcpSocket *socket, int timeoutMs = 5000)
{
    QByteArray read;
    QElapsedTimer clock;
    clock.start();
    while (socket->state() != QAbstractSocket::UnconnectedState && clock.elapsed() < timeoutMs) {
        QTest::qWait(10);
        read += socket->readAll();
    }
    return read + socket->readAll();
}

} // namespace

class tst_OtherAddress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void plainFromElsewhereIsRefused_data();
    void plainFromElsewhereIsRefused();
    void tlsFromElsewhereIsTaken();
    void thisComputer_data();
    void thisComputer();
    void connectingTooOften_data();
    void connectingTooOften();

private:
    void startServer(bool onLoopbackToo = false)
    {
        ServerConfig config = testServerConfig();
        config.host = QHostAddress::Any;
        config.requireTls = true;
        config.requireTlsOnLoopback = onLoopbackToo;
        config.plainTextDetectMs = 200;
        m_server = std::make_unique<ChatServer>(config);
        QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    }
    std::unique_ptr<ChatServer> m_server;
};

void tst_OtherAddress::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("qtchat.server.info=false"));
}

void tst_OtherAddress::cleanup()
{
    m_server.reset();
}

void tst_OtherAddress::plainFromElsewhereIsRefused_data()
{
    QTest::addColumn<QByteArray>("says"); // empty: silent, as the tutorial's client
    QTest::addColumn<QByteArray>("answer");
    QTest::newRow("protocol client") << QByteArray(R"({"type":"hello","protocol":1,"nick":"alice"})"
                                                   "\n")
                                     << QByteArray(R"("code":"tls_required")");
    QTest::newRow("plain-text client that speaks") << QByteArray("hi\n")
                                                   << QByteArray("-server- this server takes "
                                                                 "encrypted connections only");
    QTest::newRow("silent plain-text client")
            << QByteArray() << QByteArray("-server- this server takes encrypted connections only");
}

void tst_OtherAddress::plainFromElsewhereIsRefused()
{
    QTCHAT_SKIP_OUTSIDE_NAMESPACE("otheraddress_netns");
    QFETCH(QByteArray, says);
    QFETCH(QByteArray, answer);
    startServer();
    QTcpSocket socket;
    QVERIFY(socket.bind(Elsewhere));
    socket.connectToHost(Elsewhere, m_server->serverPort());
    QTRY_COMPARE(socket.state(), QAbstractSocket::ConnectedState);
    if (!says.isEmpty())
        socket.write(says);
    const QByteArray read = readUntilClosed(&socket);
    QVERIFY2(read.contains(answer), read.constData());
    QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(m_server->userCount(), 0);
}

void tst_OtherAddress::tlsFromElsewhereIsTaken()
{
    QTCHAT_SKIP_OUTSIDE_NAMESPACE("otheraddress_netns");
    startServer();
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    QVERIFY(socket.bind(Elsewhere));
    QSignalSpy encrypted(&socket, &QSslSocket::encrypted);
    socket.connectToHostEncrypted(Elsewhere.toString(), m_server->serverPort());
    QVERIFY(encrypted.wait());
    Hello hello;
    hello.nick = QStringLiteral("alice");
    socket.write(Codec::encode(hello));
    QTRY_COMPARE(m_server->userCount(), 1);
    QCOMPARE(m_server->connections().value(0).address, Elsewhere);
}

void tst_OtherAddress::thisComputer_data()
{
    QTest::addColumn<bool>("onLoopbackToo");
    QTest::newRow("allowed by default") << false;
    QTest::newRow("refused with --require-tls-on-loopback") << true;
}

void tst_OtherAddress::thisComputer()
{
    QFETCH(bool, onLoopbackToo);
    startServer(onLoopbackToo);
    TestClient client;
    QVERIFY(client.connectTo(m_server->serverPort()));
    client.send(Hello{1, QStringLiteral("alice"), QString(), QString(), std::nullopt, {}});
    if (onLoopbackToo)
        QVERIFY(client.waitForError(ErrorCode::TlsRequired));
    else
        QVERIFY(client.waitFor<Welcome>());
}

void tst_OtherAddress::connectingTooOften_data()
{
    QTest::addColumn<bool>("elsewhere");
    QTest::newRow("from another computer") << true;
    QTest::newRow("from this computer: not counted") << false;
}

void tst_OtherAddress::connectingTooOften()
{
    QFETCH(bool, elsewhere);
    if (elsewhere)
        QTCHAT_SKIP_OUTSIDE_NAMESPACE("otheraddress_netns");
    ServerConfig config = testServerConfig();
    config.host = QHostAddress::Any;
    config.maxConnectsPerIp = 5;
    config.maxConnectionsPerIp = 0;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY(m_server->listen());
    const QHostAddress from = elsewhere ? Elsewhere : QHostAddress(QHostAddress::LocalHost);
    // 5 in a row are taken (at the limit); the 6th is refused (past it), with the wait.
    for (int i = 1; i <= 6; ++i) {
        TestClient client;
        QVERIFY(client.connectFrom(from, m_server->serverPort()));
        client.send(Hello{1, QStringLiteral("c%1").arg(i), QString(), QString(), std::nullopt, {}});
        const std::optional<ServerMessage> answer = client.next();
        QVERIFY2(answer, qPrintable(client.lastProblem()));
        const bool refused = std::holds_alternative<Error>(*answer);
        QCOMPARE(refused, elsewhere && i == 6);
        if (refused) {
            const Error &error = std::get<Error>(*answer);
            QCOMPARE(error.code, ErrorCode::TooManyConnections);
            QVERIFY2(error.message.startsWith(u"too many new connections from your address in a "
                                              u"short time; try again in "),
                     qPrintable(error.message));
        }
        client.send(Bye{QString()});
        QTRY_COMPARE(m_server->connectionCount(), 0);
    }
}

QTEST_GUILESS_MAIN(tst_OtherAddress)
#include "tst_otheraddress.moc"
