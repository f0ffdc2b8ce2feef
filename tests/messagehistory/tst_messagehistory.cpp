// In-memory history: ids, replay after "since", paging, whispers, duplicates.
#include "messagehistory.h"
#include "validation.h"

#include <QTemporaryDir>
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
    void gapsInIds();
    void unwrittenMessagesStayInMemory();
    void failedWritesWaitAndCatchUp();
    void pageFullAtTheMemoryBoundary_data();
    void pageFullAtTheMemoryBoundary();

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
        return HistoryReader{Validation::nickKey(nick), QHostAddress::LocalHost, {}};
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
    // The client saw ids this history never gave (it was lost since): it may have missed some.
    QTest::newRow("since from the future") << qint64(99) << 200 << QList<qint64>{} << false;
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
                           : HistoryReader{Validation::nickKey(nick), QHostAddress(address), {}};
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

void tst_MessageHistory::gapsInIds()
{
    // A message with a wrong clock is pruned from the middle: ids then have a gap.
    QTemporaryDir dir;
    const qint64 day = 24 * 60 * 60 * 1000;
    const qint64 now = 1000 * day;
    {
        HistoryStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("h.sqlite"))));
        MessageHistory history;
        history.attachStore(&store, now);
        for (int i = 1; i <= 6; ++i) {
            history.append(room(QStringLiteral("alice"), QString::number(i), i == 3 ? day : now),
                           QStringLiteral("r%1").arg(i));
        }
        QVERIFY(history.commit().ok);
        QCOMPARE(history.prune(30, 0, now), 1);
        QCOMPARE(ids(history.before(std::nullopt, 50, reader(QStringLiteral("bob")))),
                 (QList<qint64>{1, 2, 4, 5, 6}));
    }
    // Started again on that file: memory holds ids with a gap.
    HistoryStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("h.sqlite"))));
    MessageHistory history(4);
    history.attachStore(&store, now);
    const HistoryReader bob = reader(QStringLiteral("bob"));
    QCOMPARE(ids(history.before(std::nullopt, 50, bob)), (QList<qint64>{1, 2, 4, 5, 6}));
    QCOMPARE(ids(history.before(5, 2, bob)), (QList<qint64>{2, 4}));
    QCOMPARE(ids(history.after(2, bob, 50)), (QList<qint64>{4, 5, 6}));
    const std::optional<ChatMessage> duplicate = history.findDuplicate(
            Validation::nickKey(QStringLiteral("alice")), QStringLiteral("r4"), now);
    QVERIFY(duplicate);
    QCOMPARE(duplicate->id, 4);
    QVERIFY(!history.findDuplicate(Validation::nickKey(QStringLiteral("alice")),
                                   QStringLiteral("r3"), now));
    QCOMPARE(history.append(room(QStringLiteral("a"), QStringLiteral("next"), now), QString()).id,
             7);

    // In memory only, too.
    MessageHistory memory;
    for (int i = 1; i <= 4; ++i)
        memory.append(room(QStringLiteral("a"), QString::number(i), i == 2 ? day : now), QString());
    QCOMPARE(memory.prune(30, 0, now), 1);
    QCOMPARE(ids(memory.before(std::nullopt, 50, bob)), (QList<qint64>{1, 3, 4}));
    QCOMPARE(ids(memory.after(1, bob, 50)), (QList<qint64>{3, 4}));
}

void tst_MessageHistory::unwrittenMessagesStayInMemory()
{
    // Memory keeps 2 messages, but what waits for the disk is never dropped.
    QTemporaryDir dir;
    HistoryStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("h.sqlite"))));
    MessageHistory history(2);
    history.attachStore(&store, 1000);
    for (const char *text : {"a", "b", "c"})
        history.append(room(QStringLiteral("alice"), QLatin1String(text)), QLatin1String(text));
    QCOMPARE(history.size(), 3);
    const std::optional<ChatMessage> resent = history.findDuplicate(
            Validation::nickKey(QStringLiteral("alice")), QStringLiteral("a"), 1000);
    QVERIFY(resent);
    QCOMPARE(resent->id, 1);
    QCOMPARE(ids(history.before(std::nullopt, 50, reader(QStringLiteral("bob")))),
             (QList<qint64>{1, 2, 3}));
    QVERIFY(history.commit().ok);
    history.append(room(QStringLiteral("alice"), QStringLiteral("d")), QString());
    QCOMPARE(history.size(), 2); // written ones may go now
    QCOMPARE(ids(history.before(std::nullopt, 50, reader(QStringLiteral("bob")))),
             (QList<qint64>{1, 2, 3, 4}));
}

void tst_MessageHistory::failedWritesWaitAndCatchUp()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    HistoryStore store;
    QVERIFY(store.open(path));
    MessageHistory history;
    history.attachStore(&store, 1000);
    // A database that may not grow: the disk is full, as far as SQLite can tell.
    const int pages = store.pragma(QStringLiteral("page_count")).toInt();
    store.pragma(QStringLiteral("max_page_count = %1").arg(pages));
    const QString big(3000, u'x');
    MessageHistory::CommitResult result;
    for (int i = 1; i <= 20 && result.ok; ++i) {
        history.append(room(QStringLiteral("alice"), big + QString::number(i)), QString());
        result = history.commit();
    }
    QVERIFY2(!result.ok, "the size limit never made a write fail");
    QVERIFY2(result.error.contains(u"full"), qPrintable(result.error));
    QVERIFY(history.hasUncommitted());
    const qint64 lastId = history.lastId();
    // Meanwhile everything is still readable, from memory and from the file.
    QCOMPARE(history.before(std::nullopt, 50, reader(QStringLiteral("bob"))).messages.size(),
             lastId);
    history.append(room(QStringLiteral("alice"), QStringLiteral("while full")), QString());
    QVERIFY(!history.commit().ok);

    // Space again: everything waiting is written, in order.
    store.pragma(QStringLiteral("max_page_count = 1000000"));
    result = history.commit();
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.written >= 2);
    QVERIFY(!history.hasUncommitted());
    QCOMPARE(store.count(), lastId + 1);
    store.close();
    HistoryStore reopened;
    QVERIFY(reopened.open(path));
    QCOMPARE(reopened.lastId(), lastId + 1);
}

void tst_MessageHistory::pageFullAtTheMemoryBoundary_data()
{
    QTest::addColumn<int>("stored");
    QTest::addColumn<bool>("complete");
    QTest::newRow("older messages in the file") << 12 << false;
    QTest::newRow("nothing older") << 5 << true;
}

void tst_MessageHistory::pageFullAtTheMemoryBoundary()
{
    QFETCH(int, stored);
    QFETCH(bool, complete);
    QTemporaryDir dir;
    HistoryStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("h.sqlite"))));
    {
        MessageHistory writer;
        writer.attachStore(&store, 1000);
        for (int i = 1; i <= stored; ++i)
            writer.append(room(QStringLiteral("a"), QString::number(i)), QString());
        QVERIFY(writer.commit().ok);
    }
    // Memory holds exactly the 5 newest, and the page asks for exactly 5.
    MessageHistory history(5);
    history.attachStore(&store, 1000);
    const HistoryPage page = history.before(std::nullopt, 5, reader(QStringLiteral("bob")));
    QCOMPARE(page.messages.size(), 5);
    QCOMPARE(page.messages.last().id, stored);
    QCOMPARE(page.complete, complete);
}

QTEST_GUILESS_MAIN(tst_MessageHistory)
#include "tst_messagehistory.moc"
