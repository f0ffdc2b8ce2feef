#include "chatserver.h"

#include "admission.h"
#include "chatservice.h"
#include "clientsession.h"
#include "connectionlistener.h"
#include "historypipeline.h"
#include "memoryreleaser.h"
#include "moderation.h"
#include "nicknames.h"
#include "outputbatch.h"
#include "roomregistry.h"
#include "router.h"
#include "serverlogging.h"
#include "tlscontext.h"
#include "transport.h"

#include <QDateTime>
#include <QNetworkInterface>
#include <QSysInfo>
#include <QTcpSocket>

#include <algorithm>

using namespace Protocol;

ChatServer::ChatServer(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_listener(new ConnectionListener(this))
    , m_ircListener(new ConnectionListener(this))
    , m_output(new OutputBatch(this))
    , m_history(std::make_unique<HistoryPipeline>(m_config))
    , m_router(std::make_unique<Router>(*m_history))
    , m_rooms(std::make_unique<RoomRegistry>(m_config.defaultRoom, m_config.maxRooms))
    , m_nicknames(std::make_unique<Nicknames>())
    , m_admission(std::make_unique<Admission>(m_config))
    , m_service(std::make_unique<ChatService>(m_config, *m_rooms, *m_nicknames, *m_router,
                                              *m_history))
    , m_moderation(std::make_unique<Moderation>(*m_nicknames, *m_admission, m_sessions))
{
    connect(m_history.get(), &HistoryPipeline::written, this, &ChatServer::onHistoryWritten);
    connect(m_admission.get(), &Admission::bansChanged, this, &ChatServer::bansChanged);
    connect(m_service.get(), &ChatService::userJoined, this, &ChatServer::userJoined);
    connect(m_service.get(), &ChatService::userLeft, this, &ChatServer::userLeft);
    connect(m_service.get(), &ChatService::userRenamed, this, &ChatServer::userRenamed);
    connect(m_service.get(), &ChatService::messagePosted, this, &ChatServer::messagePosted);
    connect(m_service.get(), &ChatService::connectionRefused, this, &ChatServer::connectionRefused);
    connect(m_service.get(), &ChatService::noticeSent, this, &ChatServer::noticeSent);
    connect(m_service.get(), &ChatService::roomsChanged, this, &ChatServer::roomsChanged);
    m_directory.nicknames = m_nicknames.get();
    m_directory.rooms = m_rooms.get();
    m_directory.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    connect(m_listener, &ConnectionListener::connectionAccepted, this,
            [this](QTcpSocket *socket) { acceptConnection(socket, false); });
    connect(m_ircListener, &ConnectionListener::connectionAccepted, this,
            [this](QTcpSocket *socket) { acceptConnection(socket, true); });
    for (ConnectionListener *listener : {m_listener, m_ircListener}) {
        connect(listener, &ConnectionListener::acceptPaused, this, [](const QString &reason) {
            qCWarning(lcServer).noquote() << "cannot accept connections:" << reason
                                          << "(new connections wait until some close)";
        });
        connect(listener, &ConnectionListener::acceptResumed, this,
                [] { qCInfo(lcServer) << "accepting connections again"; });
    }
    new MemoryReleaser(this);
    m_service->restoreRooms();
}

ChatServer::~ChatServer()
{
    m_history->commitNow(); // nothing acknowledged is lost on a clean stop
}

void ChatServer::onHistoryWritten()
{
    m_router->deliverWritten();
    m_output->flush(); // a whole batch: worth sending at once
}

QString ChatServer::banFile(const ServerConfig &config)
{
    return Admission::banFile(config);
}

int ChatServer::userCount() const
{
    return m_nicknames->size();
}

QList<UserInfo> ChatServer::users() const
{
    QList<UserInfo> users;
    for (const ClientSession *session : registeredInOrder())
        users.append({session->nick(), session->joinedAtMs()});
    return users;
}

QStringList ChatServer::bans() const
{
    return m_admission->bans();
}

bool ChatServer::isConfiguredBan(const QString &entry) const
{
    return m_admission->isConfiguredBan(entry);
}

const MessageHistory &ChatServer::history() const
{
    return m_history->history();
}

QString ChatServer::historyStatus() const
{
    return m_history->status();
}

HistoryStore *ChatServer::historyStore()
{
    return m_history->store();
}

QList<ChatServer::RoomSummary> ChatServer::rooms() const
{
    QList<RoomSummary> list;
    for (const ChatRoomPtr &room : m_rooms->rooms()) {
        RoomSummary summary{room->name(), room->topic().text, {}, room == m_rooms->defaultRoom()};
        for (const ClientSession *member : room->members())
            summary.members.append(member->nick());
        list.append(summary);
    }
    return list;
}

QString ChatServer::sendNoticeTo(const QString &room, const QString &text)
{
    return m_service->notice(text, room);
}

QString ChatServer::createRoom(const QString &name)
{
    return m_service->createRoom(name);
}

QString ChatServer::renameRoom(const QString &name, const QString &newName)
{
    return m_service->renameRoom(name, newName);
}

QString ChatServer::deleteRoom(const QString &name)
{
    return m_service->deleteRoom(name);
}

QString ChatServer::setTopic(const QString &room, const QString &text)
{
    return m_service->setTopic(room, text);
}

QString ChatServer::removeFromRoom(const QString &nick, const QString &room, const QString &reason)
{
    return m_service->removeFromRoom(nick, room, reason);
}

QList<ClientSession *> ChatServer::registeredInOrder() const
{
    QList<ClientSession *> sessions = m_nicknames->sessions();
    std::sort(sessions.begin(), sessions.end(), [](const ClientSession *a, const ClientSession *b) {
        return a->joinSequence() < b->joinSequence();
    });
    return sessions;
}

QList<ConnectionInfo> ChatServer::connections() const
{
    QList<ConnectionInfo> list;
    for (const ClientSession *member : registeredInOrder()) {
        QStringList rooms;
        for (const ChatRoomPtr &room : member->rooms())
            rooms.append(room->name());
        list.append({member->joinSequence(), member->nick(), member->peerAddress(),
                     member->peerLabel(), member->kind() == ClientSession::Kind::PlainText,
                     member->connectedAtMs(), member->messagesSent(), member->lastActivityMs(),
                     rooms, member->isEncrypted()});
    }
    return list;
}

bool ChatServer::listen()
{
    m_errorString.clear();
    if (m_listener->isListening())
        return true;
    if (!m_tls) {
        // A certificate is always there: the configured one, or our own. One
        // that cannot be used stops the start (never another one instead).
        ServerCertificate certificate;
        if (!m_config.tlsCertificatePath.isEmpty() || !m_config.tlsKeyPath.isEmpty())
            certificate =
                    ServerCertificate::fromFiles(m_config.tlsCertificatePath, m_config.tlsKeyPath);
        else if (!m_config.dataDir.isEmpty())
            certificate = ServerCertificate::selfSigned(m_config.dataDir, certificateNames());
        if (certificate.certificatePath().isEmpty() && !certificate.isValid() &&
            certificate.wasNotKept()) {
            // The data folder cannot keep one: chat goes on, with a new one each start.
            qCWarning(lcServer).noquote()
                    << "TLS:" << certificate.errorString()
                    << "- a new certificate is made at every start, and clients that trusted the "
                       "last one are asked to trust it again";
            certificate = ServerCertificate();
        }
        if (certificate.certificatePem().isEmpty() && certificate.errorString().isEmpty())
            certificate = ServerCertificate::makeSelfSigned(certificateNames());
        QString error;
        m_tls = TlsContext::create(certificate, &error);
        if (!m_tls) {
            m_errorString = u"TLS certificate: " + error;
            m_listenError = QAbstractSocket::UnknownSocketError;
            return false;
        }
    }
    if (!m_listener->listen(m_config.host, m_config.port)) {
        m_errorString = m_listener->errorString();
        m_listenError = m_listener->error();
        return false;
    }
    if (m_config.irc && !m_ircListener->listen(m_config.host, m_config.ircPort)) {
        m_errorString = u"IRC port " + QString::number(m_config.ircPort) + u": " +
                        m_ircListener->errorString();
        m_listenError = m_ircListener->error();
        m_ircFailed = true;
        m_listener->close();
        return false;
    }
    m_shuttingDown = false;
    return true;
}

bool ChatServer::isListening() const
{
    return m_listener->isListening();
}

QHostAddress ChatServer::serverAddress() const
{
    return m_listener->serverAddress();
}

quint16 ChatServer::serverPort() const
{
    return m_listener->serverPort();
}

quint16 ChatServer::ircPort() const
{
    return m_ircListener->isListening() ? m_ircListener->serverPort() : 0;
}

void ChatServer::close()
{
    m_listener->close();
    m_ircListener->close();
}

const ServerCertificate &ChatServer::tlsCertificate() const
{
    static const ServerCertificate none;
    return m_tls ? m_tls->certificate() : none;
}

QStringList ChatServer::certificateNames()
{
    // The names and addresses people may connect to this machine by.
    QStringList names{QSysInfo::machineHostName(), QStringLiteral("localhost")};
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv6Protocol && !address.scopeId().isEmpty())
            continue; // link-local: a name of no use to others
        names.append(address.toString());
    }
    names.removeAll(QString());
    return names;
}

