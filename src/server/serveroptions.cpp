#include "serveroptions.h"

#include "validation.h"

#include "commandlinehelp.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <cmath>
#include <limits>

namespace {

using Apply = QString (*)(const QString &value, ServerConfig &config);

struct Setting
{
    const char *name;
    const char *valueName; // nullptr: a flag (on the command line) or a yes/no key (in the file)
    const char *description;
    Apply apply;
    bool repeatable = false;
};

// "yes" for a flag that is set; in the file, yes/no, true/false, on/off or 1/0.
QString parseSwitch(const QString &value, bool &out)
{
    const QString text = value.trimmed().toLower();
    if (text == u"yes" || text == u"true" || text == u"on" || text == u"1") {
        out = true;
        return QString();
    }
    if (text == u"no" || text == u"false" || text == u"off" || text == u"0") {
        out = false;
        return QString();
    }
    return u"\"" + value + u"\" is not yes or no";
}

QString parseCount(const QString &value, int &out, int max = std::numeric_limits<int>::max())
{
    bool ok = false;
    const qlonglong number = value.trimmed().toLongLong(&ok);
    if (!ok || number < 0 || number > max)
        return u"\"" + value + u"\" is not a whole number from 0 to " + QString::number(max);
    out = int(number);
    return QString();
}

// "65536", "64k", "1M", "1G" (binary multiples).
QString parseBytes(const QString &value, qint64 &out)
{
    QString text = value.trimmed();
    qint64 unit = 1;
    if (!text.isEmpty()) {
        switch (text.back().toLower().unicode()) {
        case u'k':
            unit = 1024;
            break;
        case u'm':
            unit = 1024 * 1024;
            break;
        case u'g':
            unit = 1024 * 1024 * 1024;
            break;
        default:
            break;
        }
        if (unit != 1)
            text.chop(1);
    }
    bool ok = false;
    const qlonglong number = text.toLongLong(&ok);
    if (!ok || number < 0 || number > (qint64(1) << 40) / unit)
        return u"\"" + value + u"\" is not a size in bytes (like 65536, 64k or 1M)";
    out = number * unit;
    return QString();
}

QString parseSeconds(const QString &value, int &outMs)
{
    bool ok = false;
    const double seconds = value.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > 86400)
        return u"\"" + value + u"\" is not a number of seconds from 0 to 86400";
    outMs = int(std::lround(seconds * 1000));
    return QString();
}

