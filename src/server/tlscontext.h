#pragma once

#include "servercertificate.h"

#include <QString>

#include <memory>

typedef struct ssl_ctx_st SSL_CTX;

// What every TLS connection of the server shares: the certificate and key,
// and strong defaults only (TLS 1.2 and 1.3, forward-secret AEAD ciphers,
// no renegotiation, no compression).
class TlsContext
{
public:
    // nullptr (and why in *error) when the certificate cannot be used.
    static std::shared_ptr<TlsContext> create(const ServerCertificate &certificate, QString *error);
    ~TlsContext();
    TlsContext(const TlsContext &) = delete;
    TlsContext &operator=(const TlsContext &) = delete;

    SSL_CTX *handle() const { return m_context; }
    const ServerCertificate &certificate() const { return m_certificate; }

private:
    TlsContext(SSL_CTX *context, const ServerCertificate &certificate);

    SSL_CTX *m_context;
    ServerCertificate m_certificate;
};
