// The server's TLS certificate: made once and kept, read back the same, a
// configured pair used as it is, and every broken one refused with a reason.
// The certificate made is read by the openssl command, as a client would.
#include "servercertificate.h"

#include "fingerprint.h"

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class tst_ServerCertificate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void madeOnceAndKept();
    void whatOpensslSees();
    void configuredPairIsUsed();
    void brokenPairsAreRefused_data();
    void brokenPairsAreRefused();
    void shortFingerprint();

private:
    static bool write(const QString &path, const QByteArray &contents)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
    }
};

void tst_ServerCertificate::madeOnceAndKept()
{
    QTemporaryDir dir;
    const QStringList names{QStringLiteral("chat.example"), QStringLiteral("127.0.0.1")};
    const ServerCertificate made = ServerCertificate::selfSigned(dir.path(), names);
    QVERIFY2(made.isValid(), qPrintable(made.errorString()));
    QVERIFY(made.isSelfSigned());
    QCOMPARE(made.fingerprint().size(), 32 * 3 - 1); // "AB:" × 32, less the last colon
    QVERIFY(made.certificatePath().endsWith(u"tls-certificate.pem"));
    // The key is its owner's only.
    const QFile::Permissions key = QFile::permissions(dir.filePath(QStringLiteral("tls-key.pem")));
    QCOMPARE(key & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFile::Permissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) &
                     ~(QFileDevice::ReadUser | QFileDevice::WriteUser));
    QVERIFY(!(key & (QFileDevice::ReadGroup | QFileDevice::ReadOther)));
    // The next start finds the same one.
    const ServerCertificate again = ServerCertificate::selfSigned(dir.path(), names);
    QVERIFY(again.isValid());
    QCOMPARE(again.fingerprint(), made.fingerprint());
    // Two servers never make the same one.
    QVERIFY(ServerCertificate::makeSelfSigned(names).fingerprint() != made.fingerprint());
}

void tst_ServerCertificate::whatOpensslSees()
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("the openssl command is not installed (apt install openssl)");
    QTemporaryDir dir;
    const ServerCertificate made = ServerCertificate::selfSigned(
            dir.path(), {QStringLiteral("chat.example"), QStringLiteral("192.168.55.13"),
                         QStringLiteral("::1")});
    QVERIFY2(made.isValid(), qPrintable(made.errorString()));
    QProcess process;
    process.start(openssl, {QStringLiteral("x509"), QStringLiteral("-in"), made.certificatePath(),
                            QStringLiteral("-noout"), QStringLiteral("-text"),
                            QStringLiteral("-fingerprint"), QStringLiteral("-sha256")});
    QVERIFY(process.waitForFinished());
    QCOMPARE(process.exitCode(), 0);
    const QString text = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(text.contains(u"Version: 3"), qPrintable(text));
    QVERIFY(text.contains(u"ecdsa-with-SHA256"));
    QVERIFY(text.contains(u"prime256v1"));
    QVERIFY(text.contains(u"DNS:chat.example"));
    QVERIFY(text.contains(u"IP Address:192.168.55.13"));
    QVERIFY(text.contains(u"IP Address:0:0:0:0:0:0:0:1"));
    QVERIFY(text.contains(u"TLS Web Server Authentication"));
    QVERIFY(text.contains(u"CA:FALSE"));
    QVERIFY2(text.contains(u"sha256 Fingerprint=" + made.fingerprint()) ||
                     text.contains(u"SHA256 Fingerprint=" + made.fingerprint()),
             qPrintable(text.right(200)));
}

