#pragma once

#include "transport.h"

#include <QBasicTimer>
#include <QByteArray>

#include <memory>

class TlsContext;
typedef struct ssl_st SSL;
typedef struct bio_st BIO;

// TLS over another transport (the connection's plain one, which keeps its
// bytes and its limits): what arrives is decrypted through memory buffers,
// what is sent is encrypted, so that the bytes read before TLS was known to
// start (its first byte, sniffed) are part of the handshake as they should
// be. The session above reads and writes plain text as on any transport.
// A handshake must end within the time given; one that fails or does not
// end closes the connection, with the reason.
class TlsTransport : public Transport
{
    Q_OBJECT

public:
    // Takes inner over; what it has read so far starts the handshake.
    TlsTransport(Transport *inner, std::shared_ptr<TlsContext> context, int handshakeTimeoutMs,
                 QObject *parent = nullptr);
    ~TlsTransport() override;

    bool isEncrypted() const { return m_handshakeDone; }
    // The protocol and cipher agreed ("TLSv1.3 TLS_AES_128_GCM_SHA256"), once encrypted.
    QString cipherDescription() const;

    QHostAddress peerAddress() const override { return m_inner->peerAddress(); }
    quint16 peerPort() const override { return m_inner->peerPort(); }
    bool isOpen() const override { return !m_closed && m_inner->isOpen(); }
    qint64 bytesAvailable() const override { return m_plain.size(); }
    QByteArray read(qint64 maxBytes) override;
    bool peekFirstByte(char *first) override;
    void setReadBufferSize(qint64 bytes) override;
    void enableKeepAlive() override { m_inner->enableKeepAlive(); }
    void send(OutputQueue &queue) override;
    void flush() override { m_inner->flush(); }
    qint64 queuedBytes(bool measure) override
    {
        return m_inner->queuedBytes(measure) + m_unsent.size();
    }
    void closeAfterSending(int lingerMs) override;

Q_SIGNALS:
    // The handshake ended well.
    void encrypted();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    // Feeds what the inner transport has, and takes out what TLS gives.
    void pump();
    // Hands what TLS has written (handshake records, data, alerts) to the inner transport.
    void sendRecords();
    // Encrypts what waited for the handshake.
    void writePlain();
    void fail(const QString &reason);
    void noteInnerClosed();

    Transport *m_inner;
    std::shared_ptr<TlsContext> m_context;
    SSL *m_ssl = nullptr;
    BIO *m_in = nullptr;  // records received, for TLS to read
    BIO *m_out = nullptr; // records TLS wrote, to send
    QByteArray m_plain;   // decrypted, for the session to read
    QByteArray m_unsent;  // plain text sent before the handshake ended
    qint64 m_readLimit = 0;
    QBasicTimer m_handshakeTimer;
    bool m_handshakeDone = false;
    bool m_closed = false;
    bool m_pumping = false;
};
