#pragma once

#include <QByteArray>

#include <vector>

// Bytes waiting to be sent to one connection, kept as the pieces they were
// written in: the encoded frame of a broadcast is shared by every member's
// queue, never copied, and the system takes a whole queue in one call.
class OutputQueue
{
public:
    void append(const QByteArray &bytes);
    qint64 size() const { return m_bytes; }
    bool isEmpty() const { return m_bytes == 0; }
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
        for (const QByteArray &piece : m_pieces) {
            if (skip >= piece.size()) {
                skip -= piece.size();
                continue;
            }
            write(piece.constData() + skip, piece.size() - skip);
            skip = 0;
        }
        clear();
    }

private:
    std::vector<QByteArray> m_pieces;
    qint64 m_bytes = 0;
};
