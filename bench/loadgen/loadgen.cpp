// qtchat-loadgen: connects N chat clients to a server and measures fan-out.
//
// It speaks the qtchat protocol (JSON lines), plain-text lines (the seed
// tutorial's way, also the epoll reference server's) and IRC, so that the
// same workload runs against every peer. S of the clients send M messages
// each, as fast as possible or at a fixed total rate; every client reads
// everything and checks, per sender, that messages arrive complete, once and
// in order, and how long each took (the send time travels in the message).
// Results are printed as one JSON object.
//
// Single-threaded epoll with non-blocking sockets and batched writes, so
// that it is not what limits the measurement. With --tls every client
// connects with TLS (OpenSSL, TLS 1.2 or newer, the certificate not checked:
// the server's own is self-signed); --handshakes N measures full TLS
// handshakes per second instead (new connections, --clients at a time).

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

enum class Protocol { Qtchat, Plain, Irc };

struct Options
{
    std::string host = "127.0.0.1";
    int port = 5555;
    Protocol protocol = Protocol::Qtchat;
    int clients = 10;
    int senders = -1;        // -1: every client sends
    int messages = 100;      // per sender (blast), or none: see duration
    double rate = 0;         // messages per second in all (0: as fast as possible)
    double duration = 0;     // seconds of paced sending (with rate)
    int size = 64;           // bytes of message text
    int slowReaders = 0;     // clients that never read
    double hold = 0;         // connect, then stay idle this long (no sending)
    double drainTimeout = 3; // seconds without progress before giving up on the rest
    double connectTimeout = 60;
    bool checkRoom = false; // check the room's lists instead of measuring (qtchat only)
    int rooms = 0;          // clients in this many rooms of their own (qtchat only; 0: one room)
    bool tls = false;       // every client over TLS
    int handshakes = 0;     // measure this many TLS handshakes instead
};

// The longest frame a qtchat server may send (contract: 64 KiB with its newline).
constexpr size_t MaxFrameBytes = 65536;

using Clock = std::chrono::steady_clock;

int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
            .count();
}

[[noreturn]] void die(const char *what)
{
    std::fprintf(stderr, "qtchat-loadgen: %s: %s\n", what, std::strerror(errno));
    std::exit(2);
}

struct Client
{
    int fd = -1;
    int index = 0;
    bool connected = false;
    bool ready = false;    // handshake done (and, with --rooms, in its room)
    bool welcomed = false; // --rooms: the welcome came, the room's join is under way
    bool reading = true;   // slow readers do not read
    bool closed = false;   // the server closed it
    bool wantWrite = false;
    SSL *tls = nullptr;     // with --tls
    bool encrypted = false; // its TLS handshake is done
    std::string in;         // unparsed input
    std::string out;        // unsent output
    size_t outOffset = 0;
    int sent = 0;                 // messages sent
    std::vector<int32_t> lastSeq; // per sender: the last sequence number seen (-1: none)
    // --check-room: the list of people this client got on joining.
    int listed = 0;      // names in it
    int usersFrames = 0; // users frames (0 when the welcome carried the list)
    bool welcomeHadUsers = false;
    bool listComplete = false;      // its last piece came
    std::vector<std::string> names; // kept for the clients whose list is checked name by name
};

// What --check-room found.
struct RoomCheck
{
    size_t maxFrame = 0;
    int listsChecked = 0; // clients whose list was checked name by name
    int listErrors = 0;
    std::string firstError;
    int whoListed = 0; // names in the answer to one client's who
    int whoDistinct = 0;
    int whoFrames = 0;
    bool whoComplete = false;
    int joinsCounted =
            0; // arrivals after client 0 it was told of: joined frames and presence counts
    int leavesCounted = 0;
    int presenceUsers = -1; // the room's size in the last presence frame client 0 got
};

struct Stats
{
    uint64_t delivered = 0;    // lines from other senders, parsed
    uint64_t outOfOrder = 0;   // a sequence number not above the last one from that sender
    uint64_t corrupted = 0;    // lines that are not a whole, well-formed message
    uint64_t misdelivered = 0; // --rooms: a message from another room, or naming another room
    uint64_t ownEchoes = 0;
    std::vector<uint32_t> latencyUs;
};

// mSSSSS:QQQQQQQ:TTTTTTTTTTTTTTTT: (sender, sequence number, send time in hex ns).
bool parseHeader(std::string_view text, int *sender, int *seq, uint64_t *sentNs)
{
    if (text.size() < 32 || text[0] != 'm' || text[6] != ':' || text[14] != ':' || text[31] != ':')
        return false;
    auto decimal = [&text](size_t from, size_t count, int *out) {
        int value = 0;
        for (size_t i = from; i < from + count; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return false;
            value = value * 10 + (text[i] - '0');
        }
        *out = value;
        return true;
    };
    uint64_t time = 0;
    for (size_t i = 15; i < 31; ++i) {
        const char c = text[i];
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0)
            return false;
        time = time * 16 + uint64_t(digit);
    }
    *sentNs = time;
    return decimal(1, 5, sender) && decimal(7, 7, seq);
}

// What a TLS connection agreed on: "TLSv1.3 TLS_AES_256_GCM_SHA384 X25519".
std::string describeTls(SSL *tls)
{
    std::string text = SSL_get_version(tls);
    text += ' ';
    text += SSL_get_cipher_name(tls);
    const char *group = SSL_group_to_name(tls, SSL_get_negotiated_group(tls));
    if (group) {
        text += ' ';
        text += group;
    }
    return text;
}

