#include "serverwithouttls.h"

#include <QTcpSocket>

ServerWithoutTls::ServerWithoutTls(quint16 port)
{
    QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
        QTcpSocket *socket = m_server.nextPendingConnection();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            const QByteArray read = socket->readAll();
            if (socket->property("seen").toBool())
                return;
            socket->setProperty("seen", true);
            m_firstBytes.append(read.left(1));
            if (read.startsWith("{\"type\":\"hello\""))
                socket->write(R"({"type":"welcome","protocol":1,"server":"old/1",)"
                              R"("nick":"alice","users":[{"nick":"alice","since":1}],)"
                              R"("limits":{"max_frame":65536,"max_text":8192},"last_id":0})"
                              "\n");
            else
                socket->write("What is your nickname?\n");
        });
    });
    m_server.listen(QHostAddress::LocalHost, port);
}
