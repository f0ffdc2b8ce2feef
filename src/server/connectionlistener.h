#pragma once

#include <QAbstractSocket>
#include <QBasicTimer>
#include <QHostAddress>
#include <QObject>

class QSocketNotifier;
class QTcpServer;
class QTcpSocket;

// Listens on a TCP port and hands over every accepted connection. When the
// system refuses to accept (out of file descriptors, out of memory), it says
// so once, waits a moment and tries again, instead of stopping or spinning.
//
// On Unix it accepts connections itself from QTcpServer's listening socket:
// Qt 6.4's socket engine keeps only the first error it ever set, so after one
// "try again" (EAGAIN) it reports running out of descriptors as temporary and
// the event loop spins at full speed. Elsewhere QTcpServer accepts.
class ConnectionListener : public QObject
{
    Q_OBJECT

public:
    explicit ConnectionListener(QObject *parent = nullptr);
    ~ConnectionListener() override;

    bool listen(const QHostAddress &address, quint16 port);
    void close();
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    QString errorString() const;
    QAbstractSocket::SocketError error() const;

Q_SIGNALS:
    // A new connection; the receiver owns the socket.
    void connectionAccepted(QTcpSocket *socket);
    // Accepting stopped for a moment; connections wait in the system's queue.
    void acceptPaused(const QString &reason);
    void acceptResumed();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void acceptPending();
    void pauseAccepting(const QString &reason);

    QTcpServer *m_server;
    QSocketNotifier *m_notifier = nullptr;
    QBasicTimer m_retryTimer;
    bool m_paused = false;         // waiting for the retry timer
    bool m_outOfResources = false; // paused and not accepted anything since
};
