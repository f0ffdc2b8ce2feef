#pragma once

#include "chatroom.h"
#include "dialect.h"
#include "framereader.h"
#include "messages.h"
#include "outboundevent.h"
#include "outputqueue.h"
#include "ratelimiter.h"
#include "serverconfig.h"

#include <QBasicTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class OutputBatch;
class TlsContext;
struct ChatDirectory;
class Transport;

// One connection: finds out what it speaks (DialectSniffer), frames its
// input and hands it to its dialect at the allowed rate, runs the
// handshake, ping and timeouts, and bounds what waits to be sent. It reads
// and writes through a Transport and speaks through a Dialect; what
// requests mean is the chat logic's business, told through signals, and
// what it sends are events, encoded by the dialect.
class ClientSession : public QObject
{
    Q_OBJECT

public:
    enum class Kind { Undetermined, Protocol, PlainText };
    enum class State { Detecting, Handshaking, Registered, Closing };

    // Output is sent when batch flushes, at the end of the event-loop pass.
    ClientSession(Transport *transport, const ServerConfig &config, OutputBatch *batch,
                  QObject *parent = nullptr);
    ~ClientSession() override;

    Kind kind() const { return m_kind; }
    State state() const { return m_state; }
    bool isRegistered() const { return m_state == State::Registered; }
    bool isClosing() const { return m_state == State::Closing; }
    // What the connection speaks (nullptr until it is known).
    const Dialect *dialect() const { return m_dialect.get(); }

    QString nick() const { return m_nick; }
    QString nickKey() const { return m_nickKey; }
    void setNick(const QString &nick);

    // The connection came to the IRC port: it speaks IRC (under TLS when its
    // first byte starts a handshake), looking up who and what is here in directory.
    void speakIrc(const ChatDirectory *directory) { m_directory = directory; }
    bool isIrc() const { return m_dialect && m_dialect->kind() == Dialect::Kind::Irc; }

    // TLS for connections that start a handshake (without it, they are refused).
    void setTls(std::shared_ptr<TlsContext> context) { m_tls = std::move(context); }
    // Whether the connection went under TLS, and with what ("TLSv1.3 TLS_AES_…").
    bool isEncrypted() const { return m_encrypted; }
    QString tlsCipher() const { return m_tlsCipher; }

    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    QString peerLabel() const; // 192.168.1.7:50312 or [fe80::1]:50312
    qint64 connectedAtMs() const { return m_connectedAtMs; }
    qint64 joinedAtMs() const { return m_joinedAtMs; }
    // The order in which members joined the room.
    quint64 joinSequence() const { return m_joinSequence; }
    void setJoinSequence(quint64 sequence) { m_joinSequence = sequence; }
    qint64 messagesSent() const { return m_messagesSent; }
    void countMessageSent() { ++m_messagesSent; }
    qint64 lastActivityMs() const { return m_lastActivityMs; }

    // The connection will be refused with this error as soon as the client
    // shows what it is (its first frame, or its silence for plain-text ones).
    void refuseOnContact(Protocol::ErrorCode code, const QString &message);
    bool isRefused() const { return m_refusal.has_value(); }

    // Called by the server once the client is in the room under nick.
    void markRegistered(const QString &nick, qint64 nowMs);

    // Queues an event (encoded once for every reader of this dialect) for
    // sending at the end of this event-loop pass.
    void deliver(const OutboundEvent &event);
    // Its dialect's Dialect::encodingKey(), or -1 before it has one.
    int encodingKey() const { return m_encodingKey; }
    // Its dialect's key for this event (Dialect::encodingKeyFor), or -1.
    int encodingKeyFor(const OutboundEvent &event) const
    {
        return m_keyVaries ? m_dialect->encodingKeyFor(event.room()) : m_encodingKey;
    }

