#include "outputqueue.h"

#include <QtGlobal>

#include <cstring>

#ifdef Q_OS_LINUX
#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>
#endif

namespace {

// Pieces handed to the system in one call (Linux's IOV_MAX).
constexpr size_t PiecesPerCall = 1024;

// A queue that grew this long is not kept at that size once it is empty.
constexpr size_t KeptCapacity = 64;

// The queue's own buffers: the first holds a pass of a busy room's
// messages; each next one is twice as large, up to what the C library
// still gives from its heap (larger ones are mapped afresh, page by page).
constexpr qsizetype FirstBuffer = 16 * 1024;
constexpr qsizetype LargestBuffer = 64 * 1024;
// First buffers kept for reuse, for all queues together (4 MiB).
constexpr size_t KeptBuffers = 256;

std::vector<QByteArray> &keptBuffers()
{
    thread_local std::vector<QByteArray> buffers;
    return buffers;
}

} // namespace

QByteArray OutputQueue::takeBuffer(qsizetype capacity)
{
    std::vector<QByteArray> &kept = keptBuffers();
    if (capacity == FirstBuffer && !kept.empty()) {
        QByteArray buffer = std::move(kept.back());
        kept.pop_back();
        return buffer;
    }
    return QByteArray(capacity, Qt::Uninitialized);
}

void OutputQueue::giveBack(QByteArray &&buffer)
{
    std::vector<QByteArray> &kept = keptBuffers();
    // Only a first buffer nobody else holds (what was sent was copied by the system).
    if (kept.size() >= KeptBuffers || !buffer.isDetached() || buffer.capacity() < FirstBuffer ||
        buffer.capacity() >= 2 * FirstBuffer)
        return;
    buffer.resize(FirstBuffer); // within its capacity: nothing moves
    kept.push_back(std::move(buffer));
}

void OutputQueue::append(const QByteArray &bytes)
{
    const qsizetype size = bytes.size();
    if (size == 0)
        return;
    m_bytes += size;
    if (size > CopiedUpTo) {
        seal();
        m_pieces.push_back({bytes, false}); // shares the bytes
        return;
    }
    if (m_open.size() - m_openUsed < size) {
        // A new buffer of ours, larger than the one before it.
        seal();
        m_lastCapacity =
                m_lastCapacity == 0 ? FirstBuffer : qMin(LargestBuffer, m_lastCapacity * 2);
        m_open = takeBuffer(m_lastCapacity);
    }
    // Never shared: data() does not copy.
    std::memcpy(m_open.data() + m_openUsed, bytes.constData(), size_t(size));
    m_openUsed += size;
}

void OutputQueue::seal()
{
    if (m_openUsed > 0) {
        m_open.truncate(m_openUsed);
        m_pieces.push_back({std::move(m_open), true});
    } else if (!m_open.isNull()) {
        giveBack(std::move(m_open));
    }
    m_open = QByteArray();
    m_openUsed = 0;
}

void OutputQueue::clear()
{
    for (Piece &piece : m_pieces) {
        if (piece.own)
            giveBack(std::move(piece.bytes));
    }
    if (m_pieces.capacity() > KeptCapacity)
        std::vector<Piece>().swap(m_pieces);
    else
        m_pieces.clear();
    if (!m_open.isNull())
        giveBack(std::move(m_open));
    m_open = QByteArray();
    m_openUsed = 0;
    m_lastCapacity = 0;
    m_bytes = 0;
}

qint64 OutputQueue::sendTo(qintptr descriptor) const
{
    qint64 sent = 0;
#ifdef Q_OS_LINUX
    iovec vectors[PiecesPerCall];
    size_t count = 0;
    qint64 offered = 0;
    bool stopped = false;
    // Hands over what is gathered; false once the system takes no more.
    auto send = [&]() {
        msghdr message{};
        message.msg_iov = vectors;
        message.msg_iovlen = decltype(message.msg_iovlen)(count);
        const int flags = MSG_DONTWAIT | MSG_NOSIGNAL;
        ssize_t taken;
        do {
            taken = ::sendmsg(int(descriptor), &message, flags);
        } while (taken < 0 && errno == EINTR);
        if (taken > 0)
            sent += taken;
        // Full, or an error that Qt reports when it writes the rest.
        const bool all = taken == offered;
        count = 0;
        offered = 0;
        return all;
    };
    forEachPiece([&](const char *data, qsizetype size) {
        if (stopped)
            return;
        vectors[count].iov_base = const_cast<char *>(data);
        vectors[count].iov_len = size_t(size);
        offered += size;
        if (++count == PiecesPerCall)
            stopped = !send();
    });
    if (!stopped && count > 0)
        send();
#else
    Q_UNUSED(descriptor);
#endif
    return sent;
}
