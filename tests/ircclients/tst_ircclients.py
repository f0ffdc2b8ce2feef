#!/usr/bin/env python3
"""Real IRC clients on qtchat's IRC port (issue: IRC clients join the rooms).

Starts the real qtchat-server (given as the first argument) on loopback with
an IRC port, then: ii (files per channel) and irssi (in a tmux session of its
own) in #general and #dev, beside a qtchat-protocol client (JSON lines) and a
plain-text client, as nc would be. Checks that each sees the others in both
rooms and both directions, with Chinese text and /me, and that a late ii
joining #dev gets the room's history. Exits 0 when all pass, 1 naming the
check that failed, 77 (skipped) when ii, irssi or tmux are not installed.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

TIMEOUT = 15.0


def fail(what, detail=""):
    print(f"FAIL: {what}")
    if detail:
        print(detail)
    sys.exit(1)


def wait_until(what, predicate, detail=lambda: ""):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if predicate():
            print(f"ok: {what}")
            return
        time.sleep(0.1)
    fail(what, detail())


class LineSocket:
    """A TCP client that keeps every line it receives."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.sock.settimeout(None)  # the reader waits as long as it takes
        self.lines = []
        self.lock = threading.Lock()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        buffer = b""
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            buffer += data
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                with self.lock:
                    self.lines.append(line.rstrip(b"\r").decode("utf-8", "replace"))

    def send(self, text):
        self.sock.sendall(text.encode("utf-8") + b"\n")

    def text(self):
        with self.lock:
            return "\n".join(self.lines)

    def has(self, pattern):
        return re.search(pattern, self.text()) is not None


class Desk(LineSocket):
    """A qtchat-protocol client."""

    def send_json(self, **message):
        self.send(json.dumps(message, ensure_ascii=False))

    def messages(self):
        found = []
        for line in self.text().splitlines():
            try:
                frame = json.loads(line)
            except ValueError:
                continue
            if frame.get("type") == "message":
                found.append(frame)
        return found

    def saw(self, sender, text, room, action=False):
        return any(m.get("from") == sender and m.get("text") == text and m.get("room") == room
                   and bool(m.get("action")) == action for m in self.messages())


