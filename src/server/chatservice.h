#pragma once

#include "addressnames.h"
#include "chatroom.h"
#include "messages.h"
#include "serverconfig.h"

#include "addressthrottle.h"
#include <QBasicTimer>

#include <QElapsedTimer>
#include <QObject>

#include <optional>

class ClientSession;
class HistoryPipeline;
class Nicknames;
class RoomRegistry;
class Router;
struct HistoryReader;

// What requests mean: coming in (a hello, or a plain-text client that
// simply connected), saying, whispering, renaming, listing who is here,
// paging back, joining and leaving rooms, topics, leaving. It produces
// events for the Router and never bytes: every wire format is its
// dialect's business. In a room larger than config.quietJoinsAbove, joins
// and leaves are not told one by one but folded into a count (presence)
// every config.presenceIntervalMs.
class ChatService : public QObject
{
    Q_OBJECT

public:
    ChatService(const ServerConfig &config, RoomRegistry &rooms, Nicknames &nicknames,
                Router &router, HistoryPipeline &history, QObject *parent = nullptr);

    // The rooms kept in the history, with their topics, opened again.
    void restoreRooms();

    // The connection's requests, as its session hands them over.
    void admitWithoutHandshake(ClientSession *session);
    void hello(ClientSession *session, const Protocol::Hello &hello);
    void request(ClientSession *session, const Protocol::ClientMessage &request);
    // The connection is gone: it leaves the server (if it was in).
    void leave(ClientSession *session, const QString &reason);
    // A server notice to one room (room empty: to everyone on the server);
    // why not, or an empty string.
    QString notice(const QString &text, const QString &room = QString());

    // The operator's hand on rooms: each returns why it could not be done,
    // or an empty string.
    QString createRoom(const QString &name);
    // Its members are told they left the old name and are in the new one.
    QString renameRoom(const QString &name, const QString &newName);
    // Its members are told they left it; its messages are forgotten.
    QString deleteRoom(const QString &name);
    QString setTopic(const QString &room, const QString &text);
    QString removeFromRoom(const QString &nick, const QString &room, const QString &reason);

Q_SIGNALS:
    void userJoined(const QString &nick, const QString &peer, bool plainText);
    void userLeft(const QString &nick, const QString &reason);
    void userRenamed(const QString &from, const QString &to);
    void messagePosted(const Protocol::ChatMessage &message);
    void connectionRefused(const QString &peer, const QString &reason);
    void noticeSent(const QString &text);
    // Someone went into or out of a room (not the server), or a room changed.
    void roomsChanged();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    // The session is on the server as nick, in the default room.
    void registerSession(ClientSession *session, const QString &nick);
    // Into a room: told to its members (the session too when tellSelf).
    void enterRoom(ClientSession *session, const ChatRoomPtr &room, bool tellSelf);
    // Out of a room, told to its members and (left with room) to the session.
    void leaveRoom(ClientSession *session, const ChatRoomPtr &room, const QString &reason);
    // After a join: the room's people, recent messages and topic.
    void sendRoomState(ClientSession *session, const ChatRoom &room, bool withBacklog);
    void handle(ClientSession *session, const Protocol::Say &say);
    void handle(ClientSession *session, const Protocol::Whisper &whisper);
    void handle(ClientSession *session, const Protocol::Nick &nick);
    void handle(ClientSession *session, const Protocol::Who &who);
    void handle(ClientSession *session, const Protocol::HistoryRequest &request);
    void handle(ClientSession *session, const Protocol::Bye &bye);
    void handle(ClientSession *session, const Protocol::Join &join);
    void handle(ClientSession *session, const Protocol::Part &part);
    void handle(ClientSession *session, const Protocol::RoomsRequest &request);
    void handle(ClientSession *session, const Protocol::SetTopic &topic);
    // Joins a room by name for a join request or hello.rooms (whose joiner
    // is not told: the welcome lists its rooms); the refusal, if any.
    // *joined is the room entered (nullptr when the session was in it).
    std::optional<Protocol::Error> joinRoom(ClientSession *session, const QString &name,
                                            bool create, bool tellSelf, ChatRoomPtr *joined);
    // The room a request names (its current room when it names none) that
    // the session is in, or the refusal (no_such_room, not_in_room).
    ChatRoomPtr roomOfRequest(ClientSession *session, const QString &name, const QString &ref,
                              bool mustBeIn);
    // Echoes the message stored earlier under the same ref, if resent is a
    // resend of it (same text, action, recipient and room).
    bool echoDuplicate(ClientSession *session, const QString &ref,
                       const Protocol::ChatMessage &resent);
    static HistoryReader readerOf(const ClientSession *session);
    Protocol::HistoryPage joinHistory(ClientSession *session, std::optional<qint64> since) const;
    Protocol::HistoryPage roomBacklog(ClientSession *session, const ChatRoom &room) const;
    // Whether joins and leaves are folded in this room now (it is large).
    bool isQuiet(const ChatRoom &room) const;
    void countPresence(ChatRoom &room, bool joined);
    void announcePresence();
    // Sends event once to everyone who shares a room with session, and to
    // session itself unless it is leaving (then rooms where arrivals are
    // counted count it as gone instead).
    void toSharers(ClientSession *session, ServerEvent event, bool leaving);
    // The room by name, or why there is none ("" is not a room here).
    ChatRoomPtr operatorRoom(const QString &name, QString *problem) const;
    // Writes the room and its topic to the history (oldName: it was renamed).
    void keepRoom(const ChatRoom &room, const QString &oldName = QString());
    void refuse(ClientSession *session, Protocol::ErrorCode code, const QString &message,
                const QString &ref = QString());

    const ServerConfig &m_config;
    RoomRegistry &m_rooms;
    Nicknames &m_nicknames;
    Router &m_router;
    HistoryPipeline &m_history;
    AddressNames m_addressNames;
    quint64 m_joinSequence = 0;
    QBasicTimer m_presenceTimer;
    AddressThrottle m_authThrottle; // wrong passwords per address
    QElapsedTimer m_clock;          // for it
};