void ChatServer::acceptConnection(QTcpSocket *socket, bool irc)
{
    auto *session = new ClientSession(Transport::forSocket(socket), m_config, m_output, this);
    session->setTls(m_tls);
    if (irc)
        session->speakIrc(&m_directory);
    m_sessions.insert(session);
    ++m_liveSessions;
    connect(session, &ClientSession::plainTextDetected, m_service.get(),
            &ChatService::admitWithoutHandshake);
    connect(session, &ClientSession::helloReceived, m_service.get(), &ChatService::hello);
    connect(session, &ClientSession::requestReceived, m_service.get(), &ChatService::request);
    connect(session, &ClientSession::ended, this, &ChatServer::onSessionEnded);
    connect(session, &QObject::destroyed, this, &ChatServer::onSessionDestroyed);

    const QString peer = session->peerLabel();
    qCInfo(lcServer).noquote() << "connection from" << peer;
    Q_EMIT clientConnected(peer);
    const std::optional<Admission::Refusal> refusal =
            m_admission->check(session->peerAddress(), m_shuttingDown);
    if (refusal) {
        session->refuseOnContact(refusal->code, refusal->message);
        qCInfo(lcServer).noquote() << "refusing" << peer << u'(' + refusal->reason + u')';
        Q_EMIT connectionRefused(peer, refusal->reason);
        return;
    }
    m_admission->admit(session->peerAddress());
}

