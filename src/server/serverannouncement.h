#pragma once

#include "serviceannouncer.h"

#include <QObject>
#include <QStringList>

class ChatServer;

// A running ChatServer announced on the local network (contract §9):
// DNS-SD service "_qtchat._tcp" on its port, under the operator's instance
// name (by default "qtchat on <computer>"), with the TXT keys protocol=1,
// tls=1, fp=<the first 16 hex digits of its certificate's SHA-256
// fingerprint>, password=1 when it needs one, and users=N kept current as
// people come and go. stop() says goodbye.
class ServerAnnouncement : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *ServiceType = "_qtchat._tcp";

    ServerAnnouncement(ChatServer *server, const QString &instanceName, QObject *parent = nullptr);

    // false with errorString() when the network cannot be told.
    bool start();
    void stop();
    bool isAnnounced() const;
    QString errorString() const { return m_announcer.errorString(); }
    // As announced (another server with the name makes it "… (2)").
    QString instanceName() const { return m_announcer.instanceName(); }
    QStringList interfaces() const { return m_announcer.interfaceDescriptions(); }

    // "qtchat on <this computer's name>", in the operator's language.
    static QString defaultInstanceName();
    // What the TXT record says of server now.
    static ServiceAnnouncer::TxtEntries txtOf(const ChatServer &server);

Q_SIGNALS:
    // Announced, renamed, or on other interfaces.
    void changed();

private:
    void updateTxt();

    ChatServer *m_server;
    ServiceAnnouncer m_announcer;
};
