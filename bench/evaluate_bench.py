#!/usr/bin/env python3
"""What `tripline evaluate` adds to a backtest: wall time and peak RSS, side by side.

    bench/evaluate_bench.py [--build build/release] [--events 1000000 10000000] [--runs 3]

For each generated day (bench/data/day-N-i1000-s1, made by tripline_gen as bench/replay does),
runs `tripline backtest` and `tripline evaluate` (default horizons, bench/packs/bench-200)
alternately --runs times each under /usr/bin/time -v, and prints per day a table row: the
median CPU time (user + system) of each and the median of the per-run ratios evaluate/backtest,
the same for wall time, and the peak RSS of each. On a shared machine CPU time is the stable
figure (both runs are single-threaded); wall time moves with the other tenants' load. Results
go in bench/RESULTS.md by hand ("Evaluation overhead"), with the command and the load.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench/replay"))


def timed(cmd):
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
    wall = time.monotonic() - start
    if p.returncode != 0:
        raise SystemExit(f"evaluate_bench: failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([0-9.]+)", p.stderr).group(1))
              for k in ("User", "System"))
    return wall, rss, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build/release"))
    ap.add_argument("--data", default=os.path.join(ROOT, "bench/data"))
    ap.add_argument("--events", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--instruments", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rules", default=os.path.join(ROOT, "bench/packs/bench-200"))
    args = ap.parse_args()
    import replay_bench  # the generator call and data layout bench/replay uses

    tripline = os.path.join(args.build, "app/cli/tripline")
    out = tempfile.mkdtemp(prefix="evaluate-bench-")
    try:
        for events in args.events:
            gen = argparse.Namespace(data=args.data, events=events, instruments=args.instruments,
                                     seed=args.seed)
            _, h, p = replay_bench.generate(args.build, gen)
            inputs = ["--headlines", h, "--prices", p, "--rules", args.rules]
            backtest = [tripline, "backtest", *inputs, "--out", os.path.join(out, "s.jsonl"),
                        "--quiet"]
            evaluate = [tripline, "evaluate", *inputs, "--out-dir", os.path.join(out, "e"),
                        "--quiet"]
            runs = []
            for _ in range(args.runs):
                b = timed(backtest)
                e = timed(evaluate)
                runs.append((b, e))
                print(f"  {events:>10} events: backtest {b[0]:.2f} s wall {b[2]:.2f} s CPU "
                      f"{b[1] / 1024:.1f} MiB, evaluate {e[0]:.2f} s wall {e[2]:.2f} s CPU "
                      f"{e[1] / 1024:.1f} MiB", flush=True)
            bw = statistics.median(r[0][0] for r in runs)
            ew = statistics.median(r[1][0] for r in runs)
            ratio = statistics.median(r[1][0] / r[0][0] for r in runs)
            bc = statistics.median(r[0][2] for r in runs)
            ec = statistics.median(r[1][2] for r in runs)
            cpu_ratio = statistics.median(r[1][2] / r[0][2] for r in runs)
            brss = max(r[0][1] for r in runs) / 1024
            erss = max(r[1][1] for r in runs) / 1024
            print(f"| {events:,} | {bc:.2f} s | {ec:.2f} s | {cpu_ratio:.3f} | {bw:.2f} s | "
                  f"{ew:.2f} s | {ratio:.3f} | {brss:.1f} MiB | {erss:.1f} MiB |")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