class LoadGenerator
{
public:
    explicit LoadGenerator(const Options &options)
        : m_options(options)
    {}

    int run();

private:
    void connectAll();
    void startHandshake(Client &client);
    void settle(int quietMs);
    void sendPhase();
    void drain();
    void hold();
    void report();
    void checkRoom();
    void noteListError(const Client &client, const std::string &what);
    void takeUsers(Client &client, std::string_view line, bool inWelcome);
    bool checksNames(const Client &client) const;

    void poll(int timeoutMs);
    // --tls: moves the client's handshake on; starts the chat's once it is done.
    void continueTls(Client &client);
    void watch(Client &client, bool in, bool out);
    void measureHandshakes();
    void onReadable(Client &client, uint32_t events);
    void onWritable(Client &client);
    void takeInput(Client &client, std::string_view data);
    void flush(Client &client);
    void queue(Client &client, std::string_view data);
    void handleLine(Client &client, std::string_view line);
    void handleHandshakeLine(Client &client, std::string_view line);
    static std::string_view frameType(std::string_view line);
    // --rooms: the room of client index.
    std::string roomOf(int index) const { return "#r" + std::to_string(index % m_options.rooms); }
    void handleChatLine(Client &client, std::string_view line);
    bool appendMessage(Client &client, int sender);
    std::string_view payloadOf(std::string_view line) const;

    uint64_t expectedDeliveries() const;
    int readers() const { return m_options.clients - m_options.slowReaders; }

    Options m_options;
    std::vector<Client> m_clients;
    int m_epoll = -1;
    SSL_CTX *m_tls = nullptr;
    std::string m_tlsAgreed; // --tls: what the first connection agreed on (describeTls)
    int m_senders = 0;
    bool m_measuring = false;
    uint64_t m_linesSeen = 0;
    Stats m_stats;
    uint64_t m_sentTotal = 0;
    int64_t m_sendStartNs = 0;
    int64_t m_lastDeliveryNs = 0;
    int64_t m_sendEndNs = 0;
    std::string m_padding;
    RoomCheck m_room;
    bool m_whoAsked = false;
    std::vector<std::string> m_whoNames;
};

void LoadGenerator::queue(Client &client, std::string_view data)
{
    client.out.append(data.data(), data.size());
}

void LoadGenerator::watch(Client &client, bool in, bool out)
{
    epoll_event event{};
    event.events = (in ? uint32_t(EPOLLIN) : 0u) | EPOLLRDHUP | (out ? uint32_t(EPOLLOUT) : 0u);
    event.data.u32 = uint32_t(client.index);
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, client.fd, &event);
}

void LoadGenerator::continueTls(Client &client)
{
    const int result = SSL_do_handshake(client.tls);
    if (result == 1) {
        client.encrypted = true;
        if (m_tlsAgreed.empty())
            m_tlsAgreed = describeTls(client.tls);
        client.wantWrite = true; // so that flush() sets the events this client needs
        startHandshake(client);
        flush(client);
        // Read ahead with the handshake: what came with it is not announced again.
        if (client.reading && SSL_has_pending(client.tls))
            onReadable(client, 0);
        return;
    }
    const int error = SSL_get_error(client.tls, result);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
        watch(client, true, error == SSL_ERROR_WANT_WRITE);
        return;
    }
    char reason[256];
    ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
    std::fprintf(stderr, "qtchat-loadgen: TLS handshake failed: %s\n", reason);
    std::exit(2);
}

void LoadGenerator::flush(Client &client)
{
    while (client.outOffset < client.out.size()) {
        const size_t length = client.out.size() - client.outOffset;
        ssize_t written = 0;
        if (client.tls) {
            const int result = SSL_write(client.tls, client.out.data() + client.outOffset,
                                         int(std::min<size_t>(length, 1 << 30)));
            if (result <= 0) {
                const int error = SSL_get_error(client.tls, result);
                if (error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ)
                    break;
                client.closed = true;
                return;
            }
            written = result;
        } else {
            written = ::send(client.fd, client.out.data() + client.outOffset, length, MSG_NOSIGNAL);
            if (written < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    break;
                client.closed = true;
                return;
            }
        }
        client.outOffset += size_t(written);
    }
    if (client.outOffset == client.out.size()) {
        client.out.clear();
        client.outOffset = 0;
    } else if (client.outOffset > (1 << 20)) {
        client.out.erase(0, client.outOffset);
        client.outOffset = 0;
    }
    const bool pending = !client.out.empty();
    if (pending != client.wantWrite) {
        client.wantWrite = pending;
        watch(client, client.reading, pending);
    }
}

void LoadGenerator::startHandshake(Client &client)
{
    char line[256];
    switch (m_options.protocol) {
    case Protocol::Qtchat:
        std::snprintf(line, sizeof line, "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"c%d\"}\n",
                      client.index);
        break;
    case Protocol::Plain:
        client.ready = true; // nothing to wait for
        return;
    case Protocol::Irc:
        std::snprintf(line, sizeof line, "NICK c%d\r\nUSER c%d 0 * :bench\r\n", client.index,
                      client.index);
        break;
    }
    queue(client, line);
    flush(client);
}

