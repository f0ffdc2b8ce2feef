#pragma once

#include <QHostAddress>

// Whether an address is on a network this computer is on: loopback, or in
// the subnet of an address of one of its interfaces that is up. A private
// address of another subnet is not (a typo, or a network behind a router or
// a VPN). The client's connection doctor and the service browser's choice
// of address both ask it.
namespace LocalNetwork {

bool contains(const QHostAddress &address);

} // namespace LocalNetwork
