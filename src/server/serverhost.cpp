#include "serverhost.h"

#include "banfile.h"
#include "banlist.h"
#include "chatserver.h"
#include "networkaddresses.h"
#include "processlimits.h"
#include "serverannouncement.h"
#include "serverlogging.h"
#include "serveroptions.h"

#include <QTimer>

namespace {

// Files a server needs besides its connections: the history, the log, the
// listening socket, the event loop's own.
constexpr qint64 FilesBesidesConnections = 32;

ServerHost::ListenFailure failureFor(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::AddressInUseError:
        return ServerHost::ListenFailure::PortInUse;
    case QAbstractSocket::SocketAddressNotAvailableError:
        return ServerHost::ListenFailure::AddressNotHere;
    case QAbstractSocket::SocketAccessError:
        return ServerHost::ListenFailure::NeedsPrivileges;
    default:
        return ServerHost::ListenFailure::Other;
    }
}

BanList banListOf(const QStringList &entries)
{
    BanList list;
    for (const QString &entry : entries)
        list.add(entry);
    return list;
}

} // namespace

ServerHost::ServerHost(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_stopTimeout(new QTimer(this))
{
    m_stopTimeout->setSingleShot(true);
    connect(m_stopTimeout, &QTimer::timeout, this, [this] {
        qCInfo(lcServer) << "some connections did not close in time; stopping anyway";
        finishStopping(false);
    });
}

ServerHost::~ServerHost()
{
    delete m_server; // a clean stop: what was said is written
}

void ServerHost::setConfig(const ServerConfig &config)
{
    m_config = config;
}

bool ServerHost::start()
{
    if (m_state != State::Stopped)
        return false;
    m_failure = ListenFailure::None;
    m_errorString = m_config.validate();
    if (!m_errorString.isEmpty()) {
        m_failure = ListenFailure::InvalidSettings;
        return false;
    }
    auto *server = new ChatServer(m_config, this);
    if (!server->listen()) {
        m_failure = failureFor(server->listenError());
        m_errorString = server->errorString();
        qCWarning(lcServer).noquote()
                << "cannot listen on" << ServerOptions::describeHost(m_config.host) << "port"
                << (server->ircPortFailed() ? m_config.ircPort : m_config.port) << ":"
                << m_errorString;
        delete server;
        return false;
    }
    m_server = server;
    connect(m_server, &ChatServer::bansChanged, this, &ServerHost::bansChanged);
    connect(m_server, &ChatServer::shutdownFinished, this, [this] { finishStopping(true); });
    qCInfo(lcServer).noquote() << "qtchat-server" << QTCHAT_VERSION << "listening on"
                               << ServerOptions::describeHost(m_config.host) + u", port " +
                                          QString::number(m_server->serverPort());
    if (m_server->ircPort() != 0)
        qCInfo(lcServer).noquote()
                << "IRC clients on port" << m_server->ircPort() << "(plain or TLS)";

    // Every connection needs a file descriptor.
    m_openFiles = ProcessLimits::raiseOpenFileLimit();
    if (hasTooFewFiles()) {
        qCWarning(lcServer).noquote()
                << "this process may only open" << m_openFiles << "files, too few for"
                << m_config.maxClients
                << "clients at once; raise the limit (ulimit -n) or lower the most clients";
    }
    setState(State::Running);
    startAnnouncing();
    Q_EMIT bansChanged(); // the running server's now
    Q_EMIT started();
    return true;
}

QList<QHostAddress> ServerHost::addresses() const
{
    if (!m_server)
        return {};
    return NetworkAddresses::reachableAddresses(m_server->serverAddress());
}

QHostAddress ServerHost::serverAddress() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

quint16 ServerHost::ircPort() const
{
    return m_server ? m_server->ircPort() : 0;
}

quint16 ServerHost::serverPort() const
{
    return m_server ? m_server->serverPort() : 0;
}

bool ServerHost::hasTooFewFiles() const
{
    return m_openFiles > 0 && m_config.maxClients > 0 &&
           m_openFiles < m_config.maxClients + FilesBesidesConnections;
}

QStringList ServerHost::bans() const
{
    if (m_server)
        return m_server->bans();
    BanList all = banListOf(m_config.bans);
    const BanFile::Contents saved = BanFile::read(ChatServer::banFile(m_config));
    for (const QString &entry : saved.entries)
        all.add(entry);
    return all.entries();
}

bool ServerHost::isConfiguredBan(const QString &entry) const
{
    if (m_server)
        return m_server->isConfiguredBan(entry);
    return banListOf(m_config.bans).contains(entry);
}

bool ServerHost::canChangeBans() const
{
    return m_state == State::Running ||
           (m_state == State::Stopped && !ChatServer::banFile(m_config).isEmpty());
}

QString ServerHost::addBan(const QString &entry)
{
    if (m_state == State::Running)
        return m_server->ban(entry);
    if (m_state == State::Stopping)
        return QStringLiteral("the server is stopping");
    const QString problem = changeSavedBans(entry, QString());
    if (problem.isEmpty())
        Q_EMIT bansChanged();
    return problem;
}

ServerHost::Unban ServerHost::removeBan(const QString &entry, QString *problem)
{
    if (m_state == State::Running)
        return m_server->unban(entry) ? Unban::Lifted : Unban::NotBanned;
    if (isConfiguredBan(entry))
        return Unban::Configured;
    if (!bans().contains(entry))
        return Unban::NotBanned;
    const QString why = m_state == State::Stopping ? QStringLiteral("the server is stopping")
                                                   : changeSavedBans(QString(), entry);
    if (!why.isEmpty()) {
        if (problem)
            *problem = why;
        return Unban::Failed;
    }
    Q_EMIT bansChanged();
    return Unban::Lifted;
}

QString ServerHost::changeSavedBans(const QString &add, const QString &remove)
{
    const QString path = ChatServer::banFile(m_config);
    if (path.isEmpty())
        return QStringLiteral("there is no data folder to keep bans in");
    const BanFile::Contents saved = BanFile::read(path);
    if (!saved.error.isEmpty())
        return saved.error;
    BanList list = banListOf(saved.entries);
    if (!add.isEmpty()) {
        const QString problem = list.add(add);
        if (!problem.isEmpty())
            return problem;
    }
    if (!remove.isEmpty())
        list.remove(remove);
    return BanFile::write(path, list.entries());
}

void ServerHost::stop(const QString &reason)
{
    if (m_state != State::Running)
        return;
    setState(State::Stopping);
    // Goodbye to the network first: no one is sent to a server going away.
    if (m_announcement) {
        m_announcement->stop();
        delete m_announcement;
        m_announcement = nullptr;
        Q_EMIT announcementChanged();
    }
    // Clients get a little time to receive the reason; then it stops regardless.
    m_stopTimeout->start(m_server->config().lingerMs + 1000);
    m_server->shutdown(reason);
}

void ServerHost::finishStopping(bool clean)
{
    if (!m_server || m_state != State::Stopping)
        return;
    m_stopTimeout->stop();
    m_server->disconnect(this);
    m_server->deleteLater();
    m_server = nullptr;
    qCInfo(lcServer) << "stopped";
    setState(State::Stopped);
    Q_EMIT bansChanged(); // those of the next start now
    Q_EMIT stopped(clean);
}

void ServerHost::startAnnouncing()
{
    m_announcementError.clear();
    if (!m_config.announce)
        return;
    // Other computers cannot reach a server that listens on loopback: the
    // network is not told of it (the suite's own servers, a benchmark).
    if (m_server->serverAddress().isLoopback()) {
        m_announcementError = QStringLiteral("it listens on this computer only (%1), so other "
                                             "computers could not connect")
                                      .arg(m_server->serverAddress().toString());
        qCInfo(lcServer).noquote() << "not announced on the local network:" << m_announcementError;
        Q_EMIT announcementChanged();
        return;
    }
    m_announcement = new ServerAnnouncement(m_server, m_config.announceName, this);
    connect(m_announcement, &ServerAnnouncement::changed, this, [this] {
        if (m_announcement && m_announcement->isAnnounced()) {
            qCInfo(lcServer).noquote()
                    << QString(u"announced on the local network as \"" +
                               m_announcement->instanceName() + u"\" (_qtchat._tcp) on")
                    << (m_announcement->interfaces().isEmpty()
                                ? QStringLiteral("no interface yet")
                                : m_announcement->interfaces().join(QLatin1String(", ")));
        }
        Q_EMIT announcementChanged();
    });
    if (!m_announcement->start()) {
        m_announcementError = m_announcement->errorString();
        delete m_announcement;
        m_announcement = nullptr;
        qCWarning(lcServer).noquote()
                << "not announced on the local network:" << m_announcementError
                << "(clients must be given the address)";
    }
    Q_EMIT announcementChanged();
}

ServerHost::Announcement ServerHost::announcement() const
{
    if (m_announcement)
        return m_announcement->isAnnounced() ? Announcement::Announced : Announcement::Probing;
    return m_announcementError.isEmpty() ? Announcement::Off : Announcement::Failed;
}

QString ServerHost::announcedName() const
{
    return m_announcement ? m_announcement->instanceName() : QString();
}

QStringList ServerHost::announcedInterfaces() const
{
    return m_announcement ? m_announcement->interfaces() : QStringList();
}

void ServerHost::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}
