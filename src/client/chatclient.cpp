#include "chatclient.h"

#include "codec.h"
#include "connectiondoctor.h"
#include "fingerprint.h"
#include "knownservers.h"
#include "outboxstore.h"
#include "validation.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

#include <algorithm>
#include <utility>

using namespace Protocol;

namespace {

// Frames from the server may be larger than a client's own (welcome and
// users grow with the room), but not without bound.
constexpr qsizetype MaxServerFrameBytes = 16 * 1024 * 1024;
// How often the connection and the clock are looked at.
constexpr int WatchIntervalMs = 5'000;
// Rooms asked for again in one hello, at most (a server lets one be in 20 by default).
constexpr qsizetype MaxRoomsToRejoin = 200;
// A wall clock that jumped this much further than the monotonic one: the computer slept.
constexpr qint64 SleepJumpMs = 10'000;

ChatClient::ErrorKind kindOf(ErrorCode code)
{
    switch (code) {
    case ErrorCode::AuthFailed:
        return ChatClient::ErrorKind::AuthFailed;
    case ErrorCode::Banned:
        return ChatClient::ErrorKind::Banned;
    case ErrorCode::Kicked:
        return ChatClient::ErrorKind::Kicked;
    case ErrorCode::ProtocolUnsupported:
        return ChatClient::ErrorKind::VersionMismatch;
    case ErrorCode::TlsRequired:
        return ChatClient::ErrorKind::Tls;
    case ErrorCode::ServerFull:
    case ErrorCode::TooManyConnections:
        return ChatClient::ErrorKind::ServerFull;
    case ErrorCode::ServerShutdown:
        return ChatClient::ErrorKind::ServerShutdown;
    case ErrorCode::NickTaken:
        return ChatClient::ErrorKind::NickTaken;
    case ErrorCode::BadNick:
        return ChatClient::ErrorKind::BadNick;
    case ErrorCode::HandshakeTimeout:
    case ErrorCode::PingTimeout:
        return ChatClient::ErrorKind::TimedOut;
    case ErrorCode::SendqExceeded:
    case ErrorCode::RateLimited:
        return ChatClient::ErrorKind::ConnectionLost;
    default:
        return ChatClient::ErrorKind::ProtocolError;
    }
}

} // namespace

ChatClient::ChatClient(QObject *parent)
    : QObject(parent)
    , m_socket(new QSslSocket(this))
    , m_known(std::make_unique<KnownServers>())
    , m_reader(MaxServerFrameBytes)
    , m_retryTimer(new QTimer(this))
    , m_attemptTimer(new QTimer(this))
    , m_watchTimer(new QTimer(this))
{
    // A prefix of our own, so that refs from two runs never meet.
    m_refPrefix = QString::number(QRandomGenerator::global()->generate64(), 36) + u'-';
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &ChatClient::startAttempt);
    m_attemptTimer->setSingleShot(true);
    connect(m_attemptTimer, &QTimer::timeout, this, [this] {
        // While connecting, ConnectionDoctor says what it means (lose()).
        lose(ErrorKind::TimedOut,
             m_state == State::Connecting ? QString() : tr("The server stopped answering."));
    });
    m_watchTimer->setInterval(WatchIntervalMs);
    connect(m_watchTimer, &QTimer::timeout, this, &ChatClient::checkSilence);

    // TLS 1.2 or newer, with Qt's (the system's) certificate authorities.
    QSslConfiguration tls = m_socket->sslConfiguration();
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    m_socket->setSslConfiguration(tls);
    connect(m_socket, &QSslSocket::connected, this, [this] {
        m_tcpConnected = true;
        if (!m_tls)
            onConnected(); // with TLS, once encrypted
    });
    connect(m_socket, &QSslSocket::encrypted, this, &ChatClient::onEncrypted);
    connect(m_socket, &QSslSocket::sslErrors, this, &ChatClient::onSslErrors);
    connect(m_socket, &QSslSocket::readyRead, this, &ChatClient::onReadyRead);
    connect(m_socket, &QSslSocket::errorOccurred, this, &ChatClient::onSocketError);
    connect(m_socket, &QSslSocket::disconnected, this, &ChatClient::onDisconnected);
}

ChatClient::~ChatClient()
{
    m_socket->disconnect(this);
}

void ChatClient::setOutboxDirectory(const QString &directory)
{
    m_storeKey.clear();
    if (directory.isEmpty())
        m_store.reset();
    else
        m_store = std::make_unique<OutboxStore>(directory);
}

void ChatClient::setKnownServersFile(const QString &path)
{
    m_known = std::make_unique<KnownServers>(path);
}

QString ChatClient::encryptionDescription() const
{
    if (!m_encrypted)
        return QString();
    const QSslCipher cipher = m_socket->sessionCipher();
    return cipher.protocolString() + QStringLiteral(", ") + cipher.name();
}

bool ChatClient::keepsOutboxOnDisk() const
{
    return m_store && m_store->isOpen();
}

void ChatClient::openOutbox()
{
    if (!m_store)
        return;
    const QString key =
            m_host + u'\n' + QString::number(m_port) + u'\n' + Validation::nickKey(m_nick);
    if (key == m_storeKey)
        return;
    const bool sameServer =
            m_store->isOpen() && m_storeKey.section(u'\n', 0, 1) == key.section(u'\n', 0, 1);
    // Another nickname on the same server: what waits follows it.
    const QList<Outgoing> waiting =
            sameServer ? m_store->rename(m_nick) : m_store->open(m_host, m_port, m_nick);
    m_storeKey = key;
    m_storeWarned = false;
    if (!m_store->isOpen())
        noteStoreFailure();
    QList<Outgoing> restored;
    for (Outgoing message : waiting) {
        if (findOutgoing(message.ref))
            continue;
        message.status = Outgoing::Status::Pending;
        message.written = false;
        m_outbox.append(message);
        restored.append(message);
    }
    if (restored.isEmpty())
        return;
    // Said first, then each message is shown waiting.
    Q_EMIT outboxRestored(int(restored.size()));
    for (const Outgoing &message : std::as_const(restored))
        Q_EMIT outgoingChanged(message);
}

void ChatClient::noteStoreFailure()
{
    if (m_storeWarned)
        return;
    m_storeWarned = true; // once per server and nickname, not at every message
    Q_EMIT outboxNotKept(m_store->errorString());
}