void LoadGenerator::connectAll()
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(m_options.port));
    if (inet_pton(AF_INET, m_options.host.c_str(), &address.sin_addr) != 1) {
        std::fprintf(stderr, "qtchat-loadgen: %s is not an IPv4 address\n", m_options.host.c_str());
        std::exit(2);
    }
    m_clients.resize(size_t(m_options.clients));
    const int64_t deadline = nowNs() + int64_t(m_options.connectTimeout * 1e9);
    int next = 0;
    // In waves (at most 200 connecting or shaking hands at once), so that the
    // server's accept queue does not overflow; each client starts its
    // handshake as soon as it is connected.
    while (true) {
        int pending = 0;
        int ready = 0;
        for (int i = 0; i < next; ++i) {
            const Client &client = m_clients[size_t(i)];
            if (client.ready || (client.connected && !client.reading))
                ++ready;
            else
                ++pending;
        }
        if (ready == m_options.clients)
            return;
        while (next < m_options.clients && pending < 200) {
            Client &client = m_clients[size_t(next)];
            client.index = next;
            client.reading = next < m_options.clients - m_options.slowReaders;
            client.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (client.fd < 0)
                die("socket");
            const int one = 1;
            setsockopt(client.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (!client.reading) {
                const int small = 4096; // a client that stops reading fills up quickly
                setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
            }
            if (::connect(client.fd, reinterpret_cast<sockaddr *>(&address), sizeof address) < 0 &&
                errno != EINPROGRESS)
                die("connect");
            epoll_event event{};
            event.events = EPOLLOUT | EPOLLRDHUP;
            event.data.u32 = uint32_t(next);
            epoll_ctl(m_epoll, EPOLL_CTL_ADD, client.fd, &event);
            ++next;
            ++pending;
        }
        poll(100);
        if (nowNs() > deadline) {
            std::fprintf(stderr,
                         "qtchat-loadgen: only %d of %d clients connected and completed the "
                         "handshake\n",
                         ready, m_options.clients);
            std::exit(3);
        }
    }
}

void LoadGenerator::settle(int quietMs)
{
    // Join notices and greetings still arriving are not part of the measurement.
    int64_t quietSince = nowNs();
    while (nowNs() - quietSince < int64_t(quietMs) * 1000000) {
        const uint64_t before = m_linesSeen;
        poll(20);
        if (m_linesSeen != before)
            quietSince = nowNs();
    }
}

bool LoadGenerator::appendMessage(Client &client, int sender)
{
    // mSSSSS:QQQQQQQ:TTTTTTTTTTTTTTTT:padding, exactly `size` bytes.
    char head[64];
    const int length = std::snprintf(head, sizeof head, "m%05d:%07d:%016" PRIx64 ":", sender,
                                     client.sent, uint64_t(nowNs()));
    std::string text(head, size_t(length));
    if (int(text.size()) < m_options.size)
        text.append(m_padding, 0, size_t(m_options.size) - text.size());
    switch (m_options.protocol) {
    case Protocol::Qtchat:
        queue(client, "{\"type\":\"say\",\"text\":\"");
        queue(client, text);
        if (m_options.rooms > 0) {
            queue(client, "\",\"room\":\"");
            queue(client, roomOf(client.index));
        }
        queue(client, "\"}\n");
        break;
    case Protocol::Plain:
        queue(client, text);
        queue(client, "\n");
        break;
    case Protocol::Irc:
        queue(client, "PRIVMSG #bench :");
        queue(client, text);
        queue(client, "\r\n");
        break;
    }
    ++client.sent;
    ++m_sentTotal;
    return true;
}

void LoadGenerator::sendPhase()
{
    for (Client &client : m_clients)
        client.lastSeq.assign(size_t(m_senders), -1);
    m_stats = Stats();
    m_measuring = true;
    m_sendStartNs = nowNs();
    if (m_options.rate <= 0) {
        // As fast as possible: everything is queued and written as the sockets take it.
        for (int s = 0; s < m_senders; ++s) {
            Client &client = m_clients[size_t(s)];
            for (int n = 0; n < m_options.messages; ++n)
                appendMessage(client, s);
            flush(client);
        }
        m_sendEndNs = nowNs();
        return;
    }
    // Paced: the total rate, spread over the senders in turn.
    const int64_t intervalNs = int64_t(1e9 / m_options.rate);
    const int64_t total = int64_t(m_options.rate * m_options.duration);
    int64_t nextDue = m_sendStartNs;
    int64_t sent = 0;
    int sender = 0;
    while (sent < total) {
        const int64_t now = nowNs();
        while (sent < total && nextDue <= now) {
            Client &client = m_clients[size_t(sender)];
            appendMessage(client, sender);
            flush(client);
            sender = (sender + 1) % m_senders;
            ++sent;
            nextDue += intervalNs;
        }
        const int64_t waitNs = nextDue - nowNs();
        poll(waitNs > 1000000 ? int(waitNs / 1000000) : 0);
    }
    m_sendEndNs = nowNs();
}

uint64_t LoadGenerator::expectedDeliveries() const
{
    // Every message goes to every reading client but its sender (of its
    // room, with --rooms).
    uint64_t expected = 0;
    for (int s = 0; s < m_senders; ++s) {
        const int sent = m_clients[size_t(s)].sent;
        int receivers = 0;
        if (m_options.rooms > 0) {
            for (const Client &client : m_clients) {
                if (client.reading && client.index != s &&
                    client.index % m_options.rooms == s % m_options.rooms)
                    ++receivers;
            }
        } else {
            receivers = readers() - (m_clients[size_t(s)].reading ? 1 : 0);
        }
        expected += uint64_t(sent) * uint64_t(receivers);
    }
    return expected;
}

