#pragma once

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QObject>

// Gives memory freed after a busy moment (a join storm, a crowd leaving)
// back to the system, when the event loop is about to wait: every couple of
// seconds while busy, once a quarter of a second after it goes quiet, and
// never while it stays idle (no timer wakes an idle server).
class MemoryReleaser : public QObject
{
    Q_OBJECT

public:
    explicit MemoryReleaser(QObject *parent = nullptr);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void onAboutToBlock();
    void release();

    QElapsedTimer m_sinceRelease;
    QBasicTimer m_later;          // a last look after the loop went quiet
    quint64 m_waits = 0;          // times the loop was about to wait
    quint64 m_waitsAtRelease = 0; // ... at the last look
};
