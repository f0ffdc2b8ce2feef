// The router on its own, with real sessions over loopback: events go to
// everyone in the room but the one excepted, or to one session; nothing goes
// out before the history has written what it carries, and then everything
// goes in the order it was sent; one who joins meanwhile does not get what
// was said before; a close waits for what was owed.
#include "historypipeline.h"
#include "router.h"
#include "sessionharness.h"

#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Protocol;

class tst_Router : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void toTheRoomButTheSender();
    void waitsForTheWriteThenGoesInOrder();
    void lateJoinerDoesNotGetWhatCameBefore();
    void closeAfterWhatWasOwed();

private:
    using Member = SessionHarness::Member;
    Member join(const QString &nick) { return m_sessions->join(nick); }
    void makeRouter(bool onDisk);
    static ChatMessage said(const QString &text)
    {
        ChatMessage message;
        message.ts = 1;
        message.from = QStringLiteral("alice");
        message.text = text;
        return message;
    }

    QTemporaryDir m_dir;
    ChatRoomPtr m_room;
    std::unique_ptr<SessionHarness> m_sessions;
    std::unique_ptr<HistoryPipeline> m_history;
    std::unique_ptr<Router> m_router;
};

void tst_Router::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("qtchat.server.info=false"));
}

void tst_Router::init()
{
    m_room = std::make_shared<ChatRoom>();
}

void tst_Router::cleanup()
{
    m_sessions.reset();
    m_router.reset();
    m_history.reset();
    m_room.reset();
}

void tst_Router::makeRouter(bool onDisk)
{
    ServerConfig config = testServerConfig();
    config.historyOnDisk = onDisk;
    config.dataDir = m_dir.path();
    m_sessions = std::make_unique<SessionHarness>(*m_room, config);
    m_history = std::make_unique<HistoryPipeline>(m_sessions->config());
    m_router = std::make_unique<Router>(*m_history);
    connect(m_history.get(), &HistoryPipeline::written, this, [this] {
        m_router->deliverWritten();
        m_sessions->batch()->flush();
    });
}

void tst_Router::toTheRoomButTheSender()
{
    makeRouter(false);
    const Member alice = join(QStringLiteral("alice"));
    const Member bob = join(QStringLiteral("bob"));
    QVERIFY(alice.session && bob.session);
    m_router->toRoom(m_room, said(QStringLiteral("hello")), alice.session);
    m_router->toSession(alice.session, Notice{QStringLiteral("only alice"), 0, {}});
    const std::optional<ChatMessage> heard = bob.client->waitFor<ChatMessage>();
    QVERIFY(heard);
    QCOMPARE(heard->text, QStringLiteral("hello"));
    const std::optional<Notice> notice = alice.client->waitFor<Notice>();
    QVERIFY(notice);
    QCOMPARE(notice->text, QStringLiteral("only alice"));
    QVERIFY(!alice.client->waitFor<ChatMessage>(200)); // the sender was left out
    QVERIFY(!bob.client->waitFor<Notice>(200));
}

void tst_Router::waitsForTheWriteThenGoesInOrder()
{
    makeRouter(true);
    const Member alice = join(QStringLiteral("alice"));
    const Member bob = join(QStringLiteral("bob"));
    QVERIFY(alice.session && bob.session);
    const ChatMessage stored = m_history->append(said(QStringLiteral("stored first")), QString());
    QVERIFY(m_router->mustWait());
    m_router->toRoom(m_room, stored);
    m_router->toSession(bob.session, Notice{QStringLiteral("after it"), 0, {}});
    // Nothing yet: the message is not on disk.
    QVERIFY(!bob.client->hasPending());
    QCOMPARE(m_history->history().writtenUpTo(), 0);
    const std::optional<ChatMessage> first = bob.client->waitFor<ChatMessage>();
    QVERIFY(first);
    QCOMPARE(first->text, QStringLiteral("stored first"));
    QVERIFY(m_history->history().writtenUpTo() >= 1); // written before it went
    const std::optional<Notice> second = bob.client->nextAs<Notice>();
    QVERIFY2(second, qPrintable(bob.client->lastProblem()));
    QCOMPARE(second->text, QStringLiteral("after it"));
    QVERIFY(alice.client->waitFor<ChatMessage>());
    QVERIFY(!m_router->mustWait());
}

void tst_Router::lateJoinerDoesNotGetWhatCameBefore()
{
    makeRouter(true);
    const Member alice = join(QStringLiteral("alice"));
    QVERIFY(alice.session);
    const ChatMessage stored = m_history->append(said(QStringLiteral("before carol")), QString());
    m_router->toRoom(m_room, stored);
    const Member carol = join(QStringLiteral("carol")); // while it waits for the disk
    QVERIFY(carol.session);
    QVERIFY(alice.client->waitFor<ChatMessage>());
    QVERIFY(!carol.client->waitFor<ChatMessage>(300));
}

void tst_Router::closeAfterWhatWasOwed()
{
    makeRouter(true);
    const Member alice = join(QStringLiteral("alice"));
    QVERIFY(alice.session);
    const ChatMessage stored = m_history->append(said(QStringLiteral("last words")), QString());
    m_router->toSession(alice.session, OwnMessage{stored});
    m_router->closeAfterOwed(alice.session, QStringLiteral("quit"));
    QVERIFY(!alice.session->isClosing()); // it waits too
    const std::optional<ChatMessage> echo = alice.client->waitFor<ChatMessage>();
    QVERIFY(echo);
    QCOMPARE(echo->text, QStringLiteral("last words"));
    QVERIFY(alice.client->waitForDisconnected());
}

QTEST_GUILESS_MAIN(tst_Router)
#include "tst_router.moc"