const Setting settings[] = {
        {"host", "address",
         "Address to listen on: an address of this computer, localhost, or any (all "
         "interfaces, the default).",
         [](const QString &v, ServerConfig &c) -> QString {
             const QHostAddress host = ServerOptions::parseHost(v);
             if (host.isNull())
                 return u"\"" + v +
                        u"\" is not an IP address (like 192.168.1.10), localhost or any";
             c.host = host;
             return QString();
         }},
        {"port", "port", "TCP port to listen on (default 5555; 0 picks a free one).",
         [](const QString &v, ServerConfig &c) -> QString {
             int port = 0;
             const QString problem = parseCount(v, port, 65535);
             if (problem.isEmpty())
                 c.port = quint16(port);
             return problem;
         }},
        {"irc-port", "port",
         "Also take IRC clients (irssi, WeeChat, HexChat) on this TCP port, plain or TLS "
         "(6667 is IRC's usual port; 0 picks a free one; off, the default, takes none).",
         [](const QString &v, ServerConfig &c) -> QString {
             if (v.trimmed().compare(u"off", Qt::CaseInsensitive) == 0) {
                 c.irc = false;
                 return QString();
             }
             int port = 0;
             const QString problem = parseCount(v, port, 65535);
             if (problem.isEmpty()) {
                 c.irc = true;
                 c.ircPort = quint16(port);
             }
             return problem;
         }},
        {"max-clients", "n", "Most connections at once (default 1000; 0 = no limit).",
         [](const QString &v, ServerConfig &c) -> QString { return parseCount(v, c.maxClients); }},
        {"max-per-ip", "n", "Most connections from one address (default 10; 0 = no limit).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseCount(v, c.maxConnectionsPerIp);
         }},
        {"max-connects-per-ip", "n",
         "New connections one address may make in 10 seconds; past that it is refused for 10 "
         "seconds (default 30; 0 = no limit; this computer's own are not counted).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseCount(v, c.maxConnectsPerIp);
         }},
        {"max-frame", "bytes",
         "Longest frame or line, with its newline (default 65536; 0 = no limit).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseBytes(v, c.maxFrameBytes);
         }},
        {"max-text", "bytes", "Longest message text in UTF-8 (default 8192; 0 = no limit).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseBytes(v, c.maxTextBytes);
         }},
        {"rate", "n",
         "Messages per second a client may send once its burst is used; faster input waits "
         "(default 5; 0 = no limit).",
         [](const QString &v, ServerConfig &c) -> QString {
             bool ok = false;
             const double rate = v.trimmed().toDouble(&ok);
             if (!ok || !std::isfinite(rate) || rate < 0 || rate > 1e9)
                 return u"\"" + v + u"\" is not a number of messages per second";
             c.rate = rate;
             return QString();
         }},
        {"burst", "n", "Messages a client may send at once before the rate applies (default 10).",
         [](const QString &v, ServerConfig &c) -> QString { return parseCount(v, c.burst); }},
        {"recvq", "bytes",
         "Input a client may have waiting because of the rate before it is disconnected "
         "(default 128k; 0 = no limit).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseBytes(v, c.recvQueueBytes);
         }},
        {"sendq", "bytes",
         "Output that may wait for a client that does not read before it is disconnected "
         "(default 1M; 0 = no limit).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseBytes(v, c.sendQueueBytes);
         }},
        {"handshake-timeout", "seconds",
         "Time a new connection has to say hello (default 20; 0 = no limit).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseSeconds(v, c.handshakeTimeoutMs);
         }},
        {"ping-interval", "seconds",
         "Silence after which a client is pinged (default 60; 0 = never).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseSeconds(v, c.pingIntervalMs);
         }},
        {"ping-timeout", "seconds",
         "Time to answer a ping before being disconnected (default 20; 0 = no limit).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseSeconds(v, c.pingTimeoutMs);
         }},
        {"motd", "text", "Message of the day sent to everyone who joins.",
         [](const QString &v, ServerConfig &c) -> QString {
             c.motd = v;
             return QString();
         }},
        {"auth-failures", "n",
         "Wrong passwords from one address within two minutes before it is refused for a "
         "while (default 10; 0 = no limit).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseCount(v, c.authFailuresAllowed);
         }},
        {"auth-block", "seconds",
         "How long an address that gave too many wrong passwords is refused (default 600).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseSeconds(v, c.authBlockMs);
         }},
        {"password", "text",
         "Password clients must give to join (default none). Prefer the config file: "
         "other users can see command lines.",
         [](const QString &v, ServerConfig &c) -> QString {
             c.password = v;
             return QString();
         }},
        {"data-dir", "folder",
         "Folder for the history database (history.sqlite) and the bans added while running "
         "(bans.txt) (default: the system's folder for application data, such as "
         "~/.local/share/qtchat/qtchat-server).",
         [](const QString &v, ServerConfig &c) -> QString {
             if (v.trimmed().isEmpty())
                 return QStringLiteral("needs a folder");
             c.dataDir = QDir::cleanPath(QDir::current().absoluteFilePath(v.trimmed()));
             return QString();
         }},
        {"tls-cert", "file",
         "TLS certificate (PEM, the chain after it) to use instead of the one the server makes "
         "for itself (kept as tls-certificate.pem in the data folder). Needs --tls-key.",
         [](const QString &v, ServerConfig &c) -> QString {
             if (v.trimmed().isEmpty())
                 return QStringLiteral("needs a file");
             c.tlsCertificatePath = QDir::cleanPath(QDir::current().absoluteFilePath(v.trimmed()));
             return QString();
         }},
        {"tls-key", "file",
         "The TLS certificate's private key (PEM, without a passphrase). Needs --tls-cert.",
         [](const QString &v, ServerConfig &c) -> QString {
             if (v.trimmed().isEmpty())
                 return QStringLiteral("needs a file");
             c.tlsKeyPath = QDir::cleanPath(QDir::current().absoluteFilePath(v.trimmed()));
             return QString();
         }},
        {"require-tls", nullptr,
         "Refuse unencrypted connections from other computers (tls_required): only TLS ones "
         "are taken. Those from this computer stay allowed.",
         [](const QString &v, ServerConfig &c) -> QString { return parseSwitch(v, c.requireTls); }},
        {"require-tls-on-loopback", nullptr,
         "With --require-tls, refuse unencrypted connections from this computer too.",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseSwitch(v, c.requireTlsOnLoopback);
         }},
        {"no-announce", nullptr,
         "Do not announce the server on the local network (DNS-SD over multicast DNS, "
         "_qtchat._tcp): clients must be given its address.",
         [](const QString &v, ServerConfig &c) -> QString {
             bool off = false;
             const QString problem = parseSwitch(v, off);
             if (problem.isEmpty())
                 c.announce = !off;
             return problem;
         }},
        {"announce-name", "text",
         "The name clients list the server under (default \"qtchat on <this computer>\"; "
         "at most 63 bytes).",
         [](const QString &v, ServerConfig &c) -> QString {
             c.announceName = v.trimmed(); // at most 63 bytes: validate() says so
             return QString();
         }},
        {"no-history", nullptr,
         "Keep the history in memory only: no message is written to disk, and the history is "
         "gone when the server stops (bans are still kept in the data folder).",
         [](const QString &v, ServerConfig &c) -> QString {
             bool off = false;
             const QString problem = parseSwitch(v, off);
             if (problem.isEmpty())
                 c.historyOnDisk = !off;
             return problem;
         }},
        {"history-days", "days",
         "Forget messages older than this, at start and every hour "
         "(default 0: keep everything).",
         [](const QString &v, ServerConfig &c) -> QString { return parseCount(v, c.historyDays); }},
        {"history-max", "n",
         "Keep at most this many messages, at start and every hour "
         "(default 0: keep everything).",
         [](const QString &v, ServerConfig &c) -> QString {
             int max = 0;
             const QString problem = parseCount(v, max);
             c.historyMax = max;
             return problem;
         }},
        {"history-size", "n", "Messages kept in memory for quick replay (default 10000; 0 = all).",
         [](const QString &v, ServerConfig &c) -> QString { return parseCount(v, c.historySize); }},
        {"replay-cap", "n",
         "Most messages replayed to a client coming back (default 200; 0 = no limit).",
         [](const QString &v, ServerConfig &c) -> QString { return parseCount(v, c.replayCap); }},
        {"join-backlog", "n", "Recent messages shown to someone who joins (default 50).",
         [](const QString &v, ServerConfig &c) -> QString { return parseCount(v, c.joinBacklog); }},
        {"quiet-joins", "n",
         "In a room of more people than this, joins and leaves are counted every few seconds "
         "instead of told one by one (default 300; 0 = always one by one).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseCount(v, c.quietJoinsAbove);
         }},
        {"default-room", "#name", "The room everyone is in after connecting (default #general).",
         [](const QString &v, ServerConfig &c) -> QString {
             const Validation::RoomCheck check = Validation::checkRoom(v.trimmed());
             if (!check.ok)
                 return check.reason;
             c.defaultRoom = check.room;
             return QString();
         }},
        {"max-rooms", "n", "Most rooms on the server, the default room included (default 100).",
         [](const QString &v, ServerConfig &c) -> QString { return parseCount(v, c.maxRooms); }},
        {"max-rooms-per-client", "n", "Most rooms one connection may be in (default 20).",
         [](const QString &v, ServerConfig &c) -> QString {
             return parseCount(v, c.maxRoomsPerConnection);
         }},
        {"rooms-by", "who",
         "Who may make a room by joining one that does not exist: anyone (the default) or "
         "operator (rooms are made from the server's window or console only).",
         [](const QString &v, ServerConfig &c) -> QString {
             const QString who = v.trimmed().toLower();
             if (who == u"anyone")
                 c.roomsMadeByOperatorOnly = false;
             else if (who == u"operator" || who == u"operators")
                 c.roomsMadeByOperatorOnly = true;
             else
                 return QStringLiteral("must be anyone or operator");
             return QString();
         }},
        {"ban", "address",
         "Refuse this address or subnet (like 10.0.0.5 or 10.0.0.0/8); may be repeated.",
         [](const QString &v, ServerConfig &c) -> QString {
             c.bans.append(v.trimmed());
             return QString();
         },
         true},
};

