#!/bin/sh
# Runs a test beside an avahi-daemon of its own (with a D-Bus system bus of
# its own), so that avahi-browse and avahi-publish-service work as a third
# party's DNS-SD. Meant inside tests/support/in-network-namespace.sh: the
# daemon then sees only that namespace's loopback. Needs root, unshare,
# avahi-daemon and dbus-daemon; without them the test runs as it is, and
# skips what needs avahi, saying why. QTCHAT_TEST_AVAHI=1 tells the test
# that the daemon is its own.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v avahi-daemon >/dev/null &&
    command -v dbus-daemon >/dev/null && unshare -m true 2>/dev/null; then
    exec unshare -m sh -c '
        mount -t tmpfs tmpfs /run && mkdir -p /run/dbus /run/avahi-daemon || exit 1
        bus=$(dbus-daemon --system --fork --print-pid) || exit 1
        if ! avahi-daemon --daemonize --no-drop-root --no-chroot --no-rlimits; then
            kill "$bus"; exit 1
        fi
        QTCHAT_TEST_AVAHI=1 "$@"; status=$?
        avahi-daemon --kill 2>/dev/null
        kill "$bus"
        exit $status' sh "$@"
fi
exec "$@"
