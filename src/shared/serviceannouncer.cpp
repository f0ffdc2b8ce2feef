#include "serviceannouncer.h"

#include "dnsmessage.h"
#include "mdnssocket.h"

#include <QRandomGenerator>
#include <QSysInfo>
#include <QTimer>

#include <algorithm>

namespace {

// RFC 6762 §10: host records and SRV live 120 s, the others 75 minutes.
constexpr quint32 HostTtl = 120;
constexpr quint32 OtherTtl = 4500;
constexpr int ProbeIntervalMs = 250; // §8.1
constexpr int ProbeCount = 3;
constexpr int LostTieBreakWaitMs = 1'000; // §8.2
constexpr int AnnounceIntervalMs = 1'000; // §8.3
constexpr int AnnounceCount = 2;
constexpr int TxtUpdateIntervalMs = 1'000; // a record is multicast at most once a second (§6)
// The most names tried after conflicts before giving up.
constexpr int MaxRenames = 100;

const DnsName &local()
{
    static const DnsName name = DnsName::fromDotted("local");
    return name;
}

QByteArray cutUtf8(const QString &text, qsizetype maxBytes)
{
    QString cut = text;
    while (cut.toUtf8().size() > maxBytes)
        cut.chop(cut.size() >= 2 && cut.at(cut.size() - 1).isLowSurrogate() ? 2 : 1);
    return cut.toUtf8();
}

bool sameData(const DnsRecord &a, const DnsRecord &b)
{
    return a.type == b.type && DnsMessage::rdataOf(a) == DnsMessage::rdataOf(b);
}

} // namespace

ServiceAnnouncer::ServiceAnnouncer(QObject *parent)
    : QObject(parent)
{
    m_hostLabel = defaultHostLabel();
    m_socket = new MdnsSocket(this);
    connect(m_socket, &MdnsSocket::received, this, &ServiceAnnouncer::onReceived);
    connect(m_socket, &MdnsSocket::interfacesChanged, this, [this] {
        Q_EMIT interfacesChanged(interfaceDescriptions());
        if (m_state == State::Announced) {
            m_announcementsSent = 0;
            announce();
        }
    });
    m_probeTimer = new QTimer(this);
    m_probeTimer->setSingleShot(true);
    connect(m_probeTimer, &QTimer::timeout, this, &ServiceAnnouncer::probe);
    m_announceTimer = new QTimer(this);
    m_announceTimer->setSingleShot(true);
    connect(m_announceTimer, &QTimer::timeout, this, &ServiceAnnouncer::announce);
    m_txtTimer = new QTimer(this);
    m_txtTimer->setSingleShot(true);
    m_txtTimer->setInterval(TxtUpdateIntervalMs);
    connect(m_txtTimer, &QTimer::timeout, this, [this] {
        if (m_txtChanged && m_state == State::Announced) {
            m_txtChanged = false;
            m_announcementsSent = 0;
            announce();
            m_txtTimer->start();
        }
    });
    m_answerTimer = new QTimer(this);
    m_answerTimer->setSingleShot(true);
    connect(m_answerTimer, &QTimer::timeout, this, &ServiceAnnouncer::sendPendingAnswers);
}

ServiceAnnouncer::~ServiceAnnouncer()
{
    stop();
}

void ServiceAnnouncer::setService(const QByteArray &serviceType, quint16 port)
{
    m_serviceType = serviceType;
    m_port = port;
}

void ServiceAnnouncer::setInstanceName(const QString &name)
{
    m_instanceLabel = cutUtf8(name.trimmed(), MaxInstanceNameBytes);
}

void ServiceAnnouncer::setTxt(const TxtEntries &entries)
{
    if (entries == m_txt)
        return;
    m_txt = entries;
    if (m_state != State::Announced)
        return;
    if (m_txtTimer->isActive()) {
        m_txtChanged = true;
        return;
    }
    m_announcementsSent = 0;
    announce();
    m_txtTimer->start();
}