void ChatClient::discardOutbox()
{
    const QList<Outgoing> dropped = m_outbox;
    for (const Outgoing &outgoing : dropped)
        finishOutgoing(outgoing.ref, Outgoing::Status::Failed, 0,
                       tr("not sent: you chose to drop it"));
    if (m_store)
        m_store->clear();
}

bool ChatClient::isRetryable(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::AuthFailed:
    case ErrorKind::Banned:
    case ErrorKind::Kicked:
    case ErrorKind::VersionMismatch:
    case ErrorKind::BadNick:
    case ErrorKind::Tls:
    case ErrorKind::NotEncrypted:
    case ErrorKind::CertificateChanged:
        return false;
    default:
        return true;
    }
}

QString ChatClient::describe(const Error &error, const QString &subject) const
{
    const QString who = subject.isEmpty() ? m_nick : subject;
    switch (error.code) {
    case ErrorCode::NickTaken:
        return tr("The nickname %1 is taken; choose another one.").arg(who);
    case ErrorCode::BadNick:
        return tr("The server does not accept the nickname %1.").arg(who);
    case ErrorCode::AuthFailed:
        return m_password.isEmpty() ? tr("This server needs a password.")
                                    : tr("The password is wrong.");
    case ErrorCode::Banned: {
        // Refused for a while after wrong passwords (the server says how long).
        static const QRegularExpression wait(
                QStringLiteral("^too many wrong passwords.* (\\d+) s$"));
        const QRegularExpressionMatch match = wait.match(error.message);
        if (match.hasMatch())
            return tr("Too many wrong passwords came from your address; try again in %n "
                      "second(s).",
                      "", match.captured(1).toInt());
        return tr("You are banned from this server.");
    }
    case ErrorCode::Kicked:
        return error.reason.isEmpty() ? tr("You were kicked from the room.")
                                      : tr("You were kicked from the room: %1").arg(error.reason);
    case ErrorCode::ServerShutdown:
        return error.reason.isEmpty() ? tr("The server is shutting down.")
                                      : tr("The server is shutting down: %1").arg(error.reason);
    case ErrorCode::ServerFull:
        return tr("The server is full; try again later.");
    case ErrorCode::TooManyConnections:
        return tr("Too many connections come from your address; close one and try again.");
    case ErrorCode::ProtocolUnsupported:
        return tr("This server speaks another version of the qtchat protocol; update qtchat or "
                  "the server.");
    case ErrorCode::HandshakeTimeout:
        return tr("The server did not welcome us in time.");
    case ErrorCode::PingTimeout:
        return tr("The server stopped hearing from us.");
    case ErrorCode::SendqExceeded:
        return tr("The server closed the connection: messages came faster than they could be "
                  "read here.");
    case ErrorCode::RateLimited:
        return tr("The server closed the connection: too many messages at once.");
    case ErrorCode::TextTooLong:
        return tr("The message is too long for this server.");
    case ErrorCode::EmptyText:
        return tr("The message is empty.");
    case ErrorCode::BadText:
        return tr("The message has characters the server does not accept.");
    case ErrorCode::NoSuchNick:
        return tr("No one called %1 is here.").arg(who);
    case ErrorCode::BadRoom:
        return tr("That is not a room name: a room is # and up to 32 letters, digits or _ - . "
                  "(#general).");
    case ErrorCode::NoSuchRoom:
        return tr("There is no such room.");
    case ErrorCode::NotInRoom:
        return tr("You are not in that room; join it first.");
    case ErrorCode::RoomLimit:
        return tr("No more rooms: the server has as many as it allows, or you are in as many as "
                  "it lets one person be in.");
    case ErrorCode::NotAllowed:
        return tr("The server's operator keeps that for themselves (making rooms, for one).");
    case ErrorCode::TlsRequired:
        return tr("This server takes encrypted connections only, and this connection is not "
                  "encrypted.");
    case ErrorCode::BadFrame:
    case ErrorCode::FrameTooLarge:
    case ErrorCode::UnknownType:
    case ErrorCode::NotRegistered:
        // Something qtchat itself got wrong: the server's own words help to find it.
        return tr("The server did not understand what qtchat sent (%1).").arg(error.message);
    case ErrorCode::Unknown:
        break;
    }
    return error.message.isEmpty() ? error.codeName : error.message;
}

QString ChatClient::describeLeaving(const QString &reason)
{
    // The reasons qtchat-server gives (docs/PROTOCOL.md, "left").
    if (reason == u"quit")
        return tr("quit");
    if (reason == u"connection closed")
        return tr("connection closed");
    if (reason == u"connection lost")
        return tr("connection lost");
    if (reason == u"ping timeout")
        return tr("stopped answering");
    if (reason == u"send queue exceeded")
        return tr("could not keep up with the room");
    if (reason == u"flooding")
        return tr("sent too much at once");
    if (reason == u"frame too large")
        return tr("sent a message too large");
    if (reason == u"banned")
        return tr("banned");
    if (reason == u"server shutting down")
        return tr("the server is shutting down");
    if (reason == u"kicked")
        return tr("kicked");
    const QLatin1String kicked("kicked: ");
    if (reason.startsWith(kicked))
        return tr("kicked: %1").arg(reason.mid(kicked.size()));
    const QLatin1String error("connection error: ");
    if (reason.startsWith(error))
        return tr("connection error: %1").arg(reason.mid(error.size()));
    return reason;
}

void ChatClient::connectToServer(const QString &host, quint16 port, const QString &nick,
                                 const QString &password)
{
    if (!m_host.isEmpty() && (host != m_host || port != m_port)) {
        // Another server: its ids mean other messages, and what waited was for
        // the old one (on disk, it waits there for the next time).
        const QList<Outgoing> dropped = m_outbox;
        const bool kept = keepsOutboxOnDisk();
        m_outbox.clear();
        for (const Outgoing &outgoing : dropped)
            finishOutgoing(outgoing.ref, Outgoing::Status::Failed, 0,
                           kept ? tr("not sent yet: kept for %1 port %2, and sent when you "
                                     "connect there again")
                                           .arg(m_host)
                                           .arg(m_port)
                                : tr("not sent: you connected to another server"),
                           !kept);
        if (m_lastSeenId > 0) {
            m_lastSeenId = 0;
            Q_EMIT historyReset();
        }
        m_rejoin.clear(); // that server's rooms
        m_rooms.clear();
        m_defaultRoom.clear();
    }
    if (m_resumed) {
        // What an earlier run saw on this server.
        m_lastSeenId = m_resumeId;
        m_rejoin = m_resumeRooms;
    }
    m_host = host;
    m_port = port;
    m_nick = nick;
    m_pendingNick.clear();
    m_password = password;
    m_welcomedOnce = false;
    m_welcomedEncrypted = false;
    m_attempt = 0;
    for (RoomState &room : m_rooms)
        room.users.clear();
    m_retryTimer->stop();
    openOutbox();
    startAttempt();
}

