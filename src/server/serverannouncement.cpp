#include "serverannouncement.h"

#include "chatserver.h"
#include "servercertificate.h"

#include <QSysInfo>

ServerAnnouncement::ServerAnnouncement(ChatServer *server, const QString &instanceName,
                                       QObject *parent)
    : QObject(parent)
    , m_server(server)
{
    m_announcer.setService(ServiceType, server->serverPort());
    m_announcer.setInstanceName(instanceName.trimmed().isEmpty() ? defaultInstanceName()
                                                                 : instanceName);
    m_announcer.setTxt(txtOf(*server));
    // Queued: the count is read once the server has counted them.
    connect(server, &ChatServer::userJoined, this, &ServerAnnouncement::updateTxt,
            Qt::QueuedConnection);
    connect(server, &ChatServer::userLeft, this, &ServerAnnouncement::updateTxt,
            Qt::QueuedConnection);
    connect(&m_announcer, &ServiceAnnouncer::stateChanged, this, &ServerAnnouncement::changed);
    connect(&m_announcer, &ServiceAnnouncer::instanceNameChanged, this,
            &ServerAnnouncement::changed);
    connect(&m_announcer, &ServiceAnnouncer::interfacesChanged, this, &ServerAnnouncement::changed);
}

bool ServerAnnouncement::start()
{
    return m_announcer.start();
}

void ServerAnnouncement::stop()
{
    m_announcer.stop();
}

bool ServerAnnouncement::isAnnounced() const
{
    return m_announcer.state() == ServiceAnnouncer::State::Announced;
}

QString ServerAnnouncement::defaultInstanceName()
{
    QString computer = QSysInfo::machineHostName().section(QLatin1Char('.'), 0, 0);
    if (computer.isEmpty())
        computer = QSysInfo::prettyProductName();
    return tr("qtchat on %1").arg(computer);
}

ServiceAnnouncer::TxtEntries ServerAnnouncement::txtOf(const ChatServer &server)
{
    ServiceAnnouncer::TxtEntries entries;
    entries.append(qMakePair(QByteArray("protocol"), QByteArray("1")));
    const QString fingerprint = server.tlsCertificate().fingerprint();
    if (!fingerprint.isEmpty()) {
        entries.append(qMakePair(QByteArray("tls"), QByteArray("1")));
        entries.append(qMakePair(QByteArray("fp"),
                                 fingerprint.toLatin1().replace(':', QByteArray()).left(16)));
    }
    if (!server.config().password.isEmpty())
        entries.append(qMakePair(QByteArray("password"), QByteArray("1")));
    if (server.ircPort() != 0)
        entries.append(qMakePair(QByteArray("irc"), QByteArray::number(server.ircPort())));
    entries.append(qMakePair(QByteArray("users"), QByteArray::number(server.userCount())));
    return entries;
}

void ServerAnnouncement::updateTxt()
{
    m_announcer.setTxt(txtOf(*m_server));
}
