// DnsMessage against packets that python-zeroconf and avahi really sent
// (packets/, see its README): every field read as they meant it, encoded
// again to the same message; and every malformed or oversized packet refused
// with its reason, each bound at its limit and past it.
#include "dnsmessage.h"

#include <QFile>
#include <QTest>

namespace {

QByteArray captured(const QString &name)
{
    QFile file(QStringLiteral(QTCHAT_SOURCE_DIR "/tests/dnsmessage/packets/") + name +
               QStringLiteral(".hex"));
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return QByteArray::fromHex(file.readAll().trimmed());
}

// A header with these counts, then body.
QByteArray packet(quint16 flags, quint16 questions, quint16 answers, const QByteArray &body)
{
    QByteArray bytes;
    const quint16 header[6] = {0, flags, questions, answers, 0, 0};
    for (const quint16 value : header) {
        bytes += char(value >> 8);
        bytes += char(value);
    }
    return bytes + body;
}

QByteArray label(const QByteArray &text)
{
    return char(text.size()) + text;
}

const DnsRecord *find(const QList<DnsRecord> &records, const QByteArray &name, quint16 type)
{
    for (const DnsRecord &record : records) {
        if (record.name == DnsName::fromDotted(name) && record.type == type)
            return &record;
    }
    return nullptr;
}

} // namespace

class tst_DnsMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void zeroconfAnnouncement();
    void zeroconfGoodbye();
    void avahiAnnouncement();
    void avahiProbe();
    void knownAnswers_data();
    void knownAnswers();
    void capturedPacketsEncodeAgain_data();
    void capturedPacketsEncodeAgain();
    void ourRecordsRoundTrip();
    void namesWithDotsAndCase();
    void malformedIsRefused_data();
    void malformedIsRefused();
    void boundsAtTheLimit();
};

void tst_DnsMessage::zeroconfAnnouncement()
{
    const QByteArray bytes = captured(QStringLiteral("zeroconf-announcement"));
    QVERIFY(!bytes.isEmpty());
    QString error;
    const std::optional<DnsMessage> message = DnsMessage::decode(bytes, &error);
    QVERIFY2(message, qPrintable(error));
    QVERIFY(message->response);
    QVERIFY(message->authoritative);
    QCOMPARE(message->answers.size(), 4);
    const DnsRecord *ptr = find(message->answers, "_qtchat._tcp.local", DnsType::Ptr);
    QVERIFY(ptr);
    QCOMPARE(ptr->ttl, 4500u);
    QVERIFY(!ptr->cacheFlush);
    QCOMPARE(ptr->target.labels().first(), QByteArray("Python chat"));
    QVERIFY(ptr->target.parent() == DnsName::fromDotted("_qtchat._tcp.local"));
    const DnsRecord *srv = find(message->answers, "Python chat._qtchat._tcp.local", DnsType::Srv);
    QVERIFY(srv);
    QCOMPARE(srv->port, quint16(41000));
    QCOMPARE(srv->ttl, 120u);
    QVERIFY(srv->cacheFlush);
    QVERIFY(srv->target == DnsName::fromDotted("pyhost.local"));
    const DnsRecord *txt = find(message->answers, "Python chat._qtchat._tcp.local", DnsType::Txt);
    QVERIFY(txt);
    QCOMPARE(txt->texts, (QByteArrayList{"protocol=1", "tls=1", "fp=0123456789abcdef", "users=3"}));
    const DnsRecord *a = find(message->answers, "pyhost.local", DnsType::A);
    QVERIFY(a);
    QCOMPARE(a->address, QHostAddress(QStringLiteral("10.77.0.1")));
}

void tst_DnsMessage::zeroconfGoodbye()
{
    const std::optional<DnsMessage> message =
            DnsMessage::decode(captured(QStringLiteral("zeroconf-goodbye")));
    QVERIFY(message);
    QCOMPARE(message->answers.size(), 4);
    for (const DnsRecord &record : message->answers)
        QCOMPARE(record.ttl, 0u);
}

