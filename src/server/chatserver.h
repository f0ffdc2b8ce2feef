#pragma once

#include "chatdirectory.h"
#include "connectioninfo.h"
#include "historystore.h"
#include "messagehistory.h"
#include "messages.h"
#include "servercertificate.h"
#include "serverconfig.h"

#include <QAbstractSocket>
#include <QHostAddress>
#include <QObject>
#include <QSet>

#include <memory>

class Admission;
class Nicknames;
class RoomRegistry;
class ChatService;
class ClientSession;
class ConnectionListener;
class HistoryPipeline;
class Moderation;
class OutputBatch;
class QTcpSocket;
class Router;

// The chat server, wired together: a listener that accepts, a session per
// connection (what it speaks is its dialect's business), Admission for who
// may connect, the room (ChatRoom) and what requests mean in it
// (ChatService), the Router that takes events to sessions behind the
// HistoryPipeline, and Moderation for the operator's hand. Front ends (the
// headless console, the control window, through ServerHost) only use its
// slots and signals.
class TlsContext;
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
    // The TLS certificate connections get (valid once listening).
    const ServerCertificate &tlsCertificate() const;
    QAbstractSocket::SocketError listenError() const { return m_listenError; }
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    // The IRC port while it listens (config().irc), or 0.
    quint16 ircPort() const;
    // Whether listen() failed on the IRC port (the chat port was free).
    bool ircPortFailed() const { return m_ircFailed; }

    const ServerConfig &config() const { return m_config; }
    int connectionCount() const { return int(m_sessions.size()); }
    int userCount() const;
    QList<Protocol::UserInfo> users() const;
    struct RoomSummary
    {
        QString name;
        QString topic;
        QStringList members; // in the order they came
        bool isDefault = false;
    };
    // The rooms, by name.
    QList<RoomSummary> rooms() const;
    // The people in the room, in the order they joined.
    QList<ConnectionInfo> connections() const;
    QStringList bans() const;
    // Whether a ban was given with --ban or in the config file (it comes back
    // at every start, even when lifted while running).
    bool isConfiguredBan(const QString &entry) const;
    // Where bans are kept between runs (dataDir/bans.txt), or empty.
    static QString banFile(const ServerConfig &config);
    const MessageHistory &history() const;
    // Where the history is kept, or why it is only in memory, for people.
    QString historyStatus() const;
    // The history file (closed when history is in memory only).
    HistoryStore *historyStore();

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
    // The operator's hand on rooms: each returns why it could not be done,
    // or an empty string (see ChatService).
    QString sendNoticeTo(const QString &room, const QString &text);
    QString createRoom(const QString &name);
    QString renameRoom(const QString &name, const QString &newName);
    QString deleteRoom(const QString &name);
    QString setTopic(const QString &room, const QString &text);
    QString removeFromRoom(const QString &nick, const QString &room,
                           const QString &reason = QString());
    // Tells every client why, closes every connection, then emits shutdownFinished().
    void shutdown(const QString &reason);

Q_SIGNALS:
    // A room was made, renamed, deleted, or someone went in or out of one.
    void roomsChanged();
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
    static QStringList certificateNames();
    // Everyone on the server, in the order they came.
    QList<ClientSession *> registeredInOrder() const;
    void acceptConnection(QTcpSocket *socket, bool irc);
    void onSessionEnded(ClientSession *session, const QString &reason);
    void onSessionDestroyed();
    void onHistoryWritten();

    ServerConfig m_config;
    ConnectionListener *m_listener;
    ConnectionListener *m_ircListener; // listens when config().irc
    ChatDirectory m_directory;         // what IRC sessions look up
    bool m_ircFailed = false;
    OutputBatch *m_output;
    std::shared_ptr<TlsContext> m_tls;
    std::unique_ptr<HistoryPipeline> m_history;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<RoomRegistry> m_rooms;
    std::unique_ptr<Nicknames> m_nicknames;
    std::unique_ptr<Admission> m_admission;
    std::unique_ptr<ChatService> m_service;
    std::unique_ptr<Moderation> m_moderation;
    QSet<ClientSession *> m_sessions; // every connection not yet ended
    int m_liveSessions = 0;           // sessions not yet destroyed
    bool m_shuttingDown = false;
    QString m_errorString;
    QAbstractSocket::SocketError m_listenError = QAbstractSocket::UnknownSocketError;
};
