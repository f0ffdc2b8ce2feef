#include "directtcptransport.h"

#include "outputqueue.h"

#include <QTcpSocket>

#ifdef Q_OS_LINUX
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#endif

DirectTcpTransport *DirectTcpTransport::create(QTcpSocket *socket, QObject *parent)
{
#ifdef Q_OS_LINUX
    // Exactly a QTcpSocket: a subclass (QSslSocket) has a layer of its own.
    if (socket && socket->metaObject() == &QTcpSocket::staticMetaObject)
        return new DirectTcpTransport(socket, parent);
#else
    Q_UNUSED(parent);
#endif
    Q_UNUSED(socket);
    return nullptr;
}

DirectTcpTransport::DirectTcpTransport(QTcpSocket *socket, QObject *parent)
    : SocketTransport(socket, parent)
{}

qint64 DirectTcpTransport::systemQueuedBytes() const
{
#ifdef Q_OS_LINUX
    int unsent = 0;
    if (::ioctl(int(m_socket->socketDescriptor()), SIOCOUTQ, &unsent) == 0)
        return unsent;
#endif
    return 0;
}

qint64 DirectTcpTransport::sendDirectly(const OutputQueue &queue)
{
    return queue.sendTo(m_socket->socketDescriptor());
}

void DirectTcpTransport::resetOnClose()
{
#ifdef Q_OS_LINUX
    const linger reset{1, 0};
    ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
#endif
}

bool DirectTcpTransport::closeAfterSystemQueue()
{
#ifdef Q_OS_LINUX
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    return true;
#else
    return false;
#endif
}
