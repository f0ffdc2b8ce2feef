#include "dnsmessage.h"

#include <QHash>
#include <QtEndian>

namespace {

constexpr quint16 ClassIn = 1;
constexpr quint16 TopBit = 0x8000; // cache-flush in a record, QU in a question

class Writer
{
public:
    void u8(quint8 value) { m_bytes += char(value); }
    void u16(quint16 value)
    {
        u8(quint8(value >> 8));
        u8(quint8(value));
    }
    void u32(quint32 value)
    {
        u16(quint16(value >> 16));
        u16(quint16(value));
    }
    void bytes(const QByteArray &bytes) { m_bytes += bytes; }
    // With compression: a suffix written before is a pointer to it.
    void name(const DnsName &name, bool compress = true)
    {
        const QByteArrayList &labels = name.labels();
        for (qsizetype i = 0; i < labels.size(); ++i) {
            const QByteArray key = DnsName(labels.mid(i)).key();
            if (compress) {
                const auto known = m_offsets.constFind(key);
                if (known != m_offsets.constEnd()) {
                    u16(quint16(0xC000 | *known));
                    return;
                }
                if (m_bytes.size() < 0x3FFF)
                    m_offsets.insert(key, quint16(m_bytes.size()));
            }
            u8(quint8(labels[i].size()));
            bytes(labels[i]);
        }
        u8(0);
    }
    qsizetype size() const { return m_bytes.size(); }
    void patch16(qsizetype at, quint16 value)
    {
        m_bytes[at] = char(value >> 8);
        m_bytes[at + 1] = char(value);
    }
    const QByteArray &result() const { return m_bytes; }

private:
    QByteArray m_bytes;
    QHash<QByteArray, quint16> m_offsets;
};

void writeRdata(Writer &out, const DnsRecord &record, bool compress)
{
    switch (record.type) {
    case DnsType::A: {
        const quint32 ip = record.address.toIPv4Address();
        out.u32(ip);
        break;
    }
    case DnsType::Aaaa: {
        const Q_IPV6ADDR ip = record.address.toIPv6Address();
        out.bytes(QByteArray(reinterpret_cast<const char *>(ip.c), 16));
        break;
    }
    case DnsType::Ptr:
        out.name(record.target, compress);
        break;
    case DnsType::Srv:
        out.u16(record.priority);
        out.u16(record.weight);
        out.u16(record.port);
        // RFC 6762 §18.14: compressed in multicast DNS (as avahi and
        // python-zeroconf do), though unicast DNS does not (RFC 2782).
        out.name(record.target, compress);
        break;
    case DnsType::Txt:
        if (record.texts.isEmpty()) {
            out.u8(0);
            break;
        }
        for (const QByteArray &text : record.texts) {
            const QByteArray bounded = text.left(255);
            out.u8(quint8(bounded.size()));
            out.bytes(bounded);
        }
        break;
    default:
        out.bytes(record.rdata);
        break;
    }
}

void writeRecord(Writer &out, const DnsRecord &record)
{
    out.name(record.name);
    out.u16(record.type);
    out.u16(ClassIn | (record.cacheFlush ? TopBit : 0));
    out.u32(record.ttl);
    const qsizetype lengthAt = out.size();
    out.u16(0);
    writeRdata(out, record, true);
    out.patch16(lengthAt, quint16(out.size() - lengthAt - 2));
}

class Reader
{
public:
    explicit Reader(const QByteArray &packet)
        : m_packet(packet)
    {}

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    void fail(const QString &why)
    {
        if (m_error.isEmpty())
            m_error = why;
    }
    qsizetype position() const { return m_at; }
    qsizetype left() const { return m_packet.size() - m_at; }
    void skip(qsizetype bytes) { m_at += bytes; }

    quint8 u8()
    {
        if (left() < 1) {
            fail(QStringLiteral("the packet ends early"));
            return 0;
        }
        return quint8(m_packet[m_at++]);
    }
    quint16 u16() { return quint16((u8() << 8) | u8()); }
    quint32 u32() { return (quint32(u16()) << 16) | u16(); }
    QByteArray bytes(qsizetype count)
    {
        if (count > left()) {
            fail(QStringLiteral("the packet ends early"));
            return QByteArray();
        }
        const QByteArray read = m_packet.mid(m_at, count);
        m_at += count;
        return read;
    }