void tst_ServerCertificate::configuredPairIsUsed()
{
    QTemporaryDir dir;
    const ServerCertificate made = ServerCertificate::makeSelfSigned({QStringLiteral("x")});
    QVERIFY(write(dir.filePath(QStringLiteral("cert.pem")), made.certificatePem()));
    QVERIFY(write(dir.filePath(QStringLiteral("key.pem")), made.keyPem()));
    const ServerCertificate configured = ServerCertificate::fromFiles(
            dir.filePath(QStringLiteral("cert.pem")), dir.filePath(QStringLiteral("key.pem")));
    QVERIFY2(configured.isValid(), qPrintable(configured.errorString()));
    QVERIFY(!configured.isSelfSigned()); // the operator's: used as it is
    QCOMPARE(configured.fingerprint(), made.fingerprint());
}

void tst_ServerCertificate::brokenPairsAreRefused_data()
{
    const ServerCertificate one = ServerCertificate::makeSelfSigned({QStringLiteral("one")});
    const ServerCertificate two = ServerCertificate::makeSelfSigned({QStringLiteral("two")});
    QTest::addColumn<QByteArray>("certificate");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not a certificate")
            << QByteArray("hello\n") << one.keyPem() << QStringLiteral("not a PEM certificate");
    QTest::newRow("a cut certificate") << one.certificatePem().left(200) << one.keyPem()
                                       << QStringLiteral("not a PEM certificate");
    QTest::newRow("no key") << one.certificatePem() << QByteArray()
                            << QStringLiteral("not a PEM private key");
    QTest::newRow("another's key") << one.certificatePem() << two.keyPem()
                                   << QStringLiteral("the key does not belong to the certificate");
    QTest::newRow("the key as the certificate")
            << one.keyPem() << one.keyPem() << QStringLiteral("not a PEM certificate");
}

void tst_ServerCertificate::brokenPairsAreRefused()
{
    QFETCH(QByteArray, certificate);
    QFETCH(QByteArray, key);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    QVERIFY(write(dir.filePath(QStringLiteral("cert.pem")), certificate));
    QVERIFY(write(dir.filePath(QStringLiteral("key.pem")), key));
    const ServerCertificate loaded = ServerCertificate::fromFiles(
            dir.filePath(QStringLiteral("cert.pem")), dir.filePath(QStringLiteral("key.pem")));
    QVERIFY(!loaded.isValid());
    QVERIFY2(loaded.errorString().contains(reason), qPrintable(loaded.errorString()));
    QVERIFY(loaded.errorString().contains(u"cert.pem")); // which files
    // Kept in the data folder and broken since: refused too, not made anew.
    QVERIFY(QFile::rename(dir.filePath(QStringLiteral("cert.pem")),
                          dir.filePath(QStringLiteral("tls-certificate.pem"))));
    QVERIFY(QFile::rename(dir.filePath(QStringLiteral("key.pem")),
                          dir.filePath(QStringLiteral("tls-key.pem"))));
    QVERIFY(!ServerCertificate::selfSigned(dir.path(), {}).isValid());
}

void tst_ServerCertificate::shortFingerprint()
{
    // The first 8 bytes of the fingerprint, which is the SHA-256 of the DER
    // as any TLS client computes it (QSslCertificate here, as the client does).
    const ServerCertificate made = ServerCertificate::makeSelfSigned({QStringLiteral("localhost")});
    const QSslCertificate seen(made.certificatePem(), QSsl::Pem);
    QCOMPARE(made.fingerprint(), Fingerprint::ofCertificate(seen.toDer()));
    QCOMPARE(made.fingerprint(),
             QString::fromLatin1(seen.digest(QCryptographicHash::Sha256).toHex(':').toUpper()));
    QCOMPARE(made.shortFingerprint(), Fingerprint::shortForm(made.fingerprint()));
    const QString missing = QStringLiteral("/nonexistent/cert.pem");
    const ServerCertificate none = ServerCertificate::fromFiles(missing, missing);
    QVERIFY(!none.isValid());
    QVERIFY2(none.errorString().startsWith(u"cannot read /nonexistent/cert.pem"),
             qPrintable(none.errorString()));
}

QTEST_GUILESS_MAIN(tst_ServerCertificate)
#include "tst_servercertificate.moc"
