#pragma once

// For tests that link the server core: a server that goes away and comes
// back on the same port, as an operator's restart does.
#include "certificatefiles.h"
#include "chatserver.h"
#include "waituntil.h"

#include <QTemporaryDir>

#include <memory>

// Waits until the old server's connections are gone (after its shutdown),
// then starts a new one with config on port. False when either fails. The
// new one shows the old one's TLS certificate, as a server restarted with
// its data folder does (clients that pinned it connect again); a test
// about a changed certificate configures another one.
inline bool restartOnSamePort(std::unique_ptr<ChatServer> &server, ServerConfig config,
                              quint16 port)
{
    if (!waitUntil([&server] { return server->connectionCount() == 0; }, 5000))
        return false;
    if (config.tlsCertificatePath.isEmpty() && config.tlsKeyPath.isEmpty() &&
        config.dataDir.isEmpty() && server->tlsCertificate().isValid()) {
        static QTemporaryDir kept;
        const CertificateFiles files =
                writeCertificateFiles(kept.path(), QString::number(port), server->tlsCertificate());
        if (!kept.isValid() || files.certificate.isEmpty())
            return false;
        config.tlsCertificatePath = files.certificate;
        config.tlsKeyPath = files.key;
    }
    server.reset();
    config.port = port;
    server = std::make_unique<ChatServer>(config);
    return server->listen();
}
