// Multicast DNS packets as MdnsSocket reads them from anyone on the network:
// never a crash, and what DnsMessage accepts survives a round trip (encoded,
// decoded again, encoded the same), the names it read within 255 bytes.
#include "dnsmessage.h"

#include <QByteArray>

#include <cstdint>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what, const QByteArray &packet)
{
    fprintf(stderr, "fuzz_dnsmessage: %s\n%s\n", what, packet.toHex().constData());
    std::abort();
}

void checkNames(const DnsMessage &message, const QByteArray &packet)
{
    for (const DnsQuestion &question : message.questions) {
        if (question.name.wireBytes() > DnsName::MaxNameBytes)
            fail("a question's name over 255 bytes", packet);
    }
    for (const QList<DnsRecord> *section :
         {&message.answers, &message.authorities, &message.additionals}) {
        for (const DnsRecord &record : *section) {
            if (record.name.wireBytes() > DnsName::MaxNameBytes ||
                record.target.wireBytes() > DnsName::MaxNameBytes)
                fail("a record's name over 255 bytes", packet);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray packet(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<DnsMessage> message = DnsMessage::decode(packet);
    if (!message)
        return 0;
    checkNames(*message, packet);
    const QByteArray encoded = message->encode();
    // Our compression may not reach where the sender's did (into data of
    // types we keep whole): what no longer fits a packet is not sent.
    if (encoded.size() > DnsMessage::MaxPacketBytes)
        return 0;
    const std::optional<DnsMessage> again = DnsMessage::decode(encoded);
    if (!again)
        fail("an encoded message does not decode", encoded);
    if (again->encode() != encoded)
        fail("a message encodes differently after a round trip", encoded);
    return 0;
}
