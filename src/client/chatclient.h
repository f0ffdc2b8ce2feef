#pragma once

#include "framereader.h"
#include "messages.h"
#include "outgoingmessage.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <memory>

class KnownServers;
class OutboxStore;
class QSslError;
class QSslSocket;
class QTimer;

// One connection to a qtchat server, kept alive: connects, says hello,
// follows the rooms it is in (their people and topics), and when the connection is lost (anything
// but a kick, a ban or a refusal that trying again cannot fix) connects again by itself after 1 s,
// 2 s, 4 s… up to 30 s (with jitter), asking for the messages it missed (hello with "since"). What
// the user sends goes through an outbox: each message keeps its ref until the server's echo says it
// is stored, and whatever has no echo yet is sent again after a reconnect (the server's duplicate
// suppression keeps it from being posted twice). With an outbox folder, what waits is also kept on
// disk, per server and nickname, and goes out after the next start (see OutboxStore).
//
// Rooms: a room named "" is the server's default room (the only one of a
// server without rooms). The rooms joined are joined again after a
// reconnect, and after a restart when the front end hands them back with
// resume(), with what was missed in each filled in (hello with since and
// rooms, then a page back in each room if the replay could not hold it all).
//
// Encryption: every connection is TLS unless the user agreed to reach that
// server in the clear (a server that does not speak TLS is an error,
// NotEncrypted, until allowUnencrypted()). A certificate that a system
// authority vouches for is checked as usual; any other is pinned on first
// contact (trust on first use, kept in KnownServers) and must be the same
// the next times: a different one is refused (CertificateChanged, with both
// fingerprints) until trustNewCertificate().
//
// Socket and protocol errors are translated here, once, into an ErrorKind
// with a reason for people; the window only chooses how to show them.
class ChatClient : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Disconnected, // not connected, and not trying (see lastError())
        Connecting,   // connecting or saying hello
        Connected,    // in the room
        Reconnecting, // lost; the next attempt is at nextAttemptAt()
    };
    Q_ENUM(State)

    enum class ErrorKind {
        None,
        HostNotFound,
        NetworkUnreachable, // the address is on no network this computer can reach
        ConnectionRefused,
        TimedOut,
        ConnectionLost,
        Tls,          // the server requires TLS, or TLS failed in a way trying again cannot fix
        NotEncrypted, // the server does not speak TLS: allowUnencrypted() to connect anyway
        CertificateChanged, // not the certificate pinned: trustNewCertificate() to accept it
        AuthFailed,
        NickTaken,
        BadNick,
        Kicked,
        Banned,
        ServerFull,
        VersionMismatch,
        ServerShutdown,
        ProtocolError,
        Other,
    };
    Q_ENUM(ErrorKind)

    using Outgoing = OutgoingMessage;

    struct Settings
    {
        int firstRetryMs = 1'000;      // the first reconnect delay; it doubles each time
        int maxRetryMs = 30'000;       // up to this
        int attemptTimeoutMs = 15'000; // to connect and be welcomed
        int silenceMs = 90'000;        // nothing from the server for this long: the link is dead
        int wakeCheckMs = 10'000;      // after a wake-up, the server must answer within this
        int maxOutbox = 1000;          // messages waiting for their echo
        int maxInFlight = 32;          // sent and not yet echoed (the server's burst lowers it)
        int nickTakenRetryMs =
                90'000;        // a nick taken on reconnect is our old connection's for this long
        int maxGapFill = 5000; // messages fetched to fill one gap after a reconnect
    };

    explicit ChatClient(QObject *parent = nullptr);
    ~ChatClient() override;

    void setSettings(const Settings &settings) { m_settings = settings; }
    // Keeps unsent messages in this folder (one journal per server and
    // nickname) from the next connectToServer() on; empty: in memory only.
    void setOutboxDirectory(const QString &directory);
    // Whether unsent messages are on disk now (else they live as long as this object).
    bool keepsOutboxOnDisk() const;
    // Keeps the servers' certificates (and those reached in the clear) in
    // this file, read before each connection; empty: in memory only (the default).
    void setKnownServersFile(const QString &path);
    const Settings &settings() const { return m_settings; }

    State state() const { return m_state; }
    QDateTime nextAttemptAt() const { return m_nextAttemptAt; }
    ErrorKind lastError() const { return m_lastError; }
    QString lastErrorText() const { return m_lastErrorText; }
    // The server to connect to next (host and port) was found on the local
    // network; fingerprintPrefix is its TXT record's fp (hex digits, may be
    // empty). A first contact with a certificate whose fingerprint does not
    // begin so is refused as CertificateChanged, and a failure to connect is
    // explained knowing that the server is there. Connecting elsewhere forgets it.
    void setAnnounced(const QString &host, quint16 port, const QString &fingerprintPrefix);
    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    // The nick asked for, and once welcomed the one the server knows.
    QString nick() const { return m_nick; }
    // The server's default room as its welcome named it (empty: a server
    // without rooms, or not welcomed yet).
    QString defaultRoom() const { return m_defaultRoom; }
    bool serverHasRooms() const { return !m_defaultRoom.isEmpty(); }
    // The rooms the connection is in (as of the last connection while away),
    // in the order joined; "" stands for the default room of a server without rooms.
    QStringList rooms() const;
    bool isInRoom(const QString &room) const;
    // A room's name as the server writes it ("" and any case of the default
    // room: the default room), or room itself when this client is not in it.
    QString roomName(const QString &room) const;
    // Whether room (any case, "" for the default) is the default room.
    bool isDefaultRoom(const QString &room) const;
    // The people in a room as last listed (in a large room, where arrivals
    // and departures are counted rather than named, as of the last list).
    QList<Protocol::UserInfo> users(const QString &room = QString()) const;
    // How many are in a room: the server's count in a large room, else the list's.
    int peopleInRoom(const QString &room = QString()) const;
    // Whether users() may miss some who came (or list some who left) since it was made.
    bool usersListIsOld(const QString &room = QString()) const;
    // A room's topic (empty text: none).
    Protocol::Topic topic(const QString &room = QString()) const;
    // The rooms joined besides the default room: asked for again at the next hello.
    QStringList roomsToRejoin() const { return m_rejoin; }
    Protocol::Limits limits() const { return m_limits; }
    qint64 lastSeenId() const { return m_lastSeenId; }
    QList<Outgoing> outbox() const { return m_outbox; }
    // Whether another message may be queued now (the outbox, which holds only
    // messages waiting for their echo, has room).
    bool canQueue() const { return m_outbox.size() < m_settings.maxOutbox; }
    int attempt() const { return m_attempt; }

    // The connection (connecting or connected) is TLS.
    bool isEncrypted() const { return m_encrypted; }
    // The protocol and cipher ("TLSv1.3, TLS_AES_256_GCM_SHA384"), when encrypted.
    QString encryptionDescription() const;
    // The fingerprint of the server's certificate on this connection.
    QString certificateFingerprint() const { return m_offeredFingerprint; }
    // A system authority vouches for it (else it is known by its pin).
    bool isCertificateVouched() const { return m_encrypted && !m_certificateUnverified; }
    // It was pinned on this connection: the first time this computer saw it.
    bool isCertificateNew() const { return m_certificateNew; }
    // After CertificateChanged: the fingerprint pinned before (the one offered
    // is certificateFingerprint()).
    QString pinnedFingerprint() const { return m_pinnedFingerprint; }

    // Whether a loss of this kind is worth trying again after.
    static bool isRetryable(ErrorKind kind);
    // An error the server sent, in the user's language: this client's own
    // words for every code it knows (with the operator's reason, if given),
    // the server's text only for codes it does not know. subject is the
    // nickname concerned (the one asked for, or a whisper's recipient).
    QString describe(const Protocol::Error &error, const QString &subject = QString()) const;
    // Why someone left, as the server says it ("connection lost", "kicked:
    // spam"), in the user's language; a reason of the person's own is kept as it is.
    static QString describeLeaving(const QString &reason);

