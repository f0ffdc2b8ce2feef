#pragma once

#include "chatclient.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QString>

#include <optional>

// Why a connection failed, as a user can act on it: the step that failed
// (looking up the name, reaching the network, connecting, encryption, the
// server's identity, logging in, being let in), the likely cause and what to
// try, in the user's language. ChatClient asks it at each failure; the
// window and the terminal show what it says.
class ConnectionDoctor
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionDoctor)

public:
    enum class Step { LookUp, Route, Connect, Encrypt, Identity, LogIn, Admit };

    struct Problem
    {
        ChatClient::ErrorKind kind = ChatClient::ErrorKind::None;
        QString host;
        quint16 port = 0;
        bool discovered = false;   // the server announced itself on the local network
        bool tcpConnected = false; // a TCP connection was made before it failed
        QString detail;            // what the client or the server said of it
    };
    struct Diagnosis
    {
        Step step = Step::Connect;
        QString cause;
        QString advice;
        // "Connecting: Nothing answered at … Try …"
        QString text() const;
    };

    // nullopt for what is not a failure to connect (a kick, a lost connection).
    static std::optional<Diagnosis> diagnose(const Problem &problem);
    static QString stepName(Step step);
    // How to let TCP port in through this platform's firewall.
    static QString firewallHint(quint16 port);
};
