#include "waituntil.h"

#include <QAbstractSocket>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

bool waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs, Qt::PreciseTimer);
    QTimer wakeUp; // an event at the deadline, so that waiting ends then
    wakeUp.setSingleShot(true);
    wakeUp.setTimerType(Qt::PreciseTimer);
    while (!condition()) {
        const qint64 remaining = deadline.remainingTime();
        if (remaining <= 0)
            return condition();
        if (!wakeUp.isActive())
            wakeUp.start(int(remaining));
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    return true;
}

bool connectAndWait(QAbstractSocket *socket, quint16 port, const QHostAddress &host)
{
    socket->connectToHost(host, port);
    waitUntil([socket] {
        return socket->state() == QAbstractSocket::ConnectedState ||
               socket->state() == QAbstractSocket::UnconnectedState;
    });
    return socket->state() == QAbstractSocket::ConnectedState;
}

bool waitForUnconnected(QAbstractSocket *socket, int timeoutMs)
{
    return waitUntil([socket] { return socket->state() == QAbstractSocket::UnconnectedState; },
                     timeoutMs);
}