void ServiceAnnouncer::setHostLabel(const QByteArray &label)
{
    m_hostLabel = label.left(DnsName::MaxLabelBytes);
}

QByteArray ServiceAnnouncer::defaultHostLabel()
{
    QByteArray label;
    for (const char c : QSysInfo::machineHostName().toLatin1()) {
        if (c == '.')
            break;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')
            label += c;
    }
    if (label.isEmpty())
        label = "computer";
    // Not the computer's own name: avahi or Bonjour may announce that one,
    // with addresses of interfaces that qtchat does not use.
    return label.left(DnsName::MaxLabelBytes - 7) + "-qtchat";
}

QString ServiceAnnouncer::nextName(const QString &name)
{
    int number = 1;
    QString base = name;
    const qsizetype open = name.lastIndexOf(QLatin1String(" ("));
    if (open > 0 && name.endsWith(QLatin1Char(')'))) {
        bool ok = false;
        const int n = name.mid(open + 2, name.size() - open - 3).toInt(&ok);
        if (ok && n >= 2) {
            number = n;
            base = name.left(open);
        }
    }
    const QString suffix = QStringLiteral(" (%1)").arg(number + 1);
    return QString::fromUtf8(cutUtf8(base, MaxInstanceNameBytes - suffix.toUtf8().size())) + suffix;
}

bool ServiceAnnouncer::start()
{
    stop();
    if (m_instanceLabel.isEmpty() || m_serviceType.isEmpty()) {
        m_error = tr("the service has no name");
        return false;
    }
    if (!m_socket->open()) {
        m_error = m_socket->errorString();
        return false;
    }
    m_error.clear();
    m_probesSent = 0;
    setState(State::Probing);
    Q_EMIT interfacesChanged(interfaceDescriptions());
    // §8.1: the first probe after a random 0–250 ms, so that computers
    // switched on together do not probe in step.
    m_probeTimer->start(int(QRandomGenerator::global()->bounded(ProbeIntervalMs)));
    return true;
}

void ServiceAnnouncer::stop()
{
    if (m_state == State::Stopped)
        return;
    if (m_state == State::Announced)
        sendGoodbye();
    m_probeTimer->stop();
    m_announceTimer->stop();
    m_txtTimer->stop();
    m_answerTimer->stop();
    m_pendingAnswers.clear();
    m_txtChanged = false;
    setState(State::Stopped);
    m_socket->close();
}

QString ServiceAnnouncer::instanceName() const
{
    return QString::fromUtf8(m_instanceLabel);
}

QStringList ServiceAnnouncer::interfaceDescriptions() const
{
    QStringList descriptions;
    for (const QNetworkInterface &interface : m_socket->interfaces()) {
        QStringList addresses;
        for (const QHostAddress &address : MdnsSocket::ipv4Addresses(interface))
            addresses.append(address.toString());
        descriptions.append(QStringLiteral("%1 (%2)").arg(interface.humanReadableName(),
                                                          addresses.join(QLatin1String(", "))));
    }
    return descriptions;
}

DnsName ServiceAnnouncer::serviceName() const
{
    DnsName name = local();
    const QByteArrayList parts = m_serviceType.split('.');
    for (auto it = parts.crbegin(); it != parts.crend(); ++it)
        name = name.prepended(*it);
    return name;
}

DnsName ServiceAnnouncer::instance() const
{
    return serviceName().prepended(m_instanceLabel);
}

DnsName ServiceAnnouncer::host() const
{
    return local().prepended(m_hostLabel);
}

DnsRecord ServiceAnnouncer::ptrRecord() const
{
    DnsRecord record;
    record.name = serviceName();
    record.type = DnsType::Ptr;
    record.ttl = OtherTtl;
    record.target = instance();
    return record;
}

