// epoll-broadcast: the near-the-hardware reference for the fan-out benchmark.
//
// A minimal single-threaded epoll chat relay: every line a client sends goes
// to every other client as "<cN> line". Non-blocking sockets, one output
// buffer per client, written as far as the socket takes it; nothing else
// (no protocol, no limits, no history). usage: epoll-broadcast PORT
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Client
{
    int fd = -1;
    size_t slot = 0; // index in `active`
    std::string prefix;
    std::string in;
    std::string out;
    size_t outOffset = 0;
    bool wantWrite = false;
};

std::vector<Client *> clients; // by file descriptor
std::vector<Client *> active;  // everyone connected, for the fan-out
int epollFd = -1;

void watch(Client *client, bool write)
{
    epoll_event event{};
    event.events = EPOLLIN | (write ? uint32_t(EPOLLOUT) : 0u);
    event.data.fd = client->fd;
    epoll_ctl(epollFd, EPOLL_CTL_MOD, client->fd, &event);
    client->wantWrite = write;
}

void closeClient(Client *client)
{
    epoll_ctl(epollFd, EPOLL_CTL_DEL, client->fd, nullptr);
    ::close(client->fd);
    clients[size_t(client->fd)] = nullptr;
    active[client->slot] = active.back();
    active[client->slot]->slot = client->slot;
    active.pop_back();
    delete client;
}

// Writes what the socket takes; false when the client is gone.
bool flush(Client *client)
{
    while (client->outOffset < client->out.size()) {
        const ssize_t written = ::send(client->fd, client->out.data() + client->outOffset,
                                       client->out.size() - client->outOffset, MSG_NOSIGNAL);
        if (written < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            return false;
        }
        client->outOffset += size_t(written);
    }
    if (client->outOffset == client->out.size()) {
        client->out.clear();
        client->outOffset = 0;
    }
    const bool pending = !client->out.empty();
    if (pending != client->wantWrite)
        watch(client, pending);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fputs("usage: epoll-broadcast PORT\n", stderr);
        return 2;
    }
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);

    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    const int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(std::atoi(argv[1])));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) < 0 ||
        ::listen(listener, 1024) < 0) {
        std::perror("epoll-broadcast: listen");
        return 1;
    }
    epollFd = epoll_create1(0);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = listener;
    epoll_ctl(epollFd, EPOLL_CTL_ADD, listener, &event);
    std::printf("listening on port %s\n", argv[1]);
    std::fflush(stdout);

    std::vector<int> touched; // clients with new output in this pass
    epoll_event events[1024];
    char buffer[65536];
    while (true) {
        const int count = epoll_wait(epollFd, events, 1024, -1);
        touched.clear();
        for (int i = 0; i < count; ++i) {
            const int fd = events[i].data.fd;
            if (fd == listener) {
                while (true) {
                    const int accepted = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
                    if (accepted < 0)
                        break;
                    setsockopt(accepted, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    if (size_t(accepted) >= clients.size())
                        clients.resize(size_t(accepted) + 1024, nullptr);
                    auto *client = new Client;
                    client->fd = accepted;
                    client->prefix = "<c" + std::to_string(accepted) + "> ";
                    clients[size_t(accepted)] = client;
                    client->slot = active.size();
                    active.push_back(client);
                    epoll_event added{};
                    added.events = EPOLLIN;
                    added.data.fd = accepted;
                    epoll_ctl(epollFd, EPOLL_CTL_ADD, accepted, &added);
                }
                continue;
            }
            Client *client = clients[size_t(fd)];
            if (!client)
                continue;
            if (events[i].events & EPOLLOUT) {
                if (!flush(client)) {
                    closeClient(client);
                    continue;
                }
            }
            if (!(events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                continue;
            bool gone = false;
            while (true) {
                const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
                if (got > 0) {
                    client->in.append(buffer, size_t(got));
                    continue;
                }
                gone = got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
                break;
            }
            // Every complete line goes to everyone else's output buffer.
            size_t start = 0;
            for (size_t end; (end = client->in.find('\n', start)) != std::string::npos;
                 start = end + 1) {
                for (Client *other : active) {
                    if (other == client)
                        continue;
                    if (other->out.empty())
                        touched.push_back(other->fd);
                    other->out.append(client->prefix);
                    other->out.append(client->in, start, end - start + 1);
                }
            }
            client->in.erase(0, start);
            if (gone)
                closeClient(client);
        }
        // One write per client per pass.
        for (const int fd : touched) {
            Client *client = clients[size_t(fd)];
            if (client && !client->out.empty() && !flush(client))
                closeClient(client);
        }
    }
}
