#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>

class OutputQueue;
class QTcpSocket;

// How a session's bytes travel: read what arrived, hand over what to send,
// close. A plain TCP connection or (later) a TLS one sits behind it; the
// session and the chat logic never touch the socket. Socket errors are
// turned into a reason here, once ("connection lost", "connection error:
// …"), for the log and the people who see someone leave.
class Transport : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // The transport for an accepted socket (taken over): the direct one for
    // plain TCP where the system allows it, Qt's buffered one otherwise.
    static Transport *forSocket(QTcpSocket *socket, QObject *parent = nullptr);

    virtual QHostAddress peerAddress() const = 0; // IPv4-mapped IPv6 given as IPv4
    virtual quint16 peerPort() const = 0;
    virtual bool isOpen() const = 0;

    virtual qint64 bytesAvailable() const = 0;
    virtual QByteArray read(qint64 maxBytes) = 0;
    // The first byte that arrived (without taking it); false when none has.
    virtual bool peekFirstByte(char *first) = 0;
    // Input waits in the system (and the sender slows down) beyond this much.
    virtual void setReadBufferSize(qint64 bytes) = 0;
    // For clients that are never pinged: TCP notices a dead peer.
    virtual void enableKeepAlive() = 0;

    // Hands over everything in queue (which is emptied): what the system
    // takes now, the rest kept to send as soon as it can.
    virtual void send(OutputQueue &queue) = 0;
    // Sends what is kept, as far as the system takes it now.
    virtual void flush() = 0;
    // Bytes handed over but not yet taken by the peer, as far as known: an
    // earlier measure (an upper bound: it only shrinks) unless measure is
    // true or enough was sent since.
    virtual qint64 queuedBytes(bool measure) = 0;

    // Closes once what was handed over is delivered, waiting at most lingerMs
    // (0: as the system does) for a peer that does not take it; then the
    // connection is reset. closed() follows.
    virtual void closeAfterSending(int lingerMs) = 0;

    // Why the connection closed, when the other side or the network closed it.
    QString closeReason() const { return m_closeReason; }

Q_SIGNALS:
    void readyRead();
    // The connection is closed (emitted once).
    void closed();

protected:
    QString m_closeReason;
};
