// TLS on the server's one port, over loopback with real TLS clients (Qt's
// QSslSocket and the openssl command): a protocol client and a plain-text
// client under TLS beside plain ones, the certificate they see, and
// handshakes that fail or never end closing the connection.
#include "chatserver.h"
#include "codec.h"
#include "testclient.h"
#include "testserverconfig.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Protocol;

namespace {

// A TLS client that accepts any certificate (the test compares the
// fingerprint itself). The server runs in this thread: waits spin the event loop.
std::unique_ptr<QSslSocket> tlsClient(quint16 port)
{
    auto socket = std::make_unique<QSslSocket>();
    socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    QSignalSpy encrypted(socket.get(), &QSslSocket::encrypted);
    socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    if (!encrypted.wait(5000))
        qWarning() << "TLS failed:" << socket->errorString();
    return socket;
}

// Reads until text comes (or time runs out); returns all read.
QByteArray readUntil(QIODevice *device, const QByteArray &text, int timeoutMs = 5000)
{
    QByteArray read;
    QElapsedTimer clock;
    clock.start();
    while (!read.contains(text) && clock.elapsed() < timeoutMs) {
        QTest::qWait(10);
        read += device->readAll();
    }
    return read;
}

QString fingerprintOf(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

} // namespace

class tst_Tls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void protocolClientOverTls();
    void plainTextClientOverTls();
    void opensslChatsLikeNc();
    void brokenHandshakeIsClosed_data();
    void brokenHandshakeIsClosed();
    void certificateKeptAcrossRestarts();
    void configuredCertificateIsUsed();
    void brokenConfiguredCertificateStopsTheStart();
    void dataFolderThatCannotKeepIt();

private:
    ChatServer *startServer(ServerConfig config = testServerConfig())
    {
        m_server = std::make_unique<ChatServer>(config);
        if (!m_server->listen()) {
            qWarning() << "listen failed:" << m_server->errorString();
            return nullptr;
        }
        return m_server.get();
    }
    TestClient *plainPeer(const QString &nick)
    {
        auto *client = new TestClient(&m_owner);
        if (!client->connectTo(m_server->serverPort()) || !client->join(nick))
            return nullptr;
        return client;
    }

    QObject m_owner;
    std::unique_ptr<ChatServer> m_server;
};

void tst_Tls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    QLoggingCategory::setFilterRules(QStringLiteral("qtchat.server.info=false"));
}

void tst_Tls::cleanup()
{
    qDeleteAll(m_owner.children());
    m_server.reset();
}

void tst_Tls::protocolClientOverTls()
{
    QVERIFY(startServer());
    TestClient *bob = plainPeer(QStringLiteral("bob")); // in the clear, on the same port
    QVERIFY(bob);
    const std::unique_ptr<QSslSocket> alice = tlsClient(m_server->serverPort());
    QVERIFY(alice->isEncrypted());
    QVERIFY(alice->sessionProtocol() == QSsl::TlsV1_3 || alice->sessionProtocol() == QSsl::TlsV1_2);
    // The certificate is the server's.
    QCOMPARE(fingerprintOf(alice->peerCertificate()), m_server->tlsCertificate().fingerprint());
    Hello hello;
    hello.nick = QStringLiteral("alice");
    alice->write(Codec::encode(hello));
    const QByteArray welcome = readUntil(alice.get(), "\"welcome\"");
    QVERIFY2(welcome.contains("\"nick\":\"alice\""), welcome.constData());
    alice->write(
            Codec::encode(Say{QStringLiteral("encrypted hello"), QString(), false, QString()}));
    const std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->text, QStringLiteral("encrypted hello"));
    bob->send(Say{QStringLiteral("plain answer"), QString(), false, QString()});
    QVERIFY(readUntil(alice.get(), "plain answer").contains("plain answer"));
    // A frame near the limit comes in several TLS records (of at most 16 KiB).
    const QByteArray big =
            R"({"type":"say","text":"the long one","pad":")" + QByteArray(60'000, 'p') + "\"}\n";
    alice->write(big);
    const std::optional<ChatMessage> long_ = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(long_);
    QCOMPARE(long_->text, QStringLiteral("the long one"));
}

void tst_Tls::plainTextClientOverTls()
{
    ServerConfig config = testServerConfig();
    config.plainTextDetectMs = 200;
    QVERIFY(startServer(config));
    TestClient *bob = plainPeer(QStringLiteral("bob"));
    QVERIFY(bob);
    // Silent after the handshake, as the tutorial's client is: greeted, then in the room.
    const std::unique_ptr<QSslSocket> carol = tlsClient(m_server->serverPort());
    QVERIFY(carol->isEncrypted());
    const QByteArray greeting = readUntil(carol.get(), "/help");
    QVERIFY2(greeting.contains(config.motd.toUtf8()), greeting.constData());
    carol->write("/nick carol\nhi over TLS\n");
    const std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("carol"));
    QVERIFY(heard);
    QCOMPARE(heard->text, QStringLiteral("hi over TLS"));
}