const Setting *findSetting(const QString &name)
{
    for (const Setting &setting : settings) {
        if (name == QLatin1String(setting.name))
            return &setting;
    }
    return nullptr;
}

QString knownSettings()
{
    QStringList names;
    for (const Setting &setting : settings)
        names.append(QLatin1String(setting.name));
    return names.join(QLatin1String(", "));
}

// Reads [server] from the INI file into config; returns the first problem.
QString loadConfigFile(const QString &path, ServerConfig &config)
{
    const QFileInfo info(path);
    if (!info.exists())
        return u"config file " + path + u" does not exist";
    if (!info.isFile() || !info.isReadable())
        return u"config file " + path + u" cannot be read";
    QSettings file(path, QSettings::IniFormat);
    if (file.status() != QSettings::NoError)
        return u"config file " + path + u" is not a valid INI file";
    const QStringList groups = file.childGroups();
    for (const QString &group : groups) {
        if (group != u"server")
            return path + u": unknown section [" + group + u"]; settings go in [server]";
    }
    const QStringList topLevel = file.childKeys();
    if (!topLevel.isEmpty())
        return path + u": \"" + topLevel.first() + u"\" must be inside the [server] section";
    file.beginGroup(QStringLiteral("server"));
    const QStringList keys = file.childKeys();
    for (const QString &key : keys) {
        const Setting *setting = findSetting(key);
        if (!setting)
            return path + u": unknown setting \"" + key + u"\" (known: " + knownSettings() + u')';
        const QVariant value = file.value(key);
        // QSettings reads "a, b" as a list; only repeatable settings take lists.
        QStringList values = value.toStringList();
        if (!setting->repeatable)
            values = QStringList{values.join(QLatin1String(", "))};
        for (const QString &item : std::as_const(values)) {
            const QString problem = setting->apply(item, config);
            if (!problem.isEmpty())
                return path + u": " + key + u": " + problem;
        }
    }
    return QString();
}

} // namespace