DnsRecord ServiceAnnouncer::servicesRecord() const
{
    // RFC 6763 §9: what services this computer offers, for "dns-sd -B _services._dns-sd._udp".
    DnsRecord record;
    record.name = DnsName::fromDotted("_services._dns-sd._udp.local");
    record.type = DnsType::Ptr;
    record.ttl = OtherTtl;
    record.target = serviceName();
    return record;
}

DnsRecord ServiceAnnouncer::srvRecord() const
{
    DnsRecord record;
    record.name = instance();
    record.type = DnsType::Srv;
    record.cacheFlush = true;
    record.ttl = HostTtl;
    record.port = m_port;
    record.target = host();
    return record;
}

DnsRecord ServiceAnnouncer::txtRecord() const
{
    DnsRecord record;
    record.name = instance();
    record.type = DnsType::Txt;
    record.cacheFlush = true;
    record.ttl = OtherTtl;
    qsizetype bytes = 0;
    for (const auto &[key, value] : m_txt) {
        const QByteArray text = (value.isNull() ? key : key + '=' + value).left(255);
        if (bytes + 1 + text.size() > MaxTxtBytes)
            break;
        bytes += 1 + text.size();
        record.texts.append(text);
    }
    return record;
}

QList<DnsRecord> ServiceAnnouncer::addressRecords(int interfaceIndex) const
{
    QList<DnsRecord> records;
    for (const QNetworkInterface &interface : m_socket->interfaces()) {
        if (interface.index() != interfaceIndex)
            continue;
        for (const QHostAddress &address : MdnsSocket::ipv4Addresses(interface)) {
            DnsRecord record;
            record.name = host();
            record.type = DnsType::A;
            record.cacheFlush = true;
            record.ttl = HostTtl;
            record.address = address;
            records.append(record);
        }
    }
    return records;
}

QList<DnsRecord> ServiceAnnouncer::records(int interfaceIndex, quint32 ttlScale) const
{
    QList<DnsRecord> all = {ptrRecord(), srvRecord(), txtRecord(), servicesRecord()};
    all += addressRecords(interfaceIndex);
    for (DnsRecord &record : all)
        record.ttl *= ttlScale;
    return all;
}

void ServiceAnnouncer::probe()
{
    if (m_state != State::Probing)
        return;
    if (m_probesSent == ProbeCount) {
        setState(State::Announced);
        m_announcementsSent = 0;
        announce();
        return;
    }
    // §8.1: "any" questions for the names we want, asking for unicast
    // answers, with the records we mean to announce as the proposal.
    for (const QNetworkInterface &interface : m_socket->interfaces()) {
        DnsMessage message;
        message.questions = {{instance(), DnsType::Any, true}, {host(), DnsType::Any, true}};
        message.authorities = {srvRecord(), txtRecord()};
        message.authorities += addressRecords(interface.index());
        for (DnsRecord &record : message.authorities)
            record.cacheFlush = false;
        m_socket->multicast(message, interface.index());
    }
    ++m_probesSent;
    m_probeTimer->start(ProbeIntervalMs);
}

void ServiceAnnouncer::announce()
{
    if (m_state != State::Announced)
        return;
    for (const QNetworkInterface &interface : m_socket->interfaces()) {
        DnsMessage message;
        message.response = true;
        message.authoritative = true;
        message.answers = records(interface.index());
        m_socket->multicast(message, interface.index());
    }
    if (++m_announcementsSent < AnnounceCount)
        m_announceTimer->start(AnnounceIntervalMs);
}

void ServiceAnnouncer::sendGoodbye()
{
    // §10.1: what is ours alone, with a time to live of 0. Not the host's
    // addresses nor the list of service types: another qtchat server on this
    // computer announces the same ones.
    for (const QNetworkInterface &interface : m_socket->interfaces()) {
        DnsMessage message;
        message.response = true;
        message.authoritative = true;
        message.answers = {ptrRecord(), srvRecord(), txtRecord()};
        for (DnsRecord &record : message.answers)
            record.ttl = 0;
        m_socket->multicast(message, interface.index());
    }
}

