// The client's side of TLS, against real servers over loopback: encrypted
// by default, the certificate pinned on first contact, a changed one refused
// with both fingerprints until the user accepts it (and then only that one),
// servers without TLS reached in the clear only once the user agreed (and
// remembered), and certificates a (test) authority vouches for checked as usual.
#include "certificatefiles.h"
#include "chatclient.h"
#include "chatserver.h"
#include "fingerprint.h"
#include "knownservers.h"
#include "servercertificate.h"
#include "serverrestart.h"
#include "serverwithouttls.h"
#include "testserverconfig.h"
#include "waituntil.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using State = ChatClient::State;
using Kind = ChatClient::ErrorKind;

namespace {

ChatClient::Settings quickSettings()
{
    ChatClient::Settings settings;
    settings.firstRetryMs = 50;
    settings.maxRetryMs = 200;
    settings.attemptTimeoutMs = 3000;
    return settings;
}

} // namespace

class tst_ClientTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void encryptedAndPinnedOnFirstContact();
    void changedCertificateIsRefused_data();
    void changedCertificateIsRefused();
    void acceptingTrustsOnlyTheCertificateShown();
    void serverWithoutTls_data();
    void serverWithoutTls();
    void clearIsRememberedAndTakenBack();
    void serverThatHadTlsIsNeverOfferedTheClear();
    void certificateVouchedByAnAuthority();

private:
    std::unique_ptr<ChatClient> newClient()
    {
        auto client = std::make_unique<ChatClient>();
        client->setSettings(quickSettings());
        client->setKnownServersFile(m_knownPath);
        return client;
    }
    bool startServer(const CertificateFiles &files, quint16 port = 0)
    {
        ServerConfig config = testServerConfig();
        config.port = port;
        config.tlsCertificatePath = files.certificate;
        config.tlsKeyPath = files.key;
        m_server = std::make_unique<ChatServer>(config);
        if (!m_server->listen()) {
            qWarning() << "cannot listen:" << m_server->errorString();
            return false;
        }
        return true;
    }
    // The server goes and comes back on its port with another certificate.
    bool restartWith(const CertificateFiles &files)
    {
        const quint16 port = m_server->serverPort();
        m_server->shutdown(QString());
        ServerConfig config = testServerConfig();
        config.tlsCertificatePath = files.certificate;
        config.tlsKeyPath = files.key;
        return restartOnSamePort(m_server, config, port);
    }
    static bool connectAndWait(ChatClient *client, quint16 port, const QString &nick,
                               const QString &host = QStringLiteral("127.0.0.1"))
    {
        client->connectToServer(host, port, nick);
        return waitUntil([client] { return client->state() != State::Connecting; }) &&
               client->state() == State::Connected;
    }

    QTemporaryDir m_dir;
    QString m_knownPath;
    CertificateFiles m_first;
    CertificateFiles m_second;
    CertificateFiles m_third;
    std::unique_ptr<ChatServer> m_server;
};

void tst_ClientTls::init()
{
    QVERIFY(m_dir.isValid());
    static int run = 0;
    m_knownPath = m_dir.filePath(QStringLiteral("known-servers-%1").arg(++run));
    const QStringList names{QStringLiteral("localhost"), QStringLiteral("127.0.0.1")};
    if (m_first.certificate.isEmpty()) {
        m_first = writeCertificateFiles(m_dir.path(), QStringLiteral("first"),
                                        ServerCertificate::makeSelfSigned(names));
        m_second = writeCertificateFiles(m_dir.path(), QStringLiteral("second"),
                                         ServerCertificate::makeSelfSigned(names));
        m_third = writeCertificateFiles(m_dir.path(), QStringLiteral("third"),
                                        ServerCertificate::makeSelfSigned(names));
    }
}

void tst_ClientTls::cleanup()
{
    m_server.reset();
}

