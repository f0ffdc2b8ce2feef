#include "servicebrowser.h"

#include "dnsmessage.h"
#include "localnetwork.h"
#include "mdnssocket.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

namespace {

constexpr int FirstQueryIntervalMs = 1'000;
constexpr int MaxQueryIntervalMs = 60'000;
constexpr int ExpiryCheckMs = 1'000;
// §10.1: a goodbye takes effect one second later.
constexpr qint64 GoodbyeDelayMs = 1'000;
// Records asked for again, at most this often per service.
constexpr qint64 ResolveRetryMs = 1'000;
constexpr qsizetype MaxHosts = 512;

} // namespace

ServiceBrowser::ServiceBrowser(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<DiscoveredService>();
    m_clock.start();
    m_socket = new MdnsSocket(this);
    connect(m_socket, &MdnsSocket::received, this, &ServiceBrowser::onReceived);
    connect(m_socket, &MdnsSocket::interfacesChanged, this, [this] {
        // A new network: ask again from the start.
        if (m_socket->isOpen()) {
            m_queryIntervalMs = FirstQueryIntervalMs;
            m_queryTimer->start(20 + int(QRandomGenerator::global()->bounded(100)));
        }
    });
    m_queryTimer = new QTimer(this);
    m_queryTimer->setSingleShot(true);
    connect(m_queryTimer, &QTimer::timeout, this, &ServiceBrowser::query);
    m_expiryTimer = new QTimer(this);
    m_expiryTimer->setInterval(ExpiryCheckMs);
    connect(m_expiryTimer, &QTimer::timeout, this, &ServiceBrowser::expire);
}

ServiceBrowser::~ServiceBrowser() = default;

bool ServiceBrowser::start(const QByteArray &serviceType)
{
    stop();
    DnsName name = DnsName::fromDotted("local");
    const QByteArrayList parts = serviceType.split('.');
    for (auto it = parts.crbegin(); it != parts.crend(); ++it)
        name = name.prepended(*it);
    m_serviceName = name;
    if (!m_socket->open()) {
        m_error = m_socket->errorString();
        return false;
    }
    m_error.clear();
    m_queryIntervalMs = FirstQueryIntervalMs;
    // §5.2: the first query after 20–120 ms.
    m_queryTimer->start(20 + int(QRandomGenerator::global()->bounded(100)));
    m_expiryTimer->start();
    return true;
}

void ServiceBrowser::stop()
{
    m_queryTimer->stop();
    m_expiryTimer->stop();
    m_socket->close();
    const QList<QByteArray> keys = m_entries.keys();
    for (const QByteArray &key : keys)
        drop(key);
    m_hosts.clear();
    m_goodbyes.clear();
}

bool ServiceBrowser::isBrowsing() const
{
    return m_socket->isOpen();
}

QList<DiscoveredService> ServiceBrowser::services() const
{
    QList<DiscoveredService> found;
    for (const Entry &entry : m_entries) {
        if (entry.reported)
            found.append(entry.last);
    }
    std::sort(found.begin(), found.end(),
              [](const DiscoveredService &a, const DiscoveredService &b) {
                  return a.name.localeAwareCompare(b.name) < 0;
              });
    return found;
}

QStringList ServiceBrowser::interfaceNames() const
{
    QStringList names;
    for (const QNetworkInterface &interface : m_socket->interfaces())
        names.append(interface.humanReadableName());
    return names;
}

void ServiceBrowser::query()
{
    // One PTR question, with what we know and that has half its life left
    // (§7.1), and questions for what services still lack.
    DnsMessage message;
    message.questions.append({m_serviceName, DnsType::Ptr, false});
    const qint64 at = now();
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.ptrExpiresAt - at < 2250 * 1000)
            continue;
        DnsRecord known;
        known.name = m_serviceName;
        known.type = DnsType::Ptr;
        known.ttl = quint32((entry.ptrExpiresAt - at) / 1000);
        known.target = entry.instance;
        message.answers.append(known);
    }
    m_socket->multicastOnAll(message);
    m_queryTimer->start(m_queryIntervalMs);
    m_queryIntervalMs = std::min(m_queryIntervalMs * 2, MaxQueryIntervalMs);
}

