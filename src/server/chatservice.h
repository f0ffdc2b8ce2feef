#pragma once

#include "addressnames.h"
#include "messages.h"
#include "serverconfig.h"

#include <QBasicTimer>
#include <QObject>

#include <optional>

class ChatRoom;
class ClientSession;
class HistoryPipeline;
class Router;
struct HistoryReader;

// What requests mean: coming in (a hello, or a plain-text client that
// simply connected), saying, whispering, renaming, listing who is here,
// paging back, leaving. It produces events for the Router and never
// bytes: every wire format is its dialect's business. In a room larger
// than config.quietJoinsAbove, joins and leaves are not told one by one
// but folded into a count (presence) every config.presenceIntervalMs.
class ChatService : public QObject
{
    Q_OBJECT

public:
    ChatService(const ServerConfig &config, ChatRoom &room, Router &router,
                HistoryPipeline &history, QObject *parent = nullptr);

    // The connection's requests, as its session hands them over.
    void admitWithoutHandshake(ClientSession *session);
    void hello(ClientSession *session, const Protocol::Hello &hello);
    void request(ClientSession *session, const Protocol::ClientMessage &request);
    // The connection is gone: it leaves the room (if it was in it).
    void leave(ClientSession *session, const QString &reason);
    // A server notice to the room.
    void notice(const QString &text);

Q_SIGNALS:
    void userJoined(const QString &nick, const QString &peer, bool plainText);
    void userLeft(const QString &nick, const QString &reason);
    void userRenamed(const QString &from, const QString &to);
    void messagePosted(const Protocol::ChatMessage &message);
    void connectionRefused(const QString &peer, const QString &reason);
    void noticeSent(const QString &text);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void join(ClientSession *session, const QString &nick);
    void handle(ClientSession *session, const Protocol::Say &say);
    void handle(ClientSession *session, const Protocol::Whisper &whisper);
    void handle(ClientSession *session, const Protocol::Nick &nick);
    void handle(ClientSession *session, const Protocol::Who &who);
    void handle(ClientSession *session, const Protocol::HistoryRequest &request);
    void handle(ClientSession *session, const Protocol::Bye &bye);
    // Echoes the message stored earlier under the same ref, if resent is a
    // resend of it (same text, action and recipient).
    bool echoDuplicate(ClientSession *session, const QString &ref,
                       const Protocol::ChatMessage &resent);
    static HistoryReader readerOf(const ClientSession *session);
    Protocol::HistoryPage joinHistory(ClientSession *session, std::optional<qint64> since) const;
    // Whether joins and leaves are folded in this room now (it is large).
    bool isQuiet() const;
    void announcePresence();

    const ServerConfig &m_config;
    ChatRoom &m_room;
    Router &m_router;
    HistoryPipeline &m_history;
    AddressNames m_addressNames;
    quint64 m_joinSequence = 0;
    QBasicTimer m_presenceTimer;
};