public Q_SLOTS:
    // Before connectToServer(), after a restart: the newest message id an
    // earlier run saw on that server and the rooms it was in, so that the
    // hello asks for them again and what came since is filled in.
    void resume(qint64 lastSeenId, const QStringList &rooms);
    void connectToServer(const QString &host, quint16 port, const QString &nick,
                         const QString &password = QString());
    // Leaves the room (telling why) and stops trying.
    void disconnectFromServer(const QString &reason = QString());
    // Tries at once instead of waiting for the next attempt.
    void reconnectNow();
    // Drops every message still waiting, from memory and disk (each is
    // reported failed: the user chose not to send it).
    void discardOutbox();
    // Sends a message (or a /me action) to a room ("": the default room);
    // returns its ref (outgoingChanged says when it was refused at once).
    QString sendMessage(const QString &text, bool action = false, const QString &room = QString());
    QString sendWhisper(const QString &to, const QString &text);
    // Connected: asks the server at once. Away: asks once the messages typed
    // under the present nick are stored (the server knows them by that nick).
    void changeNick(const QString &nick);
    void requestUsers(const QString &room = QString());
    // Asks for up to limit messages older than beforeId (0: the newest): of a
    // room, or with room "" the default room's and the whispers.
    void requestHistory(qint64 beforeId, int limit = Protocol::DefaultHistoryPage,
                        const QString &room = QString());
    // Joins a room (create: made if it does not exist, where the server allows it).
    void joinRoom(const QString &room, bool create = true);
    void partRoom(const QString &room, const QString &reason = QString());
    void requestRooms();
    void setTopic(const QString &room, const QString &text);
    // After the computer wakes from sleep: checks the connection at once.
    void checkConnection();
    // After CertificateChanged: pins the certificate just refused in place of
    // the old one, and connects again.
    void trustNewCertificate();
    // After NotEncrypted: remembers that this server may be reached in the
    // clear, and connects so. forgetUnencrypted() takes it back (and connects with TLS again).
    void allowUnencrypted();
    void forgetUnencrypted();

