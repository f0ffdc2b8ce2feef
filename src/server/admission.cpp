#include "admission.h"

#include "banfile.h"
#include "serverlogging.h"

#include <QDir>

using namespace Protocol;

Admission::Admission(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    // At most maxConnectsPerIp in 10 s: the next one starts 10 s of refusals.
    , m_connects(config.maxConnectsPerIp > 0 ? config.maxConnectsPerIp + 1 : 0, 10'000, 10'000)
{
    m_clock.start();
    load();
}

QString Admission::banFile(const ServerConfig &config)
{
    if (config.dataDir.isEmpty())
        return QString();
    return QDir(config.dataDir).filePath(QStringLiteral("bans.txt"));
}

void Admission::load()
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

void Admission::save()
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

std::optional<Admission::Refusal> Admission::check(const QHostAddress &address, bool shuttingDown)
{
    if (shuttingDown)
        return Refusal{ErrorCode::ServerShutdown, QStringLiteral("the server is shutting down"),
                       QStringLiteral("shutting down")};
    if (m_bans.isBanned(address))
        return Refusal{ErrorCode::Banned, QStringLiteral("you are banned from this server"),
                       QStringLiteral("banned")};
    if (!address.isLoopback()) {
        // This computer (the tests, a benchmark) may connect as fast as it likes.
        const qint64 now = m_clock.elapsed();
        m_connects.recordEvent(address, now);
        if (const qint64 blocked = m_connects.blockedForMs(address, now); blocked > 0)
            return Refusal{ErrorCode::TooManyConnections,
                           QStringLiteral("too many new connections from your address in a short "
                                          "time; try again in %1 s")
                                   .arg((blocked + 999) / 1000),
                           QStringLiteral("connecting too often")};
    }
    if (m_config.maxClients > 0 && m_accepted >= m_config.maxClients)
        return Refusal{ErrorCode::ServerFull,
                       QStringLiteral("the server is full (%1 connections); try again later")
                               .arg(m_config.maxClients),
                       QStringLiteral("server full")};
    if (m_config.maxConnectionsPerIp > 0 && m_perIp.value(address) >= m_config.maxConnectionsPerIp)
        return Refusal{ErrorCode::TooManyConnections,
                       QStringLiteral("too many connections from your address %1 (the limit is "
                                      "%2)")
                               .arg(address.toString())
                               .arg(m_config.maxConnectionsPerIp),
                       QStringLiteral("too many connections from this address")};
    return std::nullopt;
}

void Admission::admit(const QHostAddress &address)
{
    ++m_accepted;
    ++m_perIp[address];
}

void Admission::release(const QHostAddress &address)
{
    --m_accepted;
    if (--m_perIp[address] <= 0)
        m_perIp.remove(address);
}

QString Admission::ban(const QString &addressOrSubnet)
{
    const QString problem = m_bans.add(addressOrSubnet);
    if (!problem.isEmpty())
        return problem;
    qCInfo(lcServer).noquote() << "ban" << addressOrSubnet.trimmed();
    m_savedBans.add(addressOrSubnet);
    save();
    return QString();
}

bool Admission::unban(const QString &addressOrSubnet)
{
    const bool removed = m_bans.remove(addressOrSubnet);
    if (removed) {
        qCInfo(lcServer).noquote() << "unban" << addressOrSubnet.trimmed();
        m_savedBans.remove(addressOrSubnet);
        save();
    }
    return removed;
}
