#pragma once

#include "dnsrecord.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QStringList>

class MdnsSocket;
class QTimer;
struct DnsMessage;

// A DNS-SD service announced over multicast DNS (RFC 6762, RFC 6763): its
// instance name is probed for first and, when another computer holds it,
// changed to "name (2)", "name (3)"…; then the service's PTR, SRV and TXT
// records and this computer's addresses are announced on every interface,
// queries for them are answered, a changed TXT is announced again (at most
// once a second), and stop() says goodbye (the records with a time to live
// of 0) so that browsers drop the service at once.
class ServiceAnnouncer : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Probing, Announced };
    Q_ENUM(State)
    using TxtEntries = QList<QPair<QByteArray, QByteArray>>;

    // RFC 6763 §4.1.1: an instance name is one label of UTF-8, at most 63 bytes.
    static constexpr qsizetype MaxInstanceNameBytes = 63;
    // RFC 6763 §6.2: a TXT record should stay within 1300 bytes.
    static constexpr qsizetype MaxTxtBytes = 1300;

    explicit ServiceAnnouncer(QObject *parent = nullptr);
    ~ServiceAnnouncer() override;

    // serviceType: "_qtchat._tcp".
    void setService(const QByteArray &serviceType, quint16 port);
    // Cut at a character boundary to 63 bytes.
    void setInstanceName(const QString &name);
    void setTxt(const TxtEntries &entries);
    // "<this computer's name>.local" by default.
    void setHostLabel(const QByteArray &label);

    // false with errorString() when multicast DNS cannot be used at all.
    bool start();
    void stop();
    State state() const { return m_state; }
    QString errorString() const { return m_error; }
    // The name announced (after any conflicts: "qtchat on lab-pc (2)").
    QString instanceName() const;
    // Where it is announced: "eth0 (192.168.1.20)", one per interface.
    QStringList interfaceDescriptions() const;

    // A label for this computer's host name: its name as the system gives
    // it, cut to letters, digits and hyphens (RFC 1123).
    static QByteArray defaultHostLabel();
    // A name with " (n)" after it (the first one taken "(2)"), within 63 bytes.
    static QString nextName(const QString &name);

Q_SIGNALS:
    void stateChanged(ServiceAnnouncer::State state);
    void instanceNameChanged(const QString &name);
    void interfacesChanged(const QStringList &descriptions);

private:
    DnsName serviceName() const;
    DnsName instance() const;
    DnsName host() const;
    QList<DnsRecord> records(int interfaceIndex, quint32 ttlScale = 1) const;
    DnsRecord ptrRecord() const;
    DnsRecord servicesRecord() const;
    DnsRecord srvRecord() const;
    DnsRecord txtRecord() const;
    QList<DnsRecord> addressRecords(int interfaceIndex) const;
    void probe();
    void announce();
    void sendGoodbye();
    void onReceived(const DnsMessage &message, const QHostAddress &from, quint16 fromPort,
                    int interfaceIndex);
    void answer(const DnsMessage &query, const QHostAddress &from, quint16 fromPort,
                int interfaceIndex);
    bool conflictsWith(const DnsRecord &record) const;
    bool losesTieBreak(const QList<DnsRecord> &theirs) const;
    void rename();
    void sendPendingAnswers();
    void setState(State state);

    MdnsSocket *m_socket = nullptr;
    QTimer *m_probeTimer = nullptr;
    QTimer *m_announceTimer = nullptr;
    QTimer *m_txtTimer = nullptr;
    QTimer *m_answerTimer = nullptr;
    State m_state = State::Stopped;
    QByteArray m_serviceType;
    quint16 m_port = 0;
    QByteArray m_instanceLabel;
    QByteArray m_hostLabel;
    TxtEntries m_txt;
    int m_probesSent = 0;
    int m_announcementsSent = 0;
    bool m_txtChanged = false;
    QString m_error;
    // Answers to multicast queries, sent together after a short delay (RFC 6762 §6).
    struct PendingAnswer
    {
        QList<DnsRecord> answers;
        QList<DnsRecord> additionals;
    };
    QHash<int, PendingAnswer> m_pendingAnswers;
};