Q_SIGNALS:
    void stateChanged(ChatClient::State state);
    void errorOccurred(ChatClient::ErrorKind kind, const QString &reason);
    void welcomed(const Protocol::Welcome &welcome);
    // The server has fewer messages than this client saw (it lost its
    // history, or was started anew without one): ids start again, so what
    // comes now is not compared with what came before. Sent before welcomed().
    void historyReset();
    // The replay after each welcome (backlog, or what was missed), and pages asked for.
    void historyReceived(const Protocol::HistoryPage &page, bool replay);
    void messageReceived(const Protocol::ChatMessage &message);
    // An own message was queued, stored (its echo came) or refused.
    void outgoingChanged(const ChatClient::Outgoing &message);
    // Messages typed in an earlier run (or under the same server and
    // nickname before) wait again in the outbox: count of them.
    void outboxRestored(int count);
    // Unsent messages cannot be kept on disk (why); they wait in memory only.
    void outboxNotKept(const QString &reason);
    // Someone else joined a room (joined.room: its name; "" on a server without rooms).
    void userJoined(const Protocol::Joined &joined);
    // Someone else left a room, or the server (left.room empty): rooms, the
    // rooms of this connection they were in.
    void userLeft(const Protocol::Left &left, const QStringList &rooms);
    void userRenamed(const Protocol::Renamed &renamed, const QStringList &rooms);
    // The people of a room changed.
    void usersChanged(const QString &room);
    // A whole list of a room's people arrived (the answer to requestUsers()).
    void usersListed(const QString &room);
    // This connection is in a room it was not in (joined, or renamed by the operator).
    void roomJoined(const QString &room);
    // It is no longer in a room: asked (by partRoom()), or taken out by the
    // server (the room was closed, renamed, or the operator removed us; reason says which).
    void roomLeft(const QString &room, const QString &reason, bool asked);
    // A join (or a room to be in again after a reconnect) was refused: why, in the user's words.
    void roomRefused(const QString &room, const QString &reason);
    // A room's topic: as it stands, on joining the room (changed false), or set anew.
    void topicChanged(const Protocol::Topic &topic, bool changed);
    void roomsListed(const Protocol::RoomList &list);
    // A large room's joins and leaves, counted (see peopleInRoom()).
    void presenceReceived(const Protocol::Presence &presence);
    void noticeReceived(const Protocol::Notice &notice);
    // An error the server sent that closes nothing and belongs to no message
    // (a refused nick change, for example).
    void serverError(const Protocol::Error &error);

