#!/usr/bin/env python3
"""Replay throughput and peak memory of `tripline backtest` over a generated day, side by side
with the bare simdjson parse of the same files (bare_parse: the practical limit), and the two
peers (bench/peers) over the same files and rules, all in one run so that ratios are taken
between figures measured under the same machine load.

  replay_bench.py --build build/release --events 1000000 [--runs 3] [--peers]
                  [--data bench/data] [--instruments 1000] [--seed 1] [--json OUT]

The day is generated once per (events, instruments, seed) into DATA/day-EVENTS-.../ (git-
ignored) with bench/scenarios/h20-guidance.yaml. Each figure is the median of --runs runs;
peak memory is the maximum resident set size reported by /usr/bin/time -v. Throughput counts
the engine's own timer (events decoded and evaluated per second, process start and rule
compilation excluded; the process wall time is reported beside it).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time -v; returns (stdout, stderr, peak_rss_kib, wall_s)."""
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, capture_output=True, text=True)
    wall = time.monotonic() - start
    if p.returncode != 0:
        sys.stderr.write(p.stderr[-4000:])
        raise SystemExit(f"replay_bench: failed ({p.returncode}): {' '.join(cmd)}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return p.stdout, p.stderr, int(m.group(1)) if m else -1, wall


def generate(build, args):
    d = os.path.join(args.data, f"day-{args.events}-i{args.instruments}-s{args.seed}")
    h, p = os.path.join(d, "headlines.jsonl"), os.path.join(d, "prices.jsonl")
    if not (os.path.exists(h) and os.path.exists(p) and os.path.exists(os.path.join(d, ".done"))):
        os.makedirs(d, exist_ok=True)
        cmd = [os.path.join(build, "bench/gen/tripline_gen"), "day", "--events", str(args.events),
               "--instruments", str(args.instruments), "--watched", "25", "--seed", str(args.seed),
               "--scenario", os.path.join(ROOT, "bench/scenarios/h20-guidance.yaml"),
               "--headlines", h, "--prices", p, "--stories", os.path.join(d, "stories.jsonl")]
        subprocess.run(cmd, check=True)
        open(os.path.join(d, ".done"), "w").close()
    return d, h, p


def median_of(runs, key):
    return statistics.median(r[key] for r in runs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build/release"))
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peers", action="store_true", help="also run the Esper and Streams peers")
    ap.add_argument("--peer-runs", type=int, default=1)
    ap.add_argument("--data", default=os.path.join(ROOT, "bench/data"))
    ap.add_argument("--instruments", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pack", default=os.path.join(ROOT, "bench/packs/bench-200"))
    ap.add_argument("--json", help="write the result object here too")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    d, h, p = generate(build, args)
    size = os.path.getsize(h) + os.path.getsize(p)

    bare, trip = [], []
    for i in range(args.runs):
        # Alternate the two so that a change of machine load hits both alike.
        out, _, rss, wall = timed([os.path.join(build, "bench/replay/bare_parse"), h, p])
        r = json.loads(out.strip().splitlines()[-1])
        bare.append({"events_per_s": r["events_per_s"], "seconds": r["seconds"],
                     "peak_rss_kib": rss, "wall_s": wall, "lines": r["lines"]})
        sig = os.path.join(d, "tripline.signals.jsonl")
        _, err, rss, wall = timed([os.path.join(build, "app/cli/tripline"), "backtest",
                                   "--headlines", h, "--prices", p, "--rules", args.pack,
                                   "--out", sig])
        m = re.search(r"time\s+([0-9.]+) s, ([0-9.]+) events/s", err)
        sigs = re.search(r"signals\s+(\d+)", err)
        trip.append({"events_per_s": float(m.group(2)), "seconds": float(m.group(1)),
                     "peak_rss_kib": rss, "wall_s": wall,
                     "signals": int(sigs.group(1)) if sigs else -1})
    result = {
        "events": args.events, "bytes": size, "files": [h, p], "runs": args.runs,
        "bare_parse": {"events_per_s": median_of(bare, "events_per_s"),
                       "peak_rss_kib": median_of(bare, "peak_rss_kib"), "all": bare},
        "tripline": {"events_per_s": median_of(trip, "events_per_s"),
                     "peak_rss_kib": median_of(trip, "peak_rss_kib"),
                     "wall_s": median_of(trip, "wall_s"), "all": trip},
        "command": {
            "bare_parse": f"/usr/bin/time -v {build}/bench/replay/bare_parse {h} {p}",
            "tripline": f"/usr/bin/time -v {build}/app/cli/tripline backtest --headlines {h} "
                        f"--prices {p} --rules {args.pack} --out {d}/tripline.signals.jsonl",
        },
    }
    # Ratios within this run: median of the per-run ratios.
    result["tripline_over_bare"] = statistics.median(
        t["events_per_s"] / b["events_per_s"] for t, b in zip(trip, bare))

    if args.peers:
        subprocess.run([os.path.join(ROOT, "bench/peers/build.sh")], check=True)
        tsv = os.path.join(args.pack, "rules.tsv")
        for peer, cls in (("esper", "dev.tripline.peers.esper.EsperPeer"),
                          ("kstreams", "dev.tripline.peers.kstreams.KStreamsPeer")):
            pd = os.path.join(ROOT, "bench/peers", peer)
            runs = []
            for i in range(args.peer_runs):
                out_path = os.path.join(d, f"{peer}.signals.jsonl")
                cmd = ["java", "-Xmx4g", "-cp", f"{pd}/out:{pd}/lib/*", cls, tsv, h, p, out_path]
                out, _, rss, wall = timed(cmd)
                r = json.loads(out.strip().splitlines()[-1])
                cmp = subprocess.run([sys.executable, os.path.join(ROOT, "bench/peers/compare_signals.py"),
                                      os.path.join(d, "tripline.signals.jsonl"), out_path, "--json"],
                                     capture_output=True, text=True)
                agreement = json.loads(cmp.stdout)
                runs.append({"events_per_s": r["events_per_s"], "seconds": r["seconds"],
                             "peak_rss_kib": rss, "wall_s": wall, "signals": r["signals"],
                             "agree": agreement["agree"], "common": agreement["common"]})
            result[peer] = {"events_per_s": median_of(runs, "events_per_s"),
                            "peak_rss_kib": median_of(runs, "peak_rss_kib"),
                            "agree": all(r["agree"] for r in runs), "all": runs,
                            "command": "/usr/bin/time -v " + " ".join(
                                ["java", "-Xmx4g", "-cp", f"'{pd}/out:{pd}/lib/*'", cls, tsv, h, p,
                                 os.path.join(d, f"{peer}.signals.jsonl")])}
            result[f"tripline_over_{peer}"] = result["tripline"]["events_per_s"] / result[peer]["events_per_s"]

    text = json.dumps(result, indent=1)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
