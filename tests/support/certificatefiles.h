#pragma once

// For tests that link the server core: a certificate and key written to
// files, as an operator configures them (--tls-cert, --tls-key).
#include "servercertificate.h"
#include "serverconfig.h"

#include <QDir>
#include <QFile>
#include <QString>

struct CertificateFiles
{
    QString certificate; // empty when they could not be written
    QString key;
    QString fingerprint;
};

// Writes made as NAME.crt and NAME.key in directory.
inline CertificateFiles writeCertificateFiles(const QString &directory, const QString &name,
                                              const ServerCertificate &made)
{
    const QDir dir(directory);
    CertificateFiles files{dir.filePath(name + QStringLiteral(".crt")),
                           dir.filePath(name + QStringLiteral(".key")), made.fingerprint()};
    QFile certificate(files.certificate);
    QFile key(files.key);
    if (!made.isValid() || !certificate.open(QIODevice::WriteOnly) ||
        !key.open(QIODevice::WriteOnly) ||
        certificate.write(made.certificatePem()) != made.certificatePem().size() ||
        key.write(made.keyPem()) != made.keyPem().size())
        return CertificateFiles();
    return files;
}

// Gives config a new self-signed certificate of its own (written in
// directory): a server that comes back with another one. False when it cannot be written.
inline bool useNewCertificate(ServerConfig *config, const QString &directory,
                              CertificateFiles *files)
{
    *files =
            writeCertificateFiles(directory, QStringLiteral("new"),
                                  ServerCertificate::makeSelfSigned({QStringLiteral("localhost")}));
    config->tlsCertificatePath = files->certificate;
    config->tlsKeyPath = files->key;
    return !files->certificate.isEmpty();
}
