// In-memory history: ids, replay after "since", paging, whispers, duplicates.
#include "messagehistory.h"
#include "validation.h"

#include <QTest>

using namespace Protocol;

class tst_MessageHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idsOnlyGrow();
    void replayAfter_data();
    void replayAfter();
    void pagingBackwards();
    void whispersOnlyForTheirParties_data();
    void whispersOnlyForTheirParties();
    void duplicateRefs();
    void capacity();

private:
    static ChatMessage room(const QString &from, const QString &text, qint64 ts = 1000)
    {
        ChatMessage message;
        message.ts = ts;
        message.from = from;
        message.text = text;
        return message;
    }
    static HistoryReader reader(const QString &nick)
    {
        return HistoryReader{Validation::nickKey(nick), QHostAddress::LocalHost};
    }
    static QList<qint64> ids(const HistoryPage &page)
    {
        QList<qint64> list;
        for (const ChatMessage &message : page.messages)
            list.append(message.id);
        return list;
    }
    // Ten room messages, ids 1..10.
    static void fill(MessageHistory &history)
    {
        for (int i = 1; i <= 10; ++i)
            history.append(room(QStringLiteral("alice"), QString::number(i)), QString());
    }
};

void tst_MessageHistory::idsOnlyGrow()
{
    MessageHistory history;
    QCOMPARE(history.lastId(), 0);
    const ChatMessage first =
            history.append(room(QStringLiteral("a"), QStringLiteral("x")), QStringLiteral("ref"));
    const ChatMessage second =
            history.append(room(QStringLiteral("a"), QStringLiteral("y")), QString());
    QCOMPARE(first.id, 1);
    QCOMPARE(second.id, 2);
    QVERIFY(first.ref.isEmpty()); // the stored copy never carries the sender's ref
    QCOMPARE(history.lastId(), 2);
}

void tst_MessageHistory::replayAfter_data()
{
    QTest::addColumn<qint64>("since");
    QTest::addColumn<int>("cap");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::addColumn<bool>("complete");

    QTest::newRow("missed three") << qint64(7) << 200 << QList<qint64>{8, 9, 10} << true;
    QTest::newRow("missed nothing") << qint64(10) << 200 << QList<qint64>{} << true;
    QTest::newRow("since from the future") << qint64(99) << 200 << QList<qint64>{} << true;
    QTest::newRow("capped: the newest ones, incomplete")
            << qint64(0) << 4 << QList<qint64>{7, 8, 9, 10} << false;
    QTest::newRow("cap exactly fits") << qint64(6) << 4 << QList<qint64>{7, 8, 9, 10} << true;
    QTest::newRow("cap 0 means no cap")
            << qint64(0) << 0 << QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} << true;
}

void tst_MessageHistory::replayAfter()
{
    QFETCH(qint64, since);
    QFETCH(int, cap);
    QFETCH(QList<qint64>, expected);
    QFETCH(bool, complete);
    MessageHistory history;
    fill(history);
    const HistoryPage page = history.after(since, reader(QStringLiteral("bob")), cap);
    QCOMPARE(ids(page), expected);
    QCOMPARE(page.complete, complete);
}

void tst_MessageHistory::pagingBackwards()
{
    MessageHistory history;
    fill(history);
    const HistoryReader bob = reader(QStringLiteral("bob"));
    HistoryPage page = history.before(std::nullopt, 4, bob);
    QCOMPARE(ids(page), (QList<qint64>{7, 8, 9, 10}));
    QVERIFY(!page.complete);
    page = history.before(7, 4, bob);
    QCOMPARE(ids(page), (QList<qint64>{3, 4, 5, 6}));
    QVERIFY(!page.complete);
    page = history.before(3, 4, bob);
    QCOMPARE(ids(page), (QList<qint64>{1, 2}));
    QVERIFY(page.complete);
    page = history.before(1, 4, bob);
    QVERIFY(page.messages.isEmpty());
    QVERIFY(page.complete);
}

