#!/usr/bin/env python3
"""qtchat's fan-out benchmark: every peer, every workload, one table.

    python3 bench/run.py              build, run 3 interleaved rounds, print and save the table
    python3 bench/run.py --smoke      a 2-second check that the benchmark still works (CI)

Peers (each started fresh for every run, throttles lifted so that the servers
and not their flood limits are measured; send queue limits are lifted too, but
for slow-reader, where qtchat and InspIRCd both keep 1 MiB):
  qtchat            qtchat-server, protocol clients, history off
  qtchat+history    the same with the SQLite history on (synchronous=FULL)
  qtchat-plain      qtchat-server, plain-text clients, history off
  qtchat-plain+hist the same with the history on
  qtchat-tls        qtchat-server, protocol clients over TLS (its own self-signed EC P-256
                    certificate, not checked), history off: blast-50 and tls-handshakes only
  qtchat-irc        qtchat-server's IRC listener (--irc-port), IRC clients in one channel
                    driven exactly as InspIRCd's, history off
  inspircd          InspIRCd (Debian package inspircd), IRC clients in one channel
  seed              the tutorial's server (../shared/seed/seed_server.py), plain text
  epoll             bench/epollserver: a minimal epoll broadcast server, plain text

Workloads (names fixed so that results stay comparable):
  blast-50     50 clients each send 200 messages of 64 bytes as fast as possible
  paced-100    100 clients, 2,000 messages/s in all for 5 s
  crowd-1000   1,000 clients, 200 messages/s in all for 5 s
  idle-10k     10,000 idle clients: server memory per connection, CPU while idle
  slow-reader  paced-100 with one client that stops reading
  rooms-50x20  1,000 clients in 50 rooms of 20, each says 20 messages in its room
               (qtchat peers only): every message must reach exactly its room
  rooms-50-runs 50 separate runs of a 20-client room, each client saying 20 messages
               (one after another, on one server start): the reference for rooms-50x20
  tls-handshakes 2,000 full TLS handshakes (no resumption), 8 at a time, each on a new
               connection (qtchat-tls only)
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")

WORKLOADS = {
    "blast-50": ["--clients", "50", "--messages", "200", "--size", "64"],
    "paced-100": ["--clients", "100", "--rate", "2000", "--duration", "5", "--size", "64"],
    "crowd-1000": ["--clients", "1000", "--rate", "200", "--duration", "5", "--size", "64"],
    "idle-10k": ["--clients", "10000", "--hold", "600", "--connect-timeout", "180"],
    "slow-reader": ["--clients", "100", "--rate", "2000", "--duration", "5", "--size", "64",
                    "--slow-readers", "1"],
    # 1,000 clients in 50 rooms of 20, each saying 20 messages in its room; and
    # the same as 50 separate runs of one 20-client room (run SEPARATE_RUNS times).
    "rooms-50x20": ["--clients", "1000", "--rooms", "50", "--messages", "20", "--size", "64"],
    "rooms-50-runs": ["--clients", "20", "--messages", "20", "--size", "64"],
    "tls-handshakes": ["--handshakes", "2000", "--clients", "8"],
}
# Workloads only peers over TLS run, and the only ones they run.
TLS_WORKLOADS = {"tls-handshakes"}
TLS_PEER_WORKLOADS = {"blast-50"} | TLS_WORKLOADS
# Workloads only servers with rooms in the qtchat protocol run.
ROOM_WORKLOADS = {"rooms-50x20", "rooms-50-runs"}
# Workloads measured as this many loadgen runs one after another, added up.
SEPARATE_RUNS = {"rooms-50-runs": 50}

INSPIRCD_CONF = """
<server name="bench.invalid" description="qtchat benchmark peer" network="bench">
<admin name="bench" nick="bench" email="bench@bench.invalid">
<bind address="127.0.0.1" port="{port}" type="clients">
<connect name="main" allow="*" timeout="300" pingfreq="3600" hardsendq="{sendq}"
         softsendq="{sendq}" recvq="1048576" threshold="1000000000" commandrate="1000000000"
         fakelag="no" localmax="100000" globalmax="100000" maxchans="20" limit="100000"
         resolvehostnames="no" useident="no" maxconnwarn="no">
<performance netbuffersize="65536" somaxconn="1024" softlimit="20000" clonesonconnect="no"
             quietbursts="yes" timeskipwarn="0">
