#pragma once

// For unit tests of the server core's parts (Router, Moderation): real
// sessions over loopback without a ChatServer. join() connects a real
// client, makes the server side's ClientSession, and puts it in the room
// when its hello comes. Header-only: for tests that link the server core.
#include "chatroom.h"
#include "clientsession.h"
#include "nicknames.h"
#include "outputbatch.h"
#include "testclient.h"
#include "testserverconfig.h"
#include "transport.h"
#include "waituntil.h"

#include <QSet>
#include <QTcpServer>

#include <memory>

class SessionHarness
{
public:
    struct Member
    {
        TestClient *client = nullptr;
        ClientSession *session = nullptr;
    };

    explicit SessionHarness(ChatRoom &room, ServerConfig config = testServerConfig())
        : m_room(room)
        , m_config(config)
    {
        m_listener.listen(QHostAddress::LocalHost, 0);
    }
    ~SessionHarness() { qDeleteAll(m_owner.children()); }

    const ServerConfig &config() const { return m_config; }
    // Sessions are also put in nicknames (as the chat logic does) from now on.
    void setNicknames(Nicknames *nicknames) { m_nicknames = nicknames; }
    OutputBatch *batch() { return &m_batch; }
    // Every session made and not yet ended.
    const QSet<ClientSession *> &sessions() const { return m_sessions; }

    // A client in the room as nick (both empty when that failed), from local.
    Member join(const QString &nick,
                const QHostAddress &local = QHostAddress(QHostAddress::LocalHost))
    {
        Member member;
        member.client = new TestClient(&m_owner);
        if (!member.client->connectFrom(local, m_listener.serverPort()) ||
            !waitUntil([this] { return m_listener.hasPendingConnections(); }))
            return {};
        member.session = new ClientSession(Transport::forSocket(m_listener.nextPendingConnection()),
                                           m_config, &m_batch, &m_owner);
        m_sessions.insert(member.session);
        ClientSession *session = member.session;
        QObject::connect(session, &ClientSession::ended, &m_owner, [this, session] {
            m_sessions.remove(session);
            m_room.remove(session);
            if (m_nicknames)
                m_nicknames->remove(session);
        });
        bool in = false;
        const QMetaObject::Connection joining = QObject::connect(
                session, &ClientSession::helloReceived, &m_owner,
                [&, session](ClientSession *, const Protocol::Hello &hello) {
                    if (m_nicknames)
                        m_nicknames->add(session, hello.nick, 1);
                    else
                        session->markRegistered(hello.nick, 1);
                    session->setJoinSequence(++m_sequence);
                    m_room.add(session, m_sequence, 1);
                    session->send(Protocol::Notice{QStringLiteral("in"), 0, QString()});
                    in = true;
                });
        member.client->send(Protocol::Hello{1, nick, QString(), QString(), std::nullopt, {}});
        const bool ok = waitUntil([&] { return in; }) && member.client->waitFor<Protocol::Notice>();
        QObject::disconnect(joining);
        return ok ? member : Member{};
    }

private:
    ChatRoom &m_room;
    Nicknames *m_nicknames = nullptr;
    ServerConfig m_config;
    QObject m_owner;
    QTcpServer m_listener;
    OutputBatch m_batch;
    QSet<ClientSession *> m_sessions;
    quint64 m_sequence = 0;
};
