#pragma once

#include "chatserver.h"
#include "signalwatcher.h"

#include <QObject>

// qtchat-server --no-gui: runs a ChatServer with no display, says where
// people can connect, logs every event and stops cleanly on SIGINT/SIGTERM.
class HeadlessServer : public QObject
{
    Q_OBJECT

public:
    explicit HeadlessServer(const ServerConfig &config, QObject *parent = nullptr);

    // Starts listening; on failure explains why on standard error.
    bool start();

private:
    void onShutdownRequested(const QString &signalName);

    ChatServer m_server;
    SignalWatcher m_signals;
    bool m_stopping = false;
};
