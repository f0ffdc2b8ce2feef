// Who may connect, on its own: the limits at and past their edge, bans from
// the command line and from bans.txt, and refusals while shutting down.
#include "admission.h"
#include "testserverconfig.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Protocol;

class tst_Admission : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mostConnections_data();
    void mostConnections();
    void mostFromOneAddress_data();
    void mostFromOneAddress();
    void shuttingDownRefusesEveryone();
    void bansFromConfigAndFile();
    void banAndUnbanAreKept();
    void invalidBanIsRefused();
};

namespace {

const QHostAddress alice(QStringLiteral("10.0.0.1"));
const QHostAddress bob(QStringLiteral("10.0.0.2"));

} // namespace

void tst_Admission::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("qtchat.server.info=false"));
}

void tst_Admission::mostConnections_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("admitted");
    QTest::addColumn<bool>("refused");
    QTest::newRow("under the limit") << 3 << 2 << false;
    QTest::newRow("at the limit") << 3 << 3 << true;
    QTest::newRow("no limit") << 0 << 5000 << false;
}

void tst_Admission::mostConnections()
{
    QFETCH(int, limit);
    QFETCH(int, admitted);
    QFETCH(bool, refused);
    ServerConfig config = testServerConfig();
    config.maxClients = limit;
    Admission admission(config);
    for (int i = 0; i < admitted; ++i)
        admission.admit(QHostAddress(quint32(0x0a000000 + i)));
    const auto refusal = admission.check(bob, false);
    QCOMPARE(refusal.has_value(), refused);
    if (refused) {
        QCOMPARE(refusal->code, ErrorCode::ServerFull);
        QVERIFY(refusal->message.contains(QString::number(limit)));
        // One leaves: there is room again.
        admission.release(QHostAddress(quint32(0x0a000000)));
        QVERIFY(!admission.check(bob, false));
    }
}

void tst_Admission::mostFromOneAddress_data()
{
    QTest::addColumn<int>("fromAlice");
    QTest::addColumn<bool>("refused");
    QTest::newRow("one under the limit") << 1 << false;
    QTest::newRow("at the limit") << 2 << true;
}

void tst_Admission::mostFromOneAddress()
{
    QFETCH(int, fromAlice);
    QFETCH(bool, refused);
    ServerConfig config = testServerConfig();
    config.maxConnectionsPerIp = 2;
    Admission admission(config);
    for (int i = 0; i < fromAlice; ++i)
        admission.admit(alice);
    const auto refusal = admission.check(alice, false);
    QCOMPARE(refusal.has_value(), refused);
    if (refused)
        QCOMPARE(refusal->code, ErrorCode::TooManyConnections);
    QVERIFY(!admission.check(bob, false)); // another address is another count
}

void tst_Admission::shuttingDownRefusesEveryone()
{
    Admission admission(testServerConfig());
    const auto refusal = admission.check(alice, true);
    QVERIFY(refusal);
    QCOMPARE(refusal->code, ErrorCode::ServerShutdown);
}

void tst_Admission::bansFromConfigAndFile()
{
    QTemporaryDir dir;
    QFile file(QDir(dir.path()).filePath(QStringLiteral("bans.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# kept\n10.0.0.2\nnot an address\n");
    file.close();
    ServerConfig config = testServerConfig();
    config.dataDir = dir.path();
    config.bans = {QStringLiteral("192.168.0.0/16")};
    Admission admission(config);
    QCOMPARE(admission.bans(),
             (QStringList{QStringLiteral("192.168.0.0/16"), QStringLiteral("10.0.0.2")}));
    QVERIFY(admission.isConfiguredBan(QStringLiteral("192.168.0.0/16")));
    QVERIFY(!admission.isConfiguredBan(QStringLiteral("10.0.0.2")));
    QCOMPARE(admission.check(bob, false)->code, ErrorCode::Banned);
    QCOMPARE(admission.check(QHostAddress(QStringLiteral("192.168.4.4")), false)->code,
             ErrorCode::Banned);
    QVERIFY(!admission.check(alice, false));
}

void tst_Admission::banAndUnbanAreKept()
{
    QTemporaryDir dir;
    ServerConfig config = testServerConfig();
    config.dataDir = dir.path();
    {
        Admission admission(config);
        QSignalSpy changed(&admission, &Admission::bansChanged);
        QCOMPARE(admission.ban(QStringLiteral("10.0.0.1")), QString());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(admission.check(alice, false)->code, ErrorCode::Banned);
    }
    Admission again(config); // the next start
    QCOMPARE(again.bans(), QStringList{QStringLiteral("10.0.0.1")});
    QVERIFY(again.unban(QStringLiteral("10.0.0.1")));
    QVERIFY(!again.unban(QStringLiteral("10.0.0.1")));
    QVERIFY(!again.check(alice, false));
    QVERIFY(Admission(config).bans().isEmpty());
}

void tst_Admission::invalidBanIsRefused()
{
    Admission admission(testServerConfig());
    QVERIFY(!admission.ban(QStringLiteral("not-an-address")).isEmpty());
    QVERIFY(admission.bans().isEmpty());
}

QTEST_GUILESS_MAIN(tst_Admission)
#include "tst_admission.moc"