void tst_DnsMessage::avahiAnnouncement()
{
    const std::optional<DnsMessage> message =
            DnsMessage::decode(captured(QStringLiteral("avahi-announcement")));
    QVERIFY(message);
    QCOMPARE(message->answers.size(), 6);
    const DnsRecord *srv = find(message->answers, "Avahi chat._qtchat._tcp.local", DnsType::Srv);
    QVERIFY(srv);
    QCOMPARE(srv->port, quint16(41001));
    QVERIFY(srv->target == DnsName::fromDotted("vm.local"));
    const DnsRecord *txt = find(message->answers, "Avahi chat._qtchat._tcp.local", DnsType::Txt);
    QVERIFY(txt);
    QCOMPARE(txt->texts, (QByteArrayList{"protocol=1", "password=1", "users=0"}));
    QVERIFY(find(message->answers, "vm.local", DnsType::Aaaa));
    QCOMPARE(find(message->answers, "vm.local", DnsType::A)->address,
             QHostAddress(QStringLiteral("10.77.0.1")));
    const DnsRecord *services =
            find(message->answers, "_services._dns-sd._udp.local", DnsType::Ptr);
    QVERIFY(services);
    QVERIFY(services->target == DnsName::fromDotted("_qtchat._tcp.local"));
}

void tst_DnsMessage::avahiProbe()
{
    const std::optional<DnsMessage> message =
            DnsMessage::decode(captured(QStringLiteral("avahi-probe")));
    QVERIFY(message);
    QVERIFY(!message->response);
    QCOMPARE(message->questions.size(), 1);
    QVERIFY(message->questions.first().name ==
            DnsName::fromDotted("Avahi chat._qtchat._tcp.local"));
    QCOMPARE(message->questions.first().type, DnsType::Any);
    QCOMPARE(message->authorities.size(), 2);
    QVERIFY(find(message->authorities, "Avahi chat._qtchat._tcp.local", DnsType::Srv));
}

void tst_DnsMessage::knownAnswers_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("answers");
    QTest::newRow("python-zeroconf") << QStringLiteral("zeroconf-query-known-answer") << 1;
    QTest::newRow("avahi") << QStringLiteral("avahi-query-known-answers") << 2;
}

void tst_DnsMessage::knownAnswers()
{
    QFETCH(QString, file);
    QFETCH(int, answers);
    const std::optional<DnsMessage> message = DnsMessage::decode(captured(file));
    QVERIFY(message);
    QVERIFY(!message->response);
    QCOMPARE(message->questions.size(), 1);
    QCOMPARE(message->questions.first().type, DnsType::Ptr);
    QVERIFY(message->questions.first().name == DnsName::fromDotted("_qtchat._tcp.local"));
    QCOMPARE(message->answers.size(), answers);
    for (const DnsRecord &record : message->answers) {
        QCOMPARE(record.type, DnsType::Ptr);
        QVERIFY(record.ttl > 4000);
    }
}

