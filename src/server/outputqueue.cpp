#include "outputqueue.h"

#include <QtGlobal>

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

} // namespace

void OutputQueue::append(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    m_pieces.push_back(bytes); // shares the bytes
    m_bytes += bytes.size();
}

void OutputQueue::clear()
{
    if (m_pieces.capacity() > KeptCapacity)
        std::vector<QByteArray>().swap(m_pieces);
    else
        m_pieces.clear();
    m_bytes = 0;
}

qint64 OutputQueue::sendTo(qintptr descriptor) const
{
    qint64 sent = 0;
#ifdef Q_OS_LINUX
    iovec vectors[PiecesPerCall];
    size_t next = 0;
    while (next < m_pieces.size()) {
        size_t count = 0;
        qint64 offered = 0;
        for (; count < PiecesPerCall && next + count < m_pieces.size(); ++count) {
            const QByteArray &piece = m_pieces[next + count];
            vectors[count].iov_base = const_cast<char *>(piece.constData());
            vectors[count].iov_len = size_t(piece.size());
            offered += piece.size();
        }
        msghdr message{};
        message.msg_iov = vectors;
        message.msg_iovlen = decltype(message.msg_iovlen)(count);
        const int flags = MSG_DONTWAIT | MSG_NOSIGNAL;
        ssize_t taken;
        do {
            taken = ::sendmsg(int(descriptor), &message, flags);
        } while (taken < 0 && errno == EINTR);
        if (taken <= 0)
            break; // full, or an error that Qt reports when it writes the rest
        sent += taken;
        if (taken < offered)
            break;
        next += count;
    }
#else
    Q_UNUSED(descriptor);
#endif
    return sent;
}
