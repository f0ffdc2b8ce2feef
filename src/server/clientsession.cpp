#include "clientsession.h"

#include "codec.h"
#include "outputbatch.h"
#include "plaintextformat.h"
#include "utf8.h"
#include "validation.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QTimerEvent>

#include <chrono>
#include <climits>

#ifdef Q_OS_LINUX
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#endif

using namespace Protocol;

namespace {

// Time for timeouts: monotonic, unaffected by clock changes.
qint64 monotonicMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

qint64 wallClockMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Input is read in pieces of this size so that frames are handled (and
// the frame limit checked) as they arrive.
constexpr qint64 ReadChunkBytes = 64 * 1024;

// Output is sent at the end of the event-loop pass. Past this much, it is
// handed to the system at once, so that a busy pass does not count against a
// client that reads.
constexpr qint64 FlushThresholdBytes = 64 * 1024;

// The system's send buffer grows to megabytes for a client that does not
// read; it is measured after this much was sent, so that the send queue
// limit holds for all that waits.
constexpr qint64 SystemQueueCheckBytes = 64 * 1024;

// Input read from the system ahead of what is handled, at most.
constexpr qint64 InputBufferBytes = 4 * ReadChunkBytes;

// Frames handled from one client before the others have their turn (and
// what was said so far goes to the history and out to the room).
constexpr int FramesPerTurn = 16;

// How long a client that has gone may still have its input handled; the
// rest of a larger flood is dropped.
constexpr qint64 DrainLimitMs = 60'000;

// A refused client that does not say anything is told why after this long.
constexpr int RefusalGraceMs = 5000;

// Plain-text clients are kept alive by TCP: probe after a minute of silence.
void enableKeepAlive(QTcpSocket *socket)
{
    socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
#ifdef Q_OS_LINUX
    const int fd = int(socket->socketDescriptor());
    if (fd >= 0) {
        const int idle = 60, interval = 10, count = 6;
        ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
        ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
        ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
    }
#endif
}

QString describeSocketError(QTcpSocket *socket)
{
    switch (socket->error()) {
    case QAbstractSocket::RemoteHostClosedError:
        return QStringLiteral("connection closed");
    case QAbstractSocket::NetworkError:
    case QAbstractSocket::SocketTimeoutError:
        return QStringLiteral("connection lost");
    default:
        return u"connection error: " + socket->errorString();
    }
}

} // namespace

ClientSession::ClientSession(QTcpSocket *socket, const ServerConfig &config, OutputBatch *batch,
                             QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_config(config)
    , m_batch(batch)
    , m_peerAddress(socket->peerAddress())
    , m_peerPort(socket->peerPort())
    , m_connectedAtMs(wallClockMs())
    , m_lastActivityMs(m_connectedAtMs)
    , m_reader(config.maxFrameBytes)
    , m_limiter(config.rate, config.burst)
    , m_monotonicStartMs(monotonicMs())
    , m_lastInputMs(m_monotonicStartMs)
{
    bool isV4 = false;
    const quint32 v4 = m_peerAddress.toIPv4Address(&isV4);
    if (isV4)
        m_peerAddress = QHostAddress(v4); // ::ffff:a.b.c.d -> a.b.c.d
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Input waits in the system (and the sender slows down) rather than in
    // memory here while this session waits for its turn.
    m_socket->setReadBufferSize(InputBufferBytes);
    connect(m_socket, &QTcpSocket::readyRead, this, &ClientSession::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &ClientSession::onSocketDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this,
            [this] { m_socketErrorReason = describeSocketError(m_socket); });
    m_detectTimer.start(m_config.plainTextDetectMs, Qt::PreciseTimer, this);
    armDeadline();
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(this, &ClientSession::onSocketDisconnected, Qt::QueuedConnection);
    else if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ClientSession::onReadyRead, Qt::QueuedConnection);
}

ClientSession::~ClientSession()
{
    if (m_waitingInBatch && m_batch)
        m_batch->remove(this);
}

void ClientSession::setNick(const QString &nick)
{
    m_nick = nick;
    m_nickKey = Validation::nickKey(nick);
}

QString ClientSession::peerLabel() const
{
    if (m_peerAddress.protocol() == QAbstractSocket::IPv6Protocol)
        return u'[' + m_peerAddress.toString() + u"]:" + QString::number(m_peerPort);
    return m_peerAddress.toString() + u':' + QString::number(m_peerPort);
}

void ClientSession::refuseOnContact(ErrorCode code, const QString &message)
{
    m_refusal = std::make_pair(code, message);
    armDeadline();
}

void ClientSession::refuseNow()
{
    if (m_refusal)
        disconnectWithError(m_refusal->first, m_refusal->second,
                            QString(errorCodeName(m_refusal->first)));
}

void ClientSession::markRegistered(const QString &nick, qint64 nowMs)
{
    setNick(nick);
    m_state = State::Registered;
    m_joinedAtMs = nowMs;
    m_lastInputMs = monotonicMs();
    armDeadline();
}

void ClientSession::write(const QByteArray &bytes)
{
    if (m_state == State::Closing || m_socketClosed || bytes.isEmpty())
        return;
    m_output.append(bytes);
    if (!m_waitingInBatch && m_batch) {
        m_waitingInBatch = true;
        m_batch->add(this);
    }
    if (m_output.size() > FlushThresholdBytes)
        flushOutput();
    if (m_config.sendQueueBytes > 0 && queuedBytes() > m_config.sendQueueBytes) {
        disconnectWithError(ErrorCode::SendqExceeded,
                            QStringLiteral("more than %1 bytes were waiting to be sent to you; "
                                           "is your client still reading?")
                                    .arg(m_config.sendQueueBytes),
                            QStringLiteral("send queue exceeded"));
    }
}

qint64 ClientSession::queuedBytes()
{
    // What Qt and the system hold only shrinks between measures: an old
    // measure is an upper bound, taken again before it condemns anyone.
    const bool stale = m_config.sendQueueBytes > 0 &&
                       m_output.size() + m_socketQueued + m_systemQueued > m_config.sendQueueBytes;
    if (stale || m_sentSinceCheck >= SystemQueueCheckBytes) {
        m_sentSinceCheck = 0;
        m_socketQueued = m_socket->bytesToWrite();
        m_systemQueued = systemQueuedBytes();
    }
    return m_output.size() + m_socketQueued + m_systemQueued;
}

qint64 ClientSession::systemQueuedBytes() const
{
#ifdef Q_OS_LINUX
    int unsent = 0;
    if (::ioctl(int(m_socket->socketDescriptor()), SIOCOUTQ, &unsent) == 0)
        return unsent;
#endif
    return 0;
}

void ClientSession::sendBatchedOutput()
{
    m_waitingInBatch = false;
    flushOutput();
}

void ClientSession::flushOutput()
{
    if (m_output.isEmpty())
        return;
    if (m_socketClosed) {
        m_output.clear();
        return;
    }
    qint64 sent = 0;
    m_socketQueued = m_socket->bytesToWrite();
#ifdef Q_OS_LINUX
    // Straight to the system when Qt holds nothing back (the usual case):
    // one call, no copy into Qt's buffer. What the system does not take, or
    // an error, is left to Qt, which reports it like any other.
    if (m_socketQueued == 0) {
        sent = m_output.sendTo(m_socket->socketDescriptor());
        m_sentSinceCheck += sent;
    }
#endif
    m_socketQueued += m_output.size() - sent;
    m_output.takeRest(sent, [this](const char *data, qint64 size) { m_socket->write(data, size); });
}

void ClientSession::deliver(const QByteArray &frame, const QByteArray &line)
{
    write(m_kind == Kind::PlainText ? line : frame);
}

void ClientSession::sendError(ErrorCode code, const QString &message, const QString &ref)
{
    if (m_kind == Kind::Protocol)
        write(Codec::encodeError(code, message, ref));
    else
        write(PlainTextFormat::serverLine(message));
}

void ClientSession::disconnectWithError(ErrorCode code, const QString &message,
                                        const QString &reason, const QString &operatorWords)
{
    if (m_state == State::Closing)
        return;
    // A client that has not spoken yet is addressed in plain text, the way
    // the contract treats silent connections.
    if (!m_socketClosed) {
        m_output.append(m_kind == Kind::Protocol ? Codec::encode(Error{code, QString(), message,
                                                                       QString(), operatorWords})
                                                 : PlainTextFormat::serverLine(message));
    }
    beginClose(reason);
}

void ClientSession::disconnectQuietly(const QString &reason)
{
    beginClose(reason);
}

void ClientSession::beginClose(const QString &reason)
{
    if (m_state == State::Closing)
        return;
    m_state = State::Closing;
    m_endReason = reason;
    m_detectTimer.stop();
    m_deadlineTimer.stop();
    m_floodTimer.stop();
    m_reader.clear();
    m_pendingFrame.reset();
    QMetaObject::invokeMethod(this, &ClientSession::emitEnded, Qt::QueuedConnection);
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        m_socketClosed = true;
        m_output.clear();
        return;
    }
    flushOutput(); // what was owed goes out before the close
    if (m_config.lingerMs > 0) {
        m_lingerTimer.start(m_config.lingerMs, Qt::CoarseTimer, this);
#ifdef Q_OS_LINUX
        if (m_socket->bytesToWrite() == 0 && systemQueuedBytes() > 0) {
            // Qt would close at once and leave the system delivering the
            // rest for minutes, maybe to a client that does not read. The
            // close follows the data instead; the linger time bounds the wait.
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
            return;
        }
#endif
    }
    m_socket->disconnectFromHost(); // flushes what is queued first
}

