#pragma once

#include "dnsrecord.h"

#include <QList>
#include <QString>

#include <optional>

// A DNS message in wire form and back: what multicast DNS sends and receives.
// decode() reads anything a peer may send and refuses, with a reason, what is
// malformed or past the bounds below (a compression pointer that does not
// point back, a name over 255 bytes, more records than the packet can hold);
// encode() compresses names (RFC 1035 §4.1.4) and writes the record types
// of DnsRecord.
struct DnsMessage
{
    // RFC 6762 §17: a multicast DNS packet holds at most 9000 bytes.
    static constexpr qsizetype MaxPacketBytes = 9000;

    quint16 id = 0;
    bool response = false;      // QR
    bool authoritative = false; // AA
    bool truncated = false;     // TC: more known answers follow (RFC 6762 §7.2)
    QList<DnsQuestion> questions;
    QList<DnsRecord> answers;
    QList<DnsRecord> authorities;
    QList<DnsRecord> additionals;

    QByteArray encode() const;
    static std::optional<DnsMessage> decode(const QByteArray &packet, QString *error = nullptr);

    // A record's data in wire form, uncompressed: how two records are told
    // apart (RFC 6762 §8.2 compares it byte by byte).
    static QByteArray rdataOf(const DnsRecord &record);
};