void ServiceBrowser::onReceived(const DnsMessage &message, const QHostAddress &from, quint16,
                                int interfaceIndex)
{
    if (!message.response)
        return;
    QSet<QByteArray> touched;
    // Addresses first, so that a service and its host in one packet resolve together.
    for (const QList<DnsRecord> *section : {&message.answers, &message.additionals}) {
        for (const DnsRecord &record : *section) {
            if (record.type == DnsType::A)
                take(record, from, interfaceIndex, &touched);
        }
    }
    for (const QList<DnsRecord> *section : {&message.answers, &message.additionals}) {
        for (const DnsRecord &record : *section) {
            if (record.type != DnsType::A)
                take(record, from, interfaceIndex, &touched);
        }
    }
    for (const QByteArray &key : std::as_const(touched))
        update(key);
}

void ServiceBrowser::take(const DnsRecord &record, const QHostAddress &from, int interfaceIndex,
                          QSet<QByteArray> *touched)
{
    const qint64 at = now();
    const qint64 expiresAt = at + qint64(record.ttl) * 1000;
    if (record.type == DnsType::Ptr && record.name == m_serviceName) {
        if (record.target.parent() != m_serviceName || record.target.labels().isEmpty())
            return; // not an instance of this type
        const QByteArray key = record.target.key();
        if (record.ttl == 0) {
            if (m_entries.contains(key))
                m_goodbyes.insert(key, at + GoodbyeDelayMs);
            return;
        }
        m_goodbyes.remove(key);
        auto it = m_entries.find(key);
        if (it == m_entries.end()) {
            if (m_entries.size() >= MaxServices)
                return;
            it = m_entries.insert(key, Entry());
            it->instance = record.target;
            QString interfaceName;
            for (const QNetworkInterface &interface : m_socket->interfaces()) {
                if (interface.index() == interfaceIndex)
                    interfaceName = interface.humanReadableName();
            }
            it->interfaceName = interfaceName;
        }
        it->ptrExpiresAt = expiresAt;
        it->sender = from;
        touched->insert(key);
        return;
    }
    if (record.type == DnsType::A) {
        const QByteArray key = record.name.key();
        auto it = m_hosts.find(key);
        if (it == m_hosts.end()) {
            if (record.ttl == 0 || m_hosts.size() >= MaxHosts)
                return;
            it = m_hosts.insert(key, {});
        }
        if (record.cacheFlush) {
            // §10.2: this set replaces what came more than a second ago.
            it->removeIf([at](const HostAddress &known) { return known.receivedAt < at - 1000; });
        }
        const auto known = std::find_if(it->begin(), it->end(), [&](const HostAddress &a) {
            return a.address == record.address;
        });
        const qint64 until = record.ttl == 0 ? at + GoodbyeDelayMs : expiresAt;
        if (known != it->end())
            *known = {record.address, at, until};
        else if (record.ttl > 0 && it->size() < MaxAddresses)
            it->append({record.address, at, until});
        for (auto e = m_entries.cbegin(); e != m_entries.cend(); ++e) {
            if (e->host == record.name)
                touched->insert(e.key());
        }
        return;
    }
    const QByteArray key = record.name.key();
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return; // not (yet) a service we browse: its PTR brings it
    if (record.type == DnsType::Srv) {
        if (record.ttl == 0) {
            m_goodbyes.insert(key, at + GoodbyeDelayMs);
            return;
        }
        it->host = record.target;
        it->port = record.port;
        it->srvExpiresAt = expiresAt;
        it->srvRefreshAt = at + qint64(record.ttl) * 800;
        touched->insert(key);
    } else if (record.type == DnsType::Txt && record.ttl > 0) {
        QMap<QString, QString> txt;
        for (const QByteArray &text : record.texts) {
            // RFC 6763 §6.4: the first "=" ends the key; a repeated key counts once.
            const qsizetype equals = text.indexOf('=');
            const QString name = QString::fromUtf8(equals < 0 ? text : text.left(equals)).toLower();
            if (name.isEmpty() || txt.contains(name))
                continue;
            txt.insert(name, equals < 0 ? QString() : QString::fromUtf8(text.mid(equals + 1)));
        }
        it->txt = txt;
        it->hasTxt = true;
        touched->insert(key);
    }
}

