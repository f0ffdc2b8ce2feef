#include "connectionlistener.h"

#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimerEvent>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {

// After the system refused a connection, accepting is tried again this much later.
constexpr int RetryMs = 500;
// Connections taken in one go, so that a crowd arriving does not starve the rest.
constexpr int AcceptBatch = 256;

} // namespace

ConnectionListener::ConnectionListener(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    m_server->setListenBacklogSize(1024);
#ifndef Q_OS_UNIX
    connect(m_server, &QTcpServer::newConnection, this, &ConnectionListener::acceptPending);
    connect(m_server, &QTcpServer::acceptError, this,
            [this] { pauseAccepting(m_server->errorString()); });
#endif
}

ConnectionListener::~ConnectionListener() = default;

bool ConnectionListener::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server->listen(address, port))
        return false;
#ifdef Q_OS_UNIX
    m_server->pauseAccepting(); // connections are taken from its socket here
    m_notifier = new QSocketNotifier(m_server->socketDescriptor(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &ConnectionListener::acceptPending);
#endif
    return true;
}

void ConnectionListener::close()
{
    m_retryTimer.stop();
    m_paused = false;
    m_outOfResources = false;
    delete m_notifier;
    m_notifier = nullptr;
    m_server->close();
}

bool ConnectionListener::isListening() const
{
    return m_server->isListening();
}

QHostAddress ConnectionListener::serverAddress() const
{
    return m_server->serverAddress();
}

quint16 ConnectionListener::serverPort() const
{
    return m_server->serverPort();
}

QString ConnectionListener::errorString() const
{
    return m_server->errorString();
}

QAbstractSocket::SocketError ConnectionListener::error() const
{
    return m_server->serverError();
}

void ConnectionListener::acceptPending()
{
    if (m_paused)
        return;
#ifdef Q_OS_UNIX
    for (int i = 0; i < AcceptBatch; ++i) {
        const int listenFd = int(m_server->socketDescriptor());
#ifdef Q_OS_LINUX
        const int fd = ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
#else
        const int fd = ::accept(listenFd, nullptr, nullptr);
        if (fd >= 0)
            ::fcntl(fd, F_SETFD, FD_CLOEXEC);
#endif
        if (fd < 0) {
            switch (errno) {
            case EAGAIN:
#if EWOULDBLOCK != EAGAIN
            case EWOULDBLOCK:
#endif
                return; // nothing more waiting
            case EMFILE:
            case ENFILE:
            case ENOBUFS:
            case ENOMEM:
                pauseAccepting(QString::fromLocal8Bit(std::strerror(errno)));
                return;
            default:
                // The connection failed before it was taken (accept(2) lists
                // network errors to treat like EAGAIN): take the next one.
                continue;
            }
        }
        auto *socket = new QTcpSocket;
        if (!socket->setSocketDescriptor(fd)) {
            ::close(fd); // at worst closed twice (Qt may have), with nothing opened in between
            delete socket;
            continue;
        }
        Q_EMIT connectionAccepted(socket);
        if (!m_notifier)
            return; // closed meanwhile
    }
#else
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(nullptr);
        Q_EMIT connectionAccepted(socket);
    }
#endif
}

void ConnectionListener::pauseAccepting(const QString &reason)
{
    m_paused = true;
#ifdef Q_OS_UNIX
    if (m_notifier)
        m_notifier->setEnabled(false);
#else
    m_server->pauseAccepting();
#endif
    m_retryTimer.start(RetryMs, this);
    if (!m_outOfResources) { // said once, not at every retry
        m_outOfResources = true;
        Q_EMIT acceptPaused(reason);
    }
}

void ConnectionListener::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_retryTimer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    m_retryTimer.stop();
    m_paused = false;
#ifdef Q_OS_UNIX
    if (m_notifier)
        m_notifier->setEnabled(true);
    acceptPending();
#else
    m_server->resumeAccepting();
#endif
    if (!m_paused && m_outOfResources) {
        m_outOfResources = false;
        Q_EMIT acceptResumed();
    }
}