<options syntaxhints="no" announcets="no" cyclehosts="no" pingwarning="0" defaultmodes="nt">
<pid file="{dir}/inspircd.pid">
<log method="file" type="* -USERINPUT -USEROUTPUT -CONNECT -QUIT" level="default"
     target="{dir}/ircd.log">
<dns server="127.0.0.1" timeout="1">
<files motd="{dir}/motd">
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def raise_file_limit():
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass


class Peer:
    """A server to measure: started fresh for each run, stopped after it."""

    def __init__(self, name, protocol, bin_dir, tls=False):
        self.name = name
        self.protocol = protocol
        self.bin_dir = bin_dir
        self.tls = tls  # its clients connect with TLS
        self.process = None
        self.workdir = None
        self.port = None

    def command(self):
        raise NotImplementedError

    def available(self):
        return True

    def start(self, send_queue_limit=False):
        """send_queue_limit: keep a 1 MiB send queue limit (slow-reader); otherwise lift it."""
        self.send_queue_limit = send_queue_limit
        self.workdir = tempfile.mkdtemp(prefix="qtchat-bench-")
        self.port = free_port()
        self.process = subprocess.Popen(self.command(), cwd=self.cwd(), env=self.env(),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        preexec_fn=raise_file_limit)
        if not wait_for_port(self.port, self.process):
            self.stop()
            raise RuntimeError(f"{self.name} did not start")
        # The probe connection above is gone before the clients come.
        time.sleep(0.2)

    def cwd(self):
        return self.workdir

    def env(self):
        return None  # this process's own

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        self.process = None


class Qtchat(Peer):
    def __init__(self, name, protocol, bin_dir, history, tls=False):
        super().__init__(name, protocol, bin_dir, tls)
        self.history = history

    def command(self):
        command = [os.path.join(self.bin_dir, "src", "server", "qtchat-server"), "--no-gui",
                   "--host", "127.0.0.1", "--port", str(self.port), "--rate", "0",
                   "--max-clients", "0", "--max-per-ip", "0", "--ping-interval", "0",
                   "--sendq", "1048576" if self.send_queue_limit else "0",
                   # A folder of its own, also without history: the bans of
                   # whoever runs the benchmark (in their data folder) do not apply.
                   "--data-dir", self.workdir]
        if not self.history:
            command += ["--no-history"]
        return command


class QtchatIrc(Qtchat):
    """qtchat-server with the qtchat peer's options, its clients on the IRC listener:
    self.port (where the load generator connects, and what start() waits for) is
    the IRC port, the protocol port is another free one."""

    def __init__(self, name, bin_dir):
        super().__init__(name, "irc", bin_dir, history=False)

    def command(self):
        chat_port = free_port()
        while chat_port == self.port:
            chat_port = free_port()
        command = super().command()
        command[command.index("--port") + 1] = str(chat_port)
        return command + ["--irc-port", str(self.port)]

    def env(self):
        return dict(os.environ, QTCHAT_NO_MULTICAST="1")


class Epoll(Peer):
    def command(self):
        return [os.path.join(self.bin_dir, "bench", "epoll-broadcast"), str(self.port)]


class Seed(Peer):
    def available(self):
        return os.path.exists(os.path.join(SHARED, "seed", "seed_server.py"))

    def cwd(self):
        return os.path.join(SHARED, "seed")

    def command(self):
        return [sys.executable, "seed_server.py", "127.0.0.1", str(self.port)]


class InspIRCd(Peer):
    def available(self):
        return shutil.which("inspircd") is not None

    def command(self):
        with open(os.path.join(self.workdir, "inspircd.conf"), "w") as conf:
            sendq = 1048576 if self.send_queue_limit else 1 << 30
            conf.write(INSPIRCD_CONF.format(port=self.port, dir=self.workdir, sendq=sendq))
        with open(os.path.join(self.workdir, "motd"), "w") as motd:
            motd.write("benchmark\n")
        command = ["inspircd", "--nofork", "--config=" + os.path.join(self.workdir, "inspircd.conf")]
        if os.geteuid() == 0:
            command.insert(1, "--runasroot")
        return command


