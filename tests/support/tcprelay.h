#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTcpServer>

class QTcpSocket;

// A TCP relay on loopback between clients and a server, which a test can
// break the way networks break: cut every connection at once, or silently
// stop passing what the server sends (a dead link that TCP does not notice).
class TcpRelay : public QObject
{
    Q_OBJECT

public:
    explicit TcpRelay(quint16 serverPort, QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_listener.serverPort(); }
    void setServerPort(quint16 port) { m_serverPort = port; }
    // Closes every relayed connection, on both sides (new ones still come through).
    void cutAll();
    // While set, what the server sends is dropped (what clients send still goes).
    void setDropFromServer(bool drop) { m_dropFromServer = drop; }
    int connectionCount() const { return int(m_pairs.size()); }

private:
    struct Pair
    {
        QTcpSocket *client;
        QTcpSocket *server;
    };
    void onNewConnection();
    void remove(QTcpSocket *either);

    QTcpServer m_listener;
    quint16 m_serverPort;
    bool m_dropFromServer = false;
    QList<Pair> m_pairs;
};
