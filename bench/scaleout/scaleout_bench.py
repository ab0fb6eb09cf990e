#!/usr/bin/env python3
"""Scale-out at market rates (issue 22, item 2): `tripline route` + N `tripline run` engines on
P price partitions, fed by a paced producer, with one engine and the router each SIGKILLed once
and restarted; measures the consumer lag (in seconds) around each kill and checks that the
committed signals equal `tripline backtest` of the same input, byte for byte.

  bench/scaleout/scaleout_bench.py [--rate 100000] [--seconds 300] [--partitions 12] \\
      [--engines 3] [--kill-engine-at 0.3] [--kill-router-at 0.65] [--restart-after 2] \\
      [--static] [--set KEY=VALUE ...] [--producer PROP=VALUE ...] [--workdir DIR]
  # a short try while developing:
  bench/scaleout/scaleout_bench.py --rate 20000 --seconds 30

What a run does:
  - the input: `tripline_gen day` with --rate x --seconds events (--instruments, --seed,
    --headline-fraction), produced by `tripline_gen produce` (C++, librdkafka, idempotent,
    murmur2 keys) paced at --rate msg/s in replay order: headlines unkeyed to a 1-partition news
    topic, prices keyed by symbol to the P-partition price topic;
  - the topology of docs/operations.md, "Scale-out": one router (news -> routed topic, P
    partitions), N engines in one group (range assignor, `topics.headlines.routed = true`,
    `partition.idle.ms = 0`), exactly-once, the 200-rule benchmark pack (bench/packs/bench-200);
  - every --sample s: the inputs' high watermarks and both groups' committed offsets (the
    broker's consumer-group offsets, one ListOffsets and one OffsetFetch per group), the CPU
    time of every process (/proc/PID/stat: producer, broker, router, engines) and the load
    average. A group's time lag on a partition is now minus the time its high watermark first
    passed the group's committed offset (when the oldest uncommitted message arrived, to one
    sample); the group's lag is the largest over its partitions: the engines' on the prices
    (which wait for the routed headlines, so a stalled router shows there too), the router's
    on the news topic;
  - at --kill-engine-at x --seconds, SIGKILL engine-2 and start it again --restart-after s
    later (same config, same transactional.id: the restarted instance fences the dead one);
    at --kill-router-at x --seconds the same for the router;
  - per kill: the peak lag after it and the time from the kill until the lag is back under 1 s
    (engines' and router's), and the steady lag outside the kills;
  - once the producer is done and every input is committed, everything is stopped (SIGTERM),
    the signals topic is read (read_committed) and compared with `tripline backtest` of the
    same files: the same signal ids, each once, each byte-identical (several engines share the
    signals partition, so the interleaving across instruments differs from the backtest's;
    the order per instrument is checked too).

Prints one JSON summary (and writes DIR/summary.json, DIR/samples.csv, the processes' logs).
Needs confluent_kafka and a broker (TRIPLINE_KAFKA_BOOTSTRAP or --bootstrap; the broker's pid
for its CPU from deploy/kafka/run/pid or --broker-pid).
"""