void ClientSession::emitEnded()
{
    if (m_endedEmitted)
        return;
    m_endedEmitted = true;
    Q_EMIT ended(this, m_endReason);
    finishIfDone();
}

void ClientSession::finishIfDone()
{
    if (m_endedEmitted && m_socketClosed)
        deleteLater();
}

void ClientSession::onSocketDisconnected()
{
    if (m_socketClosed)
        return;
    m_socketClosed = true;
    m_lingerTimer.stop();
    if (m_state != State::Closing) {
        const QString reason = m_socketErrorReason.isEmpty() ? QStringLiteral("connection closed")
                                                             : m_socketErrorReason;
        // What the client sent before it closed its side is still handled, at
        // the usual rate (its last line needs no LF); then it leaves. This is
        // never done from inside the call that noticed the close.
        takeInput(m_socket->bytesAvailable()); // what waited for this session's turn
        m_reader.append("\n");
        if (m_kind != Kind::Undetermined && (m_pendingFrame || m_reader.hasCompleteLine())) {
            m_drainReason = reason;
            m_drainStartMs = monotonicMs();
            m_detectTimer.stop();
            m_deadlineTimer.stop();
            if (!m_floodTimer.isActive())
                m_floodTimer.start(0, Qt::PreciseTimer, this);
            return;
        }
        beginClose(reason);
    }
    finishIfDone();
}

