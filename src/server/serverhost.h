#pragma once

#include "serverconfig.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QStringList>

class ChatServer;
class ServerAnnouncement;
class QTimer;

// What the control window and the headless mode share around a ChatServer:
// starting it with their settings (and saying why it could not listen, as a
// kind the front end puts in its own words), the addresses to give to
// others, enough open files for its connections, the bans (also while it is
// stopped: bans.txt for the next start) and stopping it cleanly, with a time
// limit for connections that do not close; and announcing it on the local
// network (DNS-SD) while it runs, unless config().announce is off.
class ServerHost : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Running, Stopping };
    Q_ENUM(State)
    // Why start() failed.
    enum class ListenFailure {
        None,
        InvalidSettings, // errorString() says which setting, and why
        PortInUse,       // another program listens on that port
        AddressNotHere,  // the address is not one of this computer's
        NeedsPrivileges, // ports below 1024
        Other,           // errorString() says what the system said
    };
    Q_ENUM(ListenFailure)
    // What a ban could not be lifted for.
    enum class Unban { Lifted, NotBanned, Configured, Failed };

    explicit ServerHost(const ServerConfig &config, QObject *parent = nullptr);
    ~ServerHost() override;

    const ServerConfig &config() const { return m_config; }
    // The settings of the next start (the running server keeps its own).
    void setConfig(const ServerConfig &config);
    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    // The server while it runs or stops, or nullptr.
    ChatServer *server() const { return m_server; }

    // Starts a server with config(): false, with listenFailure() and
    // errorString() saying why, when the settings are not valid or it cannot listen.
    bool start();
    ListenFailure listenFailure() const { return m_failure; }
    QString errorString() const { return m_errorString; }

    // Where others reach the running server: its addresses, LAN ones first.
    QList<QHostAddress> addresses() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    // Where IRC clients connect (config().irc), or 0.
    quint16 ircPort() const;
    // The local network is told of the running server (contract §9).
    enum class Announcement { Off, Failed, Probing, Announced };
    Q_ENUM(Announcement)
    Announcement announcement() const;
    // As announced (another server of that name on the network makes it "… (2)").
    QString announcedName() const;
    // "eth0 (192.168.1.20)", one per interface it is announced on.
    QStringList announcedInterfaces() const;
    // Why it is not announced (Failed).
    QString announcementError() const { return m_announcementError; }

    // The open files this process may have, as raised by the last start (-1: no limit known).
    qint64 openFileLimit() const { return m_openFiles; }
    // Whether that is too few for config().maxClients connections.
    bool hasTooFewFiles() const;

    // The bans: the running server's, or while stopped those the next start
    // enforces (the configured ones and bans.txt).
    QStringList bans() const;
    // Given with --ban or in the config file (it comes back at every start).
    bool isConfiguredBan(const QString &entry) const;
    // Whether bans can be added or lifted now (running, or stopped with a data folder).
    bool canChangeBans() const;
    // Running: bans and disconnects whoever matches. Stopped: adds it to
    // bans.txt. Returns an empty string, or why not.
    QString addBan(const QString &entry);
    // Lifts a ban; problem (when given) says why on Failed. A configured ban
    // is lifted while running only (until the next start).
    Unban removeBan(const QString &entry, QString *problem = nullptr);

public Q_SLOTS:
    // Tells everyone (with reason, if any) and closes every connection; then
    // emits stopped(), after at most config().lingerMs and a second more.
    void stop(const QString &reason = QString());

Q_SIGNALS:
    void started();
    void stateChanged(ServerHost::State state);
    // clean: every connection closed in time.
    void stopped(bool clean);
    void bansChanged();
    void announcementChanged();

private:
    void startAnnouncing();
    void setState(State state);
    void finishStopping(bool clean);
    // Changes bans.txt while stopped; returns why not, or "".
    QString changeSavedBans(const QString &add, const QString &remove);

    ServerConfig m_config;
    ChatServer *m_server = nullptr;
    ServerAnnouncement *m_announcement = nullptr;
    QString m_announcementError;
    QTimer *m_stopTimeout;
    State m_state = State::Stopped;
    ListenFailure m_failure = ListenFailure::None;
    QString m_errorString;
    qint64 m_openFiles = -1;
};