void LoadGenerator::drain()
{
    const uint64_t expected = expectedDeliveries();
    int64_t lastProgress = nowNs();
    uint64_t lastCount = 0;
    while (m_stats.delivered + m_stats.corrupted < expected) {
        poll(10);
        const uint64_t count = m_stats.delivered + m_stats.corrupted;
        if (count != lastCount) {
            lastCount = count;
            lastProgress = nowNs();
        } else if (nowNs() - lastProgress > int64_t(m_options.drainTimeout * 1e9)) {
            break;
        }
    }
    // A server that drops clients which stopped reading may take a moment to
    // close them (its farewell lingers); that is not part of the measurement.
    const int64_t slowDeadline = nowNs() + int64_t(m_options.drainTimeout * 1e9);
    const auto openSlowReaders = [this] {
        return std::count_if(m_clients.begin(), m_clients.end(), [](const Client &client) {
            return !client.reading && !client.closed;
        });
    };
    while (openSlowReaders() > 0 && nowNs() < slowDeadline)
        poll(10);
}

void LoadGenerator::hold()
{
    const int64_t end = nowNs() + int64_t(m_options.hold * 1e9);
    while (nowNs() < end)
        poll(100);
}

void LoadGenerator::poll(int timeoutMs)
{
    epoll_event events[1024];
    const int count = epoll_wait(m_epoll, events, 1024, timeoutMs);
    for (int i = 0; i < count; ++i) {
        Client &client = m_clients[events[i].data.u32];
        if (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
            onReadable(client, events[i].events);
        if (events[i].events & EPOLLOUT)
            onWritable(client);
    }
}

void LoadGenerator::onWritable(Client &client)
{
    if (!client.connected) {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(client.fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            errno = error;
            die("connecting");
        }
        client.connected = true;
        if (m_tls) {
            client.tls = SSL_new(m_tls);
            SSL_set_fd(client.tls, client.fd);
            SSL_set_connect_state(client.tls);
            continueTls(client);
            return;
        }
        client.wantWrite = true; // so that flush() sets the events this client needs
        startHandshake(client);
        flush(client);
        return;
    }
    if (client.tls && !client.encrypted) {
        continueTls(client);
        return;
    }
    flush(client);
}

void LoadGenerator::onReadable(Client &client, uint32_t events)
{
    if (client.tls && !client.encrypted && client.connected) {
        continueTls(client); // slow readers too: a handshake needs both ways
        return;
    }
    if (!client.reading) {
        // A slow reader only notices that the server gave up on it.
        if ((events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && !client.closed) {
            client.closed = true;
            epoll_ctl(m_epoll, EPOLL_CTL_DEL, client.fd, nullptr);
        }
        return;
    }
    // Lines are handled where they were read; only a line cut off at the end
    // of a read is kept for the next one (copying everything through the
    // client's buffer cost more page faults than the server's work).
    char buffer[65536];
    while (true) {
        ssize_t got = 0;
        if (client.tls) {
            got = SSL_read(client.tls, buffer, int(sizeof buffer));
            if (got <= 0) {
                const int error = SSL_get_error(client.tls, int(got));
                if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE)
                    break;
                got = 0; // closed (or broken): as a closed socket
            }
        } else {
            got = ::recv(client.fd, buffer, sizeof buffer, 0);
        }
        if (got > 0) {
            takeInput(client, std::string_view(buffer, size_t(got)));
            continue;
        }
        if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            if (!client.closed) {
                client.closed = true;
                epoll_ctl(m_epoll, EPOLL_CTL_DEL, client.fd, nullptr);
            }
        }
        break;
    }
}

void LoadGenerator::takeInput(Client &client, std::string_view data)
{
    auto handle = [this, &client](std::string_view line) {
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        handleLine(client, line);
    };
    size_t end = data.find('\n');
    if (!client.in.empty()) {
        if (end == std::string_view::npos) {
            client.in.append(data);
            return;
        }
        client.in.append(data.substr(0, end));
        const std::string line = std::move(client.in);
        client.in.clear();
        handle(line);
        data.remove_prefix(end + 1);
        end = data.find('\n');
    }
    while (end != std::string_view::npos) {
        handle(data.substr(0, end));
        data.remove_prefix(end + 1);
        end = data.find('\n');
    }
    client.in.assign(data);
}

void LoadGenerator::handleLine(Client &client, std::string_view line)
{
    ++m_linesSeen;
    m_room.maxFrame = std::max(m_room.maxFrame, line.size() + 1);
    if (!client.ready)
        handleHandshakeLine(client, line);
    else
        handleChatLine(client, line);
}

// The "type" of a JSON frame: where qtchat-server writes it (first), else
// wherever it is.
std::string_view LoadGenerator::frameType(std::string_view line)
{
    constexpr std::string_view key = "\"type\":\"";
    size_t start = line.rfind("{" + std::string(key), 0) == 0 ? 1 : line.find(key);
    if (start == std::string_view::npos)
        return {};
    start += key.size();
    const size_t end = line.find('"', start);
    return end == std::string_view::npos ? std::string_view() : line.substr(start, end - start);
}

