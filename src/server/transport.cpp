#include "transport.h"

#include "directtcptransport.h"
#include "sockettransport.h"

Transport *Transport::forSocket(QTcpSocket *socket, QObject *parent)
{
    if (Transport *direct = DirectTcpTransport::create(socket, parent))
        return direct;
    return new SocketTransport(socket, parent);
}