void tst_DnsMessage::capturedPacketsEncodeAgain_data()
{
    QTest::addColumn<QString>("file");
    for (const char *name :
         {"zeroconf-announcement", "zeroconf-goodbye", "zeroconf-query-known-answer", "avahi-probe",
          "avahi-announcement", "avahi-query-known-answers"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void tst_DnsMessage::capturedPacketsEncodeAgain()
{
    QFETCH(QString, file);
    const QByteArray bytes = captured(file);
    const std::optional<DnsMessage> first = DnsMessage::decode(bytes);
    QVERIFY(first);
    const QByteArray encoded = first->encode();
    // Compressed as well as the sender did, or better.
    QVERIFY2(encoded.size() <= bytes.size(),
             qPrintable(QStringLiteral("%1 > %2").arg(encoded.size()).arg(bytes.size())));
    const std::optional<DnsMessage> again = DnsMessage::decode(encoded);
    QVERIFY(again);
    QCOMPARE(again->encode(), encoded);
    QCOMPARE(again->questions.size(), first->questions.size());
    QCOMPARE(again->answers.size(), first->answers.size());
    QCOMPARE(again->authorities.size(), first->authorities.size());
    for (qsizetype i = 0; i < first->answers.size(); ++i) {
        QVERIFY(again->answers[i].name == first->answers[i].name);
        QCOMPARE(again->answers[i].ttl, first->answers[i].ttl);
        QCOMPARE(again->answers[i].cacheFlush, first->answers[i].cacheFlush);
        QCOMPARE(DnsMessage::rdataOf(again->answers[i]), DnsMessage::rdataOf(first->answers[i]));
    }
}

void tst_DnsMessage::ourRecordsRoundTrip()
{
    DnsMessage message;
    message.id = 0x1234;
    message.response = true;
    DnsRecord srv;
    srv.name = DnsName::fromDotted("_qtchat._tcp.local").prepended("Lab 3");
    srv.type = DnsType::Srv;
    srv.cacheFlush = true;
    srv.ttl = 120;
    srv.priority = 1;
    srv.weight = 2;
    srv.port = 41000;
    srv.target = DnsName::fromDotted("lab-qtchat.local");
    DnsRecord txt = srv;
    txt.type = DnsType::Txt;
    txt.texts = {"protocol=1", "tls=1", "fp=00112233445566ff", QByteArray()};
    DnsRecord emptyTxt = srv;
    emptyTxt.type = DnsType::Txt;
    DnsRecord a;
    a.name = srv.target;
    a.type = DnsType::A;
    a.ttl = 120;
    a.address = QHostAddress(QStringLiteral("192.168.1.20"));
    DnsRecord aaaa = a;
    aaaa.type = DnsType::Aaaa;
    aaaa.address = QHostAddress(QStringLiteral("fe80::1"));
    DnsRecord other;
    other.name = a.name;
    other.type = DnsType::Nsec;
    other.rdata = QByteArray("\xc0\x0c\x00\x01\x40", 5);
    message.answers = {srv, txt, emptyTxt, a, aaaa, other};
    message.questions = {{srv.name, DnsType::Any, true}};
    const std::optional<DnsMessage> back = DnsMessage::decode(message.encode());
    QVERIFY(back);
    QCOMPARE(back->id, quint16(0x1234));
    QVERIFY(back->questions.first().unicastResponse);
    QCOMPARE(back->answers.size(), 6);
    QCOMPARE(back->answers[0].port, quint16(41000));
    QCOMPARE(back->answers[0].priority, quint16(1));
    QCOMPARE(back->answers[0].weight, quint16(2));
    QVERIFY(back->answers[0].cacheFlush);
    QCOMPARE(back->answers[1].texts, txt.texts);
    QCOMPARE(back->answers[2].texts, QByteArrayList{QByteArray()});
    QCOMPARE(back->answers[3].address, a.address);
    QCOMPARE(back->answers[4].address, aaaa.address);
    QCOMPARE(back->answers[5].rdata, other.rdata);
}

void tst_DnsMessage::namesWithDotsAndCase()
{
    const DnsName dotted = DnsName::fromDotted("_qtchat._tcp.local").prepended("Ann's v2.1");
    QCOMPARE(dotted.labels().size(), 4);
    QCOMPARE(dotted.toString(), QStringLiteral("Ann's v2\\.1._qtchat._tcp.local"));
    QVERIFY(dotted == DnsName::fromDotted("_QTCHAT._tcp.LOCAL").prepended("ANN'S V2.1"));
    // A dot inside a label is not a label boundary.
    QVERIFY(DnsName({"a.b", "c"}) != DnsName({"a", "b.c"}));
    DnsMessage message;
    message.questions = {{dotted, DnsType::Ptr, false}};
    const std::optional<DnsMessage> back = DnsMessage::decode(message.encode());
    QVERIFY(back);
    QCOMPARE(back->questions.first().name.labels(), dotted.labels());
}

void tst_DnsMessage::malformedIsRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");
    const QByteArray question =
            label("a") + label("local") + '\0' + QByteArray("\x00\x01\x00\x01", 4);
    QTest::newRow("empty") << QByteArray() << QStringLiteral("shorter than a DNS header");
    QTest::newRow("half a header")
            << QByteArray(6, '\0') << QStringLiteral("shorter than a DNS header");
    QTest::newRow("an update, not a query")
            << packet(0x2800, 0, 0, QByteArray()) << QStringLiteral("opcode");
    QTest::newRow("more questions than fit")
            << packet(0, 3, 0, question) << QStringLiteral("more questions and records");
    QTest::newRow("65535 answers announced") << packet(0x8400, 0, 65535, QByteArray(100, '\0'))
                                             << QStringLiteral("more questions and records");
    QTest::newRow("pointer to itself") << packet(0, 1, 0, QByteArray("\xc0\x0c\x00\x01\x00\x01", 6))
                                       << QStringLiteral("points forward");
    QTest::newRow("pointer forward") << packet(0, 1, 0, QByteArray("\xc0\x20\x00\x01\x00\x01", 6))
                                     << QStringLiteral("points forward");
    QTest::newRow("label runs past the end")
            << packet(0, 1, 0, QByteArray("\x3f") + QByteArray(10, 'a'))
            << QStringLiteral("runs past the packet");
    QTest::newRow("label of the reserved kind")
            << packet(0, 1, 0, QByteArray("\x41\x00\x00\x01\x00\x01", 6))
            << QStringLiteral("unknown kind");
    QByteArray longName;
    for (int i = 0; i < 5; ++i)
        longName += label(QByteArray(63, 'x'));
    QTest::newRow("name of 321 bytes")
            << packet(0, 1, 0, longName + '\0' + QByteArray("\x00\x01\x00\x01", 4))
            << QStringLiteral("longer than 255");
    const QByteArray recordHead = label("a") + label("local") + '\0';
    QTest::newRow("A of 5 bytes")
            << packet(0x8400, 0, 1,
                      recordHead + QByteArray("\x00\x01\x00\x01\x00\x00\x00\x78\x00\x05", 10) +
                              QByteArray(5, '\1'))
            << QStringLiteral("A record of 5 bytes");
    QTest::newRow("data past the packet")
            << packet(0x8400, 0, 1,
                      recordHead + QByteArray("\x00\x10\x00\x01\x00\x00\x00\x78\x00\x40", 10) +
                              QByteArray(5, '\1'))
            << QStringLiteral("data runs past the packet");
    QTest::newRow("TXT string past its record")
            << packet(0x8400, 0, 1,
                      recordHead + QByteArray("\x00\x10\x00\x01\x00\x00\x00\x78\x00\x03", 10) +
                              QByteArray("\x05"
                                         "ab",
                                         3) +
                              QByteArray(8, '\0'))
            << QStringLiteral("TXT string runs past");
    QTest::newRow("SRV shorter than it says")
            << packet(0x8400, 0, 1,
                      recordHead + QByteArray("\x00\x21\x00\x01\x00\x00\x00\x78\x00\x0a", 10) +
                              QByteArray(6, '\0') + QByteArray("\x00", 1) + QByteArray(3, '\0'))
            << QStringLiteral("not the length it says");
    QTest::newRow("9001 bytes") << packet(0x8400, 0, 0, QByteArray(9001 - 12, '\0'))
                                << QStringLiteral("9001 bytes");
}

void tst_DnsMessage::malformedIsRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!DnsMessage::decode(bytes, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
}

void tst_DnsMessage::boundsAtTheLimit()
{
    // A name of exactly 255 bytes in wire form: 3 labels of 63, one of 61, the zero.
    QByteArray name;
    for (int i = 0; i < 3; ++i)
        name += label(QByteArray(63, 'x'));
    name += label(QByteArray(61, 'y'));
    QCOMPARE(name.size() + 1, 255);
    QString error;
    const std::optional<DnsMessage> longest = DnsMessage::decode(
            packet(0, 1, 0, name + '\0' + QByteArray("\x00\x01\x00\x01", 4)), &error);
    QVERIFY2(longest, qPrintable(error));
    QVERIFY(longest->questions.first().name.isValid());
    QCOMPARE(longest->questions.first().name.wireBytes(), 255);
    // One more byte in the last label is past it.
    QByteArray longer = name;
    longer[longer.size() - 62] = char(62);
    longer.append('y');
    QVERIFY(!DnsMessage::decode(
            packet(0, 1, 0, longer + '\0' + QByteArray("\x00\x01\x00\x01", 4))));
    // A packet of exactly 9000 bytes is read (its padding is not a record).
    const std::optional<DnsMessage> biggest =
            DnsMessage::decode(packet(0x8400, 0, 0, QByteArray(9000 - 12, '\0')), &error);
    QVERIFY2(biggest, qPrintable(error));
    // Names that do not fit are not valid to send.
    QVERIFY(!DnsName({QByteArray(64, 'x')}).isValid());
    QVERIFY(DnsName({QByteArray(63, 'x')}).isValid());
    QVERIFY(!DnsName({QByteArray()}).isValid());
}

QTEST_GUILESS_MAIN(tst_DnsMessage)
#include "tst_dnsmessage.moc"
