#pragma once

#include "discoveredservice.h"
#include "dnsname.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

class MdnsSocket;
class QTimer;
struct DnsMessage;
struct DnsRecord;

// Finds the services of one DNS-SD type on the local network (RFC 6763 over
// multicast DNS): it asks at once, then after 1, 2, 4… seconds up to once a
// minute (RFC 6762 §5.2), listing what it knows so that those need not
// answer again; asks a service's SRV, TXT and addresses when they did not
// come with it; and reports a service once it knows where it listens, again
// when anything about it changes, and its loss on a goodbye (after a second,
// §10.1) or when its records expire. Bounded: at most MaxServices at once.
class ServiceBrowser : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype MaxServices = 256;
    static constexpr qsizetype MaxAddresses = 8; // per service

    explicit ServiceBrowser(QObject *parent = nullptr);
    ~ServiceBrowser() override;

    // serviceType: "_qtchat._tcp". false with errorString() when multicast
    // DNS cannot be used at all.
    bool start(const QByteArray &serviceType);
    void stop();
    bool isBrowsing() const;
    QString errorString() const { return m_error; }
    // Every service found and resolved, by name.
    QList<DiscoveredService> services() const;
    // Where it listens for answers: interface names.
    QStringList interfaceNames() const;

Q_SIGNALS:
    void serviceFound(const DiscoveredService &service);
    void serviceChanged(const DiscoveredService &service);
    void serviceLost(const QString &name);

private:
    struct Entry
    {
        DnsName instance;
        qint64 ptrExpiresAt = 0;
        DnsName host;
        quint16 port = 0;
        qint64 srvExpiresAt = 0;
        qint64 srvRefreshAt = 0; // §5.2: asked again at 80% of its life
        QMap<QString, QString> txt;
        bool hasTxt = false;
        QHostAddress sender;
        QString interfaceName;
        bool reported = false;
        DiscoveredService last;
        qint64 askedAt = -1;
    };
    struct HostAddress
    {
        QHostAddress address;
        qint64 receivedAt = 0;
        qint64 expiresAt = 0;
    };

    void onReceived(const DnsMessage &message, const QHostAddress &from, quint16 fromPort,
                    int interfaceIndex);
    void take(const DnsRecord &record, const QHostAddress &from, int interfaceIndex,
              QSet<QByteArray> *touched);
    void query();
    void expire();
    void update(const QByteArray &key);
    void drop(const QByteArray &key);
    DiscoveredService describe(const Entry &entry) const;
    QList<QHostAddress> addressesOf(const DnsName &host) const;
    void ask(Entry *entry, bool srv, bool txt, bool address);
    qint64 now() const { return m_clock.elapsed(); }

    MdnsSocket *m_socket = nullptr;
    QTimer *m_queryTimer = nullptr;
    QTimer *m_expiryTimer = nullptr;
    QElapsedTimer m_clock;
    DnsName m_serviceName;
    int m_queryIntervalMs = 1'000;
    QHash<QByteArray, Entry> m_entries;            // by instance key
    QHash<QByteArray, QList<HostAddress>> m_hosts; // by host key
    QHash<QByteArray, qint64> m_goodbyes;          // instance key → when it is dropped
    QString m_error;
};
