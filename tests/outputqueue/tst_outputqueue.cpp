// OutputQueue on its own: small pieces copied one after the other into few
// buffers of its own, large ones shared and never copied, at the size limit
// and past it; everything in order; what follows a partial send.
#include "outputqueue.h"

#include <QTest>

#include <vector>

namespace {

struct Written
{
    const char *data;
    qsizetype size;
};

// What takeRest() hands on, piece by piece.
std::vector<Written> takeAll(OutputQueue &queue, qint64 skip, QByteArray *bytes)
{
    std::vector<Written> pieces;
    queue.takeRest(skip, [&](const char *data, qsizetype size) {
        pieces.push_back({data, size});
        bytes->append(data, size);
    });
    return pieces;
}

} // namespace

class tst_OutputQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void smallPiecesAreCopiedTogether_data();
    void smallPiecesAreCopiedTogether();
    void largePiecesAreShared_data();
    void largePiecesAreShared();
    void mixedPiecesKeepTheirOrder();
    void restAfterAPartialSend_data();
    void restAfterAPartialSend();
    void emptyPiecesAndClear();
};

void tst_OutputQueue::smallPiecesAreCopiedTogether_data()
{
    QTest::addColumn<int>("pieceSize");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("expectedPieces");

    // One buffer of 16 KiB takes 16 pieces of 1 KiB; then 32 KiB, 64 KiB, 64 KiB...
    QTest::newRow("a message") << 100 << 1 << 1;
    QTest::newRow("a pass of a quiet room") << 100 << 160 << 1;
    QTest::newRow("at the limit, one buffer full") << int(OutputQueue::CopiedUpTo) << 16 << 1;
    QTest::newRow("at the limit, into a second buffer") << int(OutputQueue::CopiedUpTo) << 17 << 2;
    QTest::newRow("a busy pass") << 100 << 1500 << 4; // 150 KB: 16 + 32 + 64 + 64 KiB
}

void tst_OutputQueue::smallPiecesAreCopiedTogether()
{
    QFETCH(int, pieceSize);
    QFETCH(int, count);
    QFETCH(int, expectedPieces);
    OutputQueue queue;
    QByteArray expected;
    std::vector<QByteArray> originals;
    for (int i = 0; i < count; ++i) {
        QByteArray piece = QByteArray::number(i).rightJustified(pieceSize, '.');
        queue.append(piece);
        expected += piece;
        originals.push_back(piece);
    }
    QCOMPARE(queue.size(), qint64(expected.size()));
    QCOMPARE(queue.pieceCount(), qsizetype(expectedPieces));
    QByteArray received;
    const std::vector<Written> pieces = takeAll(queue, 0, &received);
    QCOMPARE(received, expected);
    QCOMPARE(qsizetype(pieces.size()), qsizetype(expectedPieces));
    // Copied: none of the pieces handed on is an original's memory.
    for (const Written &written : pieces) {
        for (const QByteArray &original : originals)
            QVERIFY(written.data != original.constData());
    }
    QVERIFY(queue.isEmpty());
    QCOMPARE(queue.pieceCount(), qsizetype(0));
}

void tst_OutputQueue::largePiecesAreShared_data()
{
    QTest::addColumn<int>("pieceSize");
    QTest::newRow("one past the limit") << int(OutputQueue::CopiedUpTo) + 1;
    QTest::newRow("a piece of a long list") << 10000;
    QTest::newRow("a full frame") << 65536;
}

void tst_OutputQueue::largePiecesAreShared()
{
    QFETCH(int, pieceSize);
    const QByteArray piece(pieceSize, 'x');
    // The same bytes in two queues (two members of the room).
    OutputQueue first;
    OutputQueue second;
    first.append(piece);
    second.append(piece);
    QCOMPARE(first.pieceCount(), qsizetype(1));
    for (OutputQueue *queue : {&first, &second}) {
        QByteArray received;
        const std::vector<Written> pieces = takeAll(*queue, 0, &received);
        QCOMPARE(received, piece);
        QCOMPARE(pieces.size(), size_t(1));
        QCOMPARE(pieces.front().data, piece.constData()); // never copied
    }
}

void tst_OutputQueue::mixedPiecesKeepTheirOrder()
{
    OutputQueue queue;
    QByteArray expected;
    const QByteArray large(5000, 'L');
    for (int i = 0; i < 300; ++i) {
        const QByteArray small = "m" + QByteArray::number(i) + '\n';
        queue.append(small);
        expected += small;
        if (i % 100 == 99) {
            queue.append(large);
            expected += large;
        }
    }
    // Runs of small pieces between the large ones: 3 own buffers and 3 shared pieces.
    QCOMPARE(queue.pieceCount(), qsizetype(6));
    QByteArray received;
    takeAll(queue, 0, &received);
    QCOMPARE(received, expected);
}

void tst_OutputQueue::restAfterAPartialSend_data()
{
    QTest::addColumn<int>("skip");
    QTest::newRow("nothing sent") << 0;
    QTest::newRow("inside the first buffer") << 7;
    QTest::newRow("the first buffer exactly") << 600;
    QTest::newRow("inside the shared piece") << 2600;
    QTest::newRow("all but one byte") << 3199;
    QTest::newRow("everything") << 3200;
}

void tst_OutputQueue::restAfterAPartialSend()
{
    QFETCH(int, skip);
    OutputQueue queue;
    QByteArray expected;
    for (int i = 0; i < 6; ++i) {
        const QByteArray small(100, char('a' + i));
        queue.append(small);
        expected += small;
    }
    const QByteArray large(2000, 'L');
    queue.append(large);
    expected += large;
    const QByteArray tail(600, 'z');
    queue.append(tail);
    expected += tail;
    QCOMPARE(queue.size(), qint64(3200));
    QByteArray received;
    takeAll(queue, skip, &received);
    QCOMPARE(received, expected.mid(skip));
    QVERIFY(queue.isEmpty());
}

void tst_OutputQueue::emptyPiecesAndClear()
{
    OutputQueue queue;
    queue.append(QByteArray());
    QVERIFY(queue.isEmpty());
    QCOMPARE(queue.pieceCount(), qsizetype(0));
    queue.append("abc");
    queue.append(QByteArray(4000, 'x'));
    queue.clear();
    QVERIFY(queue.isEmpty());
    QCOMPARE(queue.pieceCount(), qsizetype(0));
    // Used again after a clear, from a fresh start.
    queue.append("after");
    QByteArray received;
    takeAll(queue, 0, &received);
    QCOMPARE(received, QByteArray("after"));
}

QTEST_GUILESS_MAIN(tst_OutputQueue)
#include "tst_outputqueue.moc"
