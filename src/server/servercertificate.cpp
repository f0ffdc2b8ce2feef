#include "servercertificate.h"

#include "fingerprint.h"
#include "opensslerror.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QSaveFile>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace {

// How long a self-signed certificate is good for: clients pin it, so it
// should not expire under them (ten years).
constexpr long ValidSeconds = 10L * 366 * 24 * 3600;
// Files larger than this are not certificates.
constexpr qint64 MaxPemBytes = 1024 * 1024;

template<typename T, void (*Free)(T *)>
struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using BigNumber = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

QByteArray toPem(BIO *bio)
{
    BUF_MEM *memory = nullptr;
    BIO_get_mem_ptr(bio, &memory);
    return memory ? QByteArray(memory->data, qsizetype(memory->length)) : QByteArray();
}

bool readFile(const QString &path, QByteArray *contents, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    if (file.size() > MaxPemBytes) {
        *error = QStringLiteral("%1 is too large to be a certificate or a key").arg(path);
        return false;
    }
    *contents = file.readAll();
    return true;
}

// The subject alternative names: DNS names, and IP addresses as such.
QString alternativeNames(const QStringList &names)
{
    QStringList entries;
    for (const QString &name : names) {
        if (name.isEmpty() || name.contains(u',') || name.contains(u'\n'))
            continue;
        const QHostAddress address(name);
        const QString entry =
                address.isNull() ? QString(u"DNS:" + name) : QString(u"IP:" + address.toString());
        if (!entries.contains(entry))
            entries.append(entry);
    }
    return entries.join(u',');
}

} // namespace

QString ServerCertificate::shortFingerprint() const
{
    return Fingerprint::shortForm(m_fingerprint);
}

bool ServerCertificate::load(const QByteArray &certificatePem, const QByteArray &keyPem)
{
    Bio certificateBio(BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size())));
    Certificate certificate(PEM_read_bio_X509(certificateBio.get(), nullptr, nullptr, nullptr));
    if (!certificate) {
        m_error = openSslError("not a PEM certificate");
        return false;
    }
    Bio keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
    Key key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
    if (!key) {
        m_error = openSslError("not a PEM private key (or one protected by a passphrase)");
        return false;
    }
    if (X509_check_private_key(certificate.get(), key.get()) != 1) {
        m_error = openSslError("the key does not belong to the certificate");
        return false;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(certificate.get(), EVP_sha256(), digest, &length) != 1) {
        m_error = openSslError("cannot compute the certificate's fingerprint");
        return false;
    }
    m_fingerprint =
            Fingerprint::ofDigest(QByteArray(reinterpret_cast<const char *>(digest), int(length)));
    m_certificatePem = certificatePem;
    m_keyPem = keyPem;
    return true;
}

ServerCertificate ServerCertificate::fromFiles(const QString &certificatePath,
                                               const QString &keyPath)
{
    ServerCertificate result;
    QByteArray certificate, key;
    if (!readFile(certificatePath, &certificate, &result.m_error) ||
        !readFile(keyPath, &key, &result.m_error))
        return result;
    result.m_certificatePath = certificatePath;
    if (!result.load(certificate, key))
        result.m_error =
                QStringLiteral("%1 and %2: %3").arg(certificatePath, keyPath, result.m_error);
    return result;
}

ServerCertificate ServerCertificate::makeSelfSigned(const QStringList &names)
{
    ServerCertificate result;
    result.m_selfSigned = true;
    Key key(EVP_EC_gen("P-256"));
    Certificate certificate(X509_new());
    if (!key || !certificate) {
        result.m_error = openSslError("cannot make a key");
        return result;
    }
    // A random serial of 127 bits (positive, as RFC 5280 wants).
    BigNumber serial(BN_new());
    if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
        !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get()))) {
        result.m_error = openSslError("cannot make a serial number");
        return result;
    }
    X509_set_version(certificate.get(), 2);                         // v3
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600); // clocks differ
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), ValidSeconds);
    X509_set_pubkey(certificate.get(), key.get());
    X509_NAME *name = X509_get_subject_name(certificate.get());
    const QByteArray commonName =
            (names.isEmpty() ? QStringLiteral("qtchat-server") : names.first()).toUtf8().left(64);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>("qtchat-server"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(commonName.constData()),
                               int(commonName.size()), -1, 0);
    X509_set_issuer_name(certificate.get(), name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate.get(), certificate.get(), nullptr, nullptr, 0);
    const QByteArray alternatives = alternativeNames(names).toUtf8();
    if (!alternatives.isEmpty()) {
        Extension extension(X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name,
                                                alternatives.constData()));
        if (!extension || !X509_add_ext(certificate.get(), extension.get(), -1)) {
            result.m_error = openSslError("cannot name the certificate's addresses");
            return result;
        }
    }
    for (const auto &[nid, value] : {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                                     std::pair{NID_key_usage, "critical,digitalSignature"},
                                     std::pair{NID_ext_key_usage, "serverAuth"}}) {
        Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
        if (!extension || !X509_add_ext(certificate.get(), extension.get(), -1)) {
            result.m_error = openSslError("cannot make the certificate's extensions");
            return result;
        }
    }
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) {
        result.m_error = openSslError("cannot sign the certificate");
        return result;
    }
    Bio certificateOut(BIO_new(BIO_s_mem()));
    Bio keyOut(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_X509(certificateOut.get(), certificate.get()) ||
        !PEM_write_bio_PrivateKey(keyOut.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
        result.m_error = openSslError("cannot write the certificate");
        return result;
    }
    result.load(toPem(certificateOut.get()), toPem(keyOut.get()));
    return result;
}

ServerCertificate ServerCertificate::selfSigned(const QString &directory, const QStringList &names)
{
    const QDir dir(directory);
    const QString certificatePath = dir.filePath(QStringLiteral("tls-certificate.pem"));
    const QString keyPath = dir.filePath(QStringLiteral("tls-key.pem"));
    if (QFile::exists(certificatePath) || QFile::exists(keyPath)) {
        // Made at an earlier start: the same one again, or the reason it cannot be.
        ServerCertificate kept = fromFiles(certificatePath, keyPath);
        kept.m_selfSigned = true;
        return kept;
    }
    ServerCertificate made = makeSelfSigned(names);
    if (!made.isValid())
        return made;
    made.m_notKept = true; // until both files are written
    if (!QDir().mkpath(directory)) {
        made.m_error = QStringLiteral("cannot make the folder %1").arg(directory);
        return made;
    }
    // The key first, readable by its owner only from the moment it exists.
    QSaveFile key(keyPath);
    if (!key.open(QIODevice::WriteOnly) ||
        !key.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        key.write(made.m_keyPem) != made.m_keyPem.size() || !key.commit()) {
        made.m_error = QStringLiteral("cannot write %1: %2").arg(keyPath, key.errorString());
        return made;
    }
    QFile::setPermissions(keyPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QSaveFile certificate(certificatePath);
    if (!certificate.open(QIODevice::WriteOnly) ||
        certificate.write(made.m_certificatePem) != made.m_certificatePem.size() ||
        !certificate.commit()) {
        made.m_error = QStringLiteral("cannot write %1: %2")
                               .arg(certificatePath, certificate.errorString());
        QFile::remove(keyPath); // no half pair for the next start to trip over
        return made;
    }
    made.m_certificatePath = certificatePath;
    made.m_notKept = false;
    return made;
}
