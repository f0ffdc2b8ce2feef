#pragma once

#include "protocol.h"

#include <QByteArray>
#include <QByteArrayView>

// Splits a byte stream into LF-terminated lines (frames), whatever the reads
// look like: a frame split across reads, many frames in one read.
//
// A frame may be at most maxFrameBytes long including its LF. The reader
// notices an oversized frame as soon as that many bytes have arrived without
// an LF, so it never holds more than one frame's worth of an unfinished line.
// A CR right before the LF is removed; empty and blank lines (only spaces,
// tabs or CRs) are skipped.
// Lines completed before an oversized one are still returned, then TooLarge.
class FrameReader
{
public:
    enum class Status {
        Frame,    // next() produced a frame
        NeedMore, // no complete frame buffered yet
        TooLarge, // a frame passed the limit (and every earlier frame was taken);
                  // the reader stays in this state
    };

    // maxFrameBytes == 0 means no limit.
    explicit FrameReader(qsizetype maxFrameBytes = Protocol::MaxFrameBytes);

    void append(QByteArrayView data);
    Status next(QByteArray &frame);

    // True when a complete line is buffered (it may still be a blank one).
    bool hasCompleteLine() const;
    // Bytes held and not yet returned as frames.
    qsizetype bufferedBytes() const { return m_buffer.size() - m_readPos; }
    bool isTooLarge() const { return m_tooLarge; }
    qsizetype maxFrameBytes() const { return m_maxFrameBytes; }
    void clear();

private:
    void compact();

    QByteArray m_buffer;
    qsizetype m_readPos = 0;
    qsizetype m_maxFrameBytes;
    // Index of the first byte after the last LF in m_buffer (start of the unfinished line).
    qsizetype m_tailStart = 0;
    bool m_tooLarge = false;
};
