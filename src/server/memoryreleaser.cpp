#include "memoryreleaser.h"

#include "processlimits.h"

#include <QAbstractEventDispatcher>
#include <QTimerEvent>

namespace {

// While busy, memory is looked at this often.
constexpr qint64 IntervalMs = 2'000;
// And this long after the loop last waited.
constexpr int QuietMs = 250;

} // namespace

MemoryReleaser::MemoryReleaser(QObject *parent)
    : QObject(parent)
{
    m_sinceRelease.start();
    if (QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance())
        connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this,
                &MemoryReleaser::onAboutToBlock);
}

void MemoryReleaser::onAboutToBlock()
{
    ++m_waits;
    if (m_sinceRelease.elapsed() >= IntervalMs) {
        release();
    } else if (m_waits > m_waitsAtRelease + 1) {
        // Something happened since the last look (the wait right after it is
        // its own): one more look once the loop has been quiet for a moment.
        m_later.start(QuietMs, Qt::CoarseTimer, this);
    }
}

void MemoryReleaser::release()
{
    m_later.stop();
    m_sinceRelease.restart();
    m_waitsAtRelease = m_waits;
    ProcessLimits::releaseFreeMemory();
}

void MemoryReleaser::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_later.timerId())
        release();
    else
        QObject::timerEvent(event);
}