void ChatClient::resume(qint64 lastSeenId, const QStringList &rooms)
{
    m_resumeId = std::max<qint64>(0, lastSeenId);
    m_resumeRooms.clear();
    QSet<QString> seen;
    for (const QString &room : rooms) {
        if (m_resumeRooms.size() >= MaxRoomsToRejoin)
            break; // more than any server lets one be in: a list gone wrong
        const Validation::RoomCheck check = Validation::checkRoom(room);
        if (check.ok && !seen.contains(Validation::roomKey(check.room))) {
            seen.insert(Validation::roomKey(check.room));
            m_resumeRooms.append(check.room);
        }
    }
    m_resumed = true;
}

void ChatClient::startAttempt()
{
    m_retryTimer->stop();
    m_closeKind = ErrorKind::None;
    m_closeText.clear();
    m_reader.clear();
    m_pingSent = false;
    m_gapFloor = -1;
    m_gapFetched.clear();
    m_historyAsks.clear();
    m_roomAsks.clear();
    m_partsAsked.clear();
    m_joinBacklogs.clear();
    for (Outgoing &outgoing : m_outbox)
        outgoing.written = false; // that connection is gone; sent again after the replay
    {
        // Dropping an old connection here is not a loss to report.
        const QSignalBlocker quiet(m_socket);
        m_socket->abort();
    }
    m_encrypted = false;
    m_tcpConnected = false;
    m_certificateUnverified = false;
    m_certificateNew = false;
    m_offeredFingerprint.clear();
    m_pinnedFingerprint.clear();
    // In the clear only where the user agreed to it.
    m_tls = !m_known->find(m_host, m_port).unencrypted;
    setState(State::Connecting);
    if (m_tls && !QSslSocket::supportsSsl()) {
        lose(ErrorKind::NotEncrypted,
             tr("This copy of qtchat cannot encrypt connections: no TLS library was found "
                "(%1).")
                     .arg(QSslSocket::sslLibraryBuildVersionString()));
        return;
    }
    m_attemptTimer->start(m_settings.attemptTimeoutMs);
    m_watchTimer->start();
    m_monotonic.start();
    m_wallAtCheck = QDateTime::currentMSecsSinceEpoch();
    if (m_tls)
        m_socket->connectToHostEncrypted(m_host, m_port);
    else
        m_socket->connectToHost(m_host, m_port);
}

void ChatClient::reconnectNow()
{
    if (m_host.isEmpty() || m_state == State::Connecting || m_state == State::Connected)
        return;
    startAttempt();
}

void ChatClient::disconnectFromServer(const QString &reason)
{
    const bool inRoom = m_state == State::Connected;
    m_retryTimer->stop();
    m_attemptTimer->stop();
    m_watchTimer->stop();
    m_lastError = ErrorKind::None;
    m_lastErrorText.clear();
    setState(State::Disconnected);
    if (inRoom) {
        send(Codec::encode(Bye{reason}));
        m_socket->disconnectFromHost(); // after what was written
    } else {
        m_socket->abort();
    }
}

void ChatClient::onConnected()
{
    Hello hello;
    hello.nick = m_nick;
    hello.client = QStringLiteral("qtchat/" QTCHAT_VERSION);
    hello.password = m_password;
    if (m_welcomedOnce || m_lastSeenId > 0)
        hello.since = m_lastSeenId;
    m_helloHadSince = hello.since.has_value();
    // The rooms it was in, joined again before the welcome (a server without rooms ignores them).
    hello.rooms = m_rejoin;
    m_roomAsks = m_rejoin;
    send(Codec::encode(hello));
}

void ChatClient::onSslErrors(const QList<QSslError> &errors)
{
    // No authority vouches for it (self-signed, or not for this name): it is
    // known by its fingerprint, pinned the first time.
    const QSslCertificate certificate = m_socket->peerCertificate();
    if (certificate.isNull())
        return; // the handshake fails, with the reason
    m_offeredFingerprint = Fingerprint::ofCertificate(certificate.toDer());
    m_certificateUnverified = true;
    const QString pinned = m_known->find(m_host, m_port).fingerprint;
    const QString announced = isAnnounced() ? m_announcedFingerprint : QString();
    if (pinned.isEmpty() && !announced.isEmpty() &&
        !QString(m_offeredFingerprint)
                 .remove(QLatin1Char(':'))
                 .startsWith(announced, Qt::CaseInsensitive)) {
        // Not the server that announced itself: refused as a changed one
        // would be, and trusted only if the user says so.
        m_closeKind = ErrorKind::CertificateChanged;
        m_closeText = tr("The server that answered at %1 port %2 is not the one announced on the "
                         "network: its certificate is %3, the announcement said %4. Someone on "
                         "the network may be pretending to be it.")
                              .arg(m_host)
                              .arg(m_port)
                              .arg(Fingerprint::shortForm(m_offeredFingerprint),
                                   Fingerprint::shortForm(announced));
        m_pinnedFingerprint = announced;
        return;
    }
    if (pinned.isEmpty()) {
        m_certificateNew = true;
        if (!m_known->pin(m_host, m_port, m_offeredFingerprint))
            qWarning("qtchat: the server's certificate is trusted for this run only: %s",
                     qPrintable(m_known->errorString()));
    }
    if (pinned.isEmpty() || pinned == m_offeredFingerprint) {
        m_socket->ignoreSslErrors(errors);
        return;
    }
    // Refused: the handshake fails, and the loss is told with this reason.
    m_pinnedFingerprint = pinned;
    m_closeKind = ErrorKind::CertificateChanged;
    m_closeText =
            tr("The server's certificate has changed: %1 port %2 showed %3 before, and %4 now. "
               "Its operator may have replaced it, or someone between you and the server may "
               "be listening in.")
                    .arg(m_host)
                    .arg(m_port)
                    .arg(Fingerprint::shortForm(pinned),
                         Fingerprint::shortForm(m_offeredFingerprint));
}

