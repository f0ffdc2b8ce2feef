#include "serversettings.h"

#include "serveroptions.h"

#include <QFile>
#include <QSettings>

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 12);
}

QString yesNo(bool value)
{
    return value ? QStringLiteral("yes") : QStringLiteral("no");
}

} // namespace

QStringList ServerSettings::keys()
{
    return {QStringLiteral("host"),
            QStringLiteral("port"),
            QStringLiteral("max-clients"),
            QStringLiteral("max-per-ip"),
            QStringLiteral("rate"),
            QStringLiteral("burst"),
            QStringLiteral("password"),
            QStringLiteral("motd"),
            QStringLiteral("quiet-joins"),
            QStringLiteral("rooms-by"),
            QStringLiteral("max-rooms"),
            QStringLiteral("no-history"),
            QStringLiteral("history-days"),
            QStringLiteral("history-max"),
            QStringLiteral("max-connects-per-ip"),
            QStringLiteral("auth-failures"),
            QStringLiteral("auth-block"),
            QStringLiteral("require-tls"),
            QStringLiteral("require-tls-on-loopback"),
            QStringLiteral("tls-cert"),
            QStringLiteral("tls-key"),
            QStringLiteral("no-announce"),
            QStringLiteral("announce-name"),
            QStringLiteral("irc-port")};
}

ServerConfig ServerSettings::load(QSettings &settings, ServerConfig config, QStringList *problems)
{
    settings.beginGroup(QStringLiteral("server"));
    const QStringList names = keys();
    for (const QString &name : names) {
        if (!settings.contains(name))
            continue;
        const QString value = settings.value(name).toString();
        ServerConfig changed = config;
        const QString problem = ServerOptions::applySetting(name, value, changed);
        if (problem.isEmpty() && changed.validate().isEmpty())
            config = changed;
        else if (problems)
            problems->append(name + u": " + (problem.isEmpty() ? changed.validate() : problem));
    }
    settings.endGroup();
    return config;
}

void ServerSettings::save(QSettings &settings, const ServerConfig &config)
{
    settings.beginGroup(QStringLiteral("server"));
    settings.setValue(QStringLiteral("host"), config.host == QHostAddress::Any
                                                      ? QStringLiteral("any")
                                                      : config.host.toString());
    settings.setValue(QStringLiteral("port"), QString::number(config.port));
    settings.setValue(QStringLiteral("max-clients"), QString::number(config.maxClients));
    settings.setValue(QStringLiteral("max-per-ip"), QString::number(config.maxConnectionsPerIp));
    settings.setValue(QStringLiteral("rate"), number(config.rate));
    settings.setValue(QStringLiteral("burst"), QString::number(config.burst));
    settings.setValue(QStringLiteral("password"), config.password);
    settings.setValue(QStringLiteral("motd"), config.motd);
    settings.setValue(QStringLiteral("quiet-joins"), QString::number(config.quietJoinsAbove));
    settings.setValue(QStringLiteral("rooms-by"), config.roomsMadeByOperatorOnly
                                                          ? QStringLiteral("operator")
                                                          : QStringLiteral("anyone"));
    settings.setValue(QStringLiteral("max-rooms"), QString::number(config.maxRooms));
    settings.setValue(QStringLiteral("no-history"), yesNo(!config.historyOnDisk));
    settings.setValue(QStringLiteral("history-days"), QString::number(config.historyDays));
    settings.setValue(QStringLiteral("history-max"), QString::number(config.historyMax));
    settings.setValue(QStringLiteral("max-connects-per-ip"),
                      QString::number(config.maxConnectsPerIp));
    settings.setValue(QStringLiteral("auth-failures"), QString::number(config.authFailuresAllowed));
    settings.setValue(QStringLiteral("auth-block"), number(config.authBlockMs / 1000.0));
    settings.setValue(QStringLiteral("require-tls"), yesNo(config.requireTls));
    settings.setValue(QStringLiteral("require-tls-on-loopback"),
                      yesNo(config.requireTlsOnLoopback));
    settings.setValue(QStringLiteral("no-announce"), yesNo(!config.announce));
    settings.setValue(QStringLiteral("announce-name"), config.announceName);
    settings.setValue(QStringLiteral("irc-port"),
                      config.irc ? QString::number(config.ircPort) : QStringLiteral("off"));
    // No file: the server's own certificate (an empty value is not a file).
    for (const auto &[key, path] :
         {std::pair{QStringLiteral("tls-cert"), config.tlsCertificatePath},
          std::pair{QStringLiteral("tls-key"), config.tlsKeyPath}}) {
        if (path.isEmpty())
            settings.remove(key);
        else
            settings.setValue(key, path);
    }
    settings.endGroup();
    settings.sync();
    QFile::setPermissions(settings.fileName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void ServerSettings::applyChanges(const ServerConfig &before, const ServerConfig &after,
                                  ServerConfig *remembered)
{
    auto copyIfChanged = [&](auto ServerConfig::*field) {
        if (!(before.*field == after.*field))
            remembered->*field = after.*field;
    };
    copyIfChanged(&ServerConfig::host);
    copyIfChanged(&ServerConfig::port);
    copyIfChanged(&ServerConfig::maxClients);
    copyIfChanged(&ServerConfig::maxConnectionsPerIp);
    copyIfChanged(&ServerConfig::rate);
    copyIfChanged(&ServerConfig::burst);
    copyIfChanged(&ServerConfig::password);
    copyIfChanged(&ServerConfig::motd);
    copyIfChanged(&ServerConfig::quietJoinsAbove);
    copyIfChanged(&ServerConfig::roomsMadeByOperatorOnly);
    copyIfChanged(&ServerConfig::maxRooms);
    copyIfChanged(&ServerConfig::historyOnDisk);
    copyIfChanged(&ServerConfig::historyDays);
    copyIfChanged(&ServerConfig::historyMax);
    copyIfChanged(&ServerConfig::maxConnectsPerIp);
    copyIfChanged(&ServerConfig::authFailuresAllowed);
    copyIfChanged(&ServerConfig::authBlockMs);
    copyIfChanged(&ServerConfig::requireTls);
    copyIfChanged(&ServerConfig::requireTlsOnLoopback);
    copyIfChanged(&ServerConfig::tlsCertificatePath);
    copyIfChanged(&ServerConfig::tlsKeyPath);
    copyIfChanged(&ServerConfig::announce);
    copyIfChanged(&ServerConfig::announceName);
    copyIfChanged(&ServerConfig::irc);
    copyIfChanged(&ServerConfig::ircPort);
}
