#pragma once

#include "dnsname.h"

#include <QByteArrayList>
#include <QHostAddress>

// The parts of a DNS message (RFC 1035 §4.1) that multicast DNS and DNS-SD
// use (RFC 6762, RFC 6763). A record keeps the fields of its type; records of
// other types keep their data as it came (rdata) and are passed over.
namespace DnsType {
constexpr quint16 A = 1;
constexpr quint16 Ptr = 12;
constexpr quint16 Txt = 16;
constexpr quint16 Aaaa = 28;
constexpr quint16 Srv = 33;
constexpr quint16 Nsec = 47;
constexpr quint16 Any = 255;
} // namespace DnsType

struct DnsQuestion
{
    DnsName name;
    quint16 type = DnsType::Any;
    bool unicastResponse = false; // the QU bit (RFC 6762 §5.4)
};

struct DnsRecord
{
    DnsName name;
    quint16 type = 0;
    bool cacheFlush = false; // RFC 6762 §10.2: this set replaces what caches hold
    quint32 ttl = 0;         // seconds; 0 is a goodbye
    // PTR's and SRV's target.
    DnsName target;
    // SRV.
    quint16 priority = 0;
    quint16 weight = 0;
    quint16 port = 0;
    // TXT: its strings ("key=value"); an empty TXT record is one empty string.
    QByteArrayList texts;
    // A and AAAA.
    QHostAddress address;
    // Other types: the data as it came.
    QByteArray rdata;
};
