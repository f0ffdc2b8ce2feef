#!/usr/bin/env python3
"""A third-party DNS-SD peer for tst_discovery: python-zeroconf (Debian's
python3-zeroconf), on the loopback of the test's network namespace.

  zeroconf_peer.py browse SECONDS     prints one JSON line per _qtchat._tcp
                                      service resolved (name, port, addresses,
                                      txt), "removed NAME" when one leaves
  zeroconf_peer.py publish NAME PORT [key=value...]
                                      registers a service until stdin closes
"""
import json
import socket
import sys
import time

from zeroconf import ServiceBrowser, ServiceInfo, ServiceStateChange, Zeroconf

TYPE = "_qtchat._tcp.local."


def browse(seconds):
    zc = Zeroconf(interfaces=["127.0.0.1"])

    def changed(zeroconf, service_type, name, state_change):
        if state_change is ServiceStateChange.Removed:
            print("removed " + name[: -len(TYPE) - 1], flush=True)
            return
        info = zeroconf.get_service_info(service_type, name, timeout=3000)
        if info is None:
            return
        print(json.dumps({
            "event": "added" if state_change is ServiceStateChange.Added else "updated",
            "name": name[: -len(TYPE) - 1],
            "port": info.port,
            "server": info.server,
            "addresses": [socket.inet_ntoa(a) for a in info.addresses],
            "txt": {k.decode(): (v or b"").decode() for k, v in info.properties.items()},
        }), flush=True)

    ServiceBrowser(zc, TYPE, handlers=[changed])
    time.sleep(seconds)
    zc.close()


def publish(name, port, pairs):
    zc = Zeroconf(interfaces=["127.0.0.1"])
    properties = dict(pair.split("=", 1) for pair in pairs)
    info = ServiceInfo(TYPE, name + "." + TYPE, port=port, properties=properties,
                       server="zeroconf-peer.local.",
                       addresses=[socket.inet_aton("10.77.0.1")])
    zc.register_service(info)
    print("registered", flush=True)
    sys.stdin.read()
    zc.unregister_service(info)
    zc.close()


if __name__ == "__main__":
    if sys.argv[1] == "browse":
        browse(float(sys.argv[2]))
    elif sys.argv[1] == "publish":
        publish(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    else:
        sys.exit(__doc__)
