#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// The server's TLS certificate and key, in PEM. Either the pair the operator
// configured (--tls-cert, --tls-key), checked at load, or a self-signed one
// the server makes at its first start (EC P-256, SHA-256, a random serial,
// subject alternative names for the machine's names and addresses) and keeps
// in its data folder, the key readable by its owner only, so that clients
// that pinned it recognise it after a restart. A configured pair that cannot
// be read or does not fit together is an error with the reason: the server
// never falls back to another certificate silently.
class ServerCertificate
{
public:
    // The configured pair (both paths given).
    static ServerCertificate fromFiles(const QString &certificatePath, const QString &keyPath);
    // The self-signed pair kept in directory, made there when it is missing
    // (names: the host names and addresses it is made for).
    static ServerCertificate selfSigned(const QString &directory, const QStringList &names);
    // A self-signed pair made in memory (no data folder: history off, tests).
    static ServerCertificate makeSelfSigned(const QStringList &names);

    bool isValid() const { return m_error.isEmpty() && !m_certificatePem.isEmpty(); }
    QString errorString() const { return m_error; }
    QByteArray certificatePem() const { return m_certificatePem; }
    QByteArray keyPem() const { return m_keyPem; }
    bool isSelfSigned() const { return m_selfSigned; }
    // selfSigned() made one but could not write it (the folder cannot be
    // made or written): errorString() says why.
    bool wasNotKept() const { return m_notKept; }
    // Where it was read from (or written to); empty when in memory.
    QString certificatePath() const { return m_certificatePath; }
    // SHA-256 of the certificate (DER): "AB:CD:…" (32 pairs).
    QString fingerprint() const { return m_fingerprint; }
    // The fingerprint's first 8 bytes as four groups of four hex digits
    // ("3F2A 9C01 77B4 E0D2"): short enough to read to someone over the phone.
    QString shortFingerprint() const;

private:
    // Reads both PEMs, checks they fit together and computes the fingerprint.
    bool load(const QByteArray &certificatePem, const QByteArray &keyPem);

    QByteArray m_certificatePem;
    QByteArray m_keyPem;
    QString m_certificatePath;
    QString m_fingerprint;
    QString m_error;
    bool m_selfSigned = false;
    bool m_notKept = false;
};