void ChatServer::onSessionEnded(ClientSession *session, const QString &reason)
{
    if (!m_sessions.remove(session))
        return;
    if (!session->isRefused())
        m_admission->release(session->peerAddress());
    m_service->leave(session, reason);
}

void ChatServer::onSessionDestroyed()
{
    --m_liveSessions;
    if (m_shuttingDown && m_liveSessions == 0)
        Q_EMIT shutdownFinished();
}

bool ChatServer::kick(const QString &nick, const QString &reason)
{
    return m_moderation->kick(nick, reason);
}

bool ChatServer::kickConnection(quint64 id, const QString &reason)
{
    return m_moderation->kickConnection(id, reason);
}

QString ChatServer::ban(const QString &addressOrSubnet)
{
    return m_moderation->ban(addressOrSubnet);
}

bool ChatServer::unban(const QString &addressOrSubnet)
{
    return m_moderation->unban(addressOrSubnet);
}

void ChatServer::sendNotice(const QString &text)
{
    m_service->notice(text);
}

void ChatServer::shutdown(const QString &reason)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_history->commitNow(); // what was said is stored and delivered before anyone is told
    m_listener->close();
    m_ircListener->close();
    QString what = QStringLiteral("shutting down");
    if (!reason.isEmpty())
        what.append(QLatin1String(": ")).append(reason);
    qCInfo(lcServer).noquote() << what
                               << (m_nicknames->size() == 1
                                           ? QStringLiteral("(1 user)")
                                           : QStringLiteral("(%1 users)").arg(m_nicknames->size()));
    const QString message = reason.isEmpty() ? QStringLiteral("the server is shutting down")
                                             : u"the server is shutting down: " + reason;
    const QList<ClientSession *> sessions(m_sessions.cbegin(), m_sessions.cend());
    for (ClientSession *session : sessions)
        session->disconnectWithError(ErrorCode::ServerShutdown, message,
                                     QStringLiteral("server shutting down"), reason);
    if (m_liveSessions == 0)
        QMetaObject::invokeMethod(this, &ChatServer::shutdownFinished, Qt::QueuedConnection);
}
