#include "tlscontext.h"

#include "opensslerror.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

namespace {

// TLS 1.2's forward-secret AEAD suites (TLS 1.3's are all of that kind).
constexpr const char *Tls12Ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                     "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                     "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

} // namespace

TlsContext::TlsContext(SSL_CTX *context, const ServerCertificate &certificate)
    : m_context(context)
    , m_certificate(certificate)
{}

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_context);
}

std::shared_ptr<TlsContext> TlsContext::create(const ServerCertificate &certificate, QString *error)
{
    if (!certificate.isValid()) {
        *error = certificate.errorString();
        return nullptr;
    }
    SSL_CTX *context = SSL_CTX_new(TLS_server_method());
    if (!context) {
        *error = openSslError("cannot set up TLS");
        return nullptr;
    }
    std::shared_ptr<TlsContext> made(new TlsContext(context, certificate));
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_options(context, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                         SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_SERVER);
    if (SSL_CTX_set_cipher_list(context, Tls12Ciphers) != 1) {
        *error = openSslError("cannot choose the TLS ciphers");
        return nullptr;
    }
    const QByteArray certificatePem = certificate.certificatePem();
    BIO *bio = BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size()));
    X509 *leaf = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    bool ok = leaf && SSL_CTX_use_certificate(context, leaf) == 1;
    X509_free(leaf);
    // The rest of the file: the chain up to the authority, for a real certificate.
    while (ok) {
        X509 *next = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
        if (!next)
            break;
        if (SSL_CTX_add0_chain_cert(context, next) != 1) {
            X509_free(next);
            ok = false;
        }
    }
    ERR_clear_error(); // the end of the file reads as an error
    BIO_free(bio);
    const QByteArray keyPem = certificate.keyPem();
    bio = BIO_new_mem_buf(keyPem.constData(), int(keyPem.size()));
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    ok = ok && key && SSL_CTX_use_PrivateKey(context, key) == 1 &&
         SSL_CTX_check_private_key(context) == 1;
    EVP_PKEY_free(key);
    if (!ok) {
        *error = openSslError("cannot use the TLS certificate");
        return nullptr;
    }
    return made;
}
