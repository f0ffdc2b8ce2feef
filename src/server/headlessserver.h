#pragma once

#include "serverhost.h"
#include "signalwatcher.h"

#include <QObject>

#include <memory>

class ConsoleInput;
class OperatorConsole;

// qtchat-server --no-gui: runs a ServerHost with no display, says where
// people can connect, logs every event, takes the operator's commands on
// standard input (/help) and stops cleanly on SIGINT/SIGTERM or /quit.
class HeadlessServer : public QObject
{
    Q_OBJECT

public:
    explicit HeadlessServer(const ServerConfig &config, QObject *parent = nullptr);
    ~HeadlessServer() override;

    // Starts listening; on failure explains why on standard error.
    bool start();

private:
    void onShutdownRequested(const QString &signalName);
    void stop(const QString &reason);
    // Runs one line typed by the operator; false once it asked to stop.
    bool executeCommand(const QString &line);
    // Why listening failed, and what to do about it, for the operator.
    QString listenHint() const;

    ServerHost m_host;
    std::unique_ptr<OperatorConsole> m_console;
    SignalWatcher m_signals;
    ConsoleInput *m_input = nullptr;
};
