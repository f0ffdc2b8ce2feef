#include "clientsession.h"

#include "dialectsniffer.h"
#include "outputbatch.h"
#include "plaintextdialect.h"
#include "tlstransport.h"
#include "transport.h"
#include "validation.h"

#include <QDateTime>
#include <QTimerEvent>

#include <chrono>
#include <climits>

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

} // namespace

ClientSession::ClientSession(Transport *transport, const ServerConfig &config, OutputBatch *batch,
                             QObject *parent)
    : QObject(parent)
    , m_transport(transport)
    , m_config(config)
    , m_batch(batch)
    , m_peerAddress(transport->peerAddress())
    , m_peerPort(transport->peerPort())
    , m_connectedAtMs(wallClockMs())
    , m_lastActivityMs(m_connectedAtMs)
    , m_reader(config.maxFrameBytes)
    , m_limiter(config.rate, config.burst)
    , m_monotonicStartMs(monotonicMs())
    , m_lastInputMs(m_monotonicStartMs)
{
    m_transport->setParent(this);
    // Input waits in the system (and the sender slows down) rather than in
    // memory here while this session waits for its turn.
    m_transport->setReadBufferSize(InputBufferBytes);
    connect(m_transport, &Transport::readyRead, this, &ClientSession::onReadyRead);
    connect(m_transport, &Transport::closed, this, &ClientSession::onTransportClosed);
    m_detectTimer.start(m_config.plainTextDetectMs, Qt::PreciseTimer, this);
    armDeadline();
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
    if (m_dialect)
        m_dialect->setNick(nick);
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

void ClientSession::writeAll(const EncodedBytes &bytes)
{
    for (const QByteArray &piece : bytes)
        write(piece);
}

qint64 ClientSession::queuedBytes()
{
    // What the transport holds only shrinks between measures: an old
    // measure is an upper bound, taken again before it condemns anyone.
    const qint64 known = m_transport->queuedBytes(false);
    const bool stale =
            m_config.sendQueueBytes > 0 && m_output.size() + known > m_config.sendQueueBytes;
    return m_output.size() + (stale ? m_transport->queuedBytes(true) : known);
}

void ClientSession::addRoom(const ChatRoomPtr &room)
{
    if (!m_rooms.contains(room))
        m_rooms.append(room);
}

void ClientSession::removeRoom(const ChatRoom *room)
{
    m_rooms.removeIf([room](const ChatRoomPtr &in) { return in.get() == room; });
}

void ClientSession::setCurrentRoom(const ChatRoomPtr &room)
{
    m_currentRoom = room;
    if (m_dialect)
        m_dialect->setCurrentRoom(room ? room->name() : QString());
}

void ClientSession::deliver(const OutboundEvent &event)
{
    // A client that has not shown what it speaks yet gets nothing from the room.
    if (m_dialect)
        writeAll(event.bytesFor(*m_dialect));
}

void ClientSession::send(const ServerEvent &event)
{
    if (m_dialect)
        writeAll(m_dialect->encode(event));
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
    m_transport->send(m_output);
}

void ClientSession::sendError(ErrorCode code, const QString &message, const QString &ref)
{
    send(Error{code, QString(), message, ref, QString()});
}

void ClientSession::disconnectWithError(ErrorCode code, const QString &message,
                                        const QString &reason, const QString &operatorWords)
{
    if (m_state == State::Closing)
        return;
    if (!m_socketClosed) {
        // A client that has not spoken yet is addressed in plain text, the way
        // the contract treats silent connections.
        const Error error{code, QString(), message, QString(), operatorWords};
        const EncodedBytes bytes =
                m_dialect ? m_dialect->encode(error) : PlainTextDialect().encode(error);
        for (const QByteArray &piece : bytes)
            m_output.append(piece);
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
    if (!m_transport->isOpen()) {
        m_socketClosed = true;
        m_output.clear();
        return;
    }
    flushOutput(); // what was owed goes out before the close
    m_transport->closeAfterSending(m_config.lingerMs);
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

void ClientSession::onTransportClosed()
{
    if (m_socketClosed)
        return;
    m_socketClosed = true;
    if (m_state != State::Closing) {
        const QString reason = m_transport->closeReason().isEmpty()
                                       ? QStringLiteral("connection closed")
                                       : m_transport->closeReason();
        // What the client sent before it closed its side is still handled, at
        // the usual rate (its last line needs no LF); then it leaves. This is
        // never done from inside the call that noticed the close.
        takeInput(m_transport->bytesAvailable()); // what waited for this session's turn
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
        m_transport->read(m_transport->bytesAvailable()); // drained: closing does not reset
        return;
    }
    if (m_kind == Kind::Undetermined) {
        char first = 0;
        if (!m_transport->peekFirstByte(&first))
            return;
        const DialectSniffer::Verdict verdict = DialectSniffer::sniff(QByteArrayView(&first, 1));
        if (verdict == DialectSniffer::Verdict::Tls) {
            if (m_encrypted || !m_tls) {
                disconnectQuietly(m_encrypted ? QStringLiteral("TLS inside TLS")
                                              : QStringLiteral("TLS handshake received, but TLS "
                                                               "is not enabled"));
                return;
            }
            startTls();
            return;
        }
        refuseIfTlsRequired();
        speak(m_directory ? DialectSniffer::ircDialect(m_config, *m_directory)
                          : DialectSniffer::dialectFor(verdict, m_config));
        if (m_state == State::Closing)
            return;
    }
    readInput();
}

void ClientSession::refuseIfTlsRequired()
{
    if (m_encrypted || !m_config.requireTls || m_refusal)
        return;
    if (m_peerAddress.isLoopback() && !m_config.requireTlsOnLoopback)
        return; // this computer: nobody between to read it
    refuseOnContact(ErrorCode::TlsRequired,
                    QStringLiteral("this server takes encrypted connections only: connect with "
                                   "TLS (a current qtchat does; openssl s_client -quiet HOST:PORT "
                                   "instead of nc)"));
}

void ClientSession::startTls()
{
    // The plain transport goes under TLS; what is read from now on is
    // decrypted, and sniffed again (a protocol or a plain-text client).
    auto *tls = new TlsTransport(m_transport, m_tls, m_config.handshakeTimeoutMs, this);
    m_transport = tls;
    m_encrypted = true;
    tls->setReadBufferSize(InputBufferBytes);
    connect(tls, &Transport::readyRead, this, &ClientSession::onReadyRead);
    connect(tls, &Transport::closed, this, &ClientSession::onTransportClosed);
    // Silence counts from the end of the handshake (a plain-text client
    // over TLS waits for the greeting, as over TCP).
    m_detectTimer.stop();
    connect(tls, &TlsTransport::encrypted, this, [this, tls] {
        m_tlsCipher = tls->cipherDescription();
        if (m_kind == Kind::Undetermined)
            m_detectTimer.start(m_config.plainTextDetectMs, Qt::PreciseTimer, this);
    });
}

void ClientSession::speak(std::unique_ptr<Dialect> dialect)
{
    m_dialect = std::move(dialect);
    m_encodingKey = m_dialect->encodingKey();
    m_keyVaries = m_dialect->keyVariesByEvent();
    m_detectTimer.stop();
    if (m_dialect->hasHandshake()) {
        m_kind = Kind::Protocol;
        m_state = State::Handshaking;
        armDeadline();
        return;
    }
    m_kind = Kind::PlainText;
    m_transport->enableKeepAlive(); // never pinged: TCP notices a dead peer
    if (m_refusal) {
        refuseNow();
        return;
    }
    Q_EMIT plainTextDetected(this);
}

void ClientSession::readInput()
{
    if (m_yielded)
        return; // resumeInput() goes on
    while (m_state != State::Closing) {
        // A piece at a time, so that frames are handled (and the limits
        // checked) as they arrive. More is read once what was read is handled,
        // or, while the rate holds processing back, to see whether it floods.
        const qint64 available = m_transport->bytesAvailable();
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
            break; // the rest stays in the transport until resumeInput()
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
        if (m_transport->bytesAvailable() == 0)
            break;
    }
    // Answers to this client go out now rather than at the end of the pass
    // (and are not lost if the client closes its side right after).
    if (!m_socketClosed) {
        flushOutput();
        m_transport->flush();
    }
}

void ClientSession::takeInput(qint64 maxBytes)
{
    if (maxBytes <= 0)
        return;
    const QByteArray data = m_transport->read(maxBytes);
    if (!m_dialect) {
        m_reader.append(data);
        return;
    }
    QByteArray reply;
    m_reader.append(m_dialect->filterInput(data, &reply));
    write(reply);
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
    if (m_refusal && m_dialect->hasHandshake()) {
        refuseNow();
        return;
    }
    const DialectInput input = m_dialect->decode(frame, m_state == State::Registered, m_nick);
    m_encodingKey = m_dialect->encodingKey(); // what was negotiated (IRC capabilities)
    write(input.reply);
    if (input.close) {
        disconnectQuietly(QStringLiteral("quit before registering"));
        return;
    }
    for (const ClientMessage &request : input.requests) {
        if (m_state == State::Closing)
            return;
        if (m_state != State::Registered) {
            if (const auto *hello = std::get_if<Hello>(&request))
                Q_EMIT helloReceived(this, *hello);
            continue;
        }
        Q_EMIT requestReceived(this, request);
    }
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
        send(Ping{QJsonValue(QString::number(now))});
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
        // Silent for a second: a plain-text client (the tutorial's listens first).
        if (m_kind == Kind::Undetermined && m_state == State::Detecting) {
            refuseIfTlsRequired();
            // On the IRC port: an IRC client, which has until the handshake timeout to register.
            speak(m_directory ? DialectSniffer::ircDialect(m_config, *m_directory)
                              : DialectSniffer::dialectFor(DialectSniffer::Verdict::PlainText,
                                                           m_config));
        }
    } else if (id == m_deadlineTimer.timerId()) {
        m_deadlineTimer.stop();
        onDeadline();
    } else if (id == m_floodTimer.timerId()) {
        m_floodTimer.stop();
        m_paused = false;
        readInput();
    } else {
        QObject::timerEvent(event);
    }
}