import argparse
import bisect
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from confluent_kafka import Consumer, ConsumerGroupTopicPartitions, KafkaError, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic, OffsetSpec

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(SRC, "bench"))
from engine_config import write_engine_config  # noqa: E402
TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_seconds(pid):
    """utime + stime of a live process, in seconds (None once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError):
        return None


class Bench:
    def __init__(self, a):
        self.a = a
        self.dir = a.workdir
        p = f"scaleout-{os.getpid()}-{int(time.time()) % 100000}"
        self.news, self.routed, self.prices = p + ".news", p + ".routed", p + ".prices"
        self.signals, self.dlq, self.group = p + ".signals", p + ".dlq", p + ".group"
        self.route_group = self.group + ".route"
        self.admin = AdminClient({"bootstrap.servers": a.bootstrap})
        self.procs = {}  # name -> Popen (the current instance)
        self.cpu = {}  # name -> CPU seconds of the instances that ended
        self.hw_hist = {}  # (topic, partition) -> ([times], [high watermarks])
        self.samples = []
        self.events = []  # (t, what)

    # -- input ------------------------------------------------------------------------------
    def make_day(self):
        n = int(self.a.rate * self.a.seconds)
        tag = f"{n}-{self.a.instruments}-{self.a.seed}-{self.a.headline_fraction}"
        data = self.a.data or os.path.join(SRC, "bench/data")
        os.makedirs(data, exist_ok=True)
        self.h = os.path.join(data, f"scaleout-{tag}.h.jsonl")
        self.p = os.path.join(data, f"scaleout-{tag}.p.jsonl")
        if not (os.path.exists(self.h) and os.path.exists(self.p)):
            subprocess.run([self.a.gen, "day", "--events", str(n), "--instruments",
                            str(self.a.instruments), "--seed", str(self.a.seed),
                            "--headline-fraction", str(self.a.headline_fraction),
                            "--headlines", self.h, "--prices", self.p], check=True)
        self.messages = sum(1 for _ in open(self.h)) + sum(1 for _ in open(self.p))

    # -- topics, processes ------------------------------------------------------------------
    def create_topics(self):
        P = self.a.partitions
        topics = [NewTopic(self.news, 1, 1), NewTopic(self.routed, P, 1),
                  NewTopic(self.prices, P, 1), NewTopic(self.signals, 1, 1),
                  NewTopic(self.dlq, 1, 1)]
        for f in self.admin.create_topics(topics).values():
            f.result()

    def delete_topics(self):
        fs = self.admin.delete_topics([self.news, self.routed, self.prices, self.signals,
                                       self.dlq])
        for f in fs.values():
            try:
                f.result()
            except Exception:  # noqa: BLE001 - best effort
                pass

    def config(self, name, router):
        path = os.path.join(self.dir, name + ".conf")
        lines = [
            f"kafka.bootstrap.servers = {self.a.bootstrap}",
            f"kafka.client.id = {name}",
            f"group.id = {self.group}",
            f"transactional.id = {self.group}-{name}",
            f"topics.headlines = {self.news if router else self.routed}",
            f"topics.prices = {self.prices}",
            f"topics.signals = {self.signals}",
            f"topics.dlq = {self.dlq}",
            f"rules = {self.a.pack}",
            "consumer.partition.assignment.strategy = range",
        ]
        if self.a.static:
            # Static membership: an instance restarted within the session timeout takes its
            # own place back, no rebalance (the router's id gets ".route" appended).
            lines.append(f"consumer.group.instance.id = {name}")
        if router:
            lines.append("admin.listen = off")
        else:
            self.ports[name] = free_port()
            lines += [f"admin.listen = 127.0.0.1:{self.ports[name]}",
                      "topics.headlines.routed = true", "partition.idle.ms = 0"]
        return write_engine_config(path, lines, self.a.set)

    def start(self, name):
        log = open(os.path.join(self.dir, name + ".log"), "a")
        if name == "router":
            argv = [self.a.tripline, "route", "--config", self.configs[name], "--to",
                    self.routed, "--admin", "off"]
        else:
            argv = [self.a.tripline, "run", "--config", self.configs[name]]
        self.procs[name] = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)

    def kill(self, name):
        p = self.procs[name]
        used = cpu_seconds(p.pid)
        p.send_signal(signal.SIGKILL)
        p.wait()
        self.cpu[name] = self.cpu.get(name, 0) + (used or 0)

    def members_owning(self, group):
        try:
            g = self.admin.describe_consumer_groups([group])[group].result(10)
        except Exception:  # noqa: BLE001 - rebalancing
            return 0
        return sum(1 for m in g.members if m.assignment and m.assignment.topic_partitions)

    # -- offsets ----------------------------------------------------------------------------
    def input_partitions(self):
        return [(self.news, 0)] + [(self.prices, i) for i in range(self.a.partitions)]

    def high_watermarks(self):
        req = {TopicPartition(t, p): OffsetSpec.latest() for t, p in self.input_partitions()}
        out = {}
        for tp, f in self.admin.list_offsets(req, request_timeout=10).items():
            out[(tp.topic, tp.partition)] = f.result().offset
        return out

    def committed(self, group, parts):
        req = [ConsumerGroupTopicPartitions(group, [TopicPartition(t, p) for t, p in parts])]
        res = self.admin.list_consumer_group_offsets(req)[group].result()
        return {(tp.topic, tp.partition): tp.offset for tp in res.topic_partitions}

    def time_lag(self, committed, hw, t):
        """Seconds since the oldest uncommitted message arrived, over `committed`'s
        partitions (0 when all is committed)."""
        lag = 0.0
        for key, c in committed.items():
            c = max(c, 0)
            if c >= hw.get(key, 0):
                continue
            times, hws = self.hw_hist[key]
            i = bisect.bisect_right(hws, c)  # first sample whose high watermark passed c
            arrived = times[i] if i < len(times) else t
            lag = max(lag, t - arrived)
        return lag

    # -- the run ----------------------------------------------------------------------------
    def go(self):
        a = self.a
        self.make_day()
        self.create_topics()
        self.ports = {}
        names = ["router"] + [f"engine-{i + 1}" for i in range(a.engines)]
        self.configs = {n: self.config(n, n == "router") for n in names}
        for n in names:
            self.start(n)
        deadline = time.time() + 120
        while time.time() < deadline and (
                self.members_owning(self.group) < min(a.engines, a.partitions)
                or self.members_owning(self.route_group) < 1):
            time.sleep(0.5)
        producer_log = open(os.path.join(self.dir, "producer.log"), "w")
        argv = [a.gen, "produce", "--bootstrap", a.bootstrap, "--headlines", self.h, "--prices",
                self.p, "--rate", str(a.rate), "--headline-topic", self.news, "--price-topic",
                self.prices]
        for kv in a.producer:
            argv += ["--kafka", kv]
        t0 = time.time()
        producer = subprocess.Popen(argv, stdout=producer_log, stderr=subprocess.STDOUT)
        broker_cpu0 = cpu_seconds(a.broker_pid) if a.broker_pid else None
        cpu0 = {n: cpu_seconds(p.pid) or 0 for n, p in self.procs.items()}
        kills = [(a.kill_engine_at * a.seconds, "engine-2" if a.engines > 1 else "engine-1"),
                 (a.kill_router_at * a.seconds, "router")]
        kills = [k for k in kills if k[0] >= 0]
        kills.sort()
        restarts = []
        engine_parts = [(self.prices, i) for i in range(a.partitions)]
        producer_done = None
        drained_at = None
        producer_cpu = 0.0
        while True:
            t = time.time() - t0
            while kills and t >= kills[0][0]:
                _, victim = kills.pop(0)
                self.kill(victim)
                self.events.append((t, f"SIGKILL {victim}"))
                restarts.append((t + a.restart_after, victim))
            while restarts and t >= restarts[0][0]:
                _, victim = restarts.pop(0)
                self.start(victim)
                self.events.append((t, f"restart {victim}"))
            try:
                hw = self.high_watermarks()
                ts = time.time() - t0
                for key, off in hw.items():
                    times, hws = self.hw_hist.setdefault(key, ([], []))
                    if not hws or off > hws[-1]:
                        times.append(ts)
                        hws.append(off)
                ce = self.committed(self.group, engine_parts)
                cr = self.committed(self.route_group, [(self.news, 0)])
            except Exception as e:  # noqa: BLE001 - a slow broker: skip the sample
                print(f"sample skipped: {e}", file=sys.stderr)
                time.sleep(a.sample)
                continue
            pc = cpu_seconds(producer.pid)
            if pc is not None:
                producer_cpu = pc
            self.samples.append({
                "t": round(ts, 3),
                "produced": sum(hw.values()),
                "engines_lag_msgs": sum(max(0, hw[k] - max(c, 0)) for k, c in ce.items()),
                "engines_lag_s": round(self.time_lag(ce, hw, ts), 3),
                "router_lag_msgs": sum(max(0, hw[k] - max(c, 0)) for k, c in cr.items()),
                "router_lag_s": round(self.time_lag(cr, hw, ts), 3),
                "load1": os.getloadavg()[0],
            })
            if producer_done is None and producer.poll() is not None:
                producer_done = ts
                self.events.append((ts, "producer done"))
            if producer_done is not None and not kills and not restarts:
                s = self.samples[-1]
                if s["engines_lag_msgs"] == 0 and s["router_lag_msgs"] == 0:
                    drained_at = ts
                    break
                if ts > producer_done + a.drain_timeout:
                    break
            time.sleep(max(0.0, a.sample - (time.time() - t0 - t)))
        t_end = time.time() - t0
        for n, p in self.procs.items():
            c = cpu_seconds(p.pid)
            self.cpu[n] = self.cpu.get(n, 0) + (c or 0) - cpu0.get(n, 0)
        broker_cpu = (cpu_seconds(a.broker_pid) - broker_cpu0) if broker_cpu0 is not None else None
        # Stop: the router first (its input is all committed), then the engines.
        for n in names:
            self.procs[n].send_signal(signal.SIGTERM)
            try:
                self.procs[n].wait(120)
            except subprocess.TimeoutExpired:
                self.procs[n].kill()
        producer.wait()
        produced_line = open(os.path.join(self.dir, "producer.log")).read().strip()
        identical, detail = self.compare()
        if not a.keep_topics:
            self.delete_topics()
        run_s = producer_done or t_end
        return self.summary(kills_at=[e for e in self.events if e[1].startswith("SIGKILL")],
                            run_s=run_s, t_end=t_end, drained_at=drained_at,
                            cpu={**{n: round(c / t_end, 3) for n, c in self.cpu.items()},
                                 "producer": round(producer_cpu / t_end, 3),
                                 "broker": round(broker_cpu / t_end, 3) if broker_cpu else None},
                            produced_line=produced_line, identical=identical, detail=detail)

    def recovery(self, t_kill, key, until):
        return recovery(self.samples, t_kill, key, until)

    def summary(self, kills_at, run_s, t_end, drained_at, cpu, produced_line, identical, detail):
        a = self.a
        with open(os.path.join(self.dir, "samples.csv"), "w") as f:
            keys = list(self.samples[0].keys())
            f.write(",".join(keys) + "\n")
            for s in self.samples:
                f.write(",".join(str(s[k]) for k in keys) + "\n")
        kills, steady = analyse(self.samples, kills_at, run_s, t_end)
        produced = self.samples[-1]["produced"] if self.samples else 0
        out = {
            "rate_target": a.rate, "seconds": a.seconds, "partitions": a.partitions,
            "engines": a.engines, "messages": self.messages, "produced": produced,
            "producer": produced_line,
            "rate_achieved": round(produced / run_s) if run_s else None,
            "input_s": round(run_s, 1), "drained_at_s": drained_at,
            "kills": kills,
            **steady,
            "cpu_cores": cpu,
            "load_avg_median": statistics.median([s["load1"] for s in self.samples]),
            "load_avg_end": os.getloadavg(),
            "byte_identical": identical, **detail,
            "set": a.set, "static": a.static, "producer_props": a.producer,
            "workdir": self.dir,
        }
        with open(os.path.join(self.dir, "summary.json"), "w") as f:
            json.dump(out, f, indent=1)
        return out

    # -- signals against the backtest -------------------------------------------------------
    def read_signals(self):
        c = Consumer({"bootstrap.servers": self.a.bootstrap, "group.id": self.group + ".reader",
                      "isolation.level": "read_committed", "enable.auto.commit": False,
                      "enable.partition.eof": True})
        c.assign([TopicPartition(self.signals, 0, 0)])
        out = []
        deadline = time.time() + 120
        while time.time() < deadline:
            m = c.poll(1.0)
            if m is None:
                continue
            if m.error():
                if m.error().code() == KafkaError._PARTITION_EOF:
                    break
                continue
            out.append(m.value().decode())
        c.close()
        return out

    def compare(self):
        live = self.read_signals()
        ref_path = os.path.join(self.dir, "backtest.jsonl")
        subprocess.run([self.a.tripline, "backtest", "--quiet", "--headlines", self.h,
                        "--prices", self.p, "--rules", self.a.pack, "--out", ref_path],
                       check=True)
        ref = [x.rstrip("\n") for x in open(ref_path) if x.strip()]
        with open(os.path.join(self.dir, "live.jsonl"), "w") as f:
            f.write("".join(x + "\n" for x in live))

        def by_instrument(lines):
            per = {}
            for x in lines:
                per.setdefault(json.loads(x)["instrument"], []).append(x)
            return per

        ids = [json.loads(x)["signal_id"] for x in live]
        doubled = len(ids) - len(set(ids))
        same = sorted(live) == sorted(ref)
        order = by_instrument(live) == by_instrument(ref)
        return same and order and doubled == 0, {
            "signals": len(live), "backtest_signals": len(ref), "doubled": doubled,
            "missing": len(set(ref) - set(live)), "extra": len(set(live) - set(ref)),
            "order_per_instrument_equal": order}


def recovery(samples, t_kill, key, until):
    """Peak lag after the kill and seconds from the kill until back under 1 s (after having
    been over it; 0 when it never was), within `until`."""
    after = [s for s in samples if t_kill <= s["t"] < until]
    peak = max((s[key] for s in after), default=None)
    over = False
    for s in after:
        if s[key] >= 1.0:
            over = True
        elif over:
            return peak, round(s["t"] - t_kill, 2)
    return peak, (0.0 if not over else None)


def analyse(samples, kills_at, run_s, t_end, startup=30.0, window=30.0):
    """Per kill: the peak lag and the recovery under 1 s within `window` s of it (or until the
    next kill). Steady: the samples while input flowed after the first `startup` s (the day
    opens with a burst of headlines) and outside [kill - 1, kill + window]: the median and
    max lag, and the seconds spent over 1 s there."""
    kills = []
    times = [t for t, _ in kills_at] + [t_end]
    for i, (t, what) in enumerate(kills_at):
        until = min(times[i + 1], t + window)
        e_peak, e_back = recovery(samples, t, "engines_lag_s", until)
        r_peak, r_back = recovery(samples, t, "router_lag_s", until)
        kills.append({"at_s": round(t, 1), "what": what,
                      "engines_peak_lag_s": e_peak, "engines_lag_under_1s_after_s": e_back,
                      "router_peak_lag_s": r_peak, "router_lag_under_1s_after_s": r_back})
    steady = [s for s in samples if startup < s["t"] < run_s and
              all(not (t - 1 <= s["t"] <= t + window) for t, _ in kills_at)]
    dt = statistics.median([b["t"] - a["t"] for a, b in zip(samples, samples[1:])] or [0])
    first_ok = next((s["t"] for s in samples if s["t"] > 5 and s["engines_lag_s"] < 1.0
                     and s["router_lag_s"] < 1.0), None)
    return kills, {
        "startup_lag_under_1s_at_s": first_ok,
        "steady_engines_lag_s_median": statistics.median(
            [s["engines_lag_s"] for s in steady]) if steady else None,
        "steady_engines_lag_s_max": max((s["engines_lag_s"] for s in steady), default=None),
        "steady_router_lag_s_max": max((s["router_lag_s"] for s in steady), default=None),
        "steady_s_with_engines_lag_over_1s": round(
            dt * sum(1 for s in steady if s["engines_lag_s"] >= 1.0), 1),
        "steady_s": round(dt * len(steady), 1)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bootstrap", default=os.environ.get("TRIPLINE_KAFKA_BOOTSTRAP"))
    ap.add_argument("--tripline", default=os.path.join(SRC, "build/release/app/cli/tripline"))
    ap.add_argument("--gen", default=os.path.join(SRC, "build/release/bench/gen/tripline_gen"))
    ap.add_argument("--pack", default=os.path.join(SRC, "bench/packs/bench-200"))
    ap.add_argument("--rate", type=float, default=100000, help="input messages per second")
    ap.add_argument("--seconds", type=float, default=300, help="seconds of input")
    ap.add_argument("--partitions", type=int, default=12, help="price (and routed) partitions")
    ap.add_argument("--engines", type=int, default=3)
    ap.add_argument("--instruments", type=int, default=500)
    ap.add_argument("--headline-fraction", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--kill-engine-at", type=float, default=0.3,
                    help="fraction of --seconds (negative: no kill)")
    ap.add_argument("--kill-router-at", type=float, default=0.65,
                    help="fraction of --seconds (negative: no kill)")
    ap.add_argument("--restart-after", type=float, default=2.0, help="s from kill to restart")
    ap.add_argument("--static", action="store_true",
                    help="static group membership (consumer.group.instance.id per instance)")
    ap.add_argument("--sample", type=float, default=0.25, help="s between samples")
    ap.add_argument("--drain-timeout", type=float, default=300)
    ap.add_argument("--set", action="append", default=[], help="router and engine KEY=VALUE")
    ap.add_argument("--producer", action="append", default=[],
                    help="librdkafka PROP=VALUE for the producer")
    ap.add_argument("--broker-pid", type=int, default=None)
    ap.add_argument("--data", default=None, help="where the generated day is kept")
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--keep-topics", action="store_true")
    a = ap.parse_args()
    if not a.bootstrap:
        sys.exit("scaleout_bench: --bootstrap or TRIPLINE_KAFKA_BOOTSTRAP")
    if a.broker_pid is None:
        try:
            a.broker_pid = int(open(os.path.join(SRC, "deploy/kafka/run/pid")).read())
        except (OSError, ValueError):
            pass
    a.workdir = a.workdir or tempfile.mkdtemp(prefix="tripline-scaleout-")
    os.makedirs(a.workdir, exist_ok=True)
    print(json.dumps(Bench(a).go()), flush=True)


if __name__ == "__main__":
    main()
