#include "headlessserver.h"

#include "consoleinput.h"
#include "networkaddresses.h"
#include "processlimits.h"
#include "serverlogging.h"
#include "serveroptions.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

namespace {

QString listenHint(QAbstractSocket::SocketError error, const ServerConfig &config)
{
    switch (error) {
    case QAbstractSocket::AddressInUseError:
        return QStringLiteral("Another program (perhaps another qtchat-server) is using port %1. "
                              "Stop it, or choose another port with --port.")
                .arg(config.port);
    case QAbstractSocket::SocketAddressNotAvailableError:
        return ServerOptions::describeHost(config.host) +
               u" is not an address of this computer. Use one of its addresses, or give no "
               u"address to listen on all interfaces.";
    case QAbstractSocket::SocketAccessError:
        return QStringLiteral("Ports below 1024 need administrator rights; choose a port above "
                              "1024 with --port.");
    default:
        return QString();
    }
}

} // namespace

HeadlessServer::HeadlessServer(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_server(config)
    , m_console(&m_server)
{
    connect(&m_signals, &SignalWatcher::shutdownRequested, this,
            &HeadlessServer::onShutdownRequested);
    connect(&m_server, &ChatServer::shutdownFinished, this, [] {
        qCInfo(lcServer) << "stopped";
        QCoreApplication::exit(0);
    });
}

bool HeadlessServer::start()
{
    const ServerConfig &config = m_server.config();
    if (!m_server.listen()) {
        const QString where =
                ServerOptions::describeHost(config.host) + u" port " + QString::number(config.port);
        QString message = u"qtchat-server: cannot listen on " + where + u": " +
                          m_server.errorString() + u'\n';
        const QString hint = listenHint(m_server.listenError(), config);
        if (!hint.isEmpty())
            message += hint + u'\n';
        std::fputs(message.toLocal8Bit().constData(), stderr);
        return false;
    }
    const quint16 port = m_server.serverPort();
    qCInfo(lcServer).noquote() << "qtchat-server" << QTCHAT_VERSION << "listening on"
                               << ServerOptions::describeHost(config.host) + u", port " +
                                          QString::number(port);
    const QList<QHostAddress> addresses = NetworkAddresses::reachableAddresses(config.host);
    for (const QHostAddress &address : addresses) {
        const QString where = address.isLoopback() ? QStringLiteral("from this computer")
                              : NetworkAddresses::isPrivateLan(address)
                                      ? QStringLiteral("from your network")
                                      : QStringLiteral("from your network or the internet");
        qCInfo(lcServer).noquote()
                << "  connect" << where << "to" << address.toString() << "port" << port;
    }
    // Commands on standard input; a service's (closed, or /dev/null) just ends.
    m_input = new ConsoleInput(this);
    connect(m_input, &ConsoleInput::lineRead, this, &HeadlessServer::executeCommand);
    if (ConsoleInput::isInteractive())
        qCInfo(lcServer) << "type /help for the operator's commands, or press Ctrl+C to stop";
    else
        qCInfo(lcServer) << "press Ctrl+C to stop";

    // Every connection needs a file descriptor.
    const qint64 files = ProcessLimits::raiseOpenFileLimit();
    if (files > 0 && config.maxClients > 0 && files < config.maxClients + 32) {
        qCWarning(lcServer).noquote()
                << "this process may only open" << files << "files, too few for --max-clients"
                << config.maxClients << "; raise the limit (ulimit -n) or lower --max-clients";
    }
    return true;
}

bool HeadlessServer::executeCommand(const QString &line)
{
    if (m_stopping)
        return false;
    const OperatorConsole::Result result = m_console.execute(line);
    for (const QString &answer : result.lines)
        std::fputs((answer + u'\n').toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
    if (result.quit) {
        stop(result.quitReason);
        return false;
    }
    return true;
}

void HeadlessServer::onShutdownRequested(const QString &signalName)
{
    if (m_stopping) {
        qCInfo(lcServer).noquote() << signalName << "again: stopping now";
        QCoreApplication::exit(130);
        return;
    }
    qCInfo(lcServer).noquote() << "received" << signalName;
    stop(QString());
}

void HeadlessServer::stop(const QString &reason)
{
    if (m_stopping)
        return;
    m_stopping = true;
    if (m_input)
        m_input->disconnect(this);
    m_server.shutdown(reason);
    // Clients get a little time to receive the reason; then we go regardless.
    QTimer::singleShot(m_server.config().lingerMs + 1000, this, [] {
        qCInfo(lcServer) << "stopped (some connections did not close in time)";
        QCoreApplication::exit(0);
    });
}
