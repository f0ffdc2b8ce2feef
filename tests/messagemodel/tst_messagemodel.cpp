// MessageModel on its own: where messages go, that nothing shows twice, own
// messages from pending to sent or failed, mentions, and its bound.
#include "messagemodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace Protocol;
using Delivery = MessageModel::Delivery;

namespace {

ChatMessage message(qint64 id, const QString &from, const QString &text)
{
    ChatMessage m;
    m.id = id;
    m.ts = 1'800'000'000'000 + id;
    m.from = from;
    m.text = text;
    return m;
}

HistoryPage page(const QList<ChatMessage> &messages, bool complete)
{
    HistoryPage p;
    p.messages = messages;
    p.complete = complete;
    return p;
}

QString rows(const MessageModel &model)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row) {
        const MessageModel::Entry &entry = model.entry(row);
        list.append(entry.kind == MessageModel::Kind::HistoryDivider ? QStringLiteral("--")
                                                                     : entry.text);
    }
    return list.join(u' ');
}

} // namespace

class tst_MessageModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backlogThenDividerThenLive();
    void gapAndOlderPagesGoByTheirIds();
    void filledInMessagesKeepTimeOrder();
    void nothingShowsTwice();
    void ownMessageFromPendingToSent();
    void echoOfAMessageTheReplayShowed();
    void failedKeepsItsReason();
    void newHistoryAfterAReset();
    void mentions_data();
    void mentions();
    void keepsAtMostMaxEntries();
    void flappingFoldsIntoOneLine();
};

void tst_MessageModel::backlogThenDividerThenLive()
{
    MessageModel model;
    model.setOwnNick(QStringLiteral("alice"));
    model.addHistory(page({message(1, QStringLiteral("bob"), QStringLiteral("a")),
                           message(2, QStringLiteral("bob"), QStringLiteral("b"))},
                          false),
                     true);
    model.addMessage(message(3, QStringLiteral("bob"), QStringLiteral("c")));
    QCOMPARE(rows(model), QStringLiteral("a b -- c"));
    QVERIFY(model.hasOlderHistory());
    QCOMPARE(model.oldestId(), 1);
    QCOMPARE(model.data(model.index(0), MessageModel::NickRole).toString(), QStringLiteral("bob"));
    QCOMPARE(model.data(model.index(0), MessageModel::IdRole).toLongLong(), 1);
}

void tst_MessageModel::gapAndOlderPagesGoByTheirIds()
{
    MessageModel model;
    model.addHistory(page({message(10, QStringLiteral("bob"), QStringLiteral("j"))}, false), true);
    model.addMessage(message(11, QStringLiteral("bob"), QStringLiteral("k")));
    // Lost after 11 was said, and back after 13: what was missed goes between, by its time.
    model.addEvent(MessageModel::Kind::Status, QString(), QStringLiteral("lost"),
                   message(11, {}, {}).ts);
    model.addEvent(MessageModel::Kind::Status, QString(), QStringLiteral("back"),
                   message(14, {}, {}).ts);
    model.addHistory(page({message(12, QStringLiteral("bob"), QStringLiteral("l")),
                           message(13, QStringLiteral("bob"), QStringLiteral("m"))},
                          true),
                     true);
    // An older page goes on top.
    model.addHistory(page({message(8, QStringLiteral("bob"), QStringLiteral("h")),
                           message(9, QStringLiteral("bob"), QStringLiteral("i"))},
                          true),
                     false);
    QCOMPARE(rows(model), QStringLiteral("h i j -- k lost l m back"));
    QVERIFY(!model.hasOlderHistory());
}