void ClientSession::onReadyRead()
{
    if (m_state == State::Closing) {
        m_socket->readAll(); // drained so that closing does not reset the connection
        return;
    }
    if (m_kind == Kind::Undetermined) {
        char first = 0;
        if (m_socket->peek(&first, 1) != 1)
            return;
        if (first == '{') {
            becomeProtocol();
        } else if (first == 0x16) {
            disconnectQuietly(QStringLiteral("TLS handshake received, but TLS is not enabled"));
            return;
        } else {
            becomePlainText();
        }
        if (m_state == State::Closing)
            return;
    }
    readInput();
}

void ClientSession::readInput()
{
    if (m_yielded)
        return; // resumeInput() goes on
    while (m_state != State::Closing) {
        // A piece at a time, so that frames are handled (and the limits
        // checked) as they arrive. More is read once what was read is handled,
        // or, while the rate holds processing back, to see whether it floods.
        const qint64 available = m_socket->bytesAvailable();
        if (available > 0 && (m_paused || (!m_pendingFrame && !m_reader.hasCompleteLine()))) {
            takeInput(qMin(available, ReadChunkBytes));
            if (m_reader.isTooLarge()) {
                // Lines completed before the oversized one are handled as far as
                // the rate allows right now; then the connection is closed.
                processFrames();
                closeForOversizedFrame();
                return;
            }
        }
        processFrames();
        if (m_state == State::Closing)
            return;
        if (m_yielded)
            break; // the rest stays in the socket's buffer until resumeInput()
        if (m_paused) {
            const qint64 queued =
                    m_reader.bufferedBytes() + (m_pendingFrame ? m_pendingFrame->size() : 0);
            if (m_config.recvQueueBytes > 0 && queued > m_config.recvQueueBytes) {
                disconnectWithError(ErrorCode::RateLimited,
                                    QStringLiteral("you sent more than %1 bytes faster than "
                                                   "%2 messages per second")
                                            .arg(m_config.recvQueueBytes)
                                            .arg(m_config.rate),
                                    QStringLiteral("flooding"));
                return;
            }
        }
        if (m_socket->bytesAvailable() == 0)
            break;
    }
    // Answers to this client go out now rather than at the end of the pass
    // (and are not lost if the client closes its side right after).
    if (!m_socketClosed) {
        flushOutput();
        if (m_socket->bytesToWrite() > 0)
            m_socket->flush();
    }
}

void ClientSession::takeInput(qint64 maxBytes)
{
    if (maxBytes <= 0)
        return;
    const QByteArray data = m_socket->read(maxBytes);
    if (m_kind == Kind::PlainText) {
        QByteArray reply;
        m_reader.append(m_telnet.filter(data, reply));
        write(reply);
    } else {
        m_reader.append(data);
    }
}

