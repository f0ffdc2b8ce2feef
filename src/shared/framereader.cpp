#include "framereader.h"

#include <cstring>

namespace {

bool isBlank(const char *begin, qsizetype size)
{
    for (qsizetype i = 0; i < size; ++i) {
        const char c = begin[i];
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    }
    return true;
}

} // namespace

FrameReader::FrameReader(qsizetype maxFrameBytes)
    : m_maxFrameBytes(maxFrameBytes)
{}

void FrameReader::append(QByteArrayView data)
{
    if (m_tooLarge || data.isEmpty())
        return;
    const qsizetype oldSize = m_buffer.size();
    m_buffer.append(data.data(), data.size());
    const qsizetype lastLf = QByteArrayView(data).lastIndexOf('\n');
    if (lastLf >= 0)
        m_tailStart = oldSize + lastLf + 1;
    // The unfinished line already holds maxFrameBytes without an LF: with its
    // LF it would be longer than allowed, so there is no point waiting for it.
    if (m_maxFrameBytes > 0 && m_buffer.size() - m_tailStart >= m_maxFrameBytes) {
        // Lines completed before it can still be taken; the oversized one is dropped.
        m_buffer.truncate(m_tailStart);
        m_tooLarge = true;
    }
}

bool FrameReader::hasCompleteLine() const
{
    return m_tailStart > m_readPos;
}

FrameReader::Status FrameReader::next(QByteArray &frame)
{
    while (m_readPos < m_tailStart) {
        const char *begin = m_buffer.constData() + m_readPos;
        const auto *lf =
                static_cast<const char *>(std::memchr(begin, '\n', m_tailStart - m_readPos));
        Q_ASSERT(lf);                          // m_tailStart is just past an LF
        const qsizetype lineSize = lf - begin; // without the LF
        m_readPos += lineSize + 1;
        if (m_maxFrameBytes > 0 && lineSize + 1 > m_maxFrameBytes) {
            clear();
            m_tooLarge = true;
            break;
        }
        if (isBlank(begin, lineSize))
            continue;
        const qsizetype frameSize = (begin[lineSize - 1] == '\r') ? lineSize - 1 : lineSize;
        frame = QByteArray(begin, frameSize);
        compact();
        return Status::Frame;
    }
    compact();
    return m_tooLarge ? Status::TooLarge : Status::NeedMore;
}

void FrameReader::compact()
{
    if (m_readPos == 0)
        return;
    if (m_readPos == m_buffer.size()) {
        m_buffer.clear();
        m_readPos = m_tailStart = 0;
        return;
    }
    // Drop consumed bytes once they are the larger part of the buffer.
    if (m_readPos >= 4096 && m_readPos * 2 >= m_buffer.size()) {
        m_buffer.remove(0, m_readPos);
        m_tailStart -= m_readPos;
        m_readPos = 0;
    }
}

void FrameReader::clear()
{
    m_buffer.clear();
    m_readPos = 0;
    m_tailStart = 0;
    m_tooLarge = false;
}