void ChatClient::setAnnounced(const QString &host, quint16 port, const QString &fingerprintPrefix)
{
    m_announcedHost = host;
    m_announcedPort = port;
    QString hex;
    for (const QChar c : fingerprintPrefix) {
        if (c.isDigit() || (c.toLower() >= u'a' && c.toLower() <= u'f'))
            hex.append(c.toUpper());
    }
    // At least 8 hex digits, or it proves nothing.
    m_announcedFingerprint = hex.size() >= 8 ? hex.left(64) : QString();
}

bool ChatClient::isAnnounced() const
{
    return !m_announcedHost.isEmpty() && m_announcedHost == m_host && m_announcedPort == m_port;
}

void ChatClient::onEncrypted()
{
    m_encrypted = true;
    if (!m_certificateUnverified) {
        // An authority vouches for it: pinned too, so that a certificate
        // without one in its place later is not taken for a first contact.
        m_offeredFingerprint = Fingerprint::ofCertificate(m_socket->peerCertificate().toDer());
        if (m_known->find(m_host, m_port).fingerprint != m_offeredFingerprint &&
            !m_known->pin(m_host, m_port, m_offeredFingerprint))
            qWarning("qtchat: cannot remember the server's certificate: %s",
                     qPrintable(m_known->errorString()));
    }
    onConnected();
}

void ChatClient::trustNewCertificate()
{
    if (m_lastError != ErrorKind::CertificateChanged || m_offeredFingerprint.isEmpty())
        return;
    // The certificate shown to the user, and no other.
    if (!m_known->pin(m_host, m_port, m_offeredFingerprint))
        qWarning("qtchat: the server's new certificate is trusted for this run only: %s",
                 qPrintable(m_known->errorString()));
    m_attempt = 0;
    startAttempt();
}

void ChatClient::allowUnencrypted()
{
    if (m_host.isEmpty())
        return;
    if (!m_known->setUnencrypted(m_host, m_port, true))
        qWarning("qtchat: connecting without encryption for this run only: %s",
                 qPrintable(m_known->errorString()));
    m_attempt = 0;
    startAttempt();
}

void ChatClient::forgetUnencrypted()
{
    if (m_host.isEmpty())
        return;
    if (!m_known->setUnencrypted(m_host, m_port, false))
        qWarning("qtchat: %s", qPrintable(m_known->errorString()));
    if (m_state == State::Connected || m_state == State::Connecting) {
        m_attempt = 0;
        startAttempt();
    }
}

void ChatClient::onReadyRead()
{
    m_reader.append(m_socket->readAll());
    QByteArray frame;
    for (;;) {
        const FrameReader::Status status = m_reader.next(frame);
        if (status == FrameReader::Status::NeedMore)
            return;
        if (status == FrameReader::Status::TooLarge) {
            lose(ErrorKind::ProtocolError, tr("The server sent a message too large to read."));
            return;
        }
        m_sinceLastFrame.start();
        m_pingSent = false;
        if (m_state == State::Connected)
            m_attemptTimer->stop(); // the check after a wake-up is answered
        const Decoded<ServerMessage> decoded = Codec::decodeServerFrame(frame);
        if (!decoded.ok()) {
            // A frame this version does not understand is skipped, not fatal.
            qWarning("qtchat: ignoring a frame from the server: %s",
                     qPrintable(decoded.error.message));
            continue;
        }
        handle(*decoded.message);
        if (m_state != State::Connecting && m_state != State::Connected)
            return; // handling it ended the connection
    }
}