void LoadGenerator::handleHandshakeLine(Client &client, std::string_view line)
{
    switch (m_options.protocol) {
    case Protocol::Qtchat:
        // welcome (and the room's people, in users frames when there are
        // many), then one history frame; then it is in. The type is looked
        // for where qtchat-server writes it, first: a long users list is not
        // searched from end to end.
        if (m_options.checkRoom && frameType(line) == "welcome")
            takeUsers(client, line, true);
        else if (m_options.checkRoom && frameType(line) == "users")
            takeUsers(client, line, false);
        if (frameType(line) == "history") {
            if (m_options.rooms > 0 && !client.welcomed) {
                // Then into its own room, made by whoever comes first.
                client.welcomed = true;
                queue(client, "{\"type\":\"join\",\"room\":\"" + roomOf(client.index) +
                                      "\",\"create\":true}\n");
                flush(client);
                return;
            }
            client.ready = true;
            if (m_options.checkRoom && !client.listComplete)
                noteListError(client, "the list of people did not end before the history");
        } else if (frameType(line) == "error") {
            std::fprintf(stderr, "qtchat-loadgen: client %d refused: %.*s\n", client.index,
                         int(line.size()), line.data());
            std::exit(3);
        }
        break;
    case Protocol::Irc: {
        // ":server NNN nick ...": the command is the second word.
        const size_t space = line.find(' ');
        const std::string_view command =
                space == std::string_view::npos ? line : line.substr(space + 1, 3);
        if (line.rfind("PING ", 0) == 0) {
            std::string pong = "PONG ";
            pong.append(line.substr(5));
            pong.append("\r\n");
            queue(client, pong);
            flush(client);
        } else if (command == "001") {
            queue(client, "JOIN #bench\r\n");
            flush(client);
        } else if (command == "366") {
            client.ready = true; // end of the channel's names: joined
        } else if (command == "433" || line.rfind("ERROR", 0) == 0) {
            std::fprintf(stderr, "qtchat-loadgen: client %d refused: %.*s\n", client.index,
                         int(line.size()), line.data());
            std::exit(3);
        }
        break;
    }
    case Protocol::Plain:
        break;
    }
}

// The message text in a line as each kind of server sends it; empty when the
// line is not a chat message at all (joins, notices...).
std::string_view LoadGenerator::payloadOf(std::string_view line) const
{
    switch (m_options.protocol) {
    case Protocol::Qtchat: {
        if (line.find("\"type\":\"message\"") == std::string_view::npos)
            return {};
        const size_t start = line.find("\"text\":\"");
        if (start == std::string_view::npos)
            return "?";
        const size_t end = line.find('"', start + 8);
        if (end == std::string_view::npos)
            return "?";
        return line.substr(start + 8, end - start - 8);
    }
    case Protocol::Plain: {
        // <nick> text
        if (line.empty() || line[0] != '<')
            return line.empty() || line[0] == '*' || line.rfind("-server-", 0) == 0 ||
                                   line.rfind("Welcome", 0) == 0
                           ? std::string_view()
                           : std::string_view("?");
        const size_t close = line.find("> ");
        if (close == std::string_view::npos)
            return "?";
        return line.substr(close + 2);
    }
    case Protocol::Irc: {
        // :nick!user@host PRIVMSG #bench :text
        const size_t command = line.find(" PRIVMSG ");
        if (command == std::string_view::npos)
            return {};
        const size_t text = line.find(" :", command);
        if (text == std::string_view::npos)
            return "?";
        return line.substr(text + 2);
    }
    }
    return {};
}

void LoadGenerator::handleChatLine(Client &client, std::string_view line)
{
    if (m_options.protocol == Protocol::Irc && line.rfind("PING ", 0) == 0) {
        std::string pong = "PONG ";
        pong.append(line.substr(5));
        pong.append("\r\n");
        queue(client, pong);
        flush(client);
        return;
    }
    if (m_options.checkRoom && client.index == 0) {
        const std::string_view type = frameType(line);
        auto number = [&line](std::string_view key) {
            const size_t at = line.find(key);
            return at == std::string_view::npos ? -1 : std::atoi(line.data() + at + key.size());
        };
        if (type == "joined") {
            ++m_room.joinsCounted;
        } else if (type == "left") {
            ++m_room.leavesCounted;
        } else if (type == "presence") {
            m_room.joinsCounted += number("\"joined\":");
            m_room.leavesCounted += number("\"left\":");
            m_room.presenceUsers = number("\"users\":");
        } else if (type == "users" && m_whoAsked) {
            ++m_room.whoFrames;
            for (size_t at = line.find("{\"nick\":\""); at != std::string_view::npos;
                 at = line.find("{\"nick\":\"", at + 1)) {
                const size_t start = at + 9;
                const size_t end = line.find('"', start);
                m_whoNames.emplace_back(line.substr(start, end - start));
            }
            const bool last = line.find("\"complete\":false") == std::string_view::npos;
            if (m_room.whoComplete)
                noteListError(client, "a users frame came after the last piece of who's answer");
            m_room.whoComplete = last;
        }
    }
    if (!m_measuring)
        return; // greetings, joins, history from earlier runs
    const std::string_view text = payloadOf(line);
    if (text.empty())
        return;
    int sender = -1;
    int seq = -1;
    uint64_t sentNs = 0;
    if (text.size() != size_t(m_options.size) || !parseHeader(text, &sender, &seq, &sentNs) ||
        sender >= m_senders) {
        ++m_stats.corrupted;
        return;
    }
    if (sender == client.index) {
        ++m_stats.ownEchoes;
        return;
    }
    if (m_options.rooms > 0) {
        // From someone of its own room, and saying so.
        const std::string room = "\"room\":\"" + roomOf(client.index) + '"';
        if (sender % m_options.rooms != client.index % m_options.rooms ||
            line.find(room) == std::string_view::npos) {
            ++m_stats.misdelivered;
            return;
        }
    }
    const int64_t now = nowNs();
    int32_t &last = client.lastSeq[size_t(sender)];
    if (seq <= last)
        ++m_stats.outOfOrder;
    else
        last = seq;
    ++m_stats.delivered;
    m_lastDeliveryNs = now;
    m_stats.latencyUs.push_back(uint32_t(std::max<int64_t>(0, now - int64_t(sentNs)) / 1000));
}

