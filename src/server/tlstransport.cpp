#include "tlstransport.h"

#include "opensslerror.h"
#include "outputqueue.h"
#include "serverlogging.h"
#include "tlscontext.h"

#include <QTimerEvent>

#include <openssl/ssl.h>

namespace {

// Records read from the connection at a time, and the most decrypted text
// kept for the session when it reads slowly (it then stops reading, and the
// sender slows down, as on a plain connection).
constexpr int ChunkBytes = 16 * 1024;
constexpr qint64 DefaultReadLimit = 256 * 1024;

} // namespace

TlsTransport::TlsTransport(Transport *inner, std::shared_ptr<TlsContext> context,
                           int handshakeTimeoutMs, QObject *parent)
    : Transport(parent)
    , m_inner(inner)
    , m_context(std::move(context))
    , m_readLimit(DefaultReadLimit)
{
    m_inner->setParent(this);
    m_inner->disconnect();
    m_ssl = SSL_new(m_context->handle());
    m_in = BIO_new(BIO_s_mem());
    m_out = BIO_new(BIO_s_mem());
    SSL_set_bio(m_ssl, m_in, m_out); // owned by m_ssl from here
    SSL_set_accept_state(m_ssl);
    connect(m_inner, &Transport::readyRead, this, &TlsTransport::pump);
    connect(m_inner, &Transport::closed, this, &TlsTransport::noteInnerClosed);
    if (handshakeTimeoutMs > 0)
        m_handshakeTimer.start(handshakeTimeoutMs, Qt::CoarseTimer, this);
    // What was read before (the sniffed first byte, maybe the whole hello).
    QMetaObject::invokeMethod(this, &TlsTransport::pump, Qt::QueuedConnection);
}

TlsTransport::~TlsTransport()
{
    SSL_free(m_ssl); // and its two buffers
}

QString TlsTransport::cipherDescription() const
{
    if (!m_handshakeDone)
        return QString();
    return QStringLiteral("%1 %2").arg(QLatin1String(SSL_get_version(m_ssl)),
                                       QLatin1String(SSL_get_cipher_name(m_ssl)));
}

QByteArray TlsTransport::read(qint64 maxBytes)
{
    const QByteArray taken = m_plain.left(maxBytes);
    m_plain.remove(0, taken.size());
    // There is room again: go on with what waited (in TLS or in the connection).
    if (!taken.isEmpty() && !m_closed)
        QMetaObject::invokeMethod(this, &TlsTransport::pump, Qt::QueuedConnection);
    return taken;
}

bool TlsTransport::peekFirstByte(char *first)
{
    if (m_plain.isEmpty())
        return false;
    *first = m_plain.at(0);
    return true;
}

void TlsTransport::setReadBufferSize(qint64 bytes)
{
    m_readLimit = bytes > 0 ? bytes : DefaultReadLimit;
    m_inner->setReadBufferSize(bytes);
}

void TlsTransport::pump()
{
    if (m_closed || m_pumping)
        return;
    m_pumping = true;
    const qint64 before = m_plain.size();
    for (;;) {
        // Records in: as much as TLS needs, no more than the session keeps up with.
        if (BIO_ctrl_pending(m_in) < size_t(ChunkBytes) && m_inner->bytesAvailable() > 0) {
            const QByteArray records = m_inner->read(ChunkBytes);
            BIO_write(m_in, records.constData(), int(records.size()));
        }
        if (!m_handshakeDone) {
            const int result = SSL_do_handshake(m_ssl);
            if (result == 1) {
                m_handshakeDone = true;
                m_handshakeTimer.stop();
                sendRecords();
                writePlain();
                Q_EMIT encrypted();
                continue;
            }
            const int error = SSL_get_error(m_ssl, result);
            sendRecords(); // the server's part of the handshake, or its alert
            if (error == SSL_ERROR_WANT_READ && m_inner->bytesAvailable() > 0)
                continue;
            if (error != SSL_ERROR_WANT_READ) {
                m_pumping = false;
                fail(openSslError("TLS handshake failed"));
                return;
            }
            break;
        }
        if (m_plain.size() >= m_readLimit)
            break; // the session reads on first
        char buffer[ChunkBytes];
        const int got = SSL_read(m_ssl, buffer, sizeof buffer);
        if (got > 0) {
            m_plain.append(buffer, got);
            continue;
        }
        const int error = SSL_get_error(m_ssl, got);
        sendRecords();
        if (error == SSL_ERROR_WANT_READ) {
            if (m_inner->bytesAvailable() > 0)
                continue;
            break;
        }
        m_pumping = false;
        if (error == SSL_ERROR_ZERO_RETURN) {
            // The peer said it is done (close_notify): as a plain close.
            m_closeReason = QStringLiteral("connection closed");
            m_inner->closeAfterSending(0);
        } else {
            fail(openSslError("TLS error"));
        }
        if (m_plain.size() > before)
            Q_EMIT readyRead();
        return;
    }
    m_pumping = false;
    if (m_plain.size() > before)
        Q_EMIT readyRead();
}

void TlsTransport::sendRecords()
{
    const size_t pending = BIO_ctrl_pending(m_out);
    if (pending == 0)
        return;
    QByteArray records(qsizetype(pending), Qt::Uninitialized);
    const int got = BIO_read(m_out, records.data(), int(records.size()));
    if (got <= 0)
        return;
    records.truncate(got);
    OutputQueue queue;
    queue.append(records);
    m_inner->send(queue);
}

void TlsTransport::writePlain()
{
    while (!m_unsent.isEmpty()) {
        const int wrote = SSL_write(m_ssl, m_unsent.constData(), int(m_unsent.size()));
        if (wrote <= 0)
            break;
        m_unsent.remove(0, wrote);
    }
    sendRecords();
}

void TlsTransport::send(OutputQueue &queue)
{
    if (queue.isEmpty())
        return;
    if (!isOpen()) {
        queue.clear();
        return;
    }
    // Encrypted as it comes; what comes before the handshake ends waits for it.
    queue.takeRest(
            0, [this](const char *data, qint64 size) { m_unsent.append(data, qsizetype(size)); });
    if (m_handshakeDone)
        writePlain();
}

void TlsTransport::closeAfterSending(int lingerMs)
{
    if (m_handshakeDone && !m_closed) {
        writePlain();
        SSL_shutdown(m_ssl); // close_notify: the peer knows nothing was cut
        sendRecords();
    }
    m_inner->closeAfterSending(lingerMs);
}

void TlsTransport::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_handshakeTimer.timerId()) {
        Transport::timerEvent(event);
        return;
    }
    m_handshakeTimer.stop();
    if (!m_handshakeDone)
        fail(QStringLiteral("TLS handshake timed out"));
}

void TlsTransport::fail(const QString &reason)
{
    if (m_closeReason.isEmpty())
        m_closeReason = reason;
    qCInfo(lcServer).noquote() << "TLS from" << peerAddress().toString() << u'(' + reason + u')';
    m_handshakeTimer.stop();
    m_unsent.clear();
    m_inner->closeAfterSending(0); // with the alert, if TLS wrote one
}

void TlsTransport::noteInnerClosed()
{
    if (m_closed)
        return;
    m_closed = true;
    m_handshakeTimer.stop();
    if (m_closeReason.isEmpty())
        m_closeReason = m_inner->closeReason();
    Q_EMIT closed();
}