void tst_MessageHistory::whispersOnlyForTheirParties_data()
{
    QTest::addColumn<QString>("nick");
    QTest::addColumn<QString>("address");
    QTest::addColumn<QList<qint64>>("expected");
    // alice (at 10.0.0.1) whispers to bob (at 10.0.0.2) between two room messages.
    QTest::newRow("the sender") << QStringLiteral("alice") << QStringLiteral("10.0.0.1")
                                << QList<qint64>{1, 2, 3};
    QTest::newRow("the recipient, nickname in other case")
            << QStringLiteral("BOB") << QStringLiteral("10.0.0.2") << QList<qint64>{1, 2, 3};
    QTest::newRow("the recipient's nickname from another address")
            << QStringLiteral("bob") << QStringLiteral("10.0.0.9") << QList<qint64>{1, 3};
    QTest::newRow("the sender's nickname at the recipient's address")
            << QStringLiteral("alice") << QStringLiteral("10.0.0.2") << QList<qint64>{1, 3};
    QTest::newRow("someone else") << QStringLiteral("carol") << QStringLiteral("10.0.0.1")
                                  << QList<qint64>{1, 3};
    QTest::newRow("plain-text replay (room only)") << QString() << QString() << QList<qint64>{1, 3};
}

void tst_MessageHistory::whispersOnlyForTheirParties()
{
    QFETCH(QString, nick);
    QFETCH(QString, address);
    QFETCH(QList<qint64>, expected);
    MessageHistory history;
    history.append(room(QStringLiteral("alice"), QStringLiteral("hi")), QString());
    ChatMessage whisper = room(QStringLiteral("alice"), QStringLiteral("secret"));
    whisper.to = QStringLiteral("bob");
    history.append(whisper, QString(), QHostAddress(QStringLiteral("10.0.0.1")),
                   QHostAddress(QStringLiteral("10.0.0.2")));
    history.append(room(QStringLiteral("bob"), QStringLiteral("hello")), QString());
    const HistoryReader viewer =
            nick.isEmpty() ? HistoryReader()
                           : HistoryReader{Validation::nickKey(nick), QHostAddress(address)};
    QCOMPARE(ids(history.before(std::nullopt, 50, viewer)), expected);
    QCOMPARE(ids(history.after(0, viewer, 50)), expected);
}

void tst_MessageHistory::duplicateRefs()
{
    MessageHistory history;
    const qint64 t0 = 1'700'000'000'000;
    const QString alice = Validation::nickKey(QStringLiteral("Alice"));
    QVERIFY(!history.findDuplicate(alice, QStringLiteral("r1"), t0));
    const ChatMessage stored = history.append(
            room(QStringLiteral("Alice"), QStringLiteral("x"), t0), QStringLiteral("r1"));
    // Same sender (any case), same ref, within ten minutes: the stored message.
    std::optional<ChatMessage> again =
            history.findDuplicate(Validation::nickKey(QStringLiteral("alice")),
                                  QStringLiteral("r1"), t0 + DuplicateWindowMs - 1);
    QVERIFY(again);
    QCOMPARE(again->id, stored.id);
    // Another sender with the same ref, or another ref: not a duplicate.
    QVERIFY(!history.findDuplicate(Validation::nickKey(QStringLiteral("bob")), QStringLiteral("r1"),
                                   t0 + 1));
    QVERIFY(!history.findDuplicate(alice, QStringLiteral("r2"), t0 + 1));
    QVERIFY(!history.findDuplicate(alice, QString(), t0 + 1));
    // A ref used again for another message stays known for that one's ten minutes.
    const qint64 t1 = t0 + 5 * 60 * 1000;
    const ChatMessage reused = history.append(
            room(QStringLiteral("alice"), QStringLiteral("y"), t1), QStringLiteral("r1"));
    again = history.findDuplicate(alice, QStringLiteral("r1"), t1 + DuplicateWindowMs - 1);
    QVERIFY(again);
    QCOMPARE(again->id, reused.id);
    // After the window it would be stored again.
    QVERIFY(!history.findDuplicate(alice, QStringLiteral("r1"), t1 + DuplicateWindowMs + 1));
}

void tst_MessageHistory::capacity()
{
    MessageHistory history(5);
    fill(history);
    QCOMPARE(history.size(), 5);
    QCOMPARE(history.lastId(), 10);
    const HistoryPage all = history.before(std::nullopt, 50, HistoryReader());
    QCOMPARE(ids(all), (QList<qint64>{6, 7, 8, 9, 10}));
    QVERIFY(all.complete); // nothing older is kept
    // A client that saw id 2 missed messages that are gone: the replay says so.
    const HistoryPage replay = history.after(2, HistoryReader(), 200);
    QCOMPARE(ids(replay), (QList<qint64>{6, 7, 8, 9, 10}));
    QVERIFY(!replay.complete);
}

QTEST_GUILESS_MAIN(tst_MessageHistory)
#include "tst_messagehistory.moc"
