#pragma once

#include "addressthrottle.h"
#include "banlist.h"
#include "messages.h"
#include "serverconfig.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>

#include <optional>

// Who may connect: the bans (given with --ban or in the config file, and
// those added while running, kept in the data folder's bans.txt), the most
// connections in all and from one address, and how often one address
// (other than this computer) may connect. The chat logic asks check()
// for each new connection and tells admit() and release() as they come and go.
class Admission : public QObject
{
    Q_OBJECT

public:
    explicit Admission(const ServerConfig &config, QObject *parent = nullptr);

    struct Refusal
    {
        Protocol::ErrorCode code;
        QString message; // for the client
        QString reason;  // for the log: "banned", "server full"
    };
    // Why a connection from address is refused, if it is (each one counts
    // towards the address's connections in a short time, refused or not).
    std::optional<Refusal> check(const QHostAddress &address, bool shuttingDown);
    // A connection from address was accepted; one of them ended.
    void admit(const QHostAddress &address);
    void release(const QHostAddress &address);

    QStringList bans() const { return m_bans.entries(); }
    bool isBanned(const QHostAddress &address) const { return m_bans.isBanned(address); }
    // Whether a ban was given with --ban or in the config file (it comes back
    // at every start, even when lifted while running).
    bool isConfiguredBan(const QString &entry) const { return m_configBans.contains(entry); }
    // Where bans are kept between runs (dataDir/bans.txt), or empty.
    static QString banFile(const ServerConfig &config);

    // Adds a ban (kept in bans.txt); an empty string, or why the entry is not valid.
    QString ban(const QString &addressOrSubnet);
    // Lifts a ban (and removes it from bans.txt); false when it is not banned.
    bool unban(const QString &addressOrSubnet);

Q_SIGNALS:
    void bansChanged();

private:
    void load();
    void save(); // and tells about the change

    const ServerConfig &m_config;
    BanList m_bans;                   // enforced: the configured and the saved ones
    BanList m_configBans;             // --ban and the config file
    BanList m_savedBans;              // bans.txt, with those added while running
    QHash<QHostAddress, int> m_perIp; // accepted (not refused) connections per address
    int m_accepted = 0;               // accepted connections not yet ended
    AddressThrottle m_connects;       // new connections per address, in a short time
    QElapsedTimer m_clock;            // for it
};
