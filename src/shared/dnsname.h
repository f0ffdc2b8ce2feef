#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QString>

// A DNS name as a list of labels (RFC 1035 §3.1): a label may hold any bytes,
// dots included (DNS-SD instance names such as "Ann's laptop v2.1" do), so a
// name is never kept as one dotted string. Compared without regard to ASCII
// case, as DNS compares names.
class DnsName
{
public:
    static constexpr qsizetype MaxLabelBytes = 63;
    static constexpr qsizetype MaxNameBytes = 255; // in wire form, the final zero included

    DnsName() = default;
    explicit DnsName(QByteArrayList labels)
        : m_labels(std::move(labels))
    {}
    // "_qtchat._tcp.local" (a trailing dot is allowed); no escapes.
    static DnsName fromDotted(const QByteArray &dotted);

    const QByteArrayList &labels() const { return m_labels; }
    bool isEmpty() const { return m_labels.isEmpty(); }
    // This name below another label: DnsName("_qtchat._tcp.local").prepended("Room 1").
    DnsName prepended(const QByteArray &label) const;
    // The name without its first label.
    DnsName parent() const;
    // Every label fits (1–63 bytes) and so does the whole (255 bytes).
    bool isValid() const;
    // Its wire length, uncompressed.
    qsizetype wireBytes() const;
    // Lower-case ASCII labels: the key for comparing and for hashing.
    QByteArray key() const;

    // "Ann\.s laptop._qtchat._tcp.local", dots and backslashes in labels escaped.
    QString toString() const;

    bool operator==(const DnsName &other) const;
    bool operator!=(const DnsName &other) const { return !(*this == other); }

private:
    QByteArrayList m_labels;
};
