#include "mdnssocket.h"

#include <QDateTime>
#include <QNetworkDatagram>
#include <QTimer>
#include <QUdpSocket>

namespace {

// How often the interfaces are looked at again.
constexpr int InterfaceCheckMs = 5'000;
// A packet heard back within this long of sending it is our own echo.
constexpr qint64 EchoWindowMs = 2'000;
constexpr std::size_t MaxRemembered = 64;

bool usable(const QNetworkInterface &interface)
{
    const QNetworkInterface::InterfaceFlags flags = interface.flags();
    return flags.testFlag(QNetworkInterface::IsUp) &&
           flags.testFlag(QNetworkInterface::IsRunning) &&
           flags.testFlag(QNetworkInterface::CanMulticast) &&
           !MdnsSocket::ipv4Addresses(interface).isEmpty();
}

} // namespace

const QHostAddress &MdnsSocket::group()
{
    static const QHostAddress address(QStringLiteral("224.0.0.251"));
    return address;
}

MdnsSocket::MdnsSocket(QObject *parent)
    : QObject(parent)
{
    m_interfaceTimer = new QTimer(this);
    m_interfaceTimer->setInterval(InterfaceCheckMs);
    connect(m_interfaceTimer, &QTimer::timeout, this, &MdnsSocket::updateInterfaces);
}

MdnsSocket::~MdnsSocket() = default;

QList<QHostAddress> MdnsSocket::ipv4Addresses(const QNetworkInterface &interface)
{
    QList<QHostAddress> addresses;
    for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
        if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol)
            addresses.append(entry.ip());
    }
    return addresses;
}

bool MdnsSocket::open()
{
    close();
    // Test suites run beside a real network: they keep multicast to the
    // network namespaces they make (tests/support/in-network-namespace.sh).
    if (qEnvironmentVariableIsSet("QTCHAT_NO_MULTICAST")) {
        m_error = tr("multicast DNS is turned off (QTCHAT_NO_MULTICAST is set)");
        return false;
    }
    m_socket = new QUdpSocket(this);
    if (!m_socket->bind(QHostAddress::AnyIPv4, Port,
                        QAbstractSocket::ShareAddress | QAbstractSocket::ReuseAddressHint)) {
        m_error = tr("cannot use UDP port %1 for multicast DNS: %2")
                          .arg(Port)
                          .arg(m_socket->errorString());
        delete m_socket;
        m_socket = nullptr;
        return false;
    }
    // Multicast DNS packets carry a hop limit of 255 (RFC 6762 §11); the loop
    // back lets programs on this computer hear us.
    m_socket->setSocketOption(QAbstractSocket::MulticastTtlOption, 255);
    m_socket->setSocketOption(QAbstractSocket::MulticastLoopbackOption, 1);
    connect(m_socket, &QUdpSocket::readyRead, this, &MdnsSocket::readDatagrams);
    m_error.clear();
    updateInterfaces();
    m_interfaceTimer->start();
    return true;
}

void MdnsSocket::close()
{
    m_interfaceTimer->stop();
    if (m_socket) {
        delete m_socket;
        m_socket = nullptr;
    }
    const bool had = !m_interfaces.isEmpty();
    m_interfaces.clear();
    m_sent.clear();
    if (had)
        Q_EMIT interfacesChanged();
}

bool MdnsSocket::isOpen() const
{
    return m_socket != nullptr;
}

