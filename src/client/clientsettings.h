#pragma once

#include <QString>
#include <QStringList>

// What the client remembers between runs (QSettings): the nickname, recent
// servers, text size, notifications and timestamps.
struct ClientSettings
{
    enum class Notify { Every, Mentions, Never };

    QString nick;
    QStringList recentServers; // "host:port", most recent first
    int fontSize = 0;          // points; 0: the system's
    Notify notify = Notify::Mentions;
    bool timestamps = true;
    QString language; // "" (the system's), "en" or "zh_CN"; used at the next start

    static ClientSettings load();
    // Where unsent messages are kept between runs (the application's data folder).
    static QString outboxDirectory();
    // The certificates of the servers connected to, and those reached
    // without encryption (see KnownServers), in the same folder.
    static QString knownServersFile();
    void save() const;
    // Puts host:port first in the recent servers (at most ten kept).
    void addRecentServer(const QString &host, quint16 port);
};
