#pragma once

#include "dnsmessage.h"

#include <QHostAddress>
#include <QList>
#include <QNetworkInterface>
#include <QObject>

#include <deque>

class QTimer;
class QUdpSocket;

// Multicast DNS over IPv4 (RFC 6762): a UDP socket on port 5353, shared with
// any other responder on this computer (avahi, Bonjour, python-zeroconf,
// another qtchat), that has joined 224.0.0.251 on every interface that can
// multicast and has an IPv4 address (loopback only when it is the only one).
// Interfaces that come and go are noticed every few seconds. What this
// socket sent itself and hears back (multicast loops back) is dropped.
class MdnsSocket : public QObject
{
    Q_OBJECT

public:
    static constexpr quint16 Port = 5353;
    static const QHostAddress &group();

    explicit MdnsSocket(QObject *parent = nullptr);
    ~MdnsSocket() override;

    // Binds and joins the group; false with errorString() when the port
    // cannot be had at all.
    bool open();
    void close();
    bool isOpen() const;
    QString errorString() const { return m_error; }

    // The interfaces joined, by index; a multicast is sent on each.
    QList<QNetworkInterface> interfaces() const { return m_interfaces; }
    // interface's IPv4 addresses (what an A record on it holds).
    static QList<QHostAddress> ipv4Addresses(const QNetworkInterface &interface);

    // To the group on one interface (by index), or on all of them.
    void multicast(const DnsMessage &message, int interfaceIndex);
    void multicastOnAll(const DnsMessage &message);
    // To one peer (a legacy query's answer, RFC 6762 §6.7).
    void unicast(const DnsMessage &message, const QHostAddress &to, quint16 port);

Q_SIGNALS:
    void received(const DnsMessage &message, const QHostAddress &from, quint16 fromPort,
                  int interfaceIndex);
    // Joined or left an interface (the list is interfaces()).
    void interfacesChanged();

private:
    void readDatagrams();
    void updateInterfaces();
    void send(const QByteArray &packet, const QHostAddress &to, quint16 port);
    bool isOwnEcho(const QByteArray &packet);
    int interfaceOf(const QHostAddress &from) const;

    QUdpSocket *m_socket = nullptr;
    QTimer *m_interfaceTimer = nullptr;
    QList<QNetworkInterface> m_interfaces;
    QString m_error;
    // What was sent in the last seconds (packet, when): its loopback echo is not news.
    std::deque<std::pair<QByteArray, qint64>> m_sent;
};
