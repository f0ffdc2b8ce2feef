#include "fingerprint.h"

#include <QCryptographicHash>
#include <QStringList>

namespace Fingerprint {

QString ofCertificate(const QByteArray &der)
{
    return ofDigest(QCryptographicHash::hash(der, QCryptographicHash::Sha256));
}

QString ofDigest(const QByteArray &digest)
{
    return QString::fromLatin1(digest.toHex(':').toUpper());
}

QString shortForm(const QString &fingerprint)
{
    const QString hex = QString(fingerprint).remove(u':').left(16).toUpper();
    QStringList groups;
    for (int i = 0; i + 4 <= hex.size(); i += 4)
        groups.append(hex.mid(i, 4));
    return groups.join(u' ');
}

QString parse(const QString &text)
{
    const QString hex = QString(text).remove(u':').trimmed();
    if (hex.size() != 64)
        return QString();
    for (const QChar c : hex) {
        const bool digit =
                (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
        if (!digit)
            return QString();
    }
    return ofDigest(QByteArray::fromHex(hex.toLatin1()));
}

} // namespace Fingerprint