QList<QHostAddress> ServiceBrowser::addressesOf(const DnsName &host) const
{
    QList<QHostAddress> addresses;
    const qint64 at = now();
    for (const HostAddress &known : m_hosts.value(host.key())) {
        if (known.expiresAt > at)
            addresses.append(known.address);
    }
    return addresses;
}

DiscoveredService ServiceBrowser::describe(const Entry &entry) const
{
    DiscoveredService service;
    service.name = QString::fromUtf8(entry.instance.labels().value(0));
    service.hostName = entry.host.toString();
    service.port = entry.port;
    service.txt = entry.txt;
    service.interfaceName = entry.interfaceName;
    service.addresses = addressesOf(entry.host);
    // The one to connect to first: on a network of this computer's, and
    // loopback last (a server on this computer announces it too). Each
    // address is ranked once: that looks at every interface.
    QList<std::pair<int, QHostAddress>> ranked;
    for (const QHostAddress &address : std::as_const(service.addresses))
        ranked.append({address.isLoopback()              ? 2
                       : LocalNetwork::contains(address) ? 0
                                                         : 1,
                       address});
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    service.addresses.clear();
    for (const auto &[rank, address] : std::as_const(ranked))
        service.addresses.append(address);
    return service;
}

void ServiceBrowser::ask(Entry *entry, bool srv, bool txt, bool address)
{
    // Once a second at most for each service.
    if (entry->askedAt >= 0 && now() - entry->askedAt < ResolveRetryMs)
        return;
    entry->askedAt = now();
    DnsMessage message;
    if (srv)
        message.questions.append({entry->instance, DnsType::Srv, false});
    if (txt)
        message.questions.append({entry->instance, DnsType::Txt, false});
    if (address && !entry->host.isEmpty())
        message.questions.append({entry->host, DnsType::A, false});
    if (!message.questions.isEmpty())
        m_socket->multicastOnAll(message);
}

void ServiceBrowser::update(const QByteArray &key)
{
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return;
    const bool hasSrv = it->srvExpiresAt != 0;
    bool hasAddress = hasSrv && !addressesOf(it->host).isEmpty();
    if (!hasSrv || !it->hasTxt || !hasAddress)
        ask(&*it, !hasSrv, !it->hasTxt, hasSrv && !hasAddress);
    if (!hasSrv || !it->hasTxt)
        return;
    if (!hasAddress) {
        // A responder that gives no addresses: the one it answered from.
        if (it->sender.isNull())
            return;
        QList<HostAddress> &fallback = m_hosts[it->host.key()];
        fallback.append({it->sender, now(), it->srvExpiresAt});
    }
    const DiscoveredService service = describe(*it);
    if (!it->reported) {
        it->reported = true;
        it->last = service;
        Q_EMIT serviceFound(service);
    } else if (service != it->last) {
        it->last = service;
        Q_EMIT serviceChanged(service);
    }
}

void ServiceBrowser::drop(const QByteArray &key)
{
    const auto it = m_entries.constFind(key);
    if (it == m_entries.constEnd())
        return;
    const bool reported = it->reported;
    const QString name = it->last.name;
    m_entries.erase(it);
    m_goodbyes.remove(key);
    if (reported)
        Q_EMIT serviceLost(name);
}

void ServiceBrowser::expire()
{
    const qint64 at = now();
    QList<QByteArray> gone;
    for (auto it = m_goodbyes.cbegin(); it != m_goodbyes.cend(); ++it) {
        if (it.value() <= at)
            gone.append(it.key());
    }
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (it->ptrExpiresAt <= at || (it->srvExpiresAt != 0 && it->srvExpiresAt <= at))
            gone.append(it.key());
    }
    for (const QByteArray &key : std::as_const(gone))
        drop(key);
    for (auto it = m_hosts.begin(); it != m_hosts.end();) {
        it->removeIf([at](const HostAddress &known) { return known.expiresAt <= at; });
        if (it->isEmpty())
            it = m_hosts.erase(it);
        else
            ++it;
    }
    // Services whose SRV is near the end of its life: asked again (§5.2),
    // with their addresses.
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->srvRefreshAt != 0 && it->srvRefreshAt <= at) {
            ask(&*it, true, false, true);
            it->srvRefreshAt = at + ResolveRetryMs * 5;
        }
    }
}
