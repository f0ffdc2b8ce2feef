#!/bin/sh
# Runs a test in a network namespace of its own whose loopback also has a
# non-loopback address (10.77.0.1) and multicast, so that it can connect "from
# another computer" without any interface of the machine. 10.78.0.0/24 is a
# network this computer is on where nothing answers (10.78.0.5 drops every
# packet, as a firewall would), and 10.99.0.5 is on no network at all. Needs root (as in
# CI) and unshare and ip; without them the test runs as it is, and skips what
# needs the namespace, saying why.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v ip >/dev/null &&
    unshare -n true 2>/dev/null; then
    exec unshare -n sh -c 'ip link set lo up && ip link set lo multicast on &&
        ip route add 224.0.0.0/4 dev lo && ip addr add 10.77.0.1/32 dev lo &&
        ip addr add 10.78.0.1/24 dev lo noprefixroute && ip route add 10.78.0.0/24 dev lo &&
        exec "$@"' sh "$@"
fi
exec "$@"
