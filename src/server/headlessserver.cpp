#include "headlessserver.h"

#include "chatserver.h"
#include "consoleinput.h"
#include "networkaddresses.h"
#include "operatorconsole.h"
#include "servercertificate.h"
#include "serverlogging.h"
#include "serveroptions.h"

#include <QCoreApplication>

#include <cstdio>

HeadlessServer::HeadlessServer(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_host(config)
{
    connect(&m_signals, &SignalWatcher::shutdownRequested, this,
            &HeadlessServer::onShutdownRequested);
    connect(&m_host, &ServerHost::stopped, this, [](bool) { QCoreApplication::exit(0); });
}

HeadlessServer::~HeadlessServer() = default;

QString HeadlessServer::listenHint() const
{
    const ServerConfig &config = m_host.config();
    switch (m_host.listenFailure()) {
    case ServerHost::ListenFailure::PortInUse:
        return QStringLiteral("Another program (perhaps another qtchat-server) is using port %1. "
                              "Stop it, or choose another port with --port.")
                .arg(config.port);
    case ServerHost::ListenFailure::AddressNotHere:
        return ServerOptions::describeHost(config.host) +
               u" is not an address of this computer. Use one of its addresses, or give no "
               u"address to listen on all interfaces.";
    case ServerHost::ListenFailure::NeedsPrivileges:
        return QStringLiteral("Ports below 1024 need administrator rights; choose a port above "
                              "1024 with --port.");
    case ServerHost::ListenFailure::None:
    case ServerHost::ListenFailure::InvalidSettings:
    case ServerHost::ListenFailure::Other:
        break;
    }
    return QString();
}

bool HeadlessServer::start()
{
    const ServerConfig &config = m_host.config();
    if (!m_host.start()) {
        QString message;
        if (m_host.listenFailure() == ServerHost::ListenFailure::InvalidSettings) {
            message = u"qtchat-server: " + m_host.errorString() + u'\n';
        } else {
            const QString where = ServerOptions::describeHost(config.host) + u" port " +
                                  QString::number(config.port);
            message = u"qtchat-server: cannot listen on " + where + u": " + m_host.errorString() +
                      u'\n';
            const QString hint = listenHint();
            if (!hint.isEmpty())
                message += hint + u'\n';
        }
        std::fputs(message.toLocal8Bit().constData(), stderr);
        return false;
    }
    const quint16 port = m_host.serverPort();
    const QList<QHostAddress> addresses = m_host.addresses();
    for (const QHostAddress &address : addresses) {
        QString where;
        switch (NetworkAddresses::reach(address)) {
        case NetworkAddresses::Reach::ThisComputer:
            where = QStringLiteral("from this computer");
            break;
        case NetworkAddresses::Reach::Network:
            where = QStringLiteral("from your network");
            break;
        case NetworkAddresses::Reach::NetworkOrInternet:
            where = QStringLiteral("from your network or the internet");
            break;
        }
        qCInfo(lcServer).noquote()
                << "  connect" << where << "to" << address.toString() << "port" << port;
    }
    // What clients that trust on first use see, to check it by another way.
    const ServerCertificate &certificate = m_host.server()->tlsCertificate();
    qCInfo(lcServer).noquote() << "TLS on the same port; certificate fingerprint (SHA-256)"
                               << certificate.fingerprint();
    QString origin;
    if (!certificate.isSelfSigned())
        origin = u"(from " + certificate.certificatePath() + u')';
    else if (certificate.certificatePath().isEmpty())
        origin = QStringLiteral("(made by this server for this run)");
    else
        origin = u"(made by this server, kept in " + certificate.certificatePath() + u')';
    qCInfo(lcServer).noquote() << "  read out:" << certificate.shortFingerprint() << origin;
    m_console = std::make_unique<OperatorConsole>(m_host.server());
    // Commands on standard input; a service's (closed, or /dev/null) just ends.
    m_input = new ConsoleInput(this);
    connect(m_input, &ConsoleInput::lineRead, this, &HeadlessServer::executeCommand);
    if (ConsoleInput::isInteractive())
        qCInfo(lcServer) << "type /help for the operator's commands, or press Ctrl+C to stop";
    else
        qCInfo(lcServer) << "press Ctrl+C to stop";
    return true;
}

bool HeadlessServer::executeCommand(const QString &line)
{
    if (!m_host.isRunning())
        return false;
    const OperatorConsole::Result result = m_console->execute(line);
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
    if (m_host.state() == ServerHost::State::Stopping) {
        qCInfo(lcServer).noquote() << signalName << "again: stopping now";
        QCoreApplication::exit(130);
        return;
    }
    qCInfo(lcServer).noquote() << "received" << signalName;
    stop(QString());
}

void HeadlessServer::stop(const QString &reason)
{
    if (m_input)
        m_input->disconnect(this);
    if (m_host.isRunning())
        m_host.stop(reason);
    else
        QCoreApplication::exit(0);
}