void ClientSession::closeForOversizedFrame()
{
    disconnectWithError(
            ErrorCode::FrameTooLarge,
            QStringLiteral("a line was longer than %1 bytes, so the connection is closed")
                    .arg(m_config.maxFrameBytes),
            QStringLiteral("frame too large"));
}

void ClientSession::resumeInput()
{
    m_yielded = false;
    m_framesThisTurn = 0;
    if (m_state != State::Closing)
        readInput();
}

void ClientSession::processFrames()
{
    while (m_state != State::Closing && !m_paused && !m_yielded) {
        if (m_framesThisTurn == FramesPerTurn) {
            m_yielded = true;
            QMetaObject::invokeMethod(this, &ClientSession::resumeInput, Qt::QueuedConnection);
            return;
        }
        if (!m_pendingFrame) {
            QByteArray frame;
            const FrameReader::Status status = m_reader.next(frame);
            if (status == FrameReader::Status::TooLarge) {
                closeForOversizedFrame();
                return;
            }
            if (status == FrameReader::Status::NeedMore) {
                if (m_socketClosed)
                    beginClose(m_drainReason); // all the client sent is handled
                return;
            }
            m_pendingFrame = std::move(frame);
        }
        const qint64 now = monotonicMs();
        if (m_socketClosed && now - m_drainStartMs > DrainLimitMs) {
            beginClose(m_drainReason + u" (the rest of what it sent was dropped)");
            return;
        }
        if (!m_limiter.tryTake(now)) {
            m_paused = true;
            m_floodTimer.start(int(qMax<qint64>(1, m_limiter.msUntilAvailable(now))),
                               Qt::PreciseTimer, this);
            return;
        }
        const QByteArray frame = std::move(*m_pendingFrame);
        m_pendingFrame.reset();
        noteInput(now);
        ++m_framesThisTurn;
        handleFrame(frame);
    }
}

void ClientSession::handleFrame(const QByteArray &frame)
{
    if (m_kind == Kind::PlainText)
        handlePlainTextLine(frame);
    else
        handleProtocolFrame(frame);
}

void ClientSession::handleProtocolFrame(const QByteArray &frame)
{
    if (m_refusal) {
        refuseNow();
        return;
    }
    const Decoded<ClientMessage> decoded = Codec::decodeClientFrame(frame);
    if (!decoded.ok()) {
        sendError(decoded.error.code(), decoded.error.message, decoded.error.ref);
        return;
    }
    const ClientMessage &message = *decoded.message;
    if (m_state != State::Registered) {
        if (const auto *hello = std::get_if<Hello>(&message)) {
            Q_EMIT helloReceived(this, *hello);
            return;
        }
        sendError(ErrorCode::NotRegistered,
                  QStringLiteral("send a hello first: {\"type\":\"hello\",\"protocol\":1,"
                                 "\"nick\":\"yourname\"}"));
        return;
    }
    if (std::holds_alternative<Hello>(message)) {
        sendError(ErrorCode::BadFrame, u"you are already in the room as " + m_nick);
        return;
    }
    if (const auto *ping = std::get_if<Ping>(&message)) {
        write(Codec::encode(Pong{ping->token}));
        return;
    }
    if (std::holds_alternative<Pong>(message))
        return; // any input counts as a sign of life
    Q_EMIT requestReceived(this, message);
}

void ClientSession::handlePlainTextLine(const QByteArray &line)
{
    if (!Utf8::isValid(line)) {
        sendError(ErrorCode::BadFrame,
                  QStringLiteral("that line was not valid UTF-8 text, so it was not sent"));
        return;
    }
    const PlainTextFormat::Command command = PlainTextFormat::parseLine(QString::fromUtf8(line));
    switch (command.kind) {
    case PlainTextFormat::Command::Kind::Help: {
        QByteArray help;
        for (const QString &helpLine : PlainTextFormat::helpLines())
            help += PlainTextFormat::serverLine(helpLine);
        write(help);
        return;
    }
    case PlainTextFormat::Command::Kind::Usage:
        write(PlainTextFormat::serverLine(command.usage));
        return;
    case PlainTextFormat::Command::Kind::Unknown:
        // A typo or a command of another chat program is not posted to the room.
        write(PlainTextFormat::serverLine(PlainTextFormat::unknownCommand(command.name)));
        return;
    case PlainTextFormat::Command::Kind::Request:
        if (const auto *say = std::get_if<Say>(&command.message);
            say && say->text.trimmed().isEmpty()) {
            return; // a blank line: nothing to say
        }
        Q_EMIT requestReceived(this, command.message);
        return;
    }
}