bool LoadGenerator::checksNames(const Client &client) const
{
    // Name by name for a sample (every 50th and the last few), which is
    // enough to catch a list that repeats or leaves out, and keeps the check cheap.
    return client.index % 50 == 0 || client.index >= m_options.clients - 5;
}

void LoadGenerator::noteListError(const Client &client, const std::string &what)
{
    if (m_room.listErrors++ == 0)
        m_room.firstError = "client " + std::to_string(client.index) + ": " + what;
}

void LoadGenerator::takeUsers(Client &client, std::string_view line, bool inWelcome)
{
    // The names are in {"nick":"..."} objects (the welcome's own "nick" has no brace).
    const size_t list = line.find("\"users\":[");
    if (inWelcome) {
        client.welcomeHadUsers = list != std::string_view::npos;
        client.listComplete = client.welcomeHadUsers;
        if (!client.welcomeHadUsers)
            return;
    } else {
        if (client.welcomeHadUsers || client.listComplete)
            noteListError(client, "a users frame after the list was complete");
        ++client.usersFrames;
        client.listComplete = line.find("\"complete\":false") == std::string_view::npos;
    }
    for (size_t at = line.find("{\"nick\":\"", list); at != std::string_view::npos;
         at = line.find("{\"nick\":\"", at + 1)) {
        ++client.listed;
        if (checksNames(client)) {
            const size_t start = at + 9;
            const size_t end = line.find('"', start);
            client.names.emplace_back(line.substr(start, end - start));
        }
    }
    if (!client.listComplete || !checksNames(client))
        return;
    ++m_room.listsChecked;
    std::vector<std::string> names = std::move(client.names);
    std::sort(names.begin(), names.end());
    if (std::adjacent_find(names.begin(), names.end()) != names.end())
        noteListError(client, "someone is listed twice");
    if (!std::binary_search(names.begin(), names.end(), "c" + std::to_string(client.index)))
        noteListError(client, "the list leaves out the client itself");
    if (int(names.size()) != client.listed)
        noteListError(client, "names could not be read");
}

void LoadGenerator::checkRoom()
{
    // One of them asks who is here: every one of them, once, in frames that
    // fit; and the room's counts it was told of add up to everyone.
    Client &asker = m_clients[0];
    m_whoAsked = true;
    queue(asker, "{\"type\":\"who\"}\n");
    flush(asker);
    const int64_t whoDeadline = nowNs() + int64_t(m_options.connectTimeout * 1e9);
    while (!m_room.whoComplete && nowNs() < whoDeadline && !asker.closed)
        poll(50);
    std::vector<std::string> names = m_whoNames;
    std::sort(names.begin(), names.end());
    m_room.whoListed = int(m_whoNames.size());
    m_room.whoDistinct = int(std::unique(names.begin(), names.end()) - names.begin());
    // Those who came after it were told of one by one, or (above the quiet
    // size) counted in presence frames, a few seconds apart.
    const int later = m_options.clients - asker.listed;
    const int64_t countDeadline = nowNs() + int64_t(m_options.drainTimeout * 1e9);
    while ((m_room.joinsCounted < later || m_room.presenceUsers != m_options.clients) &&
           nowNs() < countDeadline && !asker.closed)
        poll(50);
    if (asker.closed)
        noteListError(asker, "the server closed the connection");
    int listedTooFew = 0;
    for (const Client &client : m_clients) {
        if (!client.listComplete)
            noteListError(client, "its list of people never ended");
        else if (client.listed < 1)
            ++listedTooFew;
    }
    if (listedTooFew > 0)
        noteListError(m_clients[0], std::to_string(listedTooFew) + " lists were empty");
    std::printf("{\"clients\":%d,\"max_frame_bytes\":%zu,\"lists_checked\":%d,"
                "\"list_errors\":%d,\"first_error\":\"%s\",\"who_listed\":%d,"
                "\"who_distinct\":%d,\"who_frames\":%d,\"who_complete\":%s,"
                "\"joins_counted\":%d,\"leaves_counted\":%d,\"presence_users\":%d,"
                "\"first_listed\":%d,\"last_joiner_listed\":%d}\n",
                m_options.clients, m_room.maxFrame, m_room.listsChecked, m_room.listErrors,
                m_room.firstError.c_str(), m_room.whoListed, m_room.whoDistinct, m_room.whoFrames,
                m_room.whoComplete ? "true" : "false", m_room.joinsCounted, m_room.leavesCounted,
                m_room.presenceUsers, asker.listed, m_clients.back().listed);
    std::fflush(stdout);
}

