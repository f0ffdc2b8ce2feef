#include "chatserver.h"

#include "banfile.h"
#include "clientsession.h"
#include "codec.h"
#include "connectionlistener.h"
#include "englishcount.h"
#include "outputbatch.h"
#include "plaintextformat.h"
#include "processlimits.h"
#include "serverlogging.h"
#include "validation.h"

#include <QDateTime>
#include <QDir>
#include <QTcpSocket>
#include <QTimer>

using namespace Protocol;

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// A reason given by a client, fit for a one-line log entry or a left event.
QString cleanReason(const QString &reason)
{
    const Validation::TextCheck check = Validation::checkText(reason, 0);
    if (check.error)
        return QString();
    QString clean = check.text;
    clean.replace(u'\n', u' ');
    if (clean.size() > 200)
        clean = clean.left(200) + u"…";
    return clean;
}

const QString ServerSoftware = QStringLiteral("qtchat-server/" QTCHAT_VERSION);

// How often memory freed after a busy moment is looked for, to give it back.
constexpr int MemoryReleaseIntervalMs = 10'000;

// Retention (--history-days, --history-max) is applied at start and then this often.
constexpr int RetentionIntervalMs = 60 * 60 * 1000;

// Most messages read for one replay or backlog, whatever the settings: more
// would not fit in one history frame anyway.
constexpr int MaxHistoryRead = 5000;

} // namespace