def make_peers(bin_dir):
    return [
        Qtchat("qtchat", "qtchat", bin_dir, history=False),
        Qtchat("qtchat+history", "qtchat", bin_dir, history=True),
        Qtchat("qtchat-plain", "plain", bin_dir, history=False),
        Qtchat("qtchat-plain+hist", "plain", bin_dir, history=True),
        # After the others, so that they run in the order they always did.
        Qtchat("qtchat-tls", "qtchat", bin_dir, history=False, tls=True),
        # The same IRC clients as InspIRCd's, right before it.
        QtchatIrc("qtchat-irc", bin_dir),
        InspIRCd("inspircd", "irc", bin_dir),
        Seed("seed", "plain", bin_dir),
        Epoll("epoll", "plain", bin_dir),
    ]


def process_stats(pid):
    """(resident memory in bytes, CPU seconds used) of a process (Linux). The CPU
    time is the scheduler's, in nanoseconds, summed over the process's threads
    (/proc/PID/task/*/schedstat): a run of a tenth of a second is measured as
    well as a long one. Where that is missing, user + system time in clock ticks."""
    with open(f"/proc/{pid}/status") as status:
        rss = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))
    try:
        total = 0
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/schedstat") as schedstat:
                    total += int(schedstat.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass  # a thread that ended meanwhile
        if total > 0:
            return rss, total / 1e9
    except OSError:
        pass
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return rss, (int(fields[11]) + int(fields[12])) / ticks


def run_loadgen(bin_dir, peer, workload, timeout):
    command = [os.path.join(bin_dir, "bench", "qtchat-loadgen"), "--protocol", peer.protocol,
               "--port", str(peer.port)] + WORKLOADS[workload] + (["--tls"] if peer.tls else [])
    # The server's own CPU time (user + system, from /proc) over the whole run.
    _, cpu_before = process_stats(peer.process.pid)
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                            preexec_fn=raise_file_limit)
    _, cpu_after = process_stats(peer.process.pid)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr.strip()
                           else f"loadgen exited with {result.returncode}")
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    if "handshakes" in measured:
        measured["cpu_us_per_handshake"] = (cpu_after - cpu_before) * 1e6 / measured["handshakes"]
    delivered = measured.get("delivered") or 0
    measured["server_cpu_seconds"] = cpu_after - cpu_before
    measured["cpu_us_per_delivery"] = ((cpu_after - cpu_before) * 1e6 / delivered
                                       if delivered else None)
    return measured


def run_idle(bin_dir, peer, timeout):
    """idle-10k: memory per connection and CPU while idle, read from the server process."""
    pid = peer.process.pid
    rss_before, _ = process_stats(pid)
    command = [os.path.join(bin_dir, "bench", "qtchat-loadgen"), "--protocol", peer.protocol,
               "--port", str(peer.port)] + WORKLOADS["idle-10k"]
    loadgen = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=raise_file_limit)
    try:
        deadline = time.time() + timeout
        line = ""
        while time.time() < deadline and not line:
            line = loadgen.stdout.readline()
            if not line and loadgen.poll() is not None:
                break
        if '"connected"' not in line:
            raise RuntimeError((loadgen.stderr.read().strip().splitlines() or ["no connection"])[-1])
        # The server may still be busy with the joins (plain-text clients join
        # after a second of silence): the joins are over, and idle starts, at
        # the start of the first second in which it used under 1% of a core
        # (looked at every 0.1 s).
        settle_start = time.time()
        samples = [(settle_start, process_stats(pid)[1])]
        settled = None
        while time.time() < deadline and settled is None:
            time.sleep(0.1)
            samples.append((time.time(), process_stats(pid)[1]))
            for start, cpu in samples:
                if samples[-1][0] - start < 1.0:
                    break
                if samples[-1][1] - cpu < 0.01:
                    settled = start - settle_start
                    break
        if settled is None:
            settled = time.time() - settle_start
        # Idle is measured once the aftermath is over too: what a server says
        # of the joins later (qtchat counts them in a presence frame every
        # 5 s in a large room), memory given back, the last kernel buffers
        # freed. It starts at the end of 6 s in a row of under 1% of a core.
        quiet_since = time.time()
        last = process_stats(pid)[1]
        while time.time() < deadline and time.time() - quiet_since < 6:
            time.sleep(1)
            now = process_stats(pid)[1]
            if now - last >= 0.01:
                quiet_since = time.time()
            last = now
        rss_after, cpu_start = process_stats(pid)
        time.sleep(5)
        _, cpu_end = process_stats(pid)
        clients = int(WORKLOADS["idle-10k"][1])
        return {"bytes_per_connection": (rss_after - rss_before) / clients,
                "connect_seconds": json.loads(line)["connect_seconds"] + settled,
                "idle_cpu_percent": (cpu_end - cpu_start) / 5 * 100,
                "lost": 0, "corrupted": 0, "out_of_order": 0}
    finally:
        loadgen.kill()
        loadgen.wait()


