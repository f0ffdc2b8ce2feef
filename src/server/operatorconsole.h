#pragma once

#include <QString>
#include <QStringList>

class ChatServer;

// The operator's commands, typed on the headless server's standard input (and
// behind the control window's buttons): /who, /kick, /ban, /unban, /bans,
// /notice, /quit, /help. Each line gets an answer for people.
class OperatorConsole
{
public:
    struct Result
    {
        QStringList lines;  // the answer
        bool error = false; // the command was refused (lines say why)
        bool quit = false;  // the operator asked the server to stop
        QString quitReason;
    };

    explicit OperatorConsole(ChatServer *server);

    Result execute(const QString &line);
    static QStringList helpLines();

private:
    ChatServer *m_server;
};