bool ServiceAnnouncer::conflictsWith(const DnsRecord &record) const
{
    if (record.name == instance()) {
        if (record.type == DnsType::Srv)
            return !sameData(record, srvRecord());
        if (record.type == DnsType::Txt)
            return !sameData(record, txtRecord()) && m_state == State::Probing;
        return false;
    }
    if (record.name == host() && record.type == DnsType::A) {
        // Ours on some interface: another qtchat server on this computer.
        for (const QNetworkInterface &interface : m_socket->interfaces()) {
            for (const QHostAddress &address : MdnsSocket::ipv4Addresses(interface)) {
                if (address == record.address)
                    return false;
            }
        }
        return true;
    }
    return false;
}

bool ServiceAnnouncer::losesTieBreak(const QList<DnsRecord> &theirs) const
{
    // §8.2: the records proposed for the same name, sorted, compared as
    // (class, type, data); the greater proposal wins, a shorter one that is a
    // prefix of the other loses.
    const auto sorted = [](QList<DnsRecord> records) {
        QList<QPair<quint16, QByteArray>> keys;
        for (const DnsRecord &record : records)
            keys.append({record.type, DnsMessage::rdataOf(record)});
        std::sort(keys.begin(), keys.end());
        return keys;
    };
    const DnsName name = instance();
    QList<DnsRecord> theirsForName;
    for (const DnsRecord &record : theirs) {
        if (record.name == name)
            theirsForName.append(record);
    }
    if (theirsForName.isEmpty())
        return false;
    const auto ours = sorted({srvRecord(), txtRecord()});
    const auto other = sorted(theirsForName);
    return std::lexicographical_compare(ours.begin(), ours.end(), other.begin(), other.end());
}

void ServiceAnnouncer::rename()
{
    static_assert(MaxRenames > 1);
    QString name = nextName(instanceName());
    const int tried = [&] {
        const qsizetype open = name.lastIndexOf(QLatin1String(" ("));
        return open > 0 ? name.mid(open + 2, name.size() - open - 3).toInt() : 0;
    }();
    if (tried > MaxRenames) {
        qWarning("qtchat: the service's name is taken %d times over; not announced", MaxRenames);
        m_error = tr("%1 names were taken on the network").arg(MaxRenames);
        m_probeTimer->stop();
        m_announceTimer->stop();
        m_socket->close();
        setState(State::Stopped);
        return;
    }
    m_instanceLabel = name.toUtf8();
    Q_EMIT instanceNameChanged(name);
    m_announceTimer->stop();
    m_probesSent = 0;
    setState(State::Probing);
    m_probeTimer->start(int(QRandomGenerator::global()->bounded(ProbeIntervalMs)));
}

void ServiceAnnouncer::onReceived(const DnsMessage &message, const QHostAddress &from,
                                  quint16 fromPort, int interfaceIndex)
{
    if (m_state == State::Stopped)
        return;
    if (message.response) {
        for (const QList<DnsRecord> *section : {&message.answers, &message.additionals}) {
            for (const DnsRecord &record : *section) {
                if (record.ttl == 0 || !conflictsWith(record))
                    continue;
                if (record.name == host()) {
                    // Another computer with this name: this host takes "-2".
                    m_hostLabel = m_hostLabel.left(DnsName::MaxLabelBytes - 4) + "-" +
                                  QByteArray::number(QRandomGenerator::global()->bounded(2, 999));
                    m_probesSent = 0;
                    m_announceTimer->stop();
                    setState(State::Probing);
                    m_probeTimer->start(ProbeIntervalMs);
                } else {
                    rename();
                }
                return;
            }
        }
        return;
    }
    if (m_state == State::Probing) {
        // Another computer probing for the same name at the same time (§8.2).
        if (std::any_of(message.questions.cbegin(), message.questions.cend(),
                        [this](const DnsQuestion &q) { return q.name == instance(); }) &&
            losesTieBreak(message.authorities)) {
            m_probesSent = 0;
            m_probeTimer->start(LostTieBreakWaitMs);
        }
        return;
    }
    answer(message, from, fromPort, interfaceIndex);
}

