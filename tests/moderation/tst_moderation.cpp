// The operator's hand on its own, with real sessions over loopback: a kick
// by nickname or by connection, with and without a reason; a ban that
// disconnects everyone from the address (and only them) and is kept.
#include "admission.h"
#include "moderation.h"
#include "sessionharness.h"

#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

using namespace Protocol;

class tst_Moderation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void kick_data();
    void kick();
    void kickOfNoOne();
    void banDisconnectsEveryoneFromThere();
    void invalidBan();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ChatRoom> m_room;
    std::unique_ptr<Nicknames> m_nicknames;
    std::unique_ptr<SessionHarness> m_sessions;
    std::unique_ptr<Admission> m_admission;
    std::unique_ptr<Moderation> m_moderation;
};

void tst_Moderation::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("qtchat.server.info=false"));
}

void tst_Moderation::init()
{
    ServerConfig config = testServerConfig();
    config.dataDir = m_dir.path();
    m_room = std::make_unique<ChatRoom>();
    m_nicknames = std::make_unique<Nicknames>();
    m_sessions = std::make_unique<SessionHarness>(*m_room, config);
    m_sessions->setNicknames(m_nicknames.get());
    m_admission = std::make_unique<Admission>(m_sessions->config());
    m_moderation = std::make_unique<Moderation>(*m_nicknames, *m_admission, m_sessions->sessions());
}

void tst_Moderation::cleanup()
{
    m_moderation.reset();
    m_admission.reset();
    m_sessions.reset();
    m_room.reset();
}

void tst_Moderation::kick_data()
{
    QTest::addColumn<bool>("byConnection");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("operatorWords");
    QTest::newRow("by nickname, with a reason")
            << false << QStringLiteral("spamming")
            << QStringLiteral("you were kicked from the room: spamming")
            << QStringLiteral("spamming");
    QTest::newRow("by connection, without one")
            << true << QString() << QStringLiteral("you were kicked from the room") << QString();
    QTest::newRow("a reason on two lines is one")
            << false << QStringLiteral("one\ntwo")
            << QStringLiteral("you were kicked from the room: one two")
            << QStringLiteral("one two");
}

void tst_Moderation::kick()
{
    QFETCH(bool, byConnection);
    QFETCH(QString, reason);
    QFETCH(QString, message);
    QFETCH(QString, operatorWords);
    const SessionHarness::Member alice = m_sessions->join(QStringLiteral("alice"));
    const SessionHarness::Member bob = m_sessions->join(QStringLiteral("bob"));
    QVERIFY(alice.session && bob.session);
    QVERIFY(byConnection ? m_moderation->kickConnection(bob.session->joinSequence(), reason)
                         : m_moderation->kick(QStringLiteral("BOB"), reason));
    const std::optional<Error> error = bob.client->waitForError(ErrorCode::Kicked);
    QVERIFY(error);
    QCOMPARE(error->message, message);
    QCOMPARE(error->reason, operatorWords);
    QVERIFY(bob.client->waitForDisconnected());
    QVERIFY(alice.client->isConnected());
    // Already on its way out: not kicked twice.
    QVERIFY(!m_moderation->kick(QStringLiteral("bob"), QString()) || bob.session->isClosing());
}

void tst_Moderation::kickOfNoOne()
{
    QVERIFY(m_sessions->join(QStringLiteral("alice")).session);
    QVERIFY(!m_moderation->kick(QStringLiteral("nobody"), QString()));
    QVERIFY(!m_moderation->kickConnection(9999, QString()));
}

void tst_Moderation::banDisconnectsEveryoneFromThere()
{
#ifndef Q_OS_LINUX
    QSKIP("needs 127.0.0.2 as a second local address");
#endif
    const QHostAddress there(QStringLiteral("127.0.0.2"));
    const SessionHarness::Member alice = m_sessions->join(QStringLiteral("alice"));
    const SessionHarness::Member mallory = m_sessions->join(QStringLiteral("mallory"), there);
    const SessionHarness::Member trent = m_sessions->join(QStringLiteral("trent"), there);
    QVERIFY(alice.session && mallory.session && trent.session);
    QCOMPARE(m_moderation->ban(QStringLiteral("127.0.0.2")), QString());
    QVERIFY(mallory.client->waitForError(ErrorCode::Banned));
    QVERIFY(trent.client->waitForError(ErrorCode::Banned));
    QVERIFY(mallory.client->waitForDisconnected());
    QVERIFY(!alice.client->waitForDisconnected(200));
    // Kept, and refused from then on.
    QCOMPARE(Admission(m_sessions->config()).bans(), QStringList{QStringLiteral("127.0.0.2")});
    QCOMPARE(m_admission->check(there, false)->code, ErrorCode::Banned);
    QVERIFY(m_moderation->unban(QStringLiteral("127.0.0.2")));
    QVERIFY(!m_admission->check(there, false));
}

void tst_Moderation::invalidBan()
{
    QVERIFY(!m_moderation->ban(QStringLiteral("10.0.0.0/99")).isEmpty());
    QVERIFY(m_admission->bans().isEmpty());
}

QTEST_GUILESS_MAIN(tst_Moderation)
#include "tst_moderation.moc"