void ChatClient::handle(const ServerMessage &message)
{
    // A topic right after a room's history or people is the one it has (on
    // joining it); any other is set anew.
    const QString topicMayFollow = std::exchange(m_topicMayFollow, QString());
    if (const auto *welcome = std::get_if<Welcome>(&message)) {
        m_attemptTimer->stop();
        m_attempt = 0;
        const bool returning = m_welcomedOnce || (m_resumed && m_lastSeenId > 0);
        m_welcomedOnce = true;
        m_welcomedEncrypted = m_welcomedEncrypted || m_encrypted;
        m_awaitingReplay = true;
        m_nickTakenFor.invalidate();
        if (welcome->lastId < m_lastSeenId) {
            m_lastSeenId = welcome->lastId;
            Q_EMIT historyReset();
        }
        // Coming back: what was missed down to here is fetched if the replay cannot hold it.
        m_gapFloor = returning ? m_lastSeenId : -1;
        m_nick = welcome->nick;
        openOutbox();
        // The rooms it is in; a long list of the default room's people comes
        // in users frames after the welcome, the other rooms' after the replay.
        const QList<RoomState> before = m_rooms;
        m_defaultRoom = welcome->room;
        m_rooms.clear();
        RoomState general;
        general.name = m_defaultRoom;
        general.users = welcome->users;
        general.collectingUsers = !welcome->usersIncluded;
        for (const RoomState &old : before) {
            if (isDefaultRoom(old.name))
                general.topic = old.topic; // until the server says it again
        }
        const bool inDefault = !serverHasRooms() ||
                               std::any_of(welcome->rooms.cbegin(), welcome->rooms.cend(),
                                           [this](const QString &r) { return isDefaultRoom(r); });
        if (inDefault)
            m_rooms.append(general);
        for (const QString &name : welcome->rooms) {
            if (isDefaultRoom(name))
                continue;
            RoomState room;
            room.name = name;
            room.collectingUsers = true; // its users frame follows
            for (const RoomState &old : before) {
                if (Validation::roomKey(old.name) == Validation::roomKey(name))
                    room.topic = old.topic;
            }
            m_rooms.append(room);
            // Joined without since: the server sends each room's recent messages.
            if (!m_helloHadSince)
                m_joinBacklogs.insert(Validation::roomKey(name));
        }
        // Rooms asked for again and not in the welcome: refused (an error each follows).
        QStringList refused;
        for (const QString &asked : std::as_const(m_roomAsks)) {
            if (!isInRoom(asked))
                refused.append(asked);
        }
        m_roomAsks = serverHasRooms() ? refused : QStringList(); // an older server ignores them
        m_rejoin.clear();
        for (const RoomState &room : std::as_const(m_rooms)) {
            if (!isDefaultRoom(room.name))
                m_rejoin.append(room.name);
        }
        m_resumed = false;
        m_limits = welcome->limits;
        m_lastError = ErrorKind::None;
        m_lastErrorText.clear();
        m_sinceLastFrame.start();
        setState(State::Connected);
        Q_EMIT welcomed(*welcome);
        for (const RoomState &room : std::as_const(m_rooms)) {
            if (!before.isEmpty() || !isDefaultRoom(room.name))
                Q_EMIT roomJoined(room.name);
        }
        if (inDefault && !general.collectingUsers)
            Q_EMIT usersChanged(m_defaultRoom);
        for (const RoomState &old : before) {
            if (!isInRoom(old.name))
                Q_EMIT roomLeft(old.name, QString(), false); // refused: the error says why
        }
    } else if (const auto *page = std::get_if<HistoryPage>(&message)) {
        handleHistory(*page);
    } else if (const auto *chat = std::get_if<ChatMessage>(&message)) {
        m_lastSeenId = std::max(m_lastSeenId, chat->id);
        // Refs carry this client's random prefix: a ref of ours is our echo.
        if (!chat->ref.isEmpty() && findOutgoing(chat->ref))
            finishOutgoing(chat->ref, Outgoing::Status::Sent, chat->id, QString());
        Q_EMIT messageReceived(*chat);
        flushOutbox();
    } else if (const auto *joined = std::get_if<Joined>(&message)) {
        const bool self = Validation::nickKey(joined->nick) == Validation::nickKey(m_nick);
        if (self) {
            // In a room it was not in: asked for, or the operator renamed one.
            const QString key = Validation::roomKey(joined->room);
            m_roomAsks.removeIf(
                    [&key](const QString &asked) { return Validation::roomKey(asked) == key; });
            if (!isInRoom(joined->room) && !joined->room.isEmpty()) {
                RoomState room;
                room.name = joined->room;
                room.collectingUsers = true; // its users frame follows
                m_rooms.append(room);
                m_joinBacklogs.insert(key);
                if (!isDefaultRoom(joined->room))
                    m_rejoin.append(joined->room);
                Q_EMIT roomJoined(joined->room);
            }
            return;
        }
        RoomState *room = roomState(joined->room);
        if (!room)
            return;
        room->users.append(UserInfo{joined->nick, joined->ts});
        Joined named = *joined;
        named.room = room->name;
        Q_EMIT userJoined(named);
        Q_EMIT usersChanged(room->name);
    } else if (const auto *left = std::get_if<Left>(&message)) {
        const QString key = Validation::nickKey(left->nick);
        if (key == Validation::nickKey(m_nick) && serverHasRooms() && !left->room.isEmpty()) {
            // Out of a room: asked for, or the server's doing (reason says why).
            const RoomState *room = roomState(left->room);
            if (!room)
                return;
            const QString name = room->name;
            const QString roomKey = Validation::roomKey(name);
            const bool asked = m_partsAsked.removeAll(roomKey) > 0;
            m_rooms.removeIf([&roomKey](const RoomState &r) {
                return Validation::roomKey(r.name) == roomKey;
            });
            m_rejoin.removeIf(
                    [&roomKey](const QString &r) { return Validation::roomKey(r) == roomKey; });
            m_historyAsks.removeIf(
                    [&roomKey](const HistoryAsk &ask) { return ask.key == roomKey; });
            m_gapFetched.remove(roomKey);
            m_joinBacklogs.remove(roomKey);
            Q_EMIT roomLeft(name, left->reason, asked);
            return;
        }
        // One room (with room), or every room shared (without: they left the server).
        QStringList rooms;
        for (RoomState &room : m_rooms) {
            if (!left->room.isEmpty() && serverHasRooms() &&
                Validation::roomKey(room.name) != Validation::roomKey(left->room))
                continue;
            if (room.users.removeIf([&key](const UserInfo &user) {
                    return Validation::nickKey(user.nick) == key;
                }) > 0 ||
                !left->room.isEmpty() || room.countedPeople > 0)
                rooms.append(room.name);
        }
        Q_EMIT userLeft(*left, rooms);
        for (const QString &room : std::as_const(rooms))
            Q_EMIT usersChanged(room);
    } else if (const auto *renamed = std::get_if<Renamed>(&message)) {
        QStringList rooms;
        const QString key = Validation::nickKey(renamed->from);
        for (RoomState &room : m_rooms) {
            for (UserInfo &user : room.users) {
                if (Validation::nickKey(user.nick) == key) {
                    user.nick = renamed->to;
                    rooms.append(room.name);
                }
            }
        }
        if (renamed->from == m_nick) {
            m_nick = renamed->to;
            openOutbox(); // what still waits follows the new nickname
        }
        Q_EMIT userRenamed(*renamed, rooms);
        for (const QString &room : std::as_const(rooms))
            Q_EMIT usersChanged(room);
    } else if (const auto *users = std::get_if<Users>(&message)) {
        RoomState *room = roomState(users->room);
        if (!room)
            return;
        // Pieces of a long list add up until the last one (complete).
        if (room->collectingUsers)
            room->users.append(users->users);
        else
            room->users = users->users;
        room->collectingUsers = !users->complete;
        m_topicMayFollow = Validation::roomKey(room->name);
        if (users->complete) {
            room->countedPeople = 0; // the list is whole again
            const QString name = room->name;
            Q_EMIT usersChanged(name);
            Q_EMIT usersListed(name);
        }
    } else if (const auto *presence = std::get_if<Presence>(&message)) {
        RoomState *room = roomState(presence->room);
        if (!room)
            return;
        // A large room counts arrivals and departures instead of naming them.
        room->countedPeople = presence->users;
        Presence named = *presence;
        named.room = room->name;
        Q_EMIT presenceReceived(named);
        Q_EMIT usersChanged(room->name);
    } else if (const auto *topic = std::get_if<Topic>(&message)) {
        RoomState *room = roomState(topic->room);
        if (!room)
            return;
        // The same topic again (said on every rejoin) is no news.
        const bool same = !room->topic.room.isEmpty() && room->topic.text == topic->text &&
                          room->topic.by == topic->by && room->topic.ts == topic->ts;
        room->topic = *topic;
        room->topic.room = room->name;
        if (!same)
            Q_EMIT topicChanged(room->topic, Validation::roomKey(room->name) != topicMayFollow);
    } else if (const auto *list = std::get_if<RoomList>(&message)) {
        Q_EMIT roomsListed(*list);
    } else if (const auto *notice = std::get_if<Notice>(&message)) {
        Q_EMIT noticeReceived(*notice);
    } else if (const auto *ping = std::get_if<Ping>(&message)) {
        send(Codec::encode(Pong{ping->token}));
    } else if (const auto *error = std::get_if<Error>(&message)) {
        handleError(*error);
    }
    // Pong: any frame shows the server is alive, which is all a pong says.
}

