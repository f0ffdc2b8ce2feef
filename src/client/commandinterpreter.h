#pragma once

#include "chatclient.h"

#include <QObject>
#include <QString>
#include <QStringList>

// What a line typed into a conversation does, for the chat window and the
// terminal mode alike: a message (to the room, or to the person of a private
// conversation) or one of the commands /me, /msg, /nick, /who, /quit and
// /help. Nothing that starts with / and a letter is ever said by mistake: an
// unknown command is refused with a hint, and //text says /text.
//
// Answers and refusals go to the conversation where the line was typed
// (replied()), also when they come later from the server (the answer to
// /who, a nickname refused after /nick), and so does what there is to say
// of the messages typed (waiting from an earlier run, or not kept on disk).
// What only a front end can do (show a private conversation, quit) it asks
// for by signal.
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
        QString to; // TooLong: whom it was for (empty: the room)
        qsizetype size = 0;
        qsizetype limit = 0;
    };

    explicit CommandInterpreter(ChatClient *client, QObject *parent = nullptr);

    // Runs a line typed in the conversation with peer (empty: the room).
    Outcome execute(const QString &line, const QString &peer = QString());
    // Sends text as a message as it is (slashes and all), to peer or the room.
    void sendText(const QString &text, bool action = false, const QString &peer = QString());
    // text cut into messages the server takes (for a TooLong outcome).
    QStringList split(const QString &text) const;

Q_SIGNALS:
    // An answer or a refusal, for the conversation with peer (empty: the room).
    void replied(const QString &peer, const QString &text);
    // /msg NICK TEXT: the conversation with nick should be shown.
    void privateConversationRequested(const QString &nick);
    // /quit [reason]
    void quitRequested(const QString &reason);

private:
    Outcome refuse(const QString &peer, const QString &text);
    // Whether nick is someone the client knows to be here.
    bool isHere(const QString &nick) const;
    qsizetype maxText() const;

    ChatClient *m_client;
    QString m_lastPeer; // where the last line was typed (for answers that come later)
    bool m_whoAsked = false;
    QString m_whoPeer;
    QString m_nickAsked; // a /nick awaiting the server's answer
    QString m_nickPeer;
};
