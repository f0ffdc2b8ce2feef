#pragma once

#include <QByteArrayList>
#include <QObject>
#include <QTcpServer>

// A qtchat server of before TLS, on loopback: a hello gets a welcome, any
// other first bytes (a TLS ClientHello) a line of plain text, as an old
// server or another chat relay answers. It notes the first byte each
// connection sent, so that a test sees whether a client started with TLS.
class ServerWithoutTls : public QObject
{
public:
    explicit ServerWithoutTls(quint16 port = 0);

    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    QByteArrayList firstBytes() const { return m_firstBytes; }

private:
    QTcpServer m_server;
    QByteArrayList m_firstBytes;
};
