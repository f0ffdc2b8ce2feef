#pragma once

#include "chatclient.h"
#include "commandinterpreter.h"

#include <QObject>

class ConsoleInput;
class QTimer;

// qtchat --no-gui HOST PORT: the tutorial's terminal client, speaking the
// protocol. Prints the room as lines of text (the plain-text format:
// "<bob> hi", "* bob joined"), reads what to say from standard input (with
// the same commands as the window: /me, /msg, /nick, /who, /join, /part,
// /rooms, /topic, /quit, /help), and keeps the connection alive as the
// window does. As for the server's plain-text clients, one room is current:
// /join makes the room joined current, what is typed goes there, and lines
// from the other rooms start with the room's name ("[#random] <bob> hi"). When standard input
// ends (a script piping lines in), it leaves once everything typed is
// stored, or after a while if the server cannot be reached; what was not
// sent then is kept (with an outbox folder) for the next run.
//
// A changed certificate, or a server without encryption, is a question to
// whoever types (yes to go on); when no one does (a pipe), the answer is no
// unless the command line gave it (--trust-new-certificate, --allow-unencrypted).
class TerminalClient : public QObject
{
    Q_OBJECT

public:
    explicit TerminalClient(QObject *parent = nullptr);

    ChatClient *client() { return &m_client; }
    // The answers given on the command line: yes to a changed certificate
    // (once per run), and to a server without encryption.
    void setTrustNewCertificate(bool trust) { m_trustNewCertificate = trust; }
    void setAllowUnencrypted(bool allow) { m_allowUnencrypted = allow; }
    void start(const QString &host, quint16 port, const QString &nick,
               const QString &password = QString());

Q_SIGNALS:
    // The program should end with this exit code.
    void finished(int exitCode);

private:
    void execute(const QString &line);
    void print(const QByteArray &lines);
    // Lines about room: with its name in front unless it is the current room.
    void printIn(const QString &room, const QByteArray &lines);
    void setCurrentRoom(const QString &room);
    void status(const QString &text);
    void onStateChanged(ChatClient::State state);
    void onError(ChatClient::ErrorKind kind, const QString &reason);
    void leaveWhenDone();
    // Asks whoever types (or takes the command line's answer, or says no).
    void ask(const QString &question, bool given, const QString &option);
    void answer(const QString &line);
    void finish(int exitCode);

    ChatClient m_client;
    CommandInterpreter m_commands;
    ConsoleInput *m_input = nullptr;
    QTimer *m_giveUp;
    bool m_inputEnded = false;
    bool m_quitting = false;
    QString m_room; // the current room ("": the default room)
    bool m_trustNewCertificate = false;
    bool m_allowUnencrypted = false;
    ChatClient::ErrorKind m_asking = ChatClient::ErrorKind::None; // the question waiting for a yes
};
