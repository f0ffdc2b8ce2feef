#!/usr/bin/env python3
"""The Linux package, checked as a user would meet it.

1. The .desktop files and the AppStream metainfo pass their validators.
2. CPack builds the .deb and the .tar.gz from the build folder.
3. As root, on a machine without qtchat installed: the .deb installs with
   dpkg -i, both programs start from their installed paths (--version; the
   server serves a client that the installed client talks to), the menu
   entries' commands exist, and purging leaves none of its files behind.

Usage: check_package.py SOURCE_DIR BUILD_DIR
Exit 0: all done; 77: the install part was skipped (and says why); 1: failed.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77


def run(command, **kwargs):
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, check=True, text=True, capture_output=True, **kwargs)


def validate(source):
    linux = os.path.join(source, "packaging", "linux")
    missing = [tool for tool in ("desktop-file-validate", "appstreamcli") if not shutil.which(tool)]
    if missing:
        print("SKIP validators: not installed:", ", ".join(missing),
              "(./build.sh test installs them)")
        return False
    for desktop in ("io.github.qtchat.desktop", "io.github.qtchat.Server.desktop"):
        result = run(["desktop-file-validate", os.path.join(linux, desktop)])
        if result.stdout.strip():
            sys.exit(f"FAIL {desktop}: {result.stdout}")
    run(["appstreamcli", "validate", "--no-net", os.path.join(linux, "io.github.qtchat.metainfo.xml")])
    return True


def build_packages(build, out):
    run(["cpack", "-G", "DEB;TGZ", "-B", out, "--config", os.path.join(build, "CPackConfig.cmake")])
    debs = [f for f in os.listdir(out) if f.endswith(".deb")]
    tgzs = [f for f in os.listdir(out) if f.endswith(".tar.gz")]
    if len(debs) != 1 or len(tgzs) != 1:
        sys.exit(f"FAIL cpack made {os.listdir(out)}")
    listing = run(["tar", "tzf", os.path.join(out, tgzs[0])]).stdout
    for needed in ("/usr/bin/qtchat", "/usr/bin/qtchat-server", "io.github.qtchat.desktop"):
        if needed not in listing:
            sys.exit(f"FAIL the .tar.gz has no {needed}")
    control = run(["dpkg-deb", "-f", os.path.join(out, debs[0]), "Depends"]).stdout
    if "libqt6core6" not in control:
        sys.exit(f"FAIL Depends was not filled in: {control}")
    return os.path.join(out, debs[0])


def packaged_files(deb):
    files = []
    for line in run(["dpkg-deb", "-c", deb]).stdout.splitlines():
        if line.startswith("-"):
            files.append(line.split()[-1].lstrip("."))
    return files


def serve_and_chat(home):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_DATA_HOME"] = home
    env["XDG_CONFIG_HOME"] = home
    server = subprocess.Popen(["/usr/bin/qtchat-server", "--no-gui", "127.0.0.1", "0", "--no-history"],
                              stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        port = None
        deadline = time.time() + 20
        while time.time() < deadline and port is None:
            line = server.stderr.readline()
            match = re.search(r"listening on .*, port (\d+)", line)
            if match:
                port = int(match.group(1))
        if port is None:
            sys.exit("FAIL the installed server did not start listening")
        watcher = socket.create_connection(("127.0.0.1", port), timeout=10)
        watcher.sendall((json.dumps({"type": "hello", "protocol": 1, "nick": "watcher"}) + "\n").encode())
        client = subprocess.run(["/usr/bin/qtchat", "--no-gui", "127.0.0.1", str(port), "--nick", "pkgtest"],
                                input="hello from the package\n", text=True, capture_output=True,
                                env=env, timeout=30)
        if client.returncode != 0:
            sys.exit(f"FAIL the installed client exited {client.returncode}: {client.stdout}")
        received = b""
        while b"hello from the package" not in received:
            chunk = watcher.recv(65536)
            if not chunk:
                sys.exit(f"FAIL the server closed: {received!r}")
            received += chunk
        print("the installed client and server chat")
    finally:
        server.terminate()
        server.wait(timeout=10)


def install_check(deb):
    if os.geteuid() != 0:
        return "not root (dpkg -i needs root)"
    if not shutil.which("dpkg"):
        return "no dpkg"
    if subprocess.run(["dpkg", "-s", "qtchat"], capture_output=True).returncode == 0:
        return "a qtchat package is installed already; not touching it"
    files = packaged_files(deb)
    try:
        run(["dpkg", "-i", deb])
        for program in ("/usr/bin/qtchat", "/usr/bin/qtchat-server"):
            version = run([program, "--version"]).stdout
            if "0." not in version:
                sys.exit(f"FAIL {program} --version said {version!r}")
        for desktop in ("io.github.qtchat.desktop", "io.github.qtchat.Server.desktop"):
            with open(os.path.join("/usr/share/applications", desktop), encoding="utf-8") as f:
                command = re.search(r"^Exec=(\S+)", f.read(), re.M).group(1)
            if not shutil.which(command):
                sys.exit(f"FAIL {desktop}: {command} is not on the PATH")
        with tempfile.TemporaryDirectory() as home:
            serve_and_chat(home)
    finally:
        subprocess.run(["dpkg", "--purge", "qtchat"], capture_output=True)
    left = [f for f in files if os.path.exists(f)]
    if left:
        sys.exit(f"FAIL left behind after purge: {left}")
    print("installed, ran and removed cleanly")
    return None


def main():
    source, build = sys.argv[1], sys.argv[2]
    validated = validate(source)
    with tempfile.TemporaryDirectory() as out:
        deb = build_packages(build, out)
        skipped = install_check(deb)
    if skipped or not validated:
        print("SKIP install check:", skipped or "validators missing")
        return SKIP
    return 0


if __name__ == "__main__":
    sys.exit(main())
