#pragma once

#include <QByteArray>

#include <vector>

// Bytes waiting to be sent to one connection. Large pieces (a long list of
// people, a page of history) are kept as they were written: the encoded
// bytes are shared by every member's queue, never copied. Small ones (a
// chat message, a join) are copied one after the other into a buffer of the
// queue's own, which costs less than sharing them and gives the system a
// few long pieces instead of hundreds of short ones. The system takes a
// whole queue in one call.
class OutputQueue
{
public:
    // Pieces up to this size are copied; larger ones are shared.
    static constexpr qsizetype CopiedUpTo = 1024;

    void append(const QByteArray &bytes);
    qint64 size() const { return m_bytes; }
    bool isEmpty() const { return m_bytes == 0; }
    // How many pieces the system is handed (shared ones and own buffers).
    qsizetype pieceCount() const { return qsizetype(m_pieces.size()) + (m_openUsed > 0 ? 1 : 0); }
    void clear();

    // Hands the queue to the socket without waiting and returns how many
    // bytes it took (0 when it takes none now, or on an error). The queue
    // is not changed. Linux only (elsewhere it sends nothing, and Qt does).
    qint64 sendTo(qintptr descriptor) const;
    // Calls write(data, size) for what follows the first `skip` bytes, in
    // order, then empties the queue.
    template<typename Write>
    void takeRest(qint64 skip, Write &&write)
    {
        forEachPiece([&](const char *data, qsizetype size) {
            if (skip >= size) {
                skip -= size;
                return;
            }
            write(data + skip, size - skip);
            skip = 0;
        });
        clear();
    }

private:
    // Calls visit(data, size) for each piece in order.
    template<typename Visit>
    void forEachPiece(Visit &&visit) const
    {
        for (const Piece &each : m_pieces)
            visit(each.bytes.constData(), each.bytes.size());
        if (m_openUsed > 0)
            visit(m_open.constData(), m_openUsed);
    }
    // The buffer being filled becomes a piece like the others.
    void seal();
    // Own buffers come from, and go back to, a few kept for all queues: a
    // pass's output needs no allocation, and an idle connection holds none.
    static QByteArray takeBuffer(qsizetype capacity);
    static void giveBack(QByteArray &&buffer);

    struct Piece
    {
        QByteArray bytes;
        bool own; // a buffer of this queue's (else shared with others)
    };
    std::vector<Piece> m_pieces; // in order, before the open buffer
    // The queue's own buffer being filled (its size is its capacity; the
    // first m_openUsed bytes are queued), logically after m_pieces.
    QByteArray m_open;
    qsizetype m_openUsed = 0;
    qsizetype m_lastCapacity = 0; // of the last own buffer (0: none yet)
    qint64 m_bytes = 0;
};
