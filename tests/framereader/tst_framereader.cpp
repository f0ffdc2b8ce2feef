// The incremental frame reader: frames across reads, many per read, the limit.
#include "framereader.h"

#include <QTest>

using Status = FrameReader::Status;

class tst_FrameReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frames_data();
    void frames();
    void limit_data();
    void limit();
    void neverHoldsMoreThanOneFrame();
    void noLimit();
};

namespace {

// Feeds chunks; collects frames until the reader needs more or refuses.
QList<QByteArray> feed(FrameReader &reader, const QList<QByteArray> &chunks, bool *tooLarge)
{
    QList<QByteArray> frames;
    *tooLarge = false;
    for (const QByteArray &chunk : chunks) {
        reader.append(chunk);
        QByteArray frame;
        Status status;
        while ((status = reader.next(frame)) == Status::Frame)
            frames.append(frame);
        if (status == Status::TooLarge) {
            *tooLarge = true;
            break;
        }
    }
    return frames;
}

QList<QByteArray> bytewise(const QByteArray &data)
{
    QList<QByteArray> chunks;
    for (char c : data)
        chunks.append(QByteArray(1, c));
    return chunks;
}

} // namespace

void tst_FrameReader::frames_data()
{
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QList<QByteArray>>("expected");

    QTest::newRow("one frame") << QList<QByteArray>{"{\"a\":1}\n"}
                               << QList<QByteArray>{"{\"a\":1}"};
    QTest::newRow("split in two") << QList<QByteArray>{"{\"a\"", ":1}\n"}
                                  << QList<QByteArray>{"{\"a\":1}"};
    QTest::newRow("split before the LF")
            << QList<QByteArray>{"{\"a\":1}", "\n"} << QList<QByteArray>{"{\"a\":1}"};
    QTest::newRow("byte by byte") << bytewise("abc\ndef\n") << QList<QByteArray>{"abc", "def"};
    QTest::newRow("three in one read")
            << QList<QByteArray>{"a\nb\nc\n"} << QList<QByteArray>{"a", "b", "c"};
    QTest::newRow("one and a half, then the rest")
            << QList<QByteArray>{"a\nb", "b\n"} << QList<QByteArray>{"a", "bb"};
    QTest::newRow("CR before LF removed")
            << QList<QByteArray>{"a\r\nb\r", "\n"} << QList<QByteArray>{"a", "b"};
    QTest::newRow("CR elsewhere kept") << QList<QByteArray>{"a\rb\n"} << QList<QByteArray>{"a\rb"};
    // Found by fuzz_framereader: a line of CRs and spaces is blank too (the contract's words now).
    QTest::newRow("CRs and spaces only: blank")
            << QList<QByteArray>{"\r  \n\r\r\n x\r\n"} << QList<QByteArray>{" x"};
    QTest::newRow("empty and blank lines skipped")
            << QList<QByteArray>{"\n\r\n  \t\na\n\n"} << QList<QByteArray>{"a"};
    QTest::newRow("unfinished line held back")
            << QList<QByteArray>{"a\nb"} << QList<QByteArray>{"a"};
    QTest::newRow("UTF-8 split inside a character")
            << QList<QByteArray>{"\xe5\xbc", "\xa0\xe4\xbc\x9f\n"}
            << QList<QByteArray>{"\xe5\xbc\xa0\xe4\xbc\x9f"};
}

void tst_FrameReader::frames()
{
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QList<QByteArray>, expected);
    FrameReader reader;
    bool tooLarge = true;
    QCOMPARE(feed(reader, chunks, &tooLarge), expected);
    QVERIFY(!tooLarge);
}

void tst_FrameReader::limit_data()
{
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<int>("framesBefore");
    QTest::addColumn<bool>("tooLarge");

    const QByteArray atLimit = QByteArray(65535, 'x') + '\n';   // 65,536 bytes with the LF
    const QByteArray overLimit = QByteArray(65536, 'x') + '\n'; // 65,537 bytes with the LF
    QTest::newRow("65,536 bytes in one read") << QList<QByteArray>{atLimit} << 1 << false;
    QTest::newRow("65,537 bytes in one read") << QList<QByteArray>{overLimit} << 0 << true;
    QTest::newRow("65,536 bytes, LF in its own read")
            << QList<QByteArray>{QByteArray(65535, 'x'), "\n"} << 1 << false;
    QTest::newRow("65,536 bytes without LF: refused before the LF arrives")
            << QList<QByteArray>{QByteArray(65536, 'x')} << 0 << true;
    QTest::newRow("65,536 bytes with CR before the LF")
            << QList<QByteArray>{QByteArray(65534, 'x') + "\r\n"} << 1 << false;
    QTest::newRow("too large after good frames")
            << QList<QByteArray>{"a\nb\n" + QByteArray(40000, 'x'), QByteArray(30000, 'x')} << 2
            << true;
    QTest::newRow("frames in the same read as an oversized line are kept")
            << QList<QByteArray>{"a\nb\n" + QByteArray(65536, 'x')} << 2 << true;
    QTest::newRow("good frame sharing a read with the start of a huge one")
            << QList<QByteArray>{"a\n" + QByteArray(65535, 'x'), "\n"} << 2 << false;
}

void tst_FrameReader::limit()
{
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(int, framesBefore);
    QFETCH(bool, tooLarge);
    FrameReader reader(65536);
    bool refused = false;
    QCOMPARE(feed(reader, chunks, &refused).size(), framesBefore);
    QCOMPARE(refused, tooLarge);
    QCOMPARE(reader.isTooLarge(), tooLarge);
    if (tooLarge) {
        QByteArray frame;
        reader.append("more\n");
        QCOMPARE(reader.next(frame), Status::TooLarge); // stays refused
    }
}

void tst_FrameReader::neverHoldsMoreThanOneFrame()
{
    // A megabyte without an LF, a kilobyte at a time: refused at the limit,
    // and never more than the limit held.
    FrameReader reader(65536);
    const QByteArray kilobyte(1024, 'y');
    int fed = 0;
    while (!reader.isTooLarge() && fed < 1024) {
        reader.append(kilobyte);
        ++fed;
        QVERIFY(reader.bufferedBytes() <= 65536);
    }
    QVERIFY(reader.isTooLarge());
    QCOMPARE(fed, 64);
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_FrameReader::noLimit()
{
    FrameReader reader(0);
    const QByteArray big = QByteArray(200000, 'z') + '\n';
    reader.append(big);
    QByteArray frame;
    QCOMPARE(reader.next(frame), Status::Frame);
    QCOMPARE(frame.size(), 200000);
}

QTEST_GUILESS_MAIN(tst_FrameReader)
#include "tst_framereader.moc"
