#include "tcprelay.h"

#include <QTcpSocket>

TcpRelay::TcpRelay(quint16 serverPort, QObject *parent)
    : QObject(parent)
    , m_serverPort(serverPort)
{
    connect(&m_listener, &QTcpServer::newConnection, this, &TcpRelay::onNewConnection);
}

bool TcpRelay::listen()
{
    return m_listener.listen(QHostAddress::LocalHost, 0);
}

void TcpRelay::onNewConnection()
{
    while (QTcpSocket *client = m_listener.nextPendingConnection()) {
        auto *server = new QTcpSocket(this);
        client->setParent(this);
        m_pairs.append(Pair{client, server});
        connect(client, &QTcpSocket::readyRead, server, [client, server] {
            if (server->state() == QAbstractSocket::ConnectedState)
                server->write(client->readAll());
        });
        connect(server, &QTcpSocket::connected, client, [client, server] {
            server->write(client->readAll()); // what came before the server answered
        });
        connect(server, &QTcpSocket::readyRead, client, [this, client, server] {
            const QByteArray data = server->readAll();
            if (!m_dropFromServer)
                client->write(data);
        });
        connect(client, &QTcpSocket::disconnected, this, [this, client] { remove(client); });
        connect(server, &QTcpSocket::disconnected, this, [this, server] { remove(server); });
        connect(server, &QTcpSocket::errorOccurred, this, [this, server] { remove(server); });
        server->connectToHost(QHostAddress::LocalHost, m_serverPort);
    }
}

void TcpRelay::remove(QTcpSocket *either)
{
    for (qsizetype i = 0; i < m_pairs.size(); ++i) {
        const Pair pair = m_pairs.at(i);
        if (pair.client != either && pair.server != either)
            continue;
        m_pairs.removeAt(i);
        pair.client->disconnect(this);
        pair.server->disconnect(this);
        pair.client->abort();
        pair.server->abort();
        pair.client->deleteLater();
        pair.server->deleteLater();
        return;
    }
}

void TcpRelay::cutAll()
{
    while (!m_pairs.isEmpty())
        remove(m_pairs.first().client);
}
