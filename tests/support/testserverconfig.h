#pragma once

#include "serverconfig.h"

// For tests that link the server core: loopback, a free port, no flood or
// per-address limits, quick detection of plain-text clients and a short
// linger; not announced on the network (tests that are about discovery turn
// it on inside a network namespace). Each test changes what it is about.
inline ServerConfig testServerConfig()
{
    ServerConfig config;
    config.host = QHostAddress::LocalHost;
    config.port = 0;
    config.rate = 0;
    config.maxConnectionsPerIp = 0;
    config.plainTextDetectMs = 150;
    config.lingerMs = 500;
    config.announce = false;
    return config;
}