void LoadGenerator::report()
{
    const uint64_t expected = expectedDeliveries();
    uint64_t closedReaders = 0;
    uint64_t closedSlow = 0;
    for (const Client &client : m_clients) {
        if (client.closed)
            (client.reading ? closedReaders : closedSlow) += 1;
    }
    std::vector<uint32_t> &latency = m_stats.latencyUs;
    std::sort(latency.begin(), latency.end());
    auto percentile = [&latency](double p) -> double {
        if (latency.empty())
            return 0;
        const size_t index = std::min(latency.size() - 1, size_t(p * double(latency.size())));
        return latency[index] / 1000.0;
    };
    const double seconds =
            m_lastDeliveryNs > m_sendStartNs ? double(m_lastDeliveryNs - m_sendStartNs) / 1e9 : 0;
    const uint64_t inOrder = m_stats.delivered - m_stats.outOfOrder;
    const uint64_t lost = expected > inOrder ? expected - inOrder : 0;
    // With --tls, what the connections agreed on (plain runs print what they always did).
    const std::string tls = m_tls ? ",\"tls\":\"" + m_tlsAgreed + '"' : std::string();
    std::printf("{\"clients\":%d,\"senders\":%d,\"sent\":%" PRIu64 ",\"expected\":%" PRIu64
                ",\"delivered\":%" PRIu64 ",\"lost\":%" PRIu64 ",\"corrupted\":%" PRIu64
                ",\"out_of_order\":%" PRIu64 ",\"misdelivered\":%" PRIu64
                ",\"closed_readers\":%" PRIu64 ",\"closed_slow_readers\":%" PRIu64
                ",\"seconds\":%.3f"
                ",\"deliveries_per_s\":%.0f,\"latency_ms\":{\"p50\":%.3f,\"p99\":%.3f,"
                "\"p999\":%.3f,\"max\":%.3f}%s}\n",
                m_options.clients, m_senders, m_sentTotal, expected, m_stats.delivered, lost,
                m_stats.corrupted, m_stats.outOfOrder, m_stats.misdelivered, closedReaders,
                closedSlow, seconds, seconds > 0 ? double(m_stats.delivered) / seconds : 0.0,
                percentile(0.5), percentile(0.99), percentile(0.999),
                latency.empty() ? 0 : latency.back() / 1000.0, tls.c_str());
    std::fflush(stdout);
}

int LoadGenerator::run()
{
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);

    m_senders =
            m_options.senders < 0 ? m_options.clients - m_options.slowReaders : m_options.senders;
    m_padding.assign(size_t(m_options.size), 'x');
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0)
        die("epoll_create1");
    if (m_options.tls || m_options.handshakes > 0) {
        m_tls = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_min_proto_version(m_tls, TLS1_2_VERSION);
        SSL_CTX_set_verify(m_tls, SSL_VERIFY_NONE, nullptr); // the server's own, self-signed
        SSL_CTX_set_mode(m_tls,
                         SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        // Every handshake a full one: no session resumption.
        SSL_CTX_set_session_cache_mode(m_tls, SSL_SESS_CACHE_OFF);
        SSL_CTX_set_options(m_tls, SSL_OP_NO_TICKET);
        // Records are read as many at a time as have come (not 5 bytes of
        // header, then the rest, in two system calls each), so that the
        // load generator's decryption costs it no more than it must.
        SSL_CTX_set_read_ahead(m_tls, 1);
    }
    if (m_options.handshakes > 0) {
        measureHandshakes();
        return 0;
    }
    const int64_t connectStart = nowNs();
    connectAll();
    const double connectSeconds = double(nowNs() - connectStart) / 1e9;
    settle(m_options.protocol == Protocol::Plain ? 1500 : 300);
    if (m_options.checkRoom) {
        std::fprintf(stderr, "qtchat-loadgen: %d joined in %.3f s\n", m_options.clients,
                     connectSeconds);
        checkRoom();
        hold(); // --hold S: the room stays full that long for others to look at
        return m_room.listErrors == 0 ? 0 : 1;
    }
    if (m_options.hold > 0) {
        std::printf("{\"connected\":%d,\"connect_seconds\":%.3f}\n", m_options.clients,
                    connectSeconds);
        std::fflush(stdout);
        hold();
        return 0;
    }
    sendPhase();
    drain();
    report();
    return 0;
}