void tst_ClientTls::encryptedAndPinnedOnFirstContact()
{
    QVERIFY(startServer(m_first));
    auto client = newClient();
    QVERIFY(connectAndWait(client.get(), m_server->serverPort(), QStringLiteral("alice")));
    QVERIFY(client->isEncrypted());
    QVERIFY2(client->encryptionDescription().startsWith(u"TLSv1."),
             qPrintable(client->encryptionDescription()));
    QCOMPARE(client->certificateFingerprint(), m_first.fingerprint);
    QCOMPARE(client->certificateFingerprint(), m_server->tlsCertificate().fingerprint());
    QVERIFY(!client->isCertificateVouched()); // self-signed: known by its pin
    QVERIFY(client->isCertificateNew());
    // The pin is on disk, for this address and port.
    QCOMPARE(KnownServers(m_knownPath)
                     .find(QStringLiteral("127.0.0.1"), m_server->serverPort())
                     .fingerprint,
             m_first.fingerprint);
    const QList<ConnectionInfo> connections = m_server->connections();
    QCOMPARE(connections.size(), 1);
    QVERIFY(connections.first().encrypted); // as the operator sees it

    // The next time it is known (another run of qtchat, the same file).
    auto again = newClient();
    QVERIFY(connectAndWait(again.get(), m_server->serverPort(), QStringLiteral("bob")));
    QVERIFY(again->isEncrypted());
    QVERIFY(!again->isCertificateNew());
    QSignalSpy heard(again.get(), &ChatClient::messageReceived);
    client->sendMessage(QStringLiteral("over TLS"));
    QVERIFY(heard.wait());
    QCOMPARE(heard.first().first().value<Protocol::ChatMessage>().text, QStringLiteral("over TLS"));
}

void tst_ClientTls::changedCertificateIsRefused_data()
{
    QTest::addColumn<bool>("whileConnected");
    QTest::newRow("on a reconnect") << true;
    QTest::newRow("at the next start") << false;
}

void tst_ClientTls::changedCertificateIsRefused()
{
    QFETCH(bool, whileConnected);
    QVERIFY(startServer(m_first));
    const quint16 port = m_server->serverPort();
    auto client = newClient();
    QVERIFY(connectAndWait(client.get(), port, QStringLiteral("alice")));
    if (!whileConnected) {
        client->disconnectFromServer();
        client = newClient();
    }
    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    QVERIFY(restartWith(m_second));
    if (!whileConnected)
        client->connectToServer(QStringLiteral("127.0.0.1"), port, QStringLiteral("alice"));
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty() &&
                                     errors.last().at(0).value<Kind>() == Kind::CertificateChanged,
                             10000);
    // Both fingerprints, in the short form the server's window shows.
    const QString reason = errors.last().at(1).toString();
    QVERIFY2(reason.contains(Fingerprint::shortForm(m_first.fingerprint)), qPrintable(reason));
    QVERIFY2(reason.contains(Fingerprint::shortForm(m_second.fingerprint)), qPrintable(reason));
    QCOMPARE(client->pinnedFingerprint(), m_first.fingerprint);
    QCOMPARE(client->certificateFingerprint(), m_second.fingerprint);
    // Not connected, and not trying again by itself; the pin is unchanged.
    QCOMPARE(client->state(), State::Disconnected);
    QCOMPARE(client->lastError(), Kind::CertificateChanged);
    QVERIFY(!errors.wait(400));
    QCOMPARE(m_server->connections().size(), 0);
    QCOMPARE(KnownServers(m_knownPath).find(QStringLiteral("127.0.0.1"), port).fingerprint,
             m_first.fingerprint);

    // The user accepts it: it replaces the pin.
    client->trustNewCertificate();
    QTRY_COMPARE(client->state(), State::Connected);
    QCOMPARE(KnownServers(m_knownPath).find(QStringLiteral("127.0.0.1"), port).fingerprint,
             m_second.fingerprint);
    auto later = newClient();
    QVERIFY(connectAndWait(later.get(), port, QStringLiteral("bob")));
    QVERIFY(!later->isCertificateNew());
}

