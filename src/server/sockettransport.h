#pragma once

#include "transport.h"

#include <QBasicTimer>

class QTcpSocket;

// A transport through a Qt socket and Qt's own buffering, for any TCP
// socket (a TLS one included: nothing here goes around it).
class SocketTransport : public Transport
{
    Q_OBJECT

public:
    // Takes the socket over.
    explicit SocketTransport(QTcpSocket *socket, QObject *parent = nullptr);

    QHostAddress peerAddress() const override { return m_peerAddress; }
    quint16 peerPort() const override { return m_peerPort; }
    bool isOpen() const override;
    qint64 bytesAvailable() const override;
    QByteArray read(qint64 maxBytes) override;
    bool peekFirstByte(char *first) override;
    void setReadBufferSize(qint64 bytes) override;
    void enableKeepAlive() override;
    void send(OutputQueue &queue) override;
    void flush() override;
    qint64 queuedBytes(bool measure) override;
    void closeAfterSending(int lingerMs) override;

protected:
    void timerEvent(QTimerEvent *event) override;
    // What the system still holds, sent but not taken (0 where it cannot be known).
    virtual qint64 systemQueuedBytes() const { return 0; }
    // Hands the start of queue straight to the system; returns how much it took.
    virtual qint64 sendDirectly(const OutputQueue &queue);
    // Makes the close a reset, so that the system stops trying to deliver.
    virtual void resetOnClose() {}
    // Half-closes so that the close follows data still in the system; false
    // where that is not done.
    virtual bool closeAfterSystemQueue() { return false; }
    void noteClosed();

    QTcpSocket *m_socket;

private:
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
    QBasicTimer m_lingerTimer;
    qint64 m_socketQueued = 0; // in Qt's buffer, when last measured
    qint64 m_systemQueued = 0; // in the system's, when last measured
    qint64 m_sentSinceMeasure = 0;
    bool m_closed = false;
};