def run_separately(bin_dir, peer, workload, runs, timeout):
    """runs loadgen runs one after another: counts added up, deliveries per
    second over the time the runs took (each measured as loadgen measures it),
    the worst latency of any."""
    total = None
    seconds = 0.0
    for _ in range(runs):
        measured = run_loadgen(bin_dir, peer, workload, timeout)
        if measured.get("delivered") and measured.get("deliveries_per_s"):
            seconds += measured["delivered"] / measured["deliveries_per_s"]
        if total is None:
            total = measured
            continue
        for key, value in measured.items():
            if key == "latency_ms":
                total[key] = {k: max(v, total[key].get(k, 0)) for k, v in value.items()}
            elif isinstance(value, (int, float)) and key not in ("clients", "senders"):
                total[key] = (total.get(key) or 0) + value
    total["runs"] = runs
    total["deliveries_per_s"] = total["delivered"] / seconds if seconds else None
    total["cpu_us_per_delivery"] = (total["server_cpu_seconds"] * 1e6 / total["delivered"]
                                    if total.get("delivered") else None)
    return total


def run_one(bin_dir, peer, workload):
    peer.start(send_queue_limit=workload == "slow-reader")
    try:
        if workload == "idle-10k":
            return run_idle(bin_dir, peer, timeout=240)
        if workload in SEPARATE_RUNS:
            return run_separately(bin_dir, peer, workload, SEPARATE_RUNS[workload], timeout=60)
        return run_loadgen(bin_dir, peer, workload, timeout=240)
    finally:
        peer.stop()


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(results):
    """Median of the rounds for every number; the worst for losses."""
    summary = {}
    for (peer, workload), runs in results.items():
        good = [r for r in runs if "error" not in r]
        if not good:
            summary[(peer, workload)] = {"error": runs[-1]["error"]}
            continue
        entry = {}
        for key in good[0]:
            if isinstance(good[0][key], dict):
                entry[key] = {k: median([r[key][k] for r in good]) for k in good[0][key]}
            elif key in ("lost", "corrupted", "out_of_order", "misdelivered"):
                entry[key] = max(r[key] for r in good)
            elif isinstance(good[0][key], str):
                entry[key] = good[0][key]  # what TLS agreed on: the same in every round
            else:
                entry[key] = median([r[key] for r in good])
        entry["rounds"] = len(good)
        summary[(peer, workload)] = entry
    return summary


def cell(entry, workload):
    if entry is None:
        return "—"
    if "error" in entry:
        return "failed: " + entry["error"][:40]
    damage = []
    for key, label in (("lost", "lost"), ("corrupted", "corrupt"), ("out_of_order", "reordered"),
                       ("misdelivered", "misdelivered")):
        if entry.get(key):
            damage.append(f"{int(entry[key])} {label}")
    if workload in TLS_WORKLOADS:
        return (f"{entry['handshakes_per_s']:,.0f} handshakes/s, "
                f"{entry['cpu_us_per_handshake']:.0f} µs server CPU each")
    if workload == "blast-50" or workload in ROOM_WORKLOADS:
        text = f"{entry['deliveries_per_s'] / 1000:,.0f} k/s"
        if entry.get("cpu_us_per_delivery") is not None:
            text += f", {entry['cpu_us_per_delivery']:.2f} µs CPU/delivery"
    elif workload == "idle-10k":
        text = (f"{entry['bytes_per_connection'] / 1024:.1f} KiB/conn, "
                f"{entry['idle_cpu_percent']:.1f}% CPU (all joined in "
                f"{entry['connect_seconds']:.1f} s)")
    else:
        latency = entry["latency_ms"]
        text = f"p50 {latency['p50']:.2f} / p99 {latency['p99']:.2f} / max {latency['max']:.1f} ms"
        if entry.get("cpu_us_per_delivery") is not None:
            text += f", {entry['cpu_us_per_delivery']:.2f} µs CPU/delivery"
        if workload == "slow-reader":
            text += ", slow reader " + ("dropped" if entry.get("closed_slow_readers") else "kept")
    if damage:
        text += " — " + ", ".join(damage)
    return text