def main():
    if len(sys.argv) < 2:
        print("usage: tst_ircclients.py QTCHAT-SERVER")
        return 2
    server_binary = sys.argv[1]
    for tool in ("ii", "irssi", "tmux"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} is not installed (apt install ii irssi tmux)")
            return 77
    work = tempfile.mkdtemp(prefix="qtchat-ircclients-")
    tmux_socket = os.path.join(work, "tmux.sock")
    processes = []
    env = dict(os.environ, QTCHAT_NO_MULTICAST="1", LANG="C.UTF-8", LC_ALL="C.UTF-8",
               HOME=work, TERM="xterm")
    try:
        log_path = os.path.join(work, "server.log")
        log = open(log_path, "w")
        server = subprocess.Popen([server_binary, "--no-gui", "--host", "127.0.0.1", "--port", "0",
                                   "--irc-port", "0", "--data-dir", os.path.join(work, "data")],
                                  stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                                  env=env)
        processes.append(server)
        ports = {}

        def read_ports():
            text = open(log_path, encoding="utf-8", errors="replace").read()
            chat = re.search(r"listening on 127\.0\.0\.1, port (\d+)", text)
            irc = re.search(r"IRC clients on port (\d+)", text)
            if chat and irc:
                ports["chat"], ports["irc"] = int(chat.group(1)), int(irc.group(1))
                return True
            return False

        wait_until("the server listens on a chat port and an IRC port", read_ports,
                   lambda: open(log_path).read())
        chat_port, irc_port = ports["chat"], ports["irc"]

        desk = Desk(chat_port)
        desk.send_json(type="hello", protocol=1, nick="desk")
        wait_until("desk (qtchat protocol) is welcomed", lambda: desk.has('"type":"welcome"'),
                   desk.text)
        desk.send_json(type="join", room="#dev", create=True)
        plain = LineSocket(chat_port)
        wait_until("the plain-text client is greeted", lambda: plain.has("Type /help"), plain.text)
        plain_nick = re.search(r"You are (\S+)\.", plain.text()).group(1)

        # ii: a directory per server and channel, "in" to write, "out" to read.
        ii_dir = os.path.join(work, "ii")
        ii = subprocess.Popen(["ii", "-s", "127.0.0.1", "-p", str(irc_port), "-n", "iiuser",
                               "-i", ii_dir], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        processes.append(ii)
        ii_server = os.path.join(ii_dir, "127.0.0.1")

        def ii_out(channel):
            path = os.path.join(ii_server, channel, "out")
            return open(path, encoding="utf-8", errors="replace").read() if os.path.exists(path) else ""

        def ii_say(channel, text):
            with open(os.path.join(ii_server, channel, "in") if channel else
                      os.path.join(ii_server, "in"), "w", encoding="utf-8") as pipe:
                pipe.write(text + "\n")

        wait_until("ii registers and is put in #general", lambda: os.path.exists(
            os.path.join(ii_server, "#general", "in")), lambda: str(os.listdir(work)))
        ii_say(None, "/j #dev")
        wait_until("ii joins #dev", lambda: os.path.exists(os.path.join(ii_server, "#dev", "in")))

        # irssi in a tmux session of its own, with a home of its own.
        irssi_home = os.path.join(work, "irssi")
        os.makedirs(irssi_home)
        subprocess.run(["tmux", "-S", tmux_socket, "new-session", "-d", "-s", "irc", "-x", "160",
                        "-y", "50", f"irssi --home={irssi_home} -c 127.0.0.1 -p {irc_port} "
                        "-n irssiuser"], env=env, check=True)

        def pane():
            return subprocess.run(["tmux", "-S", tmux_socket, "capture-pane", "-p", "-t", "irc",
                                   "-S", "-200"], env=env, capture_output=True,
                                  text=True).stdout

        def irssi(keys):
            subprocess.run(["tmux", "-S", tmux_socket, "send-keys", "-t", "irc", "-l", keys],
                           env=env, check=True)
            subprocess.run(["tmux", "-S", tmux_socket, "send-keys", "-t", "irc", "Enter"],
                           env=env, check=True)

        wait_until("irssi registers", lambda: "End of /MOTD command" in pane(), pane)
        irssi("/window goto #general")
        wait_until("irssi is in #general",
                   lambda: "irssiuser [~u@qtchat] has joined #general" in pane(), pane)
        irssi("/join #dev")
        wait_until("irssi joins #dev", lambda: "irssiuser [~u@qtchat] has joined #dev" in pane(),
                   pane)
        wait_until("desk sees ii and irssi in #dev",
                   lambda: desk.has('"joined".*"iiuser".*"#dev"|"nick":"iiuser","room":"#dev"')
                   and desk.has('"nick":"irssiuser"'), desk.text)

        # irssi's current window is #dev: what it types goes there.
        irssi("你好，世界 from irssi")
        wait_until("desk gets irssi's Chinese line in #dev",
                   lambda: desk.saw("irssiuser", "你好，世界 from irssi", "#dev"), desk.text)
        wait_until("ii gets irssi's line in #dev",
                   lambda: "<irssiuser> 你好，世界 from irssi" in ii_out("#dev"),
                   lambda: ii_out("#dev"))
        irssi("/me waves from irssi")
        wait_until("desk gets irssi's /me as an action",
                   lambda: desk.saw("irssiuser", "waves from irssi", "#dev", action=True), desk.text)

        ii_say("#dev", "早上好 from ii")
        wait_until("irssi gets ii's line in #dev", lambda: "<  iiuser> 早上好 from ii" in pane()
                   or "< iiuser> 早上好 from ii" in pane(), pane)
        wait_until("desk gets ii's line in #dev", lambda: desk.saw("iiuser", "早上好 from ii", "#dev"),
                   desk.text)
        ii_say("#general", "\x01ACTION nods\x01")
        wait_until("desk gets ii's CTCP ACTION in #general as an action",
                   lambda: desk.saw("iiuser", "nods", "#general", action=True), desk.text)
        wait_until("the plain-text client gets ii's action",
                   lambda: plain.has(r"\* iiuser nods"), plain.text)

        desk.send_json(type="say", text="大家好 from desk", room="#dev")
        wait_until("irssi gets desk's line in #dev", lambda: "大家好 from desk" in pane(), pane)
        wait_until("ii gets desk's line in #dev", lambda: "<desk> 大家好 from desk" in ii_out("#dev"),
                   lambda: ii_out("#dev"))
        desk.send_json(type="say", text="stretches", room="#dev", action=True)
        wait_until("irssi shows desk's action", lambda: "* desk stretches" in pane(), pane)

        plain.send("hello from nc")
        wait_until("ii gets the plain-text line in #general",
                   lambda: f"<{plain_nick}> hello from nc" in ii_out("#general"),
                   lambda: ii_out("#general"))
        irssi("/window goto #general")
        wait_until("irssi shows ii's action and the plain-text line in #general",
                   lambda: "* iiuser nods" in pane() and "hello from nc" in pane(), pane)
        irssi("reply to nc from irssi")
        wait_until("the plain-text client gets irssi's line",
                   lambda: plain.has(r"<irssiuser> reply to nc from irssi"), plain.text)
        wait_until("desk gets irssi's line in #general",
                   lambda: desk.saw("irssiuser", "reply to nc from irssi", "#general"), desk.text)
        irssi("/msg desk 私下说 from irssi")
        wait_until("desk gets irssi's private message", lambda: any(
            m.get("from") == "irssiuser" and m.get("to") == "desk" and m.get("text") ==
            "私下说 from irssi" for m in desk.messages()), desk.text)

        # A late ii in #dev gets the room's last messages (no server-time: times in the text).
        late_dir = os.path.join(work, "late")
        late = subprocess.Popen(["ii", "-s", "127.0.0.1", "-p", str(irc_port), "-n", "lateii",
                                 "-i", late_dir], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        processes.append(late)
        late_server = os.path.join(late_dir, "127.0.0.1")
        wait_until("the late ii registers", lambda: os.path.exists(os.path.join(late_server, "in")))
        with open(os.path.join(late_server, "in"), "w") as pipe:
            pipe.write("/j #dev\n")
        late_out = os.path.join(late_server, "#dev", "out")

        def late_text():
            return open(late_out, encoding="utf-8").read() if os.path.exists(late_out) else ""

        # (ii files server notices, "The last N messages:", with the server, not the channel.)
        wait_until("the late ii sees #dev's history, with the times", lambda: re.search(
            r"<irssiuser> \[\d{4}-\d\d-\d\d \d\d:\d\d\] 你好，世界 from irssi", late_text())
            and re.search(r"<desk> \[[-\d :]+\] 大家好 from desk", late_text()), late_text)

        capture = os.environ.get("QTCHAT_IRC_CAPTURE")
        if capture:
            os.makedirs(capture, exist_ok=True)
            with open(os.path.join(capture, "irssi.txt"), "w") as out:
                out.write(pane())
            for name, text in (("ii-dev.txt", ii_out("#dev")), ("ii-general.txt", ii_out("#general")),
                               ("late-ii-dev.txt", late_text())):
                with open(os.path.join(capture, name), "w") as out:
                    out.write(text)
        print("all checks passed")
        return 0
    finally:
        subprocess.run(["tmux", "-S", tmux_socket, "kill-server"], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