ChatServer::ChatServer(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_listener(new ConnectionListener(this))
    , m_output(new OutputBatch(this))
    , m_history(config.historySize)
{
    loadBans();
    connect(m_listener, &ConnectionListener::connectionAccepted, this, [this](QTcpSocket *socket) {
        acceptConnection(new ClientSession(socket, m_config, m_output, this));
    });
    connect(m_listener, &ConnectionListener::acceptPaused, this, [](const QString &reason) {
        qCWarning(lcServer).noquote() << "cannot accept connections:" << reason
                                      << "(new connections wait until some close)";
    });
    connect(m_listener, &ConnectionListener::acceptResumed, this,
            [] { qCInfo(lcServer) << "accepting connections again"; });
    auto *memory = new QTimer(this);
    memory->setTimerType(Qt::VeryCoarseTimer);
    connect(memory, &QTimer::timeout, this, [] { ProcessLimits::releaseFreeMemory(); });
    memory->start(MemoryReleaseIntervalMs);
    openHistory();
}

ChatServer::~ChatServer()
{
    commitHistory(); // nothing acknowledged is lost on a clean stop
}

QString ChatServer::banFile(const ServerConfig &config)
{
    if (config.dataDir.isEmpty())
        return QString();
    return QDir(config.dataDir).filePath(QStringLiteral("bans.txt"));
}

void ChatServer::loadBans()
{
    for (const QString &entry : std::as_const(m_config.bans)) {
        const QString problem = m_configBans.add(entry);
        if (!problem.isEmpty())
            qCWarning(lcServer).noquote() << "ignoring ban:" << problem;
    }
    const QString path = banFile(m_config);
    const BanFile::Contents saved = BanFile::read(path);
    if (!saved.error.isEmpty())
        qCWarning(lcServer).noquote() << "bans:" << saved.error;
    for (const QString &problem : saved.problems)
        qCWarning(lcServer).noquote() << "ignoring ban in" << path + u", " + problem;
    for (const QString &entry : saved.entries)
        m_savedBans.add(entry);
    for (const QString &entry : m_configBans.entries() + m_savedBans.entries())
        m_bans.add(entry);
    if (!m_bans.isEmpty())
        qCInfo(lcServer).noquote() << "bans:" << m_bans.entries().join(QLatin1String(", "));
}

void ChatServer::saveBans()
{
    Q_EMIT bansChanged();
    const QString path = banFile(m_config);
    if (path.isEmpty())
        return;
    const QString problem = BanFile::write(path, m_savedBans.entries());
    if (!problem.isEmpty()) {
        qCWarning(lcServer).noquote() << "bans: cannot save to" << path << "-" << problem
                                      << "(the change holds until the server stops)";
    }
}

void ChatServer::openHistory()
{
    if (m_config.dataDir.isEmpty() || !m_config.historyOnDisk) {
        m_historyStatus = QStringLiteral("history is kept in memory only");
        return;
    }
    const QString path = QDir(m_config.dataDir).filePath(QStringLiteral("history.sqlite"));
    if (!m_store.open(path)) {
        m_historyStatus = u"history is kept in memory only: " + m_store.errorString();
        qCWarning(lcServer).noquote() << "history:" << m_store.errorString()
                                      << "- the room keeps its history in memory only";
        return;
    }
    m_history.attachStore(&m_store, nowMs());
    m_historyRetry = new QTimer(this);
    m_historyRetry->setInterval(m_config.historyRetryMs);
    connect(m_historyRetry, &QTimer::timeout, this, &ChatServer::writeInBackground);
    applyRetention();
    m_historyStatus = QStringLiteral("history in %1 (%2, last id %3)")
                              .arg(path, englishCount(m_store.count(), "message", "messages"))
                              .arg(m_store.lastId());
    qCInfo(lcServer).noquote() << m_historyStatus;
    if (!m_store.checkedFully())
        qCInfo(lcServer) << "history: the file is large; its full check was skipped at start";
    if (m_config.historyDays > 0 || m_config.historyMax > 0) {
        auto *retention = new QTimer(this);
        retention->setTimerType(Qt::VeryCoarseTimer);
        connect(retention, &QTimer::timeout, this, &ChatServer::applyRetention);
        retention->start(RetentionIntervalMs);
    }
}

void ChatServer::applyRetention()
{
    if (m_config.historyDays <= 0 && m_config.historyMax <= 0)
        return;
    commitHistory();
    const qint64 removed = m_history.prune(m_config.historyDays, m_config.historyMax, nowMs());
    if (removed < 0)
        qCWarning(lcServer).noquote()
                << "history: cannot remove old messages:" << m_store.errorString();
    else if (removed > 0)
        qCInfo(lcServer).noquote() << "history: removed" << removed << "old messages";
}

void ChatServer::scheduleCommit()
{
    if (m_commitScheduled || m_historyFailing || !m_history.hasUncommitted())
        return;
    // What is said during this pass of the event loop is written in one
    // transaction, in the history's thread; what it carries is delivered
    // after that. Meanwhile the server goes on.
    m_commitScheduled = true;
    QMetaObject::invokeMethod(this, &ChatServer::startCommit, Qt::QueuedConnection);
}

void ChatServer::startCommit()
{
    m_commitScheduled = false;
    if (!m_historyFailing) // otherwise m_historyRetry tries again
        writeInBackground();
}

void ChatServer::writeInBackground()
{
    // While a write is under way, what comes meanwhile waits for the next one.
    m_history.commitInBackground(
            [this](const MessageHistory::CommitResult &result) { onHistoryWritten(result); });
}

void ChatServer::onHistoryWritten(const MessageHistory::CommitResult &result)
{
    noteCommitResult(result);
    if (!m_historyFailing && m_history.hasUncommitted())
        startCommit(); // the history's thread goes on while this one delivers
    deliverWritten();
    m_output->flush(); // a whole batch: worth sending at once
}

void ChatServer::commitHistory()
{
    m_commitScheduled = false;
    if (m_history.hasUncommitted())
        noteCommitResult(m_history.commit());
    while (!m_outbox.empty())
        deliverNext();
}

void ChatServer::deliverWritten()
{
    // When writing fails, messages are delivered anyway (and written later).
    const qint64 written = m_history.writtenUpTo();
    while (!m_outbox.empty() && (m_historyFailing || m_outbox.front().waitsFor <= written))
        deliverNext();
}

void ChatServer::deliverNext()
{
    const Delivery delivery = std::move(m_outbox.front());
    m_outbox.pop_front();
    switch (delivery.kind) {
    case Delivery::Kind::ToEveryone:
        m_room.broadcast(delivery.frame, delivery.line, delivery.except, delivery.joinedUpTo);
        break;
    case Delivery::Kind::ToOne:
        if (delivery.to)
            delivery.to->deliver(delivery.frame, delivery.line);
        break;
    case Delivery::Kind::Close:
        if (delivery.to)
            delivery.to->disconnectQuietly(delivery.closeReason);
        break;
    }
}

void ChatServer::noteCommitResult(const MessageHistory::CommitResult &result)
{
    const QString path = m_store.path();
    if (result.ok) {
        if (m_historyFailing) {
            m_historyFailing = false;
            m_historyRetry->stop();
            qCInfo(lcServer).noquote() << "history: writing to" << path << "again;"
                                       << result.written << "waiting messages written";
            m_historyStatus = u"history in " + path;
        }
        return;
    }
    if (!m_historyFailing) {
        m_historyFailing = true;
        qCWarning(lcServer).noquote()
                << "history: cannot write to" << path + u':' << result.error
                << "- messages are kept in memory and written when that works again (tried "
                   "every"
                << m_config.historyRetryMs / 1000.0
                << "seconds); if the server stops before, they are lost";
        m_historyStatus = u"history cannot be written to " + path + u": " + result.error;
        m_historyRetry->start();
    }
    if (result.givenUp > 0) {
        qCWarning(lcServer).noquote() << "history:" << result.givenUp
                                      << "messages waited too long and will not be written";
    }
}

bool ChatServer::mustWait() const
{
    // Everything waits in order behind messages that are not written yet.
    return !m_outbox.empty() || (!m_historyFailing && m_history.writtenUpTo() < m_history.lastId());
}

void ChatServer::broadcast(const QByteArray &frame, const QByteArray &line,
                           const ClientSession *except)
{
    if (mustWait()) {
        m_outbox.push_back(Delivery{Delivery::Kind::ToEveryone,
                                    nullptr,
                                    frame,
                                    line,
                                    except,
                                    m_joinSequence,
                                    {},
                                    m_history.lastId()});
        return;
    }
    m_room.broadcast(frame, line, except);
}

void ChatServer::send(ClientSession *session, const QByteArray &frame, const QByteArray &line)
{
    if (mustWait()) {
        m_outbox.push_back(Delivery{
                Delivery::Kind::ToOne, session, frame, line, nullptr, 0, {}, m_history.lastId()});
        return;
    }
    session->deliver(frame, line);
}

void ChatServer::send(ClientSession *session, const QByteArray &bytes)
{
    send(session, bytes, bytes);
}

void ChatServer::sendError(ClientSession *session, ErrorCode code, const QString &message,
                           const QString &ref)
{
    send(session, Codec::encodeError(code, message, ref), PlainTextFormat::serverLine(message));
}

QList<ConnectionInfo> ChatServer::connections() const
{
    QList<ConnectionInfo> list;
    for (const ClientSession *member : m_room.members()) {
        list.append({member->joinSequence(), member->nick(), member->peerAddress(),
                     member->peerLabel(), member->kind() == ClientSession::Kind::PlainText,
                     member->connectedAtMs(), member->messagesSent(), member->lastActivityMs()});
    }
    return list;
}

bool ChatServer::listen()
{
    m_errorString.clear();
    if (m_listener->isListening())
        return true;
    if (!m_listener->listen(m_config.host, m_config.port)) {
        m_errorString = m_listener->errorString();
        m_listenError = m_listener->error();
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

void ChatServer::close()
{
    m_listener->close();
}

void ChatServer::acceptConnection(ClientSession *session)
{
    m_sessions.insert(session);
    ++m_liveSessions;
    connect(session, &ClientSession::plainTextDetected, this, &ChatServer::onPlainTextDetected);
    connect(session, &ClientSession::helloReceived, this, &ChatServer::onHello);
    connect(session, &ClientSession::requestReceived, this, &ChatServer::onRequest);
    connect(session, &ClientSession::ended, this, &ChatServer::onSessionEnded);
    connect(session, &QObject::destroyed, this, &ChatServer::onSessionDestroyed);

    const QString peer = session->peerLabel();
    const QHostAddress address = session->peerAddress();
    qCInfo(lcServer).noquote() << "connection from" << peer;
    Q_EMIT clientConnected(peer);

    QString refusal;
    if (m_shuttingDown) {
        session->refuseOnContact(ErrorCode::ServerShutdown,
                                 QStringLiteral("the server is shutting down"));
        refusal = QStringLiteral("shutting down");
    } else if (m_bans.isBanned(address)) {
        session->refuseOnContact(ErrorCode::Banned,
                                 QStringLiteral("you are banned from this server"));
        refusal = QStringLiteral("banned");
    } else if (m_config.maxClients > 0 && m_accepted >= m_config.maxClients) {
        session->refuseOnContact(ErrorCode::ServerFull,
                                 QStringLiteral("the server is full (%1 connections); try again "
                                                "later")
                                         .arg(m_config.maxClients));
        refusal = QStringLiteral("server full");
    } else if (m_config.maxConnectionsPerIp > 0 &&
               m_perIp.value(address) >= m_config.maxConnectionsPerIp) {
        session->refuseOnContact(ErrorCode::TooManyConnections,
                                 QStringLiteral("too many connections from your address %1 "
                                                "(the limit is %2)")
                                         .arg(address.toString())
                                         .arg(m_config.maxConnectionsPerIp));
        refusal = QStringLiteral("too many connections from this address");
    }
    if (!refusal.isEmpty()) {
        qCInfo(lcServer).noquote() << "refusing" << peer << u'(' + refusal + u')';
        Q_EMIT connectionRefused(peer, refusal);
        return;
    }
    ++m_accepted;
    ++m_perIp[address];
}

void ChatServer::onSessionEnded(ClientSession *session, const QString &reason)
{
    if (!m_sessions.remove(session))
        return;
    if (!session->isRefused()) {
        --m_accepted;
        const QHostAddress address = session->peerAddress();
        if (--m_perIp[address] <= 0)
            m_perIp.remove(address);
    }
    if (m_room.contains(session)) {
        m_room.remove(session);
        const Left left{session->nick(), nowMs(), reason};
        broadcast(Codec::encode(left), PlainTextFormat::left(left.nick, reason));
        qCInfo(lcServer).noquote()
                << "leave" << session->nick() << u'(' + session->peerLabel() + u"):" << reason;
        Q_EMIT userLeft(session->nick(), reason);
    } else {
        qCInfo(lcServer).noquote()
                << "closed" << session->peerLabel() << "before joining:" << reason;
    }
}

void ChatServer::onSessionDestroyed()
{
    --m_liveSessions;
    if (m_shuttingDown && m_liveSessions == 0)
        Q_EMIT shutdownFinished();
}

QString ChatServer::plainTextNick(const QHostAddress &address) const
{
    // The seed names people after their address. IPv6 colons are not nickname
    // characters, so they become dots.
    QString base = address.toString();
    base.replace(u':', u'.');
    base = base.right(Protocol::MaxNickLength - 4);
    if (base.startsWith(u'.'))
        base.prepend(u'0');
    QString nick = base;
    for (int n = 2; m_room.find(nick); ++n)
        nick = base + u'-' + QString::number(n);
    return nick;
}

void ChatServer::join(ClientSession *session, const QString &nick)
{
    session->markRegistered(nick, nowMs());
    session->setJoinSequence(++m_joinSequence);
    m_room.add(session);
    const Joined joined{nick, session->joinedAtMs()};
    broadcast(Codec::encode(joined), PlainTextFormat::joined(nick), session);
    const bool plainText = session->kind() == ClientSession::Kind::PlainText;
    qCInfo(lcServer).noquote() << "join" << nick
                               << u'(' + session->peerLabel() + u", " +
                                          (plainText ? u"plain text" : u"protocol") + u')';
    Q_EMIT userJoined(nick, session->peerLabel(), plainText);
}

HistoryReader ChatServer::readerOf(const ClientSession *session)
{
    return HistoryReader{session->nickKey(), session->peerAddress()};
}

HistoryPage ChatServer::joinHistory(ClientSession *session, std::optional<qint64> since) const
{
    if (since) {
        const int cap =
                m_config.replayCap > 0 ? qMin(m_config.replayCap, MaxHistoryRead) : MaxHistoryRead;
        return m_history.after(*since, readerOf(session), cap);
    }
    if (m_config.joinBacklog <= 0)
        return HistoryPage{{}, m_history.lastId() == 0};
    return m_history.before(std::nullopt, qMin(m_config.joinBacklog, MaxHistoryRead),
                            readerOf(session));
}

void ChatServer::onPlainTextDetected(ClientSession *session)
{
    if (!m_config.password.isEmpty()) {
        // Plain-text clients have no way to give the password.
        qCInfo(lcServer).noquote() << "refusing" << session->peerLabel()
                                   << "(plain-text client, but a password is required)";
        Q_EMIT connectionRefused(session->peerLabel(), QStringLiteral("password required"));
        session->disconnectWithError(
                ErrorCode::AuthFailed,
                QStringLiteral("this server needs a password, which plain-text clients "
                               "cannot give; connect with a program that speaks the qtchat "
                               "protocol"),
                QStringLiteral("password required"));
        return;
    }
    const QString nick = plainTextNick(session->peerAddress());
    QByteArray greeting = PlainTextFormat::greeting();
    if (m_config.motd != QLatin1String(PlainTextGreeting) && !m_config.motd.isEmpty())
        greeting += PlainTextFormat::serverLine(m_config.motd);
    greeting +=
            PlainTextFormat::serverLine(u"You are " + nick + u". Type /help to see the commands.");
    join(session, nick);
    // Recent room messages (whispers are not shown to plain-text clients).
    const HistoryPage recent =
            m_config.joinBacklog > 0
                    ? m_history.before(std::nullopt, qMin(m_config.joinBacklog, MaxHistoryRead),
                                       HistoryReader())
                    : HistoryPage();
    if (!recent.messages.isEmpty()) {
        greeting += PlainTextFormat::serverLine(
                recent.messages.size() == 1
                        ? QStringLiteral("The last message:")
                        : QStringLiteral("The last %1 messages:").arg(recent.messages.size()));
        for (const ChatMessage &message : recent.messages)
            greeting += PlainTextFormat::message(message);
    }
    send(session, greeting);
}

void ChatServer::onHello(ClientSession *session, const Hello &hello)
{
    const QString peer = session->peerLabel();
    if (hello.protocol != Version) {
        qCInfo(lcServer).noquote()
                << "refusing" << peer << "(protocol" << hello.protocol << "unsupported)";
        Q_EMIT connectionRefused(peer, QStringLiteral("protocol unsupported"));
        session->disconnectWithError(ErrorCode::ProtocolUnsupported,
                                     QStringLiteral("this server speaks protocol version %1 "
                                                    "only; your client asked for version %2")
                                             .arg(Version)
                                             .arg(hello.protocol),
                                     QStringLiteral("protocol unsupported"));
        return;
    }
    if (!m_config.password.isEmpty() && hello.password != m_config.password) {
        const QString why = hello.password.isEmpty()
                                    ? QStringLiteral("this server needs a password")
                                    : QStringLiteral("wrong password");
        qCInfo(lcServer).noquote() << "refusing" << peer << u'(' + why + u')';
        Q_EMIT connectionRefused(peer, why);
        session->disconnectWithError(ErrorCode::AuthFailed, why, why);
        return;
    }
    const Validation::NickCheck nick = Validation::checkNick(hello.nick);
    if (!nick.ok) {
        qCInfo(lcServer).noquote() << "refusing nickname from" << peer << u'(' + nick.reason + u')';
        sendError(session, ErrorCode::BadNick, nick.reason);
        return;
    }
    if (m_room.find(nick.nick)) {
        qCInfo(lcServer).noquote()
                << "refusing nickname" << nick.nick << "from" << peer << "(taken)";
        sendError(session, ErrorCode::NickTaken,
                  u"the nickname " + nick.nick + u" is taken; choose another one");
        return;
    }
    join(session, nick.nick);
    Welcome welcome;
    welcome.server = ServerSoftware;
    welcome.nick = nick.nick;
    welcome.motd = m_config.motd;
    welcome.limits =
            Limits{m_config.maxFrameBytes, m_config.maxTextBytes, m_config.rate, m_config.burst};
    welcome.lastId = m_history.lastId();
    send(session, Codec::encode(welcome, m_room.encodedUsers()) +
                          Codec::encodeHistory(joinHistory(session, hello.since), MaxFrameBytes));
}

void ChatServer::onRequest(ClientSession *session, const ClientMessage &request)
{
    if (!session->isRegistered())
        return;
    std::visit(
            [this, session](const auto &message) {
                using T = std::decay_t<decltype(message)>;
                // Hello, ping and pong are answered by the session itself.
                if constexpr (!std::is_same_v<T, Hello> && !std::is_same_v<T, Ping> &&
                              !std::is_same_v<T, Pong>)
                    handle(session, message);
            },
            request);
}

bool ChatServer::echoDuplicate(ClientSession *session, const QString &ref,
                               const ChatMessage &resent)
{
    std::optional<ChatMessage> stored = m_history.findDuplicate(session->nickKey(), ref, resent.ts);
    // The same ref with other content is not a resend (a client that started
    // counting its refs again): it is stored as a new message.
    if (!stored || stored->text != resent.text || stored->action != resent.action ||
        Validation::nickKey(stored->to) != Validation::nickKey(resent.to))
        return false;
    if (session->kind() == ClientSession::Kind::Protocol) {
        stored->ref = ref;
        send(session, Codec::encode(*stored));
    }
    return true;
}

void ChatServer::handle(ClientSession *session, const Say &say)
{
    const Validation::TextCheck text = Validation::checkText(say.text, m_config.maxTextBytes);
    if (text.error) {
        sendError(session, *text.error, text.reason, say.ref);
        return;
    }
    ChatMessage message;
    message.ts = nowMs();
    message.from = session->nick();
    message.text = text.text;
    message.action = say.action;
    if (echoDuplicate(session, say.ref, message))
        return;
    message = m_history.append(message, say.ref);
    session->countMessageSent();

    const QByteArray frame = Codec::encode(message);
    scheduleCommit();
    // Plain-text clients' form is made only when someone reads it (later
    // arrivals do not get this message).
    broadcast(frame,
              m_room.plainTextMembers() > 0 ? PlainTextFormat::message(message) : QByteArray(),
              session);
    if (session->kind() == ClientSession::Kind::Protocol) {
        if (say.ref.isEmpty()) {
            send(session, frame);
        } else {
            ChatMessage echo = message;
            echo.ref = say.ref;
            send(session, Codec::encode(echo));
        }
    }
    Q_EMIT messagePosted(message);
}

void ChatServer::handle(ClientSession *session, const Whisper &whisper)
{
    const Validation::TextCheck text = Validation::checkText(whisper.text, m_config.maxTextBytes);
    if (text.error) {
        sendError(session, *text.error, text.reason, whisper.ref);
        return;
    }
    ChatMessage message;
    message.ts = nowMs();
    message.from = session->nick();
    message.to = whisper.to;
    message.text = text.text;
    // A resend is answered even when the recipient has left since.
    if (echoDuplicate(session, whisper.ref, message))
        return;
    ClientSession *target = m_room.find(whisper.to);
    if (!target) {
        sendError(session, ErrorCode::NoSuchNick,
                  u"no one called " + Validation::quoted(whisper.to) + u" is here", whisper.ref);
        return;
    }
    message.to = target->nick();
    message = m_history.append(message, whisper.ref, session->peerAddress(), target->peerAddress());
    session->countMessageSent();

    scheduleCommit();
    if (target != session)
        send(target, Codec::encode(message), PlainTextFormat::message(message));
    ChatMessage echo = message;
    echo.ref = whisper.ref;
    send(session, Codec::encode(echo), PlainTextFormat::whisperSent(target->nick(), text.text));
    Q_EMIT messagePosted(message);
}

void ChatServer::handle(ClientSession *session, const Nick &request)
{
    const Validation::NickCheck nick = Validation::checkNick(request.nick);
    if (!nick.ok) {
        sendError(session, ErrorCode::BadNick, nick.reason);
        return;
    }
    if (nick.nick == session->nick())
        return;
    ClientSession *holder = m_room.find(nick.nick);
    if (holder && holder != session) {
        sendError(session, ErrorCode::NickTaken,
                  u"the nickname " + nick.nick + u" is taken; choose another one");
        return;
    }
    const QString old = session->nick();
    m_room.rename(session, nick.nick);
    const Renamed renamed{old, nick.nick, nowMs()};
    broadcast(Codec::encode(renamed), PlainTextFormat::renamed(old, nick.nick));
    qCInfo(lcServer).noquote() << "rename" << old << "->" << nick.nick;
    Q_EMIT userRenamed(old, nick.nick);
}

void ChatServer::handle(ClientSession *session, const Who &)
{
    send(session, Codec::encodeUsers(m_room.encodedUsers()),
         PlainTextFormat::users(m_room.users()));
}

void ChatServer::handle(ClientSession *session, const HistoryRequest &request)
{
    send(session,
         Codec::encodeHistory(m_history.before(request.before, request.limit, readerOf(session)),
                              MaxFrameBytes));
}

void ChatServer::handle(ClientSession *session, const Bye &bye)
{
    if (session->kind() == ClientSession::Kind::PlainText)
        send(session, PlainTextFormat::serverLine(QStringLiteral("Goodbye!")));
    const QString reason = cleanReason(bye.reason);
    const QString told = reason.isEmpty() ? QStringLiteral("quit") : reason;
    // The client leaves after it got what it was owed (the echo of what it just said).
    if (mustWait())
        m_outbox.push_back(Delivery{
                Delivery::Kind::Close, session, {}, {}, nullptr, 0, told, m_history.lastId()});
    else
        session->disconnectQuietly(told);
}

bool ChatServer::kick(const QString &nick, const QString &reason)
{
    return kickSession(m_room.find(nick), reason);
}

bool ChatServer::kickConnection(quint64 id, const QString &reason)
{
    for (ClientSession *member : m_room.members()) {
        if (member->joinSequence() == id)
            return kickSession(member, reason);
    }
    return false;
}

bool ChatServer::kickSession(ClientSession *session, const QString &reason)
{
    if (!session || session->isClosing())
        return false;
    const QString why = cleanReason(reason);
    qCInfo(lcServer).noquote() << "kick" << session->nick()
                               << (why.isEmpty() ? QString() : u"(" + why + u")");
    session->disconnectWithError(ErrorCode::Kicked,
                                 why.isEmpty() ? QStringLiteral("you were kicked from the room")
                                               : u"you were kicked from the room: " + why,
                                 why.isEmpty() ? QStringLiteral("kicked") : u"kicked: " + why, why);
    return true;
}

QString ChatServer::ban(const QString &addressOrSubnet)
{
    const QString problem = m_bans.add(addressOrSubnet);
    if (!problem.isEmpty())
        return problem;
    qCInfo(lcServer).noquote() << "ban" << addressOrSubnet.trimmed();
    m_savedBans.add(addressOrSubnet);
    saveBans();
    const QList<ClientSession *> sessions(m_sessions.cbegin(), m_sessions.cend());
    for (ClientSession *session : sessions) {
        if (!session->isClosing() && m_bans.isBanned(session->peerAddress())) {
            session->disconnectWithError(ErrorCode::Banned,
                                         QStringLiteral("you are banned from this server"),
                                         QStringLiteral("banned"));
        }
    }
    return QString();
}

bool ChatServer::unban(const QString &addressOrSubnet)
{
    const bool removed = m_bans.remove(addressOrSubnet);
    if (removed) {
        qCInfo(lcServer).noquote() << "unban" << addressOrSubnet.trimmed();
        m_savedBans.remove(addressOrSubnet);
        saveBans();
    }
    return removed;
}

void ChatServer::sendNotice(const QString &text)
{
    const QString clean = text.trimmed();
    if (clean.isEmpty())
        return;
    const Notice notice{clean, nowMs()};
    broadcast(Codec::encode(notice), PlainTextFormat::serverLine(clean));
    qCInfo(lcServer).noquote() << "notice:" << clean;
    Q_EMIT noticeSent(clean);
}

void ChatServer::shutdown(const QString &reason)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    commitHistory(); // what was said is stored and delivered before anyone is told
    m_listener->close();
    QString what = QStringLiteral("shutting down");
    if (!reason.isEmpty())
        what.append(QLatin1String(": ")).append(reason);
    qCInfo(lcServer).noquote() << what
                               << (m_room.size() == 1
                                           ? QStringLiteral("(1 user)")
                                           : QStringLiteral("(%1 users)").arg(m_room.size()));
    const QString message = reason.isEmpty() ? QStringLiteral("the server is shutting down")
                                             : u"the server is shutting down: " + reason;
    const QList<ClientSession *> sessions(m_sessions.cbegin(), m_sessions.cend());
    for (ClientSession *session : sessions)
        session->disconnectWithError(ErrorCode::ServerShutdown, message,
                                     QStringLiteral("server shutting down"), reason);
    if (m_liveSessions == 0)
        QMetaObject::invokeMethod(this, &ChatServer::shutdownFinished, Qt::QueuedConnection);
}
