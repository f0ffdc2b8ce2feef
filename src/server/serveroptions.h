#pragma once

#include "serverconfig.h"

#include <QStringList>

// qtchat-server's command line and INI config file: one table of settings
// serves both (an INI key has the name of its option), and flags win over
// the file. Parsing needs no QCoreApplication, so main() can choose which
// application object to create afterwards.
class ServerOptions
{
public:
    enum class Action { Run, ShowHelp, ShowVersion, Fail };

    Action action = Action::Run;
    bool noGui = false;
    QString configFile;
    ServerConfig config;
    QString error;             // why parsing failed (Action::Fail)
    QString text;              // help or version text
    bool addressGiven = false; // the command line named an address or a port

    // arguments includes the program name, as QCoreApplication::arguments() does.
    // Settings not given keep their value in base (the control window's
    // remembered settings; by default the protocol's defaults).
    static ServerOptions parse(const QStringList &arguments,
                               const ServerConfig &base = defaultConfig());
    // The protocol's defaults, with the history in the system's folder for application data.
    static ServerConfig defaultConfig();

    // Sets one setting, named as its option ("max-clients"), from text; returns an
    // empty string or why the value is not valid.
    static QString applySetting(const QString &name, const QString &value, ServerConfig &config);

    // Parses "192.168.1.7", "::1", "localhost", "any"; a null address when invalid.
    static QHostAddress parseHost(const QString &text);
    // The address as the user would write it ("all interfaces" for any).
    static QString describeHost(const QHostAddress &address);
};
