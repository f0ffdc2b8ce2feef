#include "sockettransport.h"

#include "outputqueue.h"

#include <QTcpSocket>
#include <QTimerEvent>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace {

// The system's send buffer grows to megabytes for a client that does not
// read; it is measured again after this much was sent, so that the send
// queue limit holds for all that waits.
constexpr qint64 MeasureAfterBytes = 64 * 1024;

QString describeError(const QTcpSocket *socket)
{
    switch (socket->error()) {
    case QAbstractSocket::RemoteHostClosedError:
        return QStringLiteral("connection closed");
    case QAbstractSocket::NetworkError:
    case QAbstractSocket::SocketTimeoutError:
        return QStringLiteral("connection lost");
    default:
        return u"connection error: " + socket->errorString();
    }
}

} // namespace

SocketTransport::SocketTransport(QTcpSocket *socket, QObject *parent)
    : Transport(parent)
    , m_socket(socket)
    , m_peerAddress(socket->peerAddress())
    , m_peerPort(socket->peerPort())
{
    bool isV4 = false;
    const quint32 v4 = m_peerAddress.toIPv4Address(&isV4);
    if (isV4)
        m_peerAddress = QHostAddress(v4); // ::ffff:a.b.c.d -> a.b.c.d
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &Transport::readyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &SocketTransport::noteClosed);
    connect(m_socket, &QTcpSocket::errorOccurred, this,
            [this] { m_closeReason = describeError(m_socket); });
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(this, &SocketTransport::noteClosed, Qt::QueuedConnection);
    else if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &Transport::readyRead, Qt::QueuedConnection);
}

bool SocketTransport::isOpen() const
{
    return !m_closed && m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 SocketTransport::bytesAvailable() const
{
    return m_socket->bytesAvailable();
}

QByteArray SocketTransport::read(qint64 maxBytes)
{
    return m_socket->read(maxBytes);
}

bool SocketTransport::peekFirstByte(char *first)
{
    return m_socket->peek(first, 1) == 1;
}

void SocketTransport::setReadBufferSize(qint64 bytes)
{
    m_socket->setReadBufferSize(bytes);
}

void SocketTransport::enableKeepAlive()
{
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
#ifdef Q_OS_LINUX
    // Probe after a minute of silence (the system's default is two hours).
    const int fd = int(m_socket->socketDescriptor());
    if (fd >= 0) {
        const int idle = 60, interval = 10, count = 6;
        ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
        ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
        ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
    }
#endif
}

qint64 SocketTransport::sendDirectly(const OutputQueue &)
{
    return 0;
}

void SocketTransport::send(OutputQueue &queue)
{
    if (queue.isEmpty())
        return;
    if (!isOpen()) {
        queue.clear();
        return;
    }
    m_socketQueued = m_socket->bytesToWrite();
    // Straight to the system when Qt holds nothing back (the usual case,
    // where allowed): one call, no copy into Qt's buffer. What the system
    // does not take, or an error, is left to Qt, which reports it.
    const qint64 sent = m_socketQueued == 0 ? sendDirectly(queue) : 0;
    m_sentSinceMeasure += sent;
    m_socketQueued += queue.size() - sent;
    queue.takeRest(sent, [this](const char *data, qint64 size) { m_socket->write(data, size); });
}

void SocketTransport::flush()
{
    if (isOpen() && m_socket->bytesToWrite() > 0)
        m_socket->flush();
}

qint64 SocketTransport::queuedBytes(bool measure)
{
    if (measure || m_sentSinceMeasure >= MeasureAfterBytes) {
        m_sentSinceMeasure = 0;
        m_socketQueued = m_socket->bytesToWrite();
        m_systemQueued = systemQueuedBytes();
    }
    return m_socketQueued + m_systemQueued;
}

void SocketTransport::closeAfterSending(int lingerMs)
{
    if (!isOpen()) {
        noteClosed();
        return;
    }
    if (lingerMs > 0) {
        m_lingerTimer.start(lingerMs, Qt::CoarseTimer, this);
        // Qt would close at once and leave the system delivering the rest
        // for minutes, maybe to a client that does not read: where it can,
        // the close follows the data instead, and the linger time bounds it.
        if (m_socket->bytesToWrite() == 0 && systemQueuedBytes() > 0 && closeAfterSystemQueue())
            return;
    }
    m_socket->disconnectFromHost(); // after what Qt holds
}

void SocketTransport::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_lingerTimer.timerId()) {
        Transport::timerEvent(event);
        return;
    }
    m_lingerTimer.stop();
    // The peer did not take our last words in time: the connection is
    // reset, so that the system does not go on trying to deliver them.
    if (m_socket->bytesToWrite() > 0 || systemQueuedBytes() > 0)
        resetOnClose();
    m_socket->abort();
    noteClosed();
}

void SocketTransport::noteClosed()
{
    if (m_closed)
        return;
    m_closed = true;
    m_lingerTimer.stop();
    Q_EMIT closed();
}