def table(summary, peers, workloads):
    lines = ["| peer | " + " | ".join(workloads) + " |",
             "|---|" + "---|" * len(workloads)]
    for peer in peers:
        row = [cell(summary.get((peer, w)), w) for w in workloads]
        lines.append(f"| {peer} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def ratios(summary):
    """The issue's targets, each as a ratio measured in this run."""
    def get(peer, workload, *path):
        entry = summary.get((peer, workload))
        if not entry or "error" in entry:
            return None
        value = entry
        for key in path:
            value = value[key]
        return value

    lines = []

    def ratio(label, a, b, want, higher_is_better=True):
        if a is None or b is None or b == 0:
            lines.append(f"- {label}: not measured")
            return
        value = a / b
        ok = value >= want if higher_is_better else value <= want
        lines.append(f"- {label}: {value:.2f} ({'met' if ok else 'NOT met'}, target "
                     f"{'≥' if higher_is_better else '≤'} {want})")

    blast = lambda p: get(p, "blast-50", "deliveries_per_s")
    p99 = lambda p, w: get(p, w, "latency_ms", "p99")
    ratio("blast-50 deliveries/s, qtchat ÷ inspircd", blast("qtchat"), blast("inspircd"), 1.0)
    ratio("blast-50 deliveries/s, qtchat ÷ epoll", blast("qtchat"), blast("epoll"), 0.75)
    ratio("paced-100 p99, qtchat ÷ inspircd", p99("qtchat", "paced-100"),
          p99("inspircd", "paced-100"), 1.0, higher_is_better=False)
    ratio("crowd-1000 p99, qtchat ÷ inspircd", p99("qtchat", "crowd-1000"),
          p99("inspircd", "crowd-1000"), 1.0, higher_is_better=False)
    # The same IRC clients, channel and workload on both.
    ratio("blast-50 deliveries/s, qtchat-irc ÷ inspircd (both IRC)", blast("qtchat-irc"),
          blast("inspircd"), 1.0)
    ratio("paced-100 p99, qtchat-irc ÷ inspircd (both IRC)", p99("qtchat-irc", "paced-100"),
          p99("inspircd", "paced-100"), 1.0, higher_is_better=False)
    ratio("paced-100 p99, qtchat ÷ epoll", p99("qtchat", "paced-100"), p99("epoll", "paced-100"),
          2.0, higher_is_better=False)
    ratio("blast-50 deliveries/s, qtchat+history ÷ qtchat", blast("qtchat+history"),
          blast("qtchat"), 0.8)
    cpu = lambda p: get(p, "blast-50", "cpu_us_per_delivery")
    ratio("blast-50 server CPU per delivery, qtchat ÷ epoll", cpu("qtchat"), cpu("epoll"), 1.2,
          higher_is_better=False)
    # The epoll reference speaks plain text, whose lines are half as long as
    # protocol frames: the same wire format compared as well.
    ratio("blast-50 deliveries/s, qtchat-plain ÷ epoll (both plain text)", blast("qtchat-plain"),
          blast("epoll"), 1.0)
    ratio("blast-50 server CPU per delivery, qtchat-plain ÷ epoll (both plain text)",
          cpu("qtchat-plain"), cpu("epoll"), 1.2, higher_is_better=False)
    rooms = lambda p, w: get(p, w, "deliveries_per_s")
    ratio("rooms-50x20 deliveries/s ÷ 50 separate 20-client runs' (rooms-50-runs), qtchat",
          rooms("qtchat", "rooms-50x20"), rooms("qtchat", "rooms-50-runs"), 0.9)
    ratio("rooms-50x20 deliveries/s ÷ rooms-50-runs', qtchat+history",
          rooms("qtchat+history", "rooms-50x20"), rooms("qtchat+history", "rooms-50-runs"), 0.9)
    ratio("slow-reader p99 ÷ paced-100 p99 (qtchat)", p99("qtchat", "slow-reader"),
          p99("qtchat", "paced-100"), 1.5, higher_is_better=False)
    ratio("blast-50 deliveries/s, qtchat-tls ÷ qtchat (every client on TLS)",
          blast("qtchat-tls"), blast("qtchat"), 0.5)
    tls_cpu, plain_cpu = cpu("qtchat-tls"), cpu("qtchat")
    if tls_cpu is not None and plain_cpu:
        lines.append(f"- blast-50 server CPU per delivery, qtchat-tls ÷ qtchat: "
                     f"{tls_cpu / plain_cpu:.2f} (no target)")
    for workload in ("blast-50", "tls-handshakes"):
        agreed = get("qtchat-tls", workload, "tls")
        if agreed:
            lines.append(f"- qtchat-tls: the connections agreed on {agreed}")
            break
    slow = summary.get(("qtchat", "slow-reader"))
    if slow and "error" not in slow:
        dropped = bool(slow.get("closed_slow_readers"))
        lines.append(f"- slow-reader, qtchat: the client that stopped reading was "
                     f"{'dropped (met)' if dropped else 'kept (NOT met)'}")
    idle = summary.get(("qtchat", "idle-10k"))
    if idle and "error" not in idle:
        per = idle["bytes_per_connection"] / 1024
        cpu = idle["idle_cpu_percent"]
        joined = idle["connect_seconds"]
        lines.append(f"- idle-10k, qtchat: {per:.1f} KiB per connection "
                     f"({'met' if per <= 8 else 'NOT met'}, target ≤ 8), {cpu:.2f}% of a core "
                     f"({'met' if cpu < 2 else 'NOT met'}, target < 2), all joined in "
                     f"{joined:.1f} s ({'met' if joined <= 3 else 'NOT met'}, target ≤ 3)")
    clean = all(not summary[k].get("lost") and not summary[k].get("corrupted")
                and not summary[k].get("out_of_order") and not summary[k].get("misdelivered")
                for k in summary if k[0].startswith("qtchat") and "error" not in summary[k])
    lines.append(f"- qtchat lost, corrupted, reordered or misdelivered nothing: "
                 f"{'met' if clean else 'NOT met'}")
    return "\n".join(lines)


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        with open("/proc/meminfo") as info:
            memory = int(info.readline().split()[1]) // (1024 * 1024)
    except OSError:
        memory = 0
    inspircd = subprocess.run(["inspircd", "--version"], capture_output=True, text=True).stdout \
        .strip() if shutil.which("inspircd") else "not installed"
    return (f"{cpu}, {os.cpu_count()} cores, {memory} GiB, {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}; {inspircd}")


def build(bin_dir):
    subprocess.run(["cmake", "-S", ROOT, "-B", bin_dir, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DQTCHAT_BUILD_TESTS=OFF", "-DQTCHAT_BUILD_BENCH=ON"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", bin_dir, "--parallel", str(os.cpu_count() or 2)],
                   check=True, stdout=subprocess.DEVNULL)


def smoke(bin_dir):
    """About two seconds: qtchat in both modes, over TLS, on its IRC listener and in
    rooms, and the epoll reference, small loads, no damage."""
    peers = [Qtchat("qtchat", "qtchat", bin_dir, history=False),
             Qtchat("qtchat-plain+hist", "plain", bin_dir, history=True),
             Qtchat("qtchat-tls", "qtchat", bin_dir, history=False, tls=True),
             QtchatIrc("qtchat-irc", bin_dir),
             Epoll("epoll", "plain", bin_dir)]
    failures = []
    for peer in peers:
        peer.start()
        try:
            command = [os.path.join(bin_dir, "bench", "qtchat-loadgen"), "--protocol",
                       peer.protocol, "--port", str(peer.port), "--clients", "10", "--messages",
                       "50", "--drain-timeout", "2"] + (["--tls"] if peer.tls else [])
            result = json.loads(subprocess.run(command, capture_output=True, text=True,
                                               check=True, timeout=60).stdout.splitlines()[-1])
            print(f"{peer.name}: {result}")
            if result["lost"] or result["corrupted"] or result["out_of_order"] \
                    or result["delivered"] != result["expected"]:
                failures.append(peer.name)
        finally:
            peer.stop()
    # Rooms: every message reaches exactly its room.
    peer = Qtchat("qtchat", "qtchat", bin_dir, history=False)
    peer.start()
    try:
        command = [os.path.join(bin_dir, "bench", "qtchat-loadgen"), "--protocol", "qtchat",
                   "--port", str(peer.port), "--clients", "20", "--rooms", "4", "--messages",
                   "10", "--drain-timeout", "2"]
        result = json.loads(subprocess.run(command, capture_output=True, text=True,
                                           check=True, timeout=60).stdout.splitlines()[-1])
        print(f"qtchat in 4 rooms: {result}")
        if result["lost"] or result["misdelivered"] or result["delivered"] != result["expected"]:
            failures.append("qtchat in 4 rooms")
    finally:
        peer.stop()
    if failures:
        print("smoke test failed for: " + ", ".join(failures))
        return 1
    print("smoke test passed")
    return 0


def command_options(args):
    """The options this run was given, as typed."""
    options = ""
    for name in ("bin_dir", "rounds", "peers", "workloads"):
        value = getattr(args, name)
        if value is not None and not (name == "rounds" and value == 3):
            options += f" --{name.replace('_', '-')} {value}"
    return options


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin-dir", help="an existing build folder (default: build one in "
                                          "build/bench-release)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--peers", help="comma-separated subset of peers")
    parser.add_argument("--workloads", help="comma-separated subset of workloads")
    parser.add_argument("--smoke", action="store_true", help="quick check for CI")
    args = parser.parse_args()

    raise_file_limit()
    bin_dir = os.path.abspath(args.bin_dir) if args.bin_dir else None
    if not bin_dir:
        bin_dir = os.path.join(ROOT, "build", "bench-release")
        print(f"building in {bin_dir} ...", flush=True)
        build(bin_dir)
    if args.smoke:
        return smoke(bin_dir)

    peers = [p for p in make_peers(bin_dir)
             if not args.peers or p.name in args.peers.split(",")]
    skipped = [p.name for p in peers if not p.available()]
    peers = [p for p in peers if p.available()]
    workloads = [w for w in WORKLOADS if not args.workloads or w in args.workloads.split(",")]
    if skipped:
        print("not available, left out: " + ", ".join(skipped), flush=True)

    results = {}
    started = time.time()
    for round_number in range(1, args.rounds + 1):
        for workload in workloads:
            for peer in peers:
                if workload in ROOM_WORKLOADS and peer.protocol != "qtchat":
                    continue
                if (peer.tls and workload not in TLS_PEER_WORKLOADS) or (
                        not peer.tls and workload in TLS_WORKLOADS):
                    continue
                label = f"round {round_number}/{args.rounds}: {workload} on {peer.name}"
                print(label + " ...", end=" ", flush=True)
                try:
                    result = run_one(bin_dir, peer, workload)
                    print(cell(summarize({(peer.name, workload): [result]})[(peer.name, workload)],
                               workload), flush=True)
                except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError,
                        OSError) as error:
                    result = {"error": str(error) or type(error).__name__}
                    print("failed: " + result["error"], flush=True)
                results.setdefault((peer.name, workload), []).append(result)

    summary = summarize(results)
    names = [p.name for p in peers]
    now = datetime.datetime.now()
    report = "\n".join([
        f"# qtchat fan-out benchmark, {now:%Y-%m-%d %H:%M}",
        "",
        f"Machine: {machine()}.",
        f"Command: `python3 bench/run.py{command_options(args)}` ({args.rounds} interleaved "
        f"rounds, medians; "
        f"losses are the worst round; {time.time() - started:.0f} s).",
        "",
        "blast-50, rooms-50x20, rooms-50-runs: deliveries per second. paced-100, crowd-1000, "
        "slow-reader: end-to-end latency. idle-10k: server memory per connection and CPU while "
        "idle. tls-handshakes: full TLS handshakes per second (EC P-256).",
        "",
        table(summary, names, workloads),
        "",
        "Targets:",
        ratios(summary),
        "",
    ])
    print()
    print(report)
    results_dir = os.path.join(ROOT, "bench", "results")
    os.makedirs(results_dir, exist_ok=True)
    for name in (f"{now:%Y-%m-%d-%H%M}.md", "latest.md"):
        with open(os.path.join(results_dir, name), "w") as out:
            out.write(report)
    with open(os.path.join(results_dir, f"{now:%Y-%m-%d-%H%M}.json"), "w") as out:
        json.dump({f"{p}|{w}": runs for (p, w), runs in results.items()}, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
