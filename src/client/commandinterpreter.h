#pragma once

#include "chatclient.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

// What a line typed into a conversation does, for the chat window and the
// terminal mode alike: a message (to the room, or to the person of a private
// conversation) or one of the commands /me, /msg, /nick, /who, /join, /part,
// /rooms, /topic, /quit and /help. A conversation is named by its target: a
// room ("#random"; "" is the server's default room) or a person's nickname
// (which never starts with #). Nothing that starts with / and a letter is ever said by mistake: an
// unknown command is refused with a hint, and //text says /text.
//
// Answers and refusals go to the conversation where the line was typed
// (replied()), also when they come later from the server (the answer to
// /who, a nickname refused after /nick), and so does what there is to say
// of the messages typed (waiting from an earlier run, or not kept on disk).
// What only a front end can do (show a conversation, quit) it asks for by signal.
class CommandInterpreter : public QObject
{
    Q_OBJECT

public:
    // What became of a line.
    struct Outcome
    {
        enum class Kind {
            Done,         // sent, queued or answered: the input may be cleared
            Refused,      // nothing sent; replied() said why: the input is kept to mend
            TooLong,      // nothing sent: more than the server takes in one message
            NotConnected, // nothing sent: there is no server to send it to yet
        };
        Kind kind = Kind::Done;
        // TooLong: the message's text (without "/me "), its size and the limit, in UTF-8 bytes.
        QString text;
        bool action = false;
        QString to; // TooLong: the target it was for (a room, a person; empty: the default room)
        qsizetype size = 0;
        qsizetype limit = 0;
    };

    explicit CommandInterpreter(ChatClient *client, QObject *parent = nullptr);

    // Runs a line typed in the conversation with target.
    Outcome execute(const QString &line, const QString &target = QString());
    // Sends text as a message as it is (slashes and all), to target.
    void sendText(const QString &text, bool action = false, const QString &target = QString());
    // Whether target names a room ("" or "#…") rather than a person.
    static bool isRoom(const QString &target)
    {
        return target.isEmpty() || target.startsWith(u'#');
    }
    // text cut into messages the server takes (for a TooLong outcome).
    QStringList split(const QString &text) const;

Q_SIGNALS:
    // An answer or a refusal, for the conversation with target.
    void replied(const QString &target, const QString &text);
    // /msg NICK TEXT, or /join #room once the server has us there: that
    // conversation should be shown.
    void conversationRequested(const QString &target);
    // /quit [reason]
    void quitRequested(const QString &reason);

private:
    Outcome refuse(const QString &peer, const QString &text);
    // Whether nick is someone the client knows to be here (in a room it is in).
    bool isHere(const QString &nick) const;
    qsizetype maxText() const;
    // The room a room command typed in target is about (named: that one).
    QString roomFor(const QString &target, const QString &named) const;
    Outcome executeRoomCommand(const Protocol::ClientMessage &request, const QString &target,
                               bool connected);

    ChatClient *m_client;
    QString m_lastPeer; // where the last line was typed (for answers that come later)
    bool m_whoAsked = false;
    QString m_whoPeer;
    QString m_whoRoom;
    bool m_roomsAsked = false;
    QString m_roomsPeer;
    QHash<QString, QString> m_joinsAsked; // room key -> where /join was typed
    QString m_nickAsked;                  // a /nick awaiting the server's answer
    QString m_nickPeer;
};