private:
    void startAttempt();
    void onConnected();
    void onEncrypted();
    void onSslErrors(const QList<QSslError> &errors);
    void onReadyRead();
    void onSocketError();
    void onDisconnected();
    // A TLS handshake that ended before it was done (what: how): NotEncrypted.
    bool loseIfNotEncrypted(const QString &what);
    void handle(const Protocol::ServerMessage &message);
    void handleError(const Protocol::Error &error);
    // The connection is gone (or must go): decides between trying again and stopping.
    void lose(ErrorKind kind, const QString &reason);
    bool isAnnounced() const;
    void setState(State state);
    void send(const QByteArray &frame);
    // Writes what waits in the outbox, as far as the window of messages in flight allows.
    void flushOutbox();
    // forget: also from the outbox on disk (not when it stays there for another server).
    void finishOutgoing(const QString &ref, Outgoing::Status status, qint64 id,
                        const QString &error, bool forget = true);
    // Opens the outbox on disk of this server and nickname, and takes up what waits there.
    void openOutbox();
    void noteStoreFailure();
    int inFlightLimit() const;
    struct RoomState
    {
        QString name; // as the server writes it ("" on a server without rooms)
        QList<Protocol::UserInfo> users;
        bool collectingUsers = false; // pieces of a long list are arriving
        int countedPeople = 0;        // the last presence's count (0: the list is current)
        Protocol::Topic topic;
    };
    RoomState *roomState(const QString &room);
    const RoomState *roomState(const QString &room) const;
    // The room field a frame about room carries: empty for the default room.
    QString wireRoom(const QString &room) const;
    // The key of the history asked for with this wire room ("": default room and whispers).
    static QString historyKey(const QString &wireRoom);
    void handleHistory(const Protocol::HistoryPage &page);
    // Pages back in each room from beforeId to m_lastSeenId of the hello.
    void startGapFill(qint64 beforeId);
    void askHistory(qint64 beforeId, int limit, const QString &wireRoom, bool gap);
    QString queue(Outgoing message);
    Outgoing *findOutgoing(const QString &ref);
    void checkSilence();

    Settings m_settings;
    QSslSocket *m_socket;
    std::unique_ptr<KnownServers> m_known;
    bool m_tls = false;                   // this attempt is TLS
    bool m_encrypted = false;             // and its handshake is done
    bool m_certificateUnverified = false; // known by its pin, not by an authority
    bool m_certificateNew = false;        // pinned on this connection
    QString m_offeredFingerprint;         // of the certificate the server showed
    QString m_pinnedFingerprint;          // the one pinned, when they differ
    FrameReader m_reader;
    QTimer *m_retryTimer;
    QTimer *m_attemptTimer;
    QTimer *m_watchTimer;
    QElapsedTimer m_sinceLastFrame;
    QElapsedTimer m_monotonic; // with m_wallAtCheck: notices a sleep
    qint64 m_wallAtCheck = 0;
    bool m_pingSent = false;

    State m_state = State::Disconnected;
    ErrorKind m_lastError = ErrorKind::None;
    QString m_lastErrorText;
    ErrorKind m_closeKind = ErrorKind::None; // what the server said before closing
    QString m_closeText;
    bool m_tcpConnected = false; // this attempt's TCP connection was made
    // setAnnounced(): the server announced at this host and port, with this fp.
    QString m_announcedHost;
    quint16 m_announcedPort = 0;
    QString m_announcedFingerprint;
    QDateTime m_nextAttemptAt;
    int m_attempt = 0; // attempts since the last welcome

    QString m_host;
    quint16 m_port = 0;
    QString m_nick;
    QString m_password;
    bool m_welcomedOnce = false;      // since connectToServer
    bool m_welcomedEncrypted = false; // and over TLS
    bool m_awaitingReplay = false;
    QString m_defaultRoom;
    QList<RoomState> m_rooms;     // the default room (when in it) first
    QStringList m_rejoin;         // rooms to be in again (besides the default room)
    QStringList m_roomAsks;       // joins (and rejoins) not answered yet, in order
    QStringList m_partsAsked;     // room keys of parts not answered yet
    QSet<QString> m_joinBacklogs; // room keys whose join backlog is still to come
    struct HistoryAsk
    {
        QString key;
        bool gap = false;
    };
    QList<HistoryAsk> m_historyAsks; // history requests not answered yet, in order
    bool m_resumed = false;          // resume() handed over what an earlier run saw:
    qint64 m_resumeId = 0;           // the newest id it saw
    QStringList m_resumeRooms;       // and the rooms it was in
    bool m_helloHadSince = false;
    QString m_topicMayFollow; // the key of the room whose topic may come next (on joining it)
    Protocol::Limits m_limits;
    qint64 m_lastSeenId = 0;

    QList<Outgoing> m_outbox; // pending, in the order typed
    std::unique_ptr<OutboxStore> m_store;
    QString m_storeKey; // the server and nickname whose journal is open
    bool m_storeWarned = false;
    QString m_pendingNick;        // asked for while away: sent once the outbox is empty
    QElapsedTimer m_nickTakenFor; // since a reconnect found our nick taken
    qint64 m_gapFloor = -1;       // a replay must reach down to this id to fill the gap (-1: none)
    QHash<QString, int>
            m_gapFetched; // by history key: the rooms being filled in, and how much so far
    QString m_refPrefix;
    quint64 m_refCounter = 0;
};