QHostAddress ServerOptions::parseHost(const QString &text)
{
    const QString value = text.trimmed().toLower();
    if (value == u"any" || value == u"all" || value == u"*")
        return QHostAddress(QHostAddress::Any);
    if (value == u"localhost")
        return QHostAddress(QHostAddress::LocalHost);
    const QHostAddress address(value);
    // Qt accepts shorthand such as "8081" as an IPv4 number; people do not mean that.
    if (address.protocol() == QAbstractSocket::IPv4Protocol && value.count(u'.') != 3)
        return QHostAddress();
    return address;
}

QString ServerOptions::describeHost(const QHostAddress &address)
{
    if (address == QHostAddress::Any)
        return QStringLiteral("all interfaces");
    if (address == QHostAddress::AnyIPv4)
        return QStringLiteral("all IPv4 interfaces");
    if (address == QHostAddress::AnyIPv6)
        return QStringLiteral("all IPv6 interfaces");
    return address.toString();
}

ServerConfig ServerOptions::defaultConfig()
{
    ServerConfig config;
    // History is kept on disk unless told otherwise.
    config.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return config;
}

QString ServerOptions::applySetting(const QString &name, const QString &value, ServerConfig &config)
{
    const Setting *setting = findSetting(name);
    if (!setting)
        return u"unknown setting \"" + name + u'"';
    return setting->apply(value, config);
}

