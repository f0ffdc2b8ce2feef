#include "logrelay.h"

#include <QMutex>

#include <cstring>

namespace {

QMutex relayMutex;
LogRelay *currentRelay = nullptr; // guarded by relayMutex
QtMessageHandler previousHandler = nullptr;

} // namespace

LogRelay::LogRelay(QObject *parent)
    : QObject(parent)
{
    QMutexLocker locker(&relayMutex);
    if (currentRelay) {
        // One relay at a time: a second one stays silent rather than relay twice.
        locker.unlock();
        qWarning("LogRelay: another relay is active; this one relays nothing");
        return;
    }
    currentRelay = this;
    previousHandler = qInstallMessageHandler(&LogRelay::handleMessage);
}

LogRelay::~LogRelay()
{
    QMutexLocker locker(&relayMutex);
    if (currentRelay != this)
        return;
    // Put the previous handler back, unless someone installed another since.
    const QtMessageHandler current = qInstallMessageHandler(previousHandler);
    if (current != &LogRelay::handleMessage)
        qInstallMessageHandler(current);
    currentRelay = nullptr;
}

void LogRelay::handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    {
        QMutexLocker locker(&relayMutex);
        if (currentRelay && context.category && std::strncmp(context.category, "qtchat", 6) == 0) {
            LogRelay *relay = currentRelay;
            const QDateTime now = QDateTime::currentDateTime();
            // Queued even from the relay's own thread, so that the order is kept.
            QMetaObject::invokeMethod(
                    relay,
                    [relay, now, type, text] { Q_EMIT relay->messageLogged(now, type, text); },
                    Qt::QueuedConnection);
        }
    }
    if (previousHandler) // Qt 6 hands back its default handler when there was no other
        previousHandler(type, context, text);
}
