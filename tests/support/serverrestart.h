#pragma once

// For tests that link the server core: a server that goes away and comes
// back on the same port, as an operator's restart does.
#include "chatserver.h"
#include "waituntil.h"

#include <memory>

// Waits until the old server's connections are gone (after its shutdown),
// then starts a new one with config on port. False when either fails.
inline bool restartOnSamePort(std::unique_ptr<ChatServer> &server, ServerConfig config,
                              quint16 port)
{
    if (!waitUntil([&server] { return server->connectionCount() == 0; }, 5000))
        return false;
    server.reset();
    config.port = port;
    server = std::make_unique<ChatServer>(config);
    return server->listen();
}