void tst_ClientTls::acceptingTrustsOnlyTheCertificateShown()
{
    // The user saw the second certificate; by the time they accept, a third
    // one answers: it is refused in turn, named against the second.
    QVERIFY(startServer(m_first));
    const quint16 port = m_server->serverPort();
    auto client = newClient();
    QVERIFY(connectAndWait(client.get(), port, QStringLiteral("alice")));
    client->disconnectFromServer();
    QVERIFY(restartWith(m_second));
    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    client->connectToServer(QStringLiteral("127.0.0.1"), port, QStringLiteral("alice"));
    QVERIFY(errors.wait());
    QCOMPARE(errors.last().at(0).value<Kind>(), Kind::CertificateChanged);
    QVERIFY(restartWith(m_third));
    client->trustNewCertificate();
    QVERIFY(errors.wait());
    QCOMPARE(errors.last().at(0).value<Kind>(), Kind::CertificateChanged);
    QCOMPARE(client->pinnedFingerprint(), m_second.fingerprint);
    QCOMPARE(client->certificateFingerprint(), m_third.fingerprint);
    QCOMPARE(client->state(), State::Disconnected);
    // Without a refusal before it, trusting does nothing.
    auto fresh = newClient();
    fresh->trustNewCertificate();
    QCOMPARE(fresh->state(), State::Disconnected);
}

void tst_ClientTls::serverWithoutTls_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("reason"); // in the error
    QTest::newRow("qtchat of before TLS") << "old"
                                          << "does not set up an encrypted connection";
    QTest::newRow("closes at the handshake") << "closes"
                                             << "closed the connection";
    QTest::newRow("the tutorial's server") << "tutorial"
                                           << "does not set up an encrypted";
}

void tst_ClientTls::serverWithoutTls()
{
    QFETCH(QString, server);
    QFETCH(QString, reason);
    std::unique_ptr<ServerWithoutTls> old;
    QTcpServer closing;
    QProcess tutorial;
    quint16 port = 0;
    if (server == u"old") {
        old = std::make_unique<ServerWithoutTls>();
        port = old->port();
    } else if (server == u"closes") {
        QVERIFY(closing.listen(QHostAddress::LocalHost, 0));
        connect(&closing, &QTcpServer::newConnection, &closing,
                [&closing] { closing.nextPendingConnection()->close(); });
        port = closing.serverPort();
    } else {
        const QString script = QStringLiteral(QTCHAT_SHARED_DIR "/seed/seed_server.py");
        if (!QFile::exists(script))
            QSKIP("the seed tutorial is not here (../shared/seed): a clone on its own has none");
        QTcpServer probe; // a free port for it
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
        probe.close();
        tutorial.start(QStringLiteral(QTCHAT_PYTHON3),
                       {script, QStringLiteral("127.0.0.1"), QString::number(port)});
        QVERIFY(tutorial.waitForStarted());
        QTcpSocket knock; // until it listens
        QVERIFY(waitUntil(
                [&knock, port] {
                    knock.abort();
                    return ::connectAndWait(&knock, port);
                },
                10000));
        knock.abort();
    }
    auto client = newClient();
    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    client->connectToServer(QStringLiteral("127.0.0.1"), port, QStringLiteral("alice"));
    QVERIFY(errors.wait());
    QCOMPARE(errors.first().at(0).value<Kind>(), Kind::NotEncrypted);
    QVERIFY2(errors.first().at(1).toString().contains(reason),
             qPrintable(errors.first().at(1).toString()));
    QCOMPARE(client->state(), State::Disconnected); // the user is asked; no retry meanwhile
    QVERIFY(!errors.wait(300));
    QVERIFY(!client->isEncrypted());
    if (old) {
        // Nothing of the chat went in the clear: the one connection began a TLS handshake.
        QCOMPARE(old->firstBytes(), QByteArrayList{QByteArray("\x16")});
        client->allowUnencrypted();
        QTRY_COMPARE(client->state(), State::Connected);
        QVERIFY(!client->isEncrypted());
        QCOMPARE(old->firstBytes().last(), QByteArray("{"));
    }
    if (tutorial.state() != QProcess::NotRunning) {
        tutorial.kill();
        tutorial.waitForFinished();
    }
}