void tst_MessageModel::filledInMessagesKeepTimeOrder()
{
    // 19:29 bob says a; at 19:30 the link drops; alice types while away; at
    // 19:31 she is back: what bob said meanwhile fills in by its time, her
    // message goes where the server stored it, and the times only ever grow.
    const qint64 minute = 60'000;
    const qint64 t1929 = 1'800'000'000'000;
    auto at = [](qint64 id, qint64 ts, const QString &from, const QString &text) {
        ChatMessage m = message(id, from, text);
        m.ts = ts;
        return m;
    };
    MessageModel model;
    model.setOwnNick(QStringLiteral("alice"));
    model.addMessage(at(100, t1929, QStringLiteral("bob"), QStringLiteral("a")));
    model.addEvent(MessageModel::Kind::Status, QString(), QStringLiteral("lost"),
                   t1929 + minute + 5'000);
    ChatClient::Outgoing typed;
    typed.ref = QStringLiteral("r1");
    typed.text = QStringLiteral("mine");
    typed.typedAt = t1929 + minute + 30'000;
    model.updateOutgoing(typed);
    model.addEvent(MessageModel::Kind::Status, QString(), QStringLiteral("back"),
                   t1929 + 2 * minute);
    model.addHistory(
            page({at(101, t1929 + minute + 20'000, QStringLiteral("bob"), QStringLiteral("b")),
                  at(102, t1929 + minute + 40'000, QStringLiteral("bob"), QStringLiteral("c"))},
                 true),
            true);
    // Missed messages go before hers: she sends it only after the replay.
    QCOMPARE(rows(model), QStringLiteral("a lost b c mine back"));
    // The echo: stored after 102, at 19:31:01. It moves after what came before it.
    ChatMessage echo =
            at(103, t1929 + 2 * minute + 1'000, QStringLiteral("alice"), QStringLiteral("mine"));
    echo.ref = QStringLiteral("r1");
    model.addMessage(echo);
    QCOMPARE(rows(model), QStringLiteral("a lost b c back mine"));
    QCOMPARE(model.entry(model.rowCount() - 1).delivery, Delivery::Sent);
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY2(model.entry(row - 1).ts <= model.entry(row).ts, qPrintable(rows(model)));
}

void tst_MessageModel::nothingShowsTwice()
{
    MessageModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addMessage(message(1, QStringLiteral("bob"), QStringLiteral("a")));
    model.addMessage(message(1, QStringLiteral("bob"), QStringLiteral("a")));
    model.addHistory(page({message(1, QStringLiteral("bob"), QStringLiteral("a")),
                           message(2, QStringLiteral("bob"), QStringLiteral("b"))},
                          true),
                     false);
    model.addHistory(page({message(2, QStringLiteral("bob"), QStringLiteral("b"))}, true), false);
    QCOMPARE(rows(model), QStringLiteral("a b"));
    QCOMPARE(inserted.size(), 2);
}

void tst_MessageModel::ownMessageFromPendingToSent()
{
    MessageModel model;
    model.setOwnNick(QStringLiteral("alice"));
    ChatClient::Outgoing outgoing;
    outgoing.ref = QStringLiteral("r1");
    outgoing.text = QStringLiteral("hello");
    model.updateOutgoing(outgoing);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entry(0).delivery, Delivery::Pending);
    QVERIFY(model.entry(0).own);
    ChatMessage echo = message(5, QStringLiteral("alice"), QStringLiteral("hello"));
    echo.ref = QStringLiteral("r1");
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addMessage(echo);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entry(0).delivery, Delivery::Sent);
    QCOMPARE(model.entry(0).id, 5);
    QCOMPARE(changed.size(), 1);
    // The client's own "sent" notice after the echo changes nothing.
    outgoing.status = ChatClient::Outgoing::Status::Sent;
    model.updateOutgoing(outgoing);
    QCOMPARE(model.rowCount(), 1);
}

void tst_MessageModel::echoOfAMessageTheReplayShowed()
{
    // Stored before the link died; the replay shows it (without a ref), then
    // the resend's echo arrives: one line stays, marked sent.
    MessageModel model;
    model.setOwnNick(QStringLiteral("alice"));
    ChatClient::Outgoing outgoing;
    outgoing.ref = QStringLiteral("r1");
    outgoing.text = QStringLiteral("hello");
    model.updateOutgoing(outgoing);
    model.addHistory(page({message(7, QStringLiteral("alice"), QStringLiteral("hello"))}, true),
                     true);
    ChatMessage echo = message(7, QStringLiteral("alice"), QStringLiteral("hello"));
    echo.ref = QStringLiteral("r1");
    model.addMessage(echo);
    QCOMPARE(rows(model), QStringLiteral("hello"));
    QCOMPARE(model.entry(0).delivery, Delivery::Sent);
}

void tst_MessageModel::failedKeepsItsReason()
{
    MessageModel model;
    ChatClient::Outgoing outgoing;
    outgoing.ref = QStringLiteral("r1");
    outgoing.text = QStringLiteral("psst");
    outgoing.to = QStringLiteral("nobody");
    model.updateOutgoing(outgoing);
    outgoing.status = ChatClient::Outgoing::Status::Failed;
    outgoing.error = QStringLiteral("no one called nobody is here");
    model.updateOutgoing(outgoing);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entry(0).delivery, Delivery::Failed);
    QCOMPARE(model.data(model.index(0), MessageModel::ErrorRole).toString(), outgoing.error);
    QCOMPARE(model.data(model.index(0), MessageModel::ToRole).toString(), QStringLiteral("nobody"));
}

void tst_MessageModel::newHistoryAfterAReset()
{
    MessageModel model;
    model.addMessage(message(1, QStringLiteral("bob"), QStringLiteral("old1")));
    model.addMessage(message(2, QStringLiteral("bob"), QStringLiteral("old2")));
    model.startNewHistory();
    model.addHistory(page({message(1, QStringLiteral("bob"), QStringLiteral("new1"))}, true), true);
    model.addMessage(message(2, QStringLiteral("bob"), QStringLiteral("new2")));
    QCOMPARE(rows(model), QStringLiteral("old1 old2 new1 new2"));
}

void tst_MessageModel::mentions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("mention");
    QTest::newRow("plain") << "alice, look" << true;
    QTest::newRow("other case") << "hey ALICE!" << true;
    QTest::newRow("at") << "@alice" << true;
    QTest::newRow("inside a word") << "malice" << false;
    QTest::newRow("none") << "hello" << false;
}

void tst_MessageModel::mentions()
{
    QFETCH(QString, text);
    QFETCH(bool, mention);
    MessageModel model;
    model.setOwnNick(QStringLiteral("alice"));
    model.addMessage(message(1, QStringLiteral("bob"), text));
    QCOMPARE(model.data(model.index(0), MessageModel::MentionRole).toBool(), mention);
    // One's own message never mentions oneself.
    model.addMessage(message(2, QStringLiteral("alice"), text));
    QCOMPARE(model.data(model.index(1), MessageModel::MentionRole).toBool(), false);
}

void tst_MessageModel::keepsAtMostMaxEntries()
{
    MessageModel model;
    model.setMaxEntries(3);
    for (int id = 1; id <= 5; ++id)
        model.addMessage(message(id, QStringLiteral("bob"), QString::number(id)));
    QCOMPARE(rows(model), QStringLiteral("3 4 5"));
    QCOMPARE(model.oldestId(), 3);
    QVERIFY(model.hasOlderHistory());
}

void tst_MessageModel::flappingFoldsIntoOneLine()
{
    using Kind = MessageModel::Kind;
    MessageModel model;
    const qint64 t = 1'800'000'000'000;
    model.addEvent(Kind::Join, QStringLiteral("bob"), QStringLiteral("bob joined"), t);
    model.addEvent(Kind::Leave, QStringLiteral("Bob"), QStringLiteral("bob left"), t + 1000);
    model.addEvent(Kind::Join, QStringLiteral("bob"), QStringLiteral("bob joined"), t + 2000);
    QCOMPARE(rows(model), QStringLiteral("bob joined"));
    QCOMPARE(model.data(model.index(0), MessageModel::FlapsRole).toInt(), 2);
    // Someone else, a message, or a long pause start a new line.
    model.addEvent(Kind::Join, QStringLiteral("carol"), QStringLiteral("carol joined"), t + 3000);
    model.addMessage(message(1, QStringLiteral("carol"), QStringLiteral("hi")));
    model.addEvent(Kind::Leave, QStringLiteral("carol"), QStringLiteral("carol left"), t + 4000);
    model.addEvent(Kind::Join, QStringLiteral("carol"), QStringLiteral("carol joined"),
                   t + 4000 + 10 * 60 * 1000);
    QCOMPARE(rows(model), QStringLiteral("bob joined carol joined hi carol left carol joined"));
}

QTEST_MAIN(tst_MessageModel)
#include "tst_messagemodel.moc"
