// Fingerprints as the server shows them and the client pins them.
#include "fingerprint.h"

#include <QTest>

class tst_Fingerprint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void shortForm_data();
    void shortForm();
    void ofCertificate();
};

namespace {

const QString Canonical =
        QStringLiteral("3F:2A:9C:01:77:B4:E0:D2:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                       "01:23:45:67:89:AB:CD:EF");

} // namespace

void tst_Fingerprint::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("canonical") << Canonical << Canonical;
    QTest::newRow("lower case") << Canonical.toLower() << Canonical;
    QTest::newRow("without colons") << QString(Canonical).remove(u':') << Canonical;
    QTest::newRow("spaces around") << (u"  " + Canonical + u"\n") << Canonical;
    QTest::newRow("one digit short") << Canonical.chopped(1) << QString();
    QTest::newRow("one digit more") << (Canonical + u'0') << QString();
    QTest::newRow("not hex") << QString(Canonical).replace(0, 1, u'G') << QString();
    QTest::newRow("non-ASCII digit")
            << QString(Canonical).replace(0, 1, QChar(0x0663)) << QString();
    QTest::newRow("empty") << QString() << QString();
}

void tst_Fingerprint::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(Fingerprint::parse(text), expected);
}

void tst_Fingerprint::shortForm_data()
{
    QTest::addColumn<QString>("fingerprint");
    QTest::addColumn<QString>("expected");
    QTest::newRow("whole") << Canonical << QStringLiteral("3F2A 9C01 77B4 E0D2");
    QTest::newRow("lower case") << Canonical.toLower() << QStringLiteral("3F2A 9C01 77B4 E0D2");
    QTest::newRow("shorter than 8 bytes") << QStringLiteral("3f:2a:9c") << QStringLiteral("3F2A");
    QTest::newRow("empty") << QString() << QString();
}

void tst_Fingerprint::shortForm()
{
    QFETCH(QString, fingerprint);
    QFETCH(QString, expected);
    QCOMPARE(Fingerprint::shortForm(fingerprint), expected);
}

void tst_Fingerprint::ofCertificate()
{
    // SHA-256 of the bytes given, as pairs: what `openssl x509 -fingerprint -sha256` prints.
    QCOMPARE(Fingerprint::ofCertificate(QByteArrayLiteral("abc")),
             QStringLiteral("BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:"
                            "7A:9C:B4:10:FF:61:F2:00:15:AD"));
}

QTEST_GUILESS_MAIN(tst_Fingerprint)
#include "tst_fingerprint.moc"
