#pragma once

#include "banlist.h"
#include "chatroom.h"
#include "connectioninfo.h"
#include "historystore.h"
#include "messagehistory.h"
#include "messages.h"
#include "serverconfig.h"

#include <QAbstractSocket>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <deque>

class ClientSession;
class ConnectionListener;
class OutputBatch;
class QTimer;

// The chat server: accepts connections, runs the room (join, say, whisper,
// nick, who, history, leave), enforces the limits and the bans, and offers
// the operator's actions (kick, ban, notice, shutdown) as slots. Front ends
// (the headless console, the control window) only use its slots and signals.
class ChatServer : public QObject
{
    Q_OBJECT

public:
    explicit ChatServer(const ServerConfig &config = ServerConfig(), QObject *parent = nullptr);
    ~ChatServer() override;

    // Listens on config().host and config().port. On failure errorString() says why.
    bool listen();
    bool isListening() const;
    QString errorString() const { return m_errorString; }
    QAbstractSocket::SocketError listenError() const { return m_listenError; }
    QHostAddress serverAddress() const;
    quint16 serverPort() const;

    const ServerConfig &config() const { return m_config; }
    int connectionCount() const { return int(m_sessions.size()); }
    int userCount() const { return m_room.size(); }
    QList<Protocol::UserInfo> users() const { return m_room.users(); }
    // The people in the room, in the order they joined.
    QList<ConnectionInfo> connections() const;
    QStringList bans() const { return m_bans.entries(); }
    // Whether a ban was given with --ban or in the config file (it comes back
    // at every start, even when lifted while running).
    bool isConfiguredBan(const QString &entry) const { return m_configBans.contains(entry); }
    // Where bans are kept between runs (dataDir/bans.txt), or empty.
    static QString banFile(const ServerConfig &config);
    const MessageHistory &history() const { return m_history; }
    // Where the history is kept, or why it is only in memory, for people.
    QString historyStatus() const { return m_historyStatus; }
    // The history file (closed when history is in memory only).
    HistoryStore *historyStore() { return &m_store; }

public Q_SLOTS:
    // Stops accepting connections; those already in stay.
    void close();
    // Returns false when no one has that nickname.
    bool kick(const QString &nick, const QString &reason = QString());
    // The same for the connection with that ConnectionInfo::id (whatever its nick is now).
    bool kickConnection(quint64 id, const QString &reason = QString());
    // Bans an address or subnet and disconnects whoever matches. Returns an
    // empty string, or why the entry is not valid.
    QString ban(const QString &addressOrSubnet);
    // Lifts a ban (and removes it from bans.txt); false when it is not banned.
    bool unban(const QString &addressOrSubnet);
    void sendNotice(const QString &text);
    // Tells every client why, closes every connection, then emits shutdownFinished().
    void shutdown(const QString &reason);

Q_SIGNALS:
    void clientConnected(const QString &peer);
    void connectionRefused(const QString &peer, const QString &reason);
    void userJoined(const QString &nick, const QString &peer, bool plainText);
    void userLeft(const QString &nick, const QString &reason);
    void userRenamed(const QString &from, const QString &to);
    void messagePosted(const Protocol::ChatMessage &message);
    void noticeSent(const QString &text);
    void bansChanged();
    void shutdownFinished();

private:
    void acceptConnection(ClientSession *session);
    void onPlainTextDetected(ClientSession *session);
    void onHello(ClientSession *session, const Protocol::Hello &hello);
    void onRequest(ClientSession *session, const Protocol::ClientMessage &request);
    void onSessionEnded(ClientSession *session, const QString &reason);
    void onSessionDestroyed();
    bool kickSession(ClientSession *session, const QString &reason);

    void join(ClientSession *session, const QString &nick);
    void handle(ClientSession *session, const Protocol::Say &say);
    void handle(ClientSession *session, const Protocol::Whisper &whisper);
    void handle(ClientSession *session, const Protocol::Nick &nick);
    void handle(ClientSession *session, const Protocol::Who &who);
    void handle(ClientSession *session, const Protocol::HistoryRequest &request);
    void handle(ClientSession *session, const Protocol::Bye &bye);

    // Echoes the message stored earlier under the same ref, if resent is a
    // resend of it (same text, action and recipient).
    bool echoDuplicate(ClientSession *session, const QString &ref,
                       const Protocol::ChatMessage &resent);
    static HistoryReader readerOf(const ClientSession *session);

    void loadBans();
    void saveBans(); // and tells about the change
    void openHistory();
    void applyRetention();
    // Messages are written to the history once per event-loop pass, in the
    // history's thread; until then, everything the server sends waits in
    // order behind them.
    void scheduleCommit();
    void startCommit();
    void writeInBackground(); // also what m_historyRetry does
    void onHistoryWritten(const MessageHistory::CommitResult &result);
    // Writes what waits now (waiting for a write under way) and delivers everything.
    void commitHistory();
    void noteCommitResult(const MessageHistory::CommitResult &result);
    void deliverWritten();
    void deliverNext();
    bool mustWait() const;
    void broadcast(const QByteArray &frame, const QByteArray &line,
                   const ClientSession *except = nullptr);
    void send(ClientSession *session, const QByteArray &frame, const QByteArray &line);
    void send(ClientSession *session, const QByteArray &bytes);
    void sendError(ClientSession *session, Protocol::ErrorCode code, const QString &message,
                   const QString &ref = QString());

    struct Delivery
    {
        enum class Kind { ToEveryone, ToOne, Close };
        Kind kind = Kind::ToOne;
        QPointer<ClientSession> to; // ToOne and Close
        QByteArray frame;
        QByteArray line;
        const ClientSession *except = nullptr; // ToEveryone: compared, never used
        quint64 joinedUpTo = 0;                // ToEveryone: the members who joined by then
        QString closeReason;                   // Close
        qint64 waitsFor = 0;                   // sent once the history is written up to this id
    };
    QString plainTextNick(const QHostAddress &address) const;
    Protocol::HistoryPage joinHistory(ClientSession *session, std::optional<qint64> since) const;

    ServerConfig m_config;
    ConnectionListener *m_listener;
    OutputBatch *m_output;
    ChatRoom m_room;
    HistoryStore m_store; // before m_history, which uses it
    MessageHistory m_history;
    QString m_historyStatus;
    std::deque<Delivery> m_outbox;
    quint64 m_joinSequence = 0;
    bool m_commitScheduled = false;
    bool m_historyFailing = false; // writing failed; retried by m_historyRetry
    QTimer *m_historyRetry = nullptr;
    BanList m_bans;                   // enforced: the configured and the saved ones
    BanList m_configBans;             // --ban and the config file
    BanList m_savedBans;              // bans.txt, with those added while running
    QSet<ClientSession *> m_sessions; // every connection not yet ended
    QHash<QHostAddress, int> m_perIp; // accepted (not refused) connections per address
    int m_accepted = 0;               // accepted connections not yet ended
    int m_liveSessions = 0;           // sessions not yet destroyed
    bool m_shuttingDown = false;
    QString m_errorString;
    QAbstractSocket::SocketError m_listenError = QAbstractSocket::UnknownSocketError;
};
