#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGINT and SIGTERM (Ctrl+C and console close on Windows) into a Qt
// signal, delivered from the event loop, so the server can shut down
// cleanly. One watcher at a time.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void shutdownRequested(const QString &signalName);

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};