ServerOptions ServerOptions::parse(const QStringList &arguments, const ServerConfig &base)
{
    ServerOptions result;
    result.config = base;
    auto fail = [&result](const QString &error) {
        result.action = Action::Fail;
        result.error = error;
        return result;
    };

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("The qtchat chat server. Without --no-gui it opens its control window "
                           "(and starts at once when given an address or a port).\nThe seed "
                           "tutorial's form works too: qtchat-server --no-gui 192.168.55.13 8081"));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Show this help and exit."));
    const QCommandLineOption versionOption({QStringLiteral("v"), QStringLiteral("version")},
                                           QStringLiteral("Show the version and exit."));
    const QCommandLineOption noGuiOption(
            QStringLiteral("no-gui"),
            QStringLiteral("Run without a window, logging to standard error (for services, SSH "
                           "and CI). Stops cleanly on SIGINT or SIGTERM."));
    const QCommandLineOption configOption(
            QStringLiteral("config"),
            QStringLiteral("Read settings from this INI file ([server] section, keys named like "
                           "these options). Options given here win over the file."),
            QStringLiteral("file"));
    parser.addOption(helpOption);
    parser.addOption(versionOption);
    parser.addOption(noGuiOption);
    parser.addOption(configOption);
    for (const Setting &setting : settings) {
        parser.addOption(QCommandLineOption(
                QLatin1String(setting.name), QLatin1String(setting.description),
                setting.valueName ? QLatin1String(setting.valueName) : QString()));
    }
    parser.addPositionalArgument(QStringLiteral("address"),
                                 QStringLiteral("Same as --host (optional)."),
                                 QStringLiteral("[address"));
    parser.addPositionalArgument(QStringLiteral("port"),
                                 QStringLiteral("Same as --port (optional)."),
                                 QStringLiteral("[port]]"));

    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(helpOption)) {
        result.action = Action::ShowHelp;
        result.text = CommandLineHelp::text(parser, arguments, QStringLiteral("qtchat-server"));
        return result;
    }
    if (parser.isSet(versionOption)) {
        result.action = Action::ShowVersion;
        result.text = QStringLiteral("qtchat-server " QTCHAT_VERSION "\n");
        return result;
    }
    result.noGui = parser.isSet(noGuiOption);
    result.addressGiven = !parser.positionalArguments().isEmpty() ||
                          parser.isSet(QStringLiteral("host")) ||
                          parser.isSet(QStringLiteral("port"));

    if (parser.isSet(configOption)) {
        result.configFile = parser.value(configOption);
        const QString problem = loadConfigFile(result.configFile, result.config);
        if (!problem.isEmpty())
            return fail(problem);
    }
    for (const Setting &setting : settings) {
        const QString name = QLatin1String(setting.name);
        if (!parser.isSet(name))
            continue;
        const QStringList values =
                setting.valueName ? parser.values(name) : QStringList{QStringLiteral("yes")};
        // Repeatable settings (bans) from the file and the command line add up.
        if (!setting.repeatable && values.size() > 1)
            return fail(u"--" + name + u" was given more than once");
        for (const QString &value : std::as_const(values)) {
            const QString problem = setting.apply(value, result.config);
            if (!problem.isEmpty())
                return fail(u"--" + name + u": " + problem);
        }
    }

    // The tutorial's "ADDRESS PORT" (a lone number is taken as the port).
    QStringList positional = parser.positionalArguments();
    if (positional.size() > 2)
        return fail(u"too many arguments: " + positional.mid(2).join(u' ') +
                    u" (expected at most an address and a port)");
    if (positional.size() == 1) {
        bool isNumber = false;
        positional.first().toInt(&isNumber);
        if (isNumber)
            positional.prepend(QString());
    }
    if (!positional.isEmpty() && !positional.first().isEmpty()) {
        if (parser.isSet(QStringLiteral("host")))
            return fail(QStringLiteral("the address was given twice (--host and as an argument)"));
        const QString problem =
                findSetting(QStringLiteral("host"))->apply(positional.first(), result.config);
        if (!problem.isEmpty())
            return fail(u"address: " + problem);
    }
    if (positional.size() == 2) {
        if (parser.isSet(QStringLiteral("port")))
            return fail(QStringLiteral("the port was given twice (--port and as an argument)"));
        const QString problem =
                findSetting(QStringLiteral("port"))->apply(positional.at(1), result.config);
        if (!problem.isEmpty())
            return fail(u"port: " + problem);
    }

    const QString problem = result.config.validate();
    if (!problem.isEmpty())
        return fail(problem);
    return result;
}
