#pragma once

#include "sockettransport.h"

// A plain TCP connection with nothing between the session and the kernel,
// so that the fast paths are allowed: a queue goes to the system in one
// sendmsg of its shared pieces (no copy into Qt's buffer), what the system
// still holds counts towards the send queue limit (SIOCOUTQ), a close waits
// for it (shutdown) and a peer that does not take it is reset (SO_LINGER).
// Only made for a socket that is exactly a QTcpSocket: a TLS socket can
// never get here, so no raw write can go around its encryption.
class DirectTcpTransport : public SocketTransport
{
    Q_OBJECT

public:
    // nullptr when socket is not a plain QTcpSocket (or not on Linux).
    static DirectTcpTransport *create(QTcpSocket *socket, QObject *parent = nullptr);

protected:
    qint64 systemQueuedBytes() const override;
    qint64 sendDirectly(const OutputQueue &queue) override;
    void resetOnClose() override;
    bool closeAfterSystemQueue() override;

private:
    DirectTcpTransport(QTcpSocket *socket, QObject *parent);
};
