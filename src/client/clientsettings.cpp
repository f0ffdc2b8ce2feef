#include "clientsettings.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace {

constexpr int MaxRecentServers = 10;

} // namespace

ClientSettings ClientSettings::load()
{
    QSettings settings;
    ClientSettings result;
    result.nick = settings.value(QStringLiteral("client/nick")).toString();
    result.recentServers = settings.value(QStringLiteral("client/recentServers")).toStringList();
    result.fontSize = qBound(0, settings.value(QStringLiteral("client/fontSize"), 0).toInt(), 48);
    const QString notify = settings.value(QStringLiteral("client/notify")).toString();
    result.notify = notify == u"every"   ? Notify::Every
                    : notify == u"never" ? Notify::Never
                                         : Notify::Mentions;
    result.timestamps = settings.value(QStringLiteral("client/timestamps"), true).toBool();
    result.language = settings.value(QStringLiteral("client/language")).toString();
    return result;
}

QString ClientSettings::outboxDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
            .filePath(QStringLiteral("outbox"));
}

QString ClientSettings::knownServersFile()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
            .filePath(QStringLiteral("known-servers"));
}

void ClientSettings::save() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("client/nick"), nick);
    settings.setValue(QStringLiteral("client/recentServers"), recentServers);
    settings.setValue(QStringLiteral("client/fontSize"), fontSize);
    settings.setValue(QStringLiteral("client/notify"),
                      notify == Notify::Every   ? QStringLiteral("every")
                      : notify == Notify::Never ? QStringLiteral("never")
                                                : QStringLiteral("mentions"));
    settings.setValue(QStringLiteral("client/timestamps"), timestamps);
    settings.setValue(QStringLiteral("client/language"), language);
}

void ClientSettings::addRecentServer(const QString &host, quint16 port)
{
    const QString entry =
            (host.contains(u':') ? u'[' + host + u']' : host) + u':' + QString::number(port);
    recentServers.removeAll(entry);
    recentServers.prepend(entry);
    while (recentServers.size() > MaxRecentServers)
        recentServers.removeLast();
}