void MdnsSocket::updateInterfaces()
{
    if (!m_socket)
        return;
    QList<QNetworkInterface> all;
    QList<QNetworkInterface> loopback;
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces()) {
        if (!usable(interface))
            continue;
        if (interface.flags().testFlag(QNetworkInterface::IsLoopBack))
            loopback.append(interface);
        else
            all.append(interface);
    }
    // Loopback only where nothing else can multicast (a network namespace
    // of tests, a computer off every network): elsewhere our packets reach
    // this computer's programs by the multicast loop.
    if (all.isEmpty())
        all = loopback;
    const auto indexes = [](const QList<QNetworkInterface> &list) {
        QList<int> result;
        for (const QNetworkInterface &interface : list)
            result.append(interface.index());
        std::sort(result.begin(), result.end());
        return result;
    };
    const QList<int> before = indexes(m_interfaces);
    for (const QNetworkInterface &interface : all) {
        if (!before.contains(interface.index()))
            m_socket->joinMulticastGroup(group(), interface);
    }
    const QList<int> now = indexes(all);
    for (const QNetworkInterface &interface : std::as_const(m_interfaces)) {
        if (!now.contains(interface.index()))
            m_socket->leaveMulticastGroup(group(), interface);
    }
    // Addresses may change under the same index: keep the fresh copies.
    const bool addressesChanged = [&] {
        if (before != now)
            return true;
        for (const QNetworkInterface &interface : all) {
            const QNetworkInterface old = *std::find_if(
                    m_interfaces.cbegin(), m_interfaces.cend(),
                    [&](const QNetworkInterface &i) { return i.index() == interface.index(); });
            if (ipv4Addresses(old) != ipv4Addresses(interface))
                return true;
        }
        return false;
    }();
    m_interfaces = all;
    if (addressesChanged)
        Q_EMIT interfacesChanged();
}

void MdnsSocket::multicast(const DnsMessage &message, int interfaceIndex)
{
    if (!m_socket)
        return;
    for (const QNetworkInterface &interface : std::as_const(m_interfaces)) {
        if (interface.index() != interfaceIndex)
            continue;
        m_socket->setMulticastInterface(interface);
        send(message.encode(), group(), Port);
    }
}

void MdnsSocket::multicastOnAll(const DnsMessage &message)
{
    if (!m_socket)
        return;
    const QByteArray packet = message.encode();
    for (const QNetworkInterface &interface : std::as_const(m_interfaces)) {
        m_socket->setMulticastInterface(interface);
        send(packet, group(), Port);
    }
}

void MdnsSocket::unicast(const DnsMessage &message, const QHostAddress &to, quint16 port)
{
    if (m_socket)
        send(message.encode(), to, port);
}

void MdnsSocket::send(const QByteArray &packet, const QHostAddress &to, quint16 port)
{
    if (packet.size() > DnsMessage::MaxPacketBytes) {
        qWarning("qtchat: a multicast DNS packet of %lld bytes was not sent (at most %lld)",
                 qlonglong(packet.size()), qlonglong(DnsMessage::MaxPacketBytes));
        return;
    }
    m_sent.emplace_back(packet, QDateTime::currentMSecsSinceEpoch());
    while (m_sent.size() > MaxRemembered)
        m_sent.pop_front();
    if (m_socket->writeDatagram(packet, to, port) < 0)
        qWarning("qtchat: multicast DNS: %s", qPrintable(m_socket->errorString()));
}

bool MdnsSocket::isOwnEcho(const QByteArray &packet)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    while (!m_sent.empty() && now - m_sent.front().second > EchoWindowMs)
        m_sent.pop_front();
    for (auto it = m_sent.begin(); it != m_sent.end(); ++it) {
        if (it->first == packet) {
            // Once per interface it went out on: the echo of one send is heard once.
            m_sent.erase(it);
            return true;
        }
    }
    return false;
}

int MdnsSocket::interfaceOf(const QHostAddress &from) const
{
    for (const QNetworkInterface &interface : m_interfaces) {
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol &&
                from.isInSubnet(entry.ip(), entry.prefixLength()))
                return interface.index();
        }
    }
    return m_interfaces.isEmpty() ? 0 : m_interfaces.first().index();
}

void MdnsSocket::readDatagrams()
{
    while (m_socket && m_socket->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = m_socket->receiveDatagram(DnsMessage::MaxPacketBytes + 1);
        if (!datagram.isValid())
            continue;
        const QByteArray packet = datagram.data();
        if (isOwnEcho(packet))
            continue;
        QString error;
        const std::optional<DnsMessage> message = DnsMessage::decode(packet, &error);
        if (!message) {
            // Other programs' packets are not ours to fix; nothing to tell the user.
            continue;
        }
        int index = int(datagram.interfaceIndex());
        if (index <= 0 || std::none_of(m_interfaces.cbegin(), m_interfaces.cend(),
                                       [index](const QNetworkInterface &interface) {
                                           return interface.index() == index;
                                       }))
            index = interfaceOf(datagram.senderAddress());
        Q_EMIT received(*message, datagram.senderAddress(), quint16(datagram.senderPort()), index);
    }
}