void ChatClient::handleHistory(const HistoryPage &page)
{
    m_topicMayFollow = Validation::roomKey(page.room.isEmpty() ? m_defaultRoom : page.room);
    for (const ChatMessage &stored : page.messages)
        m_lastSeenId = std::max(m_lastSeenId, stored.id);
    if (m_awaitingReplay) {
        // The replay after the welcome: what was missed in every room (or the
        // default room's recent messages).
        m_awaitingReplay = false;
        if (m_gapFloor >= 0 && !page.complete) {
            // It could not hold it all: each room pages back to where we were.
            const qint64 oldest =
                    page.messages.isEmpty() ? m_lastSeenId + 1 : page.messages.first().id;
            if (oldest > m_gapFloor + 1)
                startGapFill(oldest);
        }
        Q_EMIT historyReceived(page, true);
        // What has no echo yet goes again (the server keeps it from posting twice).
        flushOutbox();
        return;
    }
    const QString key = historyKey(page.room);
    if (m_joinBacklogs.remove(key)) {
        Q_EMIT historyReceived(page, true); // a room's recent messages, on joining it
        return;
    }
    bool gap = false;
    for (qsizetype i = 0; i < m_historyAsks.size(); ++i) {
        if (m_historyAsks.at(i).key == key) {
            gap = m_historyAsks.takeAt(i).gap;
            break;
        }
    }
    if (gap && m_gapFetched.contains(key)) {
        // What was seen before the gap (the page reaches further back) is not said again.
        HistoryPage missed = page;
        missed.messages.removeIf(
                [this](const ChatMessage &message) { return message.id <= m_gapFloor; });
        int &fetched = m_gapFetched[key];
        fetched += int(page.messages.size());
        const qint64 oldest = page.messages.isEmpty() ? 0 : page.messages.first().id;
        if (page.complete || page.messages.isEmpty() || oldest <= m_gapFloor + 1 ||
            fetched >= m_settings.maxGapFill)
            m_gapFetched.remove(key);
        else
            askHistory(oldest, MaxHistoryPage, page.room, true);
        Q_EMIT historyReceived(missed, true);
        return;
    }
    Q_EMIT historyReceived(page, gap);
}

void ChatClient::startGapFill(qint64 beforeId)
{
    QStringList wireRooms{QString()}; // the default room and whispers
    for (const RoomState &room : std::as_const(m_rooms)) {
        if (!isDefaultRoom(room.name))
            wireRooms.append(room.name);
    }
    for (const QString &wireRoom : std::as_const(wireRooms)) {
        m_gapFetched.insert(historyKey(wireRoom), 0);
        askHistory(beforeId, MaxHistoryPage, wireRoom, true);
    }
}

void ChatClient::askHistory(qint64 beforeId, int limit, const QString &wireRoom, bool gap)
{
    HistoryRequest request;
    if (beforeId > 0)
        request.before = beforeId;
    request.limit = std::clamp(limit, 1, MaxHistoryPage);
    request.room = wireRoom;
    m_historyAsks.append(HistoryAsk{historyKey(wireRoom), gap});
    send(Codec::encode(request));
}

QString ChatClient::historyKey(const QString &wireRoom)
{
    return Validation::roomKey(wireRoom);
}

QStringList ChatClient::rooms() const
{
    QStringList names;
    for (const RoomState &room : m_rooms)
        names.append(room.name);
    return names;
}

bool ChatClient::isDefaultRoom(const QString &room) const
{
    return room.isEmpty() || Validation::roomKey(room) == Validation::roomKey(m_defaultRoom);
}

const ChatClient::RoomState *ChatClient::roomState(const QString &room) const
{
    const QString key = Validation::roomKey(isDefaultRoom(room) ? m_defaultRoom : room);
    for (const RoomState &each : m_rooms) {
        if (Validation::roomKey(each.name) == key)
            return &each;
    }
    return nullptr;
}

ChatClient::RoomState *ChatClient::roomState(const QString &room)
{
    return const_cast<RoomState *>(std::as_const(*this).roomState(room));
}

bool ChatClient::isInRoom(const QString &room) const
{
    return roomState(room) != nullptr;
}

QString ChatClient::roomName(const QString &room) const
{
    if (const RoomState *state = roomState(room))
        return state->name;
    return isDefaultRoom(room) ? m_defaultRoom : room;
}

QString ChatClient::wireRoom(const QString &room) const
{
    return isDefaultRoom(room) ? QString() : roomName(room);
}

QList<UserInfo> ChatClient::users(const QString &room) const
{
    const RoomState *state = roomState(room);
    return state ? state->users : QList<UserInfo>();
}

int ChatClient::peopleInRoom(const QString &room) const
{
    const RoomState *state = roomState(room);
    if (!state)
        return 0;
    return state->countedPeople > 0 ? state->countedPeople : int(state->users.size());
}

bool ChatClient::usersListIsOld(const QString &room) const
{
    const RoomState *state = roomState(room);
    return state && state->countedPeople > 0;
}

Topic ChatClient::topic(const QString &room) const
{
    const RoomState *state = roomState(room);
    return state ? state->topic : Topic();
}

void ChatClient::joinRoom(const QString &room, bool create)
{
    if (m_state != State::Connected)
        return;
    m_roomAsks.append(room);
    send(Codec::encode(Join{room, create}));
}

void ChatClient::partRoom(const QString &room, const QString &reason)
{
    if (m_state != State::Connected || !isInRoom(room))
        return;
    const QString name = roomName(room);
    m_partsAsked.append(Validation::roomKey(name));
    send(Codec::encode(Part{name, reason}));
}

void ChatClient::requestRooms()
{
    send(Codec::encode(RoomsRequest{}));
}

void ChatClient::setTopic(const QString &room, const QString &text)
{
    send(Codec::encode(SetTopic{roomName(room), text}));
}

