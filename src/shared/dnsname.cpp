#include "dnsname.h"

DnsName DnsName::fromDotted(const QByteArray &dotted)
{
    QByteArray text = dotted;
    if (text.endsWith('.'))
        text.chop(1);
    if (text.isEmpty())
        return DnsName();
    return DnsName(text.split('.'));
}

DnsName DnsName::prepended(const QByteArray &label) const
{
    QByteArrayList labels = m_labels;
    labels.prepend(label);
    return DnsName(labels);
}

DnsName DnsName::parent() const
{
    return m_labels.isEmpty() ? DnsName() : DnsName(m_labels.mid(1));
}

bool DnsName::isValid() const
{
    for (const QByteArray &label : m_labels) {
        if (label.isEmpty() || label.size() > MaxLabelBytes)
            return false;
    }
    return wireBytes() <= MaxNameBytes;
}

qsizetype DnsName::wireBytes() const
{
    qsizetype bytes = 1;
    for (const QByteArray &label : m_labels)
        bytes += 1 + label.size();
    return bytes;
}

QByteArray DnsName::key() const
{
    // Labels may hold dots: a length before each keeps "a.b" + "c" apart
    // from "a" + "b.c".
    QByteArray key;
    for (const QByteArray &label : m_labels) {
        key += char(label.size());
        for (const char c : label)
            key += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    }
    return key;
}

QString DnsName::toString() const
{
    QStringList parts;
    for (const QByteArray &label : m_labels) {
        QString part = QString::fromUtf8(label);
        part.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        part.replace(QLatin1Char('.'), QLatin1String("\\."));
        parts.append(part);
    }
    return parts.join(QLatin1Char('.'));
}

bool DnsName::operator==(const DnsName &other) const
{
    return m_labels.size() == other.m_labels.size() && key() == other.key();
}