void tst_ClientTls::clearIsRememberedAndTakenBack()
{
    ServerWithoutTls old;
    auto client = newClient();
    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    client->connectToServer(QStringLiteral("127.0.0.1"), old.port(), QStringLiteral("alice"));
    QVERIFY(errors.wait());
    client->allowUnencrypted();
    QTRY_COMPARE(client->state(), State::Connected);
    // Another run: straight in the clear, no handshake first.
    auto again = newClient();
    QVERIFY(connectAndWait(again.get(), old.port(), QStringLiteral("alice")));
    QVERIFY(!again->isEncrypted());
    QCOMPARE(old.firstBytes(), (QByteArrayList{"\x16", "{", "{"}));
    // Taken back: TLS again, and the question again.
    QSignalSpy againErrors(again.get(), &ChatClient::errorOccurred);
    again->forgetUnencrypted();
    QVERIFY(againErrors.wait());
    QCOMPARE(againErrors.first().at(0).value<Kind>(), Kind::NotEncrypted);
    QCOMPARE(old.firstBytes().last(), QByteArray("\x16"));
    QVERIFY(!KnownServers(m_knownPath).find(QStringLiteral("127.0.0.1"), old.port()).unencrypted);
}

void tst_ClientTls::serverThatHadTlsIsNeverOfferedTheClear()
{
    // A server known by its certificate, and then something without TLS on
    // its port: not a server to reach in the clear, whoever it is.
    QVERIFY(startServer(m_first));
    const quint16 port = m_server->serverPort();
    auto client = newClient();
    QVERIFY(connectAndWait(client.get(), port, QStringLiteral("alice")));
    client->disconnectFromServer();
    m_server->shutdown(QString());
    QVERIFY(waitUntil([this] { return m_server->connectionCount() == 0; }));
    m_server.reset();
    ServerWithoutTls impostor(port);
    QCOMPARE(impostor.port(), port);
    auto next = newClient();
    QSignalSpy errors(next.get(), &ChatClient::errorOccurred);
    next->connectToServer(QStringLiteral("127.0.0.1"), port, QStringLiteral("alice"));
    QVERIFY(errors.wait());
    QCOMPARE(errors.first().at(0).value<Kind>(), Kind::ConnectionLost);
    QVERIFY2(errors.first().at(1).toString().contains(u"used encryption before"),
             qPrintable(errors.first().at(1).toString()));
    QCOMPARE(impostor.firstBytes(), QByteArrayList{QByteArray("\x16")});
}

