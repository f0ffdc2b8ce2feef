#pragma once

#include "serverconfig.h"

#include <QStringList>

class QSettings;

// The control window's remembered settings: the address, port, limits and
// options its Settings dialog offers, kept in QSettings under [server] with
// the names of the command-line options (so "max-clients" means the same
// everywhere), and read back through the same checks as the command line.
class ServerSettings
{
public:
    // The settings kept, by option name.
    static QStringList keys();
    // Applies the remembered values to config; a value that is not valid is
    // skipped and its problem appended to problems (if given).
    static ServerConfig load(QSettings &settings, ServerConfig config,
                             QStringList *problems = nullptr);
    // Writes every kept setting of config; the file is readable by its owner only
    // (it may hold the password).
    static void save(QSettings &settings, const ServerConfig &config);
    // Copies into remembered the kept settings that differ between before and after
    // (what the person changed in the Settings dialog), and nothing else.
    static void applyChanges(const ServerConfig &before, const ServerConfig &after,
                             ServerConfig *remembered);
};