void ServiceAnnouncer::answer(const DnsMessage &query, const QHostAddress &from, quint16 fromPort,
                              int interfaceIndex)
{
    const QList<DnsRecord> mine = records(interfaceIndex);
    const bool legacy = fromPort != MdnsSocket::Port;
    QList<DnsRecord> answers;
    QList<DnsRecord> additionals;
    const auto add = [](QList<DnsRecord> *list, const DnsRecord &record) {
        if (std::none_of(list->cbegin(), list->cend(), [&](const DnsRecord &r) {
                return r.name == record.name && sameData(r, record);
            }))
            list->append(record);
    };
    const auto knownToThem = [&query](const DnsRecord &record) {
        // §7.1: known answers with at least half their life left are not repeated.
        return std::any_of(query.answers.cbegin(), query.answers.cend(), [&](const DnsRecord &r) {
            return r.name == record.name && sameData(r, record) && r.ttl >= record.ttl / 2;
        });
    };
    for (const DnsQuestion &question : query.questions) {
        for (const DnsRecord &record : mine) {
            if (record.name != question.name ||
                (question.type != DnsType::Any && question.type != record.type))
                continue;
            if (knownToThem(record))
                continue;
            add(&answers, record);
            if (record.type == DnsType::Ptr && record.target == instance()) {
                add(&additionals, srvRecord());
                add(&additionals, txtRecord());
            }
            if (record.type == DnsType::Ptr || record.type == DnsType::Srv) {
                for (const DnsRecord &address : addressRecords(interfaceIndex))
                    add(&additionals, address);
            }
        }
    }
    if (answers.isEmpty())
        return;
    for (const DnsRecord &record : answers)
        additionals.removeIf(
                [&](const DnsRecord &r) { return r.name == record.name && sameData(r, record); });
    if (legacy) {
        // §6.7: a plain DNS resolver asking port 5353: answered to it alone,
        // its question repeated, short lives, no cache-flush bits.
        DnsMessage reply;
        reply.id = query.id;
        reply.response = true;
        reply.authoritative = true;
        reply.questions = query.questions;
        reply.answers = answers;
        reply.additionals = additionals;
        for (QList<DnsRecord> *section : {&reply.answers, &reply.additionals}) {
            for (DnsRecord &record : *section) {
                record.cacheFlush = false;
                record.ttl = std::min<quint32>(record.ttl, 10);
            }
        }
        m_socket->unicast(reply, from, fromPort);
        return;
    }
    PendingAnswer &pending = m_pendingAnswers[interfaceIndex];
    for (const DnsRecord &record : answers)
        add(&pending.answers, record);
    for (const DnsRecord &record : additionals)
        add(&pending.additionals, record);
    const bool shared = std::any_of(answers.cbegin(), answers.cend(),
                                    [](const DnsRecord &r) { return r.type == DnsType::Ptr; });
    // §6: shared answers after 20–120 ms, so that many responders do not
    // answer at once; answers about our unique names at once.
    const int delay = shared ? 20 + int(QRandomGenerator::global()->bounded(100)) : 0;
    if (!m_answerTimer->isActive() || m_answerTimer->remainingTime() > delay)
        m_answerTimer->start(delay);
}

void ServiceAnnouncer::sendPendingAnswers()
{
    const QHash<int, PendingAnswer> pending = std::exchange(m_pendingAnswers, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        DnsMessage message;
        message.response = true;
        message.authoritative = true;
        message.answers = it->answers;
        for (const DnsRecord &record : it->additionals) {
            if (std::none_of(message.answers.cbegin(), message.answers.cend(),
                             [&](const DnsRecord &r) {
                                 return r.name == record.name && sameData(r, record);
                             }))
                message.additionals.append(record);
        }
        m_socket->multicast(message, it.key());
    }
}

void ServiceAnnouncer::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}