void ClientSession::becomeProtocol()
{
    m_kind = Kind::Protocol;
    m_state = State::Handshaking;
    m_detectTimer.stop();
    armDeadline();
}

void ClientSession::becomePlainText()
{
    m_kind = Kind::PlainText;
    m_detectTimer.stop();
    enableKeepAlive(m_socket);
    if (m_refusal) {
        refuseNow();
        return;
    }
    Q_EMIT plainTextDetected(this);
}

void ClientSession::noteInput(qint64 nowMs)
{
    m_lastInputMs = nowMs;
    m_pingSentAtMs = -1;
    m_lastActivityMs = wallClockMs();
}

qint64 ClientSession::nextDeadline() const
{
    if (m_socketClosed)
        return -1;
    switch (m_state) {
    case State::Detecting:
    case State::Handshaking: {
        // A silent connection is a plain-text client, which has no handshake:
        // the timeout counts once the client shows that it speaks the protocol.
        qint64 due = m_config.handshakeTimeoutMs > 0 && m_kind == Kind::Protocol
                             ? m_monotonicStartMs + m_config.handshakeTimeoutMs
                             : -1;
        if (m_refusal) {
            const qint64 refusalDue =
                    m_monotonicStartMs + m_config.plainTextDetectMs + RefusalGraceMs;
            due = due < 0 ? refusalDue : qMin(due, refusalDue);
        }
        return due;
    }
    case State::Registered:
        if (m_kind != Kind::Protocol || m_config.pingIntervalMs <= 0)
            return -1;
        if (m_pingSentAtMs >= 0)
            return m_config.pingTimeoutMs > 0 ? m_pingSentAtMs + m_config.pingTimeoutMs : -1;
        return m_lastInputMs + m_config.pingIntervalMs;
    case State::Closing:
        return -1;
    }
    return -1;
}

void ClientSession::armDeadline()
{
    const qint64 due = nextDeadline();
    if (due < 0) {
        m_deadlineTimer.stop();
        return;
    }
    const qint64 wait = qMax<qint64>(0, due - monotonicMs());
    m_deadlineTimer.start(int(qMin<qint64>(wait, INT_MAX)), Qt::CoarseTimer, this);
}

void ClientSession::onDeadline()
{
    const qint64 now = monotonicMs();
    const qint64 due = nextDeadline();
    if (due < 0)
        return;
    if (now < due) {
        armDeadline(); // input arrived meanwhile: the deadline moved
        return;
    }
    switch (m_state) {
    case State::Detecting:
    case State::Handshaking:
        if (m_refusal) {
            refuseNow();
        } else {
            disconnectWithError(ErrorCode::HandshakeTimeout,
                                QStringLiteral("no hello within %1 seconds")
                                        .arg(m_config.handshakeTimeoutMs / 1000.0),
                                QStringLiteral("handshake timeout"));
        }
        return;
    case State::Registered:
        if (m_pingSentAtMs >= 0) {
            disconnectWithError(ErrorCode::PingTimeout,
                                QStringLiteral("no answer to ping within %1 seconds")
                                        .arg(m_config.pingTimeoutMs / 1000.0),
                                QStringLiteral("ping timeout"));
            return;
        }
        m_pingSentAtMs = now;
        write(Codec::encode(Ping{QJsonValue(QString::number(now))}));
        armDeadline();
        return;
    case State::Closing:
        return;
    }
}

void ClientSession::timerEvent(QTimerEvent *event)
{
    const int id = event->timerId();
    if (id == m_detectTimer.timerId()) {
        m_detectTimer.stop();
        if (m_kind == Kind::Undetermined && m_state == State::Detecting)
            becomePlainText();
    } else if (id == m_deadlineTimer.timerId()) {
        m_deadlineTimer.stop();
        onDeadline();
    } else if (id == m_floodTimer.timerId()) {
        m_floodTimer.stop();
        m_paused = false;
        readInput();
    } else if (id == m_lingerTimer.timerId()) {
        m_lingerTimer.stop();
        // The peer did not take our last words in time: the connection is
        // reset, so that the system does not go on trying to deliver them.
#ifdef Q_OS_LINUX
        if (m_socket->bytesToWrite() > 0 || systemQueuedBytes() > 0) {
            const linger reset{1, 0};
            ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset,
                         sizeof reset);
        }
#endif
        m_socket->abort();
        onSocketDisconnected();
    } else {
        QObject::timerEvent(event);
    }
}