void ChatClient::handleError(const Error &error)
{
    if (!error.ref.isEmpty()) {
        if (const Outgoing *outgoing = findOutgoing(error.ref)) {
            finishOutgoing(error.ref, Outgoing::Status::Failed, 0, describe(error, outgoing->to));
            flushOutbox();
            return;
        }
    }
    const bool handshake = m_state == State::Connecting;
    if (errorClosesConnection(error.code)) {
        // The server closes next; the loss is reported with this reason.
        m_closeKind = kindOf(error.code);
        m_closeText = describe(error);
        if (m_closeKind == ErrorKind::Kicked || m_closeKind == ErrorKind::Banned ||
            m_closeKind == ErrorKind::AuthFailed || m_closeKind == ErrorKind::VersionMismatch ||
            m_closeKind == ErrorKind::Tls)
            lose(m_closeKind, m_closeText); // no need to wait for the close
        return;
    }
    if (handshake && (error.code == ErrorCode::NickTaken || error.code == ErrorCode::BadNick)) {
        lose(kindOf(error.code), describe(error));
        return;
    }
    const bool joinRefusal =
            error.code == ErrorCode::BadRoom || error.code == ErrorCode::NoSuchRoom ||
            error.code == ErrorCode::RoomLimit || error.code == ErrorCode::NotAllowed;
    if (joinRefusal && !m_roomAsks.isEmpty()) {
        // The answer to the oldest join not answered yet (errors come in order).
        const QString room = m_roomAsks.takeFirst();
        m_rejoin.removeIf([&room](const QString &r) {
            return Validation::roomKey(r) == Validation::roomKey(room);
        });
        Q_EMIT roomRefused(room, describe(error, room));
        return;
    }
    Q_EMIT serverError(error);
}

void ChatClient::onSocketError()
{
    if (m_state != State::Connecting && m_state != State::Connected)
        return;
    if (m_closeKind != ErrorKind::None) {
        lose(m_closeKind, m_closeText);
        return;
    }
    const QAbstractSocket::SocketError socketError = m_socket->error();
    if (socketError == QAbstractSocket::SslHandshakeFailedError ||
        socketError == QAbstractSocket::RemoteHostClosedError) {
        if (loseIfNotEncrypted(m_socket->errorString()))
            return;
    }
    // Failures to connect are worded by ConnectionDoctor (lose()); the
    // system's own words go along as the detail.
    switch (socketError) {
    case QAbstractSocket::HostNotFoundError:
        lose(ErrorKind::HostNotFound, m_socket->errorString());
        break;
    case QAbstractSocket::NetworkError:
        if (!m_tcpConnected) {
            // ENETUNREACH, EHOSTUNREACH: no route to the address.
            lose(ErrorKind::NetworkUnreachable, m_socket->errorString());
            break;
        }
        lose(ErrorKind::ConnectionLost,
             tr("The connection was lost: %1").arg(m_socket->errorString()));
        break;
    case QAbstractSocket::ConnectionRefusedError:
        lose(ErrorKind::ConnectionRefused, m_socket->errorString());
        break;
    case QAbstractSocket::SocketTimeoutError:
        lose(ErrorKind::TimedOut, tr("The connection timed out."));
        break;
    case QAbstractSocket::RemoteHostClosedError:
        lose(ErrorKind::ConnectionLost, m_state == State::Connecting
                                                ? tr("The server closed the connection before "
                                                     "welcoming us.")
                                                : tr("The server closed the connection."));
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        lose(ErrorKind::Tls, m_socket->errorString());
        break;
    default:
        lose(ErrorKind::ConnectionLost,
             tr("The connection was lost: %1").arg(m_socket->errorString()));
        break;
    }
}

void ChatClient::onDisconnected()
{
    if (m_state != State::Connecting && m_state != State::Connected)
        return;
    if (m_closeKind != ErrorKind::None)
        lose(m_closeKind, m_closeText);
    else if (!loseIfNotEncrypted(tr("the server closed the connection")))
        lose(ErrorKind::ConnectionLost, tr("The server closed the connection."));
}

bool ChatClient::loseIfNotEncrypted(const QString &what)
{
    // Connected, but no TLS came back: a server that does not speak it (an
    // older qtchat, or another chat relay), or one that closed on the handshake.
    if (!m_tls || m_encrypted || m_state != State::Connecting)
        return false;
    if (m_welcomedEncrypted || !m_known->find(m_host, m_port).fingerprint.isEmpty()) {
        // It spoke TLS before: a restart under way, or someone in between
        // keeping it from us. Never a reason to offer the clear.
        lose(ErrorKind::ConnectionLost,
             tr("The encrypted connection to %1 port %2 could not be set up (%3). This server "
                "used encryption before, so qtchat does not connect to it without.")
                     .arg(m_host)
                     .arg(m_port)
                     .arg(what));
        return true;
    }
    lose(ErrorKind::NotEncrypted,
         tr("%1 port %2 does not set up an encrypted connection (%3). It may be an older qtchat "
            "server or another kind of chat server; without encryption, anyone on the network "
            "can read the chat and the password.")
                 .arg(m_host)
                 .arg(m_port)
                 .arg(what));
    return true;
}

void ChatClient::lose(ErrorKind kind, const QString &reason)
{
    m_attemptTimer->stop();
    // Only a server that welcomed us once is worth coming back to by ourselves;
    // a first attempt that fails is the user's to fix. A nick taken on a
    // reconnect is most likely our own old connection, not yet timed out.
    bool retry = m_welcomedOnce && isRetryable(kind);
    if (kind == ErrorKind::NickTaken && retry) {
        // Our own old connection holds it until the server notices it is dead;
        // after that, someone else really has it and the user must choose.
        if (!m_nickTakenFor.isValid())
            m_nickTakenFor.start();
        retry = m_nickTakenFor.elapsed() < m_settings.nickTakenRetryMs;
    }
    m_lastError = kind;
    m_lastErrorText = reason;
    // A failure to connect (not a loss later on) is explained step by step.
    if (m_state == State::Connecting) {
        const std::optional<ConnectionDoctor::Diagnosis> diagnosis = ConnectionDoctor::diagnose(
                {kind, m_host, m_port, isAnnounced(), m_tcpConnected, reason});
        if (diagnosis)
            m_lastErrorText = diagnosis->text();
    }
    if (retry) {
        const qint64 base = std::min<qint64>(
                qint64(m_settings.firstRetryMs) << std::min(m_attempt, 16), m_settings.maxRetryMs);
        const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
        const int delay = int(std::max<qint64>(1, qint64(double(base) * jitter)));
        ++m_attempt;
        m_nextAttemptAt = QDateTime::currentDateTime().addMSecs(delay);
        m_retryTimer->start(delay);
        setState(State::Reconnecting);
    } else {
        m_watchTimer->stop();
        m_nextAttemptAt = QDateTime();
        setState(State::Disconnected);
    }
    {
        const QSignalBlocker quiet(m_socket);
        m_socket->abort();
    }
    Q_EMIT errorOccurred(kind, m_lastErrorText);
}

void ChatClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void ChatClient::send(const QByteArray &frame)
{
    if (m_socket->state() == QAbstractSocket::ConnectedState && (!m_tls || m_encrypted))
        m_socket->write(frame);
}

QString ChatClient::sendMessage(const QString &text, bool action, const QString &room)
{
    Outgoing message;
    message.text = text;
    message.action = action;
    message.room = wireRoom(room);
    return queue(message);
}

QString ChatClient::sendWhisper(const QString &to, const QString &text)
{
    Outgoing message;
    message.to = to;
    message.text = text;
    return queue(message);
}

QString ChatClient::queue(Outgoing message)
{
    message.ref = m_refPrefix + QString::number(++m_refCounter);
    message.typedAt = QDateTime::currentMSecsSinceEpoch();
    const Validation::TextCheck check = Validation::checkText(message.text, m_limits.maxText);
    if (check.error) {
        message.status = Outgoing::Status::Failed;
        message.error = Validation::localizedReason(check);
    } else if (!canQueue()) {
        message.status = Outgoing::Status::Failed;
        message.error = tr("Too many messages are waiting to be sent; wait for the connection "
                           "to come back.");
    } else {
        message.text = check.text;
        const QByteArray frame =
                message.to.isEmpty()
                        ? Codec::encode(
                                  Say{message.text, message.ref, message.action, message.room})
                        : Codec::encode(Whisper{message.to, message.text, message.ref});
        if (m_limits.maxFrame > 0 && frame.size() > m_limits.maxFrame) {
            message.status = Outgoing::Status::Failed;
            message.error = tr("The message is too long for this server (%1 bytes; it takes "
                               "at most %2).")
                                    .arg(frame.size())
                                    .arg(m_limits.maxFrame);
        }
    }
    if (message.status == Outgoing::Status::Failed) {
        Q_EMIT outgoingChanged(message);
        return message.ref;
    }
    m_outbox.append(message);
    if (m_store && m_store->isOpen() && !m_store->add(message))
        noteStoreFailure();
    Q_EMIT outgoingChanged(message); // once it is in the outbox (its count includes it)
    flushOutbox();
    return message.ref;
}

int ChatClient::inFlightLimit() const
{
    // No more than the server takes at once: the rest waits here, not in its queue.
    int limit = m_settings.maxInFlight;
    if (m_limits.rate > 0 && m_limits.burst > 0)
        limit = std::min(limit, m_limits.burst);
    return std::max(1, limit);
}

void ChatClient::flushOutbox()
{
    if (m_state != State::Connected || m_awaitingReplay)
        return;
    int inFlight = int(std::count_if(m_outbox.cbegin(), m_outbox.cend(),
                                     [](const Outgoing &o) { return o.written; }));
    for (Outgoing &outgoing : m_outbox) {
        if (inFlight >= inFlightLimit())
            break;
        if (outgoing.written)
            continue;
        outgoing.written = true;
        ++inFlight;
        if (outgoing.to.isEmpty())
            send(Codec::encode(Say{outgoing.text, outgoing.ref, outgoing.action, outgoing.room}));
        else
            send(Codec::encode(Whisper{outgoing.to, outgoing.text, outgoing.ref}));
    }
    // A nick asked for while away goes once the messages typed before it are stored.
    if (!m_pendingNick.isEmpty() && m_outbox.isEmpty()) {
        send(Codec::encode(Nick{m_pendingNick}));
        m_pendingNick.clear();
    }
}

void ChatClient::finishOutgoing(const QString &ref, Outgoing::Status status, qint64 id,
                                const QString &error, bool forget)
{
    if (forget && m_store && m_store->isOpen() && !m_store->remove(ref))
        noteStoreFailure();
    Outgoing done;
    for (qsizetype i = 0; i < m_outbox.size(); ++i) {
        if (m_outbox.at(i).ref == ref) {
            done = m_outbox.takeAt(i);
            break;
        }
    }
    if (done.ref.isEmpty())
        done.ref = ref;
    done.status = status;
    done.id = id;
    done.error = error;
    done.written = false;
    Q_EMIT outgoingChanged(done);
}

ChatClient::Outgoing *ChatClient::findOutgoing(const QString &ref)
{
    for (Outgoing &outgoing : m_outbox) {
        if (outgoing.ref == ref)
            return &outgoing;
    }
    return nullptr;
}

void ChatClient::changeNick(const QString &nick)
{
    if (m_state == State::Connected && !m_awaitingReplay) {
        send(Codec::encode(Nick{nick})); // after what was written before: the same order
    } else if (m_outbox.isEmpty() && !m_welcomedOnce) {
        m_nick = nick; // nothing typed yet: the next hello uses it
        openOutbox();
    } else {
        m_pendingNick = nick;
    }
}

void ChatClient::requestUsers(const QString &room)
{
    send(Codec::encode(Who{wireRoom(room)}));
}

void ChatClient::requestHistory(qint64 beforeId, int limit, const QString &room)
{
    askHistory(beforeId, limit, room.isEmpty() ? QString() : roomName(room), false);
}

void ChatClient::checkConnection()
{
    if (m_state == State::Reconnecting) {
        reconnectNow();
    } else if (m_state == State::Connected) {
        send(Codec::encode(Ping{QJsonValue(QStringLiteral("check"))}));
        m_attemptTimer->start(m_settings.wakeCheckMs);
    }
}

void ChatClient::checkSilence()
{
    // A wall clock far ahead of the monotonic one: the computer slept.
    const qint64 wallNow = QDateTime::currentMSecsSinceEpoch();
    const qint64 wallDelta = wallNow - m_wallAtCheck;
    const qint64 monotonicDelta = m_monotonic.restart();
    m_wallAtCheck = wallNow;
    if (wallDelta - monotonicDelta > SleepJumpMs) {
        checkConnection();
        return;
    }
    if (m_state != State::Connected)
        return;
    const qint64 silent = m_sinceLastFrame.elapsed();
    if (silent > m_settings.silenceMs) {
        lose(ErrorKind::TimedOut, tr("The server stopped answering."));
    } else if (silent > m_settings.silenceMs / 2 && !m_pingSent) {
        send(Codec::encode(Ping{QJsonValue(QStringLiteral("alive"))}));
        m_pingSent = true;
    }
}
