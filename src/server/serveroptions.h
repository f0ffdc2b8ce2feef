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
    QString error; // why parsing failed (Action::Fail)
    QString text;  // help or version text

    // arguments includes the program name, as QCoreApplication::arguments() does.
    static ServerOptions parse(const QStringList &arguments);

    // Parses "192.168.1.7", "::1", "localhost", "any"; a null address when invalid.
    static QHostAddress parseHost(const QString &text);
    // The address as the user would write it ("all interfaces" for any).
    static QString describeHost(const QHostAddress &address);
};