    // A name at the current position, following compression pointers; each
    // must point before the label that holds it, so there are no loops.
    DnsName name()
    {
        QByteArrayList labels;
        qsizetype at = m_at;
        qsizetype resumeAt = -1;
        qsizetype wire = 1;
        while (!failed()) {
            if (at >= m_packet.size()) {
                fail(QStringLiteral("a name runs past the packet"));
                break;
            }
            const quint8 length = quint8(m_packet[at]);
            if (length == 0) {
                ++at;
                break;
            }
            if ((length & 0xC0) == 0xC0) {
                if (at + 1 >= m_packet.size()) {
                    fail(QStringLiteral("a name runs past the packet"));
                    break;
                }
                const qsizetype target = ((length & 0x3F) << 8) | quint8(m_packet[at + 1]);
                if (target >= at) {
                    fail(QStringLiteral("a compression pointer points forward"));
                    break;
                }
                if (resumeAt < 0)
                    resumeAt = at + 2;
                at = target;
                continue;
            }
            if (length & 0xC0) {
                fail(QStringLiteral("a label of an unknown kind"));
                break;
            }
            if (at + 1 + length > m_packet.size()) {
                fail(QStringLiteral("a name runs past the packet"));
                break;
            }
            wire += 1 + length;
            if (wire > DnsName::MaxNameBytes) {
                fail(QStringLiteral("a name longer than 255 bytes"));
                break;
            }
            labels.append(m_packet.mid(at + 1, length));
            at += 1 + length;
        }
        m_at = resumeAt >= 0 ? resumeAt : at;
        return DnsName(labels);
    }

private:
    const QByteArray &m_packet;
    qsizetype m_at = 0;
    QString m_error;
};

bool readRecord(Reader &in, DnsRecord *record)
{
    record->name = in.name();
    record->type = in.u16();
    const quint16 klass = in.u16();
    record->cacheFlush = klass & TopBit;
    record->ttl = in.u32();
    const quint16 length = in.u16();
    if (in.failed())
        return false;
    if (length > in.left()) {
        in.fail(QStringLiteral("a record's data runs past the packet"));
        return false;
    }
    const qsizetype end = in.position() + length;
    switch (record->type) {
    case DnsType::A:
        if (length != 4) {
            in.fail(QStringLiteral("an A record of %1 bytes").arg(length));
            return false;
        }
        record->address = QHostAddress(in.u32());
        break;
    case DnsType::Aaaa: {
        if (length != 16) {
            in.fail(QStringLiteral("an AAAA record of %1 bytes").arg(length));
            return false;
        }
        const QByteArray ip = in.bytes(16);
        record->address = QHostAddress(reinterpret_cast<const quint8 *>(ip.constData()));
        break;
    }
    case DnsType::Ptr:
        record->target = in.name();
        break;
    case DnsType::Srv:
        record->priority = in.u16();
        record->weight = in.u16();
        record->port = in.u16();
        record->target = in.name();
        break;
    case DnsType::Txt:
        while (!in.failed() && in.position() < end) {
            const quint8 size = in.u8();
            if (in.position() + size > end) {
                in.fail(QStringLiteral("a TXT string runs past its record"));
                break;
            }
            record->texts.append(in.bytes(size));
        }
        break;
    default:
        record->rdata = in.bytes(length);
        break;
    }
    if (in.failed())
        return false;
    if (in.position() != end) {
        in.fail(QStringLiteral("a record's data is not the length it says"));
        return false;
    }
    return true;
}

} // namespace

QByteArray DnsMessage::encode() const
{
    Writer out;
    out.u16(id);
    out.u16(quint16((response ? 0x8000 : 0) | (authoritative ? 0x0400 : 0) |
                    (truncated ? 0x0200 : 0)));
    out.u16(quint16(questions.size()));
    out.u16(quint16(answers.size()));
    out.u16(quint16(authorities.size()));
    out.u16(quint16(additionals.size()));
    for (const DnsQuestion &question : questions) {
        out.name(question.name);
        out.u16(question.type);
        out.u16(ClassIn | (question.unicastResponse ? TopBit : 0));
    }
    for (const QList<DnsRecord> *section : {&answers, &authorities, &additionals}) {
        for (const DnsRecord &record : *section)
            writeRecord(out, record);
    }
    return out.result();
}

std::optional<DnsMessage> DnsMessage::decode(const QByteArray &packet, QString *error)
{
    const auto refuse = [error](const QString &why) -> std::optional<DnsMessage> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (packet.size() > MaxPacketBytes)
        return refuse(QStringLiteral("a packet of %1 bytes (at most %2)")
                              .arg(packet.size())
                              .arg(MaxPacketBytes));
    Reader in(packet);
    DnsMessage message;
    message.id = in.u16();
    const quint16 flags = in.u16();
    message.response = flags & 0x8000;
    message.authoritative = flags & 0x0400;
    message.truncated = flags & 0x0200;
    const quint16 questions = in.u16();
    const quint16 answers = in.u16();
    const quint16 authorities = in.u16();
    const quint16 additionals = in.u16();
    if (in.failed())
        return refuse(QStringLiteral("a packet shorter than a DNS header"));
    if ((flags >> 11) & 0xF)
        return refuse(QStringLiteral("an opcode other than a query"));
    // Each question takes 5 bytes at least, each record 11: counts that
    // cannot fit are refused before anything is allocated.
    if (qsizetype(questions) * 5 + (qsizetype(answers) + authorities + additionals) * 11 >
        in.left())
        return refuse(QStringLiteral("more questions and records than the packet holds"));
    for (quint16 i = 0; i < questions && !in.failed(); ++i) {
        DnsQuestion question;
        question.name = in.name();
        question.type = in.u16();
        question.unicastResponse = in.u16() & TopBit;
        message.questions.append(question);
    }
    const std::pair<QList<DnsRecord> *, quint16> sections[] = {{&message.answers, answers},
                                                               {&message.authorities, authorities},
                                                               {&message.additionals, additionals}};
    for (const auto &[section, count] : sections) {
        for (quint16 i = 0; i < count && !in.failed(); ++i) {
            DnsRecord record;
            if (readRecord(in, &record))
                section->append(record);
        }
    }
    if (in.failed())
        return refuse(in.error());
    return message;
}

QByteArray DnsMessage::rdataOf(const DnsRecord &record)
{
    Writer out;
    writeRdata(out, record, false);
    return out.result();
}
