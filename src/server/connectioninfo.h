#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

// What the operator sees of one connection on the server.
struct ConnectionInfo
{
    quint64 id = 0; // the same for one connection all along, even when the nick changes
    QString nick;
    QHostAddress address;
    QString peer; // address:port
    bool plainText = false;
    qint64 connectedAtMs = 0; // ms since the epoch, UTC
    qint64 messagesSent = 0;
    qint64 lastActivityMs = 0;
    QStringList rooms;      // the rooms it is in, in the order it joined them
    bool encrypted = false; // over TLS
};
