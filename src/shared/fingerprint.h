#pragma once

#include <QByteArray>
#include <QString>

// A certificate's SHA-256 fingerprint, as the server shows it and the client
// pins it: "AB:CD:…" (32 pairs of upper-case hex digits), and a short form
// of its first 8 bytes ("3F2A 9C01 77B4 E0D2") that people can read to each
// other over the phone.
namespace Fingerprint {

// Of a certificate in DER.
QString ofCertificate(const QByteArray &der);
// Of a SHA-256 digest (32 bytes).
QString ofDigest(const QByteArray &digest);
QString shortForm(const QString &fingerprint);
// fingerprint written as 64 hex digits, with or without colons, in any case:
// its canonical form, or an empty string when it is not one.
QString parse(const QString &text);

} // namespace Fingerprint