void tst_ClientTls::certificateVouchedByAnAuthority()
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("the openssl command is not installed (apt install openssl)");
    // A test authority, and a certificate it signs for "localhost" only.
    auto run = [&openssl, this](const QStringList &arguments) {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.start(openssl, arguments);
        if (!process.waitForFinished(30000) || process.exitCode() != 0) {
            qWarning() << "openssl" << arguments << process.readAllStandardError();
            return false;
        }
        return true;
    };
    QFile extensions(m_dir.filePath(QStringLiteral("leaf.ext")));
    QVERIFY(extensions.open(QIODevice::WriteOnly));
    extensions.write("subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
                     "extendedKeyUsage=serverAuth\n");
    extensions.close();
    const QStringList ec{QStringLiteral("-newkey"), QStringLiteral("ec"),
                         QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                         QStringLiteral("-nodes")};
    QVERIFY(run(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec +
                QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"),
                            QStringLiteral("-out"), QStringLiteral("ca.crt"),
                            QStringLiteral("-subj"), QStringLiteral("/CN=qtchat test authority"),
                            QStringLiteral("-days"), QStringLiteral("2")}));
    for (const QString &leaf : {QStringLiteral("leaf"), QStringLiteral("renewed")}) {
        QVERIFY(run(QStringList{QStringLiteral("req")} + ec +
                    QStringList{QStringLiteral("-keyout"), leaf + QStringLiteral(".key"),
                                QStringLiteral("-out"), leaf + QStringLiteral(".csr"),
                                QStringLiteral("-subj"), QStringLiteral("/CN=localhost")}));
        QVERIFY(run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                     leaf + QStringLiteral(".csr"), QStringLiteral("-CA"), QStringLiteral("ca.crt"),
                     QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                     QStringLiteral("-CAcreateserial"), QStringLiteral("-out"),
                     leaf + QStringLiteral(".crt"), QStringLiteral("-days"), QStringLiteral("2"),
                     QStringLiteral("-extfile"), QStringLiteral("leaf.ext")}));
    }
    const QList<QSslCertificate> authority =
            QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("ca.crt")));
    QCOMPARE(authority.size(), 1);
    // The system's authorities, and this one, for the clients made from now on.
    const QSslConfiguration before = QSslConfiguration::defaultConfiguration();
    QSslConfiguration trusting = before;
    trusting.addCaCertificates(authority);
    QSslConfiguration::setDefaultConfiguration(trusting);
    struct Restore
    {
        QSslConfiguration configuration;
        ~Restore() { QSslConfiguration::setDefaultConfiguration(configuration); }
    } restore{before};

    const CertificateFiles vouched{m_dir.filePath(QStringLiteral("leaf.crt")),
                                   m_dir.filePath(QStringLiteral("leaf.key")), QString()};
    const CertificateFiles renewed{m_dir.filePath(QStringLiteral("renewed.crt")),
                                   m_dir.filePath(QStringLiteral("renewed.key")), QString()};
    QVERIFY(startServer(vouched));
    const quint16 port = m_server->serverPort();
    const QString localhost = QStringLiteral("localhost");
    auto client = newClient();
    QVERIFY(connectAndWait(client.get(), port, QStringLiteral("alice"), localhost));
    QVERIFY(client->isEncrypted());
    QVERIFY(client->isCertificateVouched());
    QVERIFY(!client->isCertificateNew());
    QCOMPARE(client->certificateFingerprint(), m_server->tlsCertificate().fingerprint());

    // By its address the name does not match: known by its pin instead.
    auto byAddress = newClient();
    QVERIFY(connectAndWait(byAddress.get(), port, QStringLiteral("bob")));
    QVERIFY(!byAddress->isCertificateVouched());
    QVERIFY(byAddress->isCertificateNew());

    // Renewed by the authority: taken as it is (and pinned in its turn).
    client->disconnectFromServer();
    QVERIFY(restartWith(renewed));
    QVERIFY(connectAndWait(client.get(), port, QStringLiteral("alice"), localhost));
    QVERIFY(client->isCertificateVouched());
    QCOMPARE(KnownServers(m_knownPath).find(localhost, port).fingerprint,
             m_server->tlsCertificate().fingerprint());

    // A certificate without the authority in its place is not a first contact.
    client->disconnectFromServer();
    QVERIFY(restartWith(m_first));
    QSignalSpy errors(client.get(), &ChatClient::errorOccurred);
    client->connectToServer(localhost, port, QStringLiteral("alice"));
    QVERIFY(errors.wait());
    QCOMPARE(errors.first().at(0).value<Kind>(), Kind::CertificateChanged);
    QCOMPARE(client->certificateFingerprint(), m_first.fingerprint);
}

QTEST_GUILESS_MAIN(tst_ClientTls)
#include "tst_clienttls.moc"