void LoadGenerator::measureHandshakes()
{
    // --clients connections at a time, each a new TCP connection and a full
    // TLS handshake, closed once done; until --handshakes are done.
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(m_options.port));
    if (inet_pton(AF_INET, m_options.host.c_str(), &address.sin_addr) != 1) {
        std::fprintf(stderr, "qtchat-loadgen: %s is not an IPv4 address\n", m_options.host.c_str());
        std::exit(2);
    }
    m_clients.resize(size_t(m_options.clients));
    int started = 0;
    int done = 0;
    std::string tlsVersion; // of the first
    auto start = [&](Client &client) {
        client = Client{};
        client.index = int(&client - m_clients.data());
        client.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (client.fd < 0)
            die("socket");
        if (::connect(client.fd, reinterpret_cast<sockaddr *>(&address), sizeof address) < 0 &&
            errno != EINPROGRESS)
            die("connect");
        epoll_event event{};
        event.events = EPOLLOUT | EPOLLRDHUP;
        event.data.u32 = uint32_t(client.index);
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, client.fd, &event);
        ++started;
    };
    const int64_t begin = nowNs();
    const int64_t deadline = begin + int64_t(m_options.connectTimeout * 1e9);
    for (Client &client : m_clients) {
        if (started < m_options.handshakes)
            start(client);
    }
    while (done < m_options.handshakes) {
        epoll_event events[1024];
        const int count = epoll_wait(m_epoll, events, 1024, 100);
        for (int i = 0; i < count; ++i) {
            Client &client = m_clients[events[i].data.u32];
            if (!client.connected) {
                int error = 0;
                socklen_t length = sizeof error;
                getsockopt(client.fd, SOL_SOCKET, SO_ERROR, &error, &length);
                if (error != 0) {
                    errno = error;
                    die("connecting");
                }
                client.connected = true;
                client.tls = SSL_new(m_tls);
                SSL_set_fd(client.tls, client.fd);
                SSL_set_connect_state(client.tls);
            }
            const int result = SSL_do_handshake(client.tls);
            if (result != 1) {
                const int error = SSL_get_error(client.tls, result);
                if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
                    std::fprintf(stderr, "qtchat-loadgen: TLS handshake failed\n");
                    std::exit(2);
                }
                watch(client, true, error == SSL_ERROR_WANT_WRITE);
                continue;
            }
            ++done;
            if (tlsVersion.empty())
                tlsVersion = describeTls(client.tls);
            SSL_shutdown(client.tls); // close_notify: a clean close, as a client would
            epoll_ctl(m_epoll, EPOLL_CTL_DEL, client.fd, nullptr);
            SSL_free(client.tls);
            ::close(client.fd);
            if (started < m_options.handshakes)
                start(client);
        }
        if (nowNs() > deadline) {
            std::fprintf(stderr, "qtchat-loadgen: only %d of %d handshakes in time\n", done,
                         m_options.handshakes);
            std::exit(3);
        }
    }
    const double seconds = double(nowNs() - begin) / 1e9;
    std::printf("{\"handshakes\":%d,\"concurrent\":%d,\"seconds\":%.3f,"
                "\"handshakes_per_s\":%.1f,\"tls\":\"%s\"}\n",
                done, m_options.clients, seconds, seconds > 0 ? done / seconds : 0.0,
                tlsVersion.c_str());
    std::fflush(stdout);
}

void usage()
{
    std::fputs(
            "usage: qtchat-loadgen [--host ADDR] [--port N] [--protocol qtchat|plain|irc]\n"
            "                      [--clients N] [--senders N] [--messages N] [--size BYTES]\n"
            "                      [--rate MSGS_PER_S --duration S] [--slow-readers N]\n"
            "                      [--hold S] [--connect-timeout S] [--drain-timeout S]\n"
            "                      [--check-room] [--rooms N] [--tls] [--handshakes N]\n"
            "Connects N clients; S of them send M messages each as fast as possible, or\n"
            "RATE messages per second in all for DURATION seconds. Prints one JSON object:\n"
            "deliveries, losses, corruption, reordering and latency percentiles.\n"
            "--hold S connects and stays idle for S seconds instead (prints {\"connected\":N}).\n"
            "--connect-timeout S (default 60) bounds the time for all to connect and join.\n"
            "--check-room (qtchat) checks the room's lists instead: every list of people\n"
            "  a joiner gets, who's answer (everyone, once), the frames' size and the\n"
            "  counts of joins (waiting --drain-timeout S for them); prints what it found,\n"
            "  then stays --hold S seconds.\n"
            "--rooms N (qtchat): client i is in room #r(i mod N), made by the first to join\n"
            "  it, and says its messages there; a message from or naming another room is\n"
            "  counted as misdelivered.\n"
            "--tls: every client connects with TLS (the certificate is not checked).\n"
            "--handshakes N: N full TLS handshakes, --clients at a time, each on a new\n"
            "  connection closed once done; prints handshakes per second.\n",
            stderr);
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        auto value = [&]() -> const char * {
            if (i + 1 >= argc) {
                usage();
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--host")
            options.host = value();
        else if (arg == "--port")
            options.port = std::atoi(value());
        else if (arg == "--protocol") {
            const std::string_view name = value();
            if (name == "qtchat")
                options.protocol = Protocol::Qtchat;
            else if (name == "plain")
                options.protocol = Protocol::Plain;
            else if (name == "irc")
                options.protocol = Protocol::Irc;
            else {
                usage();
                return 2;
            }
        } else if (arg == "--clients")
            options.clients = std::atoi(value());
        else if (arg == "--senders")
            options.senders = std::atoi(value());
        else if (arg == "--messages")
            options.messages = std::atoi(value());
        else if (arg == "--size")
            options.size = std::atoi(value());
        else if (arg == "--rate")
            options.rate = std::atof(value());
        else if (arg == "--duration")
            options.duration = std::atof(value());
        else if (arg == "--slow-readers")
            options.slowReaders = std::atoi(value());
        else if (arg == "--hold")
            options.hold = std::atof(value());
        else if (arg == "--connect-timeout")
            options.connectTimeout = std::atof(value());
        else if (arg == "--drain-timeout")
            options.drainTimeout = std::atof(value());
        else if (arg == "--check-room")
            options.checkRoom = true;
        else if (arg == "--rooms")
            options.rooms = std::atoi(value());
        else if (arg == "--tls")
            options.tls = true;
        else if (arg == "--handshakes")
            options.handshakes = std::atoi(value());
        else {
            usage();
            return arg == "--help" || arg == "-h" ? 0 : 2;
        }
    }
    if (options.clients < 1 || options.size < 32 || options.slowReaders >= options.clients ||
        (options.checkRoom && options.protocol != Protocol::Qtchat) || options.rooms < 0 ||
        (options.rooms > 0 && options.protocol != Protocol::Qtchat)) {
        usage();
        return 2;
    }
    return LoadGenerator(options).run();
}