    // The rooms it is in, in the order it joined them.
    const QList<ChatRoomPtr> &rooms() const { return m_rooms; }
    void addRoom(const ChatRoomPtr &room);
    void removeRoom(const ChatRoom *room);
    // Where what it says without naming a room goes (plain-text clients'
    // /join changes it; for protocol clients it stays the default room).
    ChatRoomPtr currentRoom() const { return m_currentRoom; }
    void setCurrentRoom(const ChatRoomPtr &room);
    // Queues bytes already encoded for this session's encodingKey().
    void deliverEncoded(const EncodedBytes &bytes) { writeAll(bytes); }
    // The same for an event for this session alone.
    void send(const ServerEvent &event);
    void sendError(Protocol::ErrorCode code, const QString &message,
                   const QString &ref = QString());
    // Hands what is queued to the system now.
    void flushOutput();
    // Called by the batch this session waits in.
    void sendBatchedOutput();
    // Says why, then closes. reason is what the room is told; operatorWords,
    // the operator's own reason (a kick's), goes in the error frame's reason.
    void disconnectWithError(Protocol::ErrorCode code, const QString &message,
                             const QString &reason, const QString &operatorWords = QString());
    void disconnectQuietly(const QString &reason);
    // Puts the connection under TLS (its first byte started a handshake).
    void startTls();
    // A plain connection where the operator requires TLS: refused when it shows what it is.
    void refuseIfTlsRequired();

Q_SIGNALS:
    // A client without a handshake (plain text) is ready to join.
    void plainTextDetected(ClientSession *session);
    void helloReceived(ClientSession *session, const Protocol::Hello &hello);
    void requestReceived(ClientSession *session, const Protocol::ClientMessage &request);
    // The client is gone from the server's point of view (emitted once, from
    // the event loop, never from inside a call into the session).
    void ended(ClientSession *session, const QString &reason);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    // Queues bytes; closes the connection with sendq_exceeded when more
    // than the send queue limit waits (here, in the transport and in the system).
    void write(const QByteArray &bytes);
    void writeAll(const EncodedBytes &bytes);
    void onReadyRead();
    void onTransportClosed();
    void readInput();
    void takeInput(qint64 maxBytes);
    void resumeInput();
    void refuseNow();
    void closeForOversizedFrame();
    void processFrames();
    void handleFrame(const QByteArray &frame);
    void speak(std::unique_ptr<Dialect> dialect);
    void onDeadline();
    void armDeadline();
    qint64 nextDeadline() const;
    void noteInput(qint64 nowMs);
    void beginClose(const QString &reason);
    void emitEnded();
    void finishIfDone();
    qint64 queuedBytes();

    Transport *m_transport;
    std::shared_ptr<TlsContext> m_tls;
    const ChatDirectory *m_directory = nullptr; // on the IRC port
    bool m_encrypted = false;
    QString m_tlsCipher;
    const ServerConfig &m_config;
    std::unique_ptr<Dialect> m_dialect;
    int m_encodingKey = -1;
    QPointer<OutputBatch> m_batch; // may go first when the server is destroyed
    OutputQueue m_output;          // written during this pass, not yet handed on
    bool m_waitingInBatch = false;
    Kind m_kind = Kind::Undetermined;
    State m_state = State::Detecting;

    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
    QString m_nick;
    QString m_nickKey;
    QList<ChatRoomPtr> m_rooms;
    ChatRoomPtr m_currentRoom;
    bool m_keyVaries = false;
    qint64 m_connectedAtMs;
    qint64 m_joinedAtMs = 0;
    quint64 m_joinSequence = 0;
    qint64 m_messagesSent = 0;
    qint64 m_lastActivityMs;

    FrameReader m_reader;
    std::optional<QByteArray> m_pendingFrame; // decoded next, once the rate allows
    RateLimiter m_limiter;
    bool m_paused = false;  // by the rate limit, until m_floodTimer
    bool m_yielded = false; // for the other clients' turn, until resumeInput()
    int m_framesThisTurn = 0;

    std::optional<std::pair<Protocol::ErrorCode, QString>> m_refusal;

    QBasicTimer m_detectTimer;
    QBasicTimer m_deadlineTimer; // handshake timeout, then ping and ping timeout
    QBasicTimer m_floodTimer;
    qint64 m_monotonicStartMs;
    qint64 m_lastInputMs;
    qint64 m_pingSentAtMs = -1;

    QString m_endReason;
    QString m_drainReason; // why the connection ended, told once its input is handled
    qint64 m_drainStartMs = 0;
    bool m_endedEmitted = false;
    bool m_socketClosed = false;
};
