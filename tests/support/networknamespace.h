#pragma once

#include <QHostAddress>
#include <QNetworkInterface>

// The network namespace of tests/support/in-network-namespace.sh, as the
// tests that run in it see it: "another computer" at 10.77.0.1 on its
// loopback, multicast on that loopback, 10.78.0.0/24 a network of this
// computer's where nothing answers, 10.99.0.5 on no network.
namespace NetworkNamespace {

inline const QHostAddress &elsewhere()
{
    static const QHostAddress address(QStringLiteral("10.77.0.1"));
    return address;
}

// Whether this test runs in it.
inline bool isHere()
{
    return QNetworkInterface::allAddresses().contains(elsewhere());
}

} // namespace NetworkNamespace

// Skips the test function unless it runs in the namespace, saying why and
// which ctest test runs it there.
#define QTCHAT_SKIP_OUTSIDE_NAMESPACE(ctestName)                                                   \
    do {                                                                                           \
        if (!NetworkNamespace::isHere())                                                           \
            QSKIP("needs the network namespace of tests/support/in-network-namespace.sh (root, "   \
                  "unshare and ip): ctest runs it as " ctestName);                                 \
    } while (false)