void tst_Tls::opensslChatsLikeNc()
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("the openssl command is not installed (apt install openssl)");
    QVERIFY(startServer());
    TestClient *bob = plainPeer(QStringLiteral("bob"));
    QVERIFY(bob);
    QProcess client;
    client.start(openssl,
                 {QStringLiteral("s_client"), QStringLiteral("-quiet"), QStringLiteral("-connect"),
                  QStringLiteral("127.0.0.1:%1").arg(m_server->serverPort())});
    QTRY_COMPARE(client.state(), QProcess::Running);
    QVERIFY2(readUntil(&client, "/help", 10000).contains("/help"),
             client.readAllStandardError().constData());
    client.write("hello from s_client\n");
    const std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("127.0.0.1"));
    QVERIFY(heard);
    QCOMPARE(heard->text, QStringLiteral("hello from s_client"));
    bob->send(Say{QStringLiteral("back to you"), QString(), false, QString()});
    QVERIFY(readUntil(&client, "<bob> back to you").contains("<bob> back to you"));
    // /quit: the server closes (with TLS's close_notify), and s_client ends.
    client.write("/quit\n");
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), QProcess::NotRunning, 5000);
    const std::optional<Left> left = bob->waitFor<Left>();
    QVERIFY(left);
}

void tst_Tls::brokenHandshakeIsClosed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("a record header, then nothing") << QByteArray("\x16\x03\x01", 3);
    QTest::newRow("a record of garbage")
            << QByteArray("\x16\x03\x01\x00\x10", 5) + QByteArray(16, 'x');
    QTest::newRow("SSL 2-style nonsense") << QByteArray("\x16\xff\xff\xff\xff\xff\xff\xff", 8);
}

void tst_Tls::brokenHandshakeIsClosed()
{
    QFETCH(QByteArray, bytes);
    ServerConfig config = testServerConfig();
    config.handshakeTimeoutMs = 500;
    QVERIFY(startServer(config));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QVERIFY(socket.waitForConnected());
    socket.write(bytes);
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    // Closed: at once for what is not TLS, at the handshake's time limit for what stops.
    QVERIFY(closed.wait(5000));
    QTRY_COMPARE(m_server->connectionCount(), 0);
}

void tst_Tls::certificateKeptAcrossRestarts()
{
    QTemporaryDir data;
    ServerConfig config = testServerConfig();
    config.dataDir = data.path();
    QVERIFY(startServer(config));
    const QString first = m_server->tlsCertificate().fingerprint();
    QVERIFY(!first.isEmpty());
    m_server.reset();
    QVERIFY(startServer(config));
    QCOMPARE(m_server->tlsCertificate().fingerprint(), first);
    const std::unique_ptr<QSslSocket> client = tlsClient(m_server->serverPort());
    QCOMPARE(fingerprintOf(client->peerCertificate()), first);
}

void tst_Tls::configuredCertificateIsUsed()
{
    QTemporaryDir dir;
    const ServerCertificate made = ServerCertificate::makeSelfSigned({QStringLiteral("real")});
    QFile certificate(dir.filePath(QStringLiteral("cert.pem")));
    QVERIFY(certificate.open(QIODevice::WriteOnly));
    certificate.write(made.certificatePem());
    certificate.close();
    QFile key(dir.filePath(QStringLiteral("key.pem")));
    QVERIFY(key.open(QIODevice::WriteOnly));
    key.write(made.keyPem());
    key.close();
    ServerConfig config = testServerConfig();
    config.tlsCertificatePath = certificate.fileName();
    config.tlsKeyPath = key.fileName();
    QVERIFY(startServer(config));
    const std::unique_ptr<QSslSocket> client = tlsClient(m_server->serverPort());
    QCOMPARE(fingerprintOf(client->peerCertificate()), made.fingerprint());
}

void tst_Tls::brokenConfiguredCertificateStopsTheStart()
{
    QTemporaryDir dir;
    QFile broken(dir.filePath(QStringLiteral("cert.pem")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("not a certificate\n");
    broken.close();
    ServerConfig config = testServerConfig();
    config.tlsCertificatePath = broken.fileName();
    config.tlsKeyPath = broken.fileName();
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY(!m_server->listen());
    QVERIFY2(m_server->errorString().startsWith(u"TLS certificate: "),
             qPrintable(m_server->errorString()));
    QVERIFY(m_server->errorString().contains(u"not a PEM certificate"));
    QVERIFY(!m_server->isListening());
}

void tst_Tls::dataFolderThatCannotKeepIt()
{
    // The data folder is under a file: chat and TLS go on, with a certificate
    // made for this run, and the log says what that means.
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    ServerConfig config = testServerConfig();
    config.dataDir = blocker.fileName() + u"/data";
    config.historyOnDisk = false;
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("TLS: cannot make the folder .* a new "
                                                           "certificate is made at every start")));
    QVERIFY(startServer(config));
    const std::unique_ptr<QSslSocket> client = tlsClient(m_server->serverPort());
    QVERIFY(client->isEncrypted());
    QCOMPARE(fingerprintOf(client->peerCertificate()), m_server->tlsCertificate().fingerprint());
}

QTEST_GUILESS_MAIN(tst_Tls)
#include "tst_tls.moc"
