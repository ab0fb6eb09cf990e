#!/usr/bin/env python3
"""What the Python layer adds to a backtest: `tripline.backtest()` against `tripline backtest`
on the same generated day, side by side.

    bench/python/backtest_bench.py [--day bench/data/day-1000000-i1000-s1] [--runs 5]
        [--build build/release] [--python build/python-venv/bin/python]
        [--rules bench/packs/bench-200]

The day comes from the generator (bench/gen, as bench/replay/replay_bench.py makes it; not
committed). Alternately, --runs times each: the CLI as a process (`tripline backtest --quiet`,
its CPU from wait4's rusage), and a Python process that imports tripline and calls
tripline.backtest() on the same files, timed twice: the whole process (interpreter, pandas
import, the call, the DataFrame) and the call alone inside it (what a notebook with pandas
already loaded pays). Prints the median wall and CPU time of each and the median of the
per-run ratios Python/CLI, and checks that the DataFrame's json column is the CLI's output
byte for byte. Results go in bench/RESULTS.md by hand, with the command and the load.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The Python side, run in its own process so that both sides start cold the same way. Prints
# one JSON object: the call's wall and CPU seconds, the signals' count and the json column.
PY = r"""
import json, os, sys, time
t0 = time.perf_counter(); c0 = time.process_time()
import tripline
day, rules, out = sys.argv[1:4]
t1 = time.perf_counter(); c1 = time.process_time()
df = tripline.backtest(headlines=os.path.join(day, "headlines.jsonl"),
                       prices=os.path.join(day, "prices.jsonl"), rules=rules)
t2 = time.perf_counter(); c2 = time.process_time()
with open(out, "w") as f:
    f.write("".join(line + "\n" for line in df["json"]))
print(json.dumps({"import_s": t1 - t0, "call_s": t2 - t1, "call_cpu_s": c2 - c1,
                  "engine_s": df.attrs["seconds"], "signals": len(df)}))
"""


def timed(cmd):
    """Runs cmd; returns (wall s, CPU s = user + sys, peak RSS KiB, stdout). The child's
    rusage comes from wait4 (microseconds), not /usr/bin/time's two decimals: at 0.2 s of CPU a
    hundredth is a 5% step, as large as what is measured."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.monotonic() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if p.returncode != 0:
            sys.exit(f"{' '.join(cmd)}: exit {p.returncode}\n{err.read().decode()}")
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out.read().decode()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--day", default=os.path.join(ROOT, "bench/data/day-1000000-i1000-s1"))
    ap.add_argument("--build", default=os.path.join(ROOT, "build/release"))
    ap.add_argument("--python", default=os.path.join(ROOT, "build/python-venv/bin/python"))
    ap.add_argument("--rules", default=os.path.join(ROOT, "bench/packs/bench-200"))
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    cli = os.path.join(a.build, "app/cli/tripline")
    with tempfile.TemporaryDirectory() as tmp:
        cli_out, py_out = os.path.join(tmp, "cli.jsonl"), os.path.join(tmp, "py.jsonl")
        rows = []
        for _ in range(a.runs):
            c = timed([cli, "backtest", "--quiet", "--headlines", os.path.join(a.day, "headlines.jsonl"),
                       "--prices", os.path.join(a.day, "prices.jsonl"), "--rules", a.rules, "--out", cli_out])
            p = timed([a.python, "-c", PY, a.day, a.rules, py_out])
            inner = json.loads(p[3])
            with open(cli_out, "rb") as f1, open(py_out, "rb") as f2:
                if f1.read() != f2.read():
                    sys.exit("the Python signals differ from the CLI's")
            rows.append((c, p, inner))
    med = statistics.median
    cw, cc = med(r[0][0] for r in rows), med(r[0][1] for r in rows)
    pw, pc = med(r[1][0] for r in rows), med(r[1][1] for r in rows)
    call, call_cpu = med(r[2]["call_s"] for r in rows), med(r[2]["call_cpu_s"] for r in rows)
    imp = med(r[2]["import_s"] for r in rows)
    print(f"day {a.day}: {rows[0][2]['signals']} signals, identical to the CLI's in every run; {a.runs} runs each, medians")
    print(f"{'':34} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9}  ratio to CLI (median per run)")
    print(f"{'CLI  tripline backtest':34} {cw:8.3f} {cc:8.3f} {med(r[0][2] for r in rows)/1024:9.0f}")
    print(f"{'Python process (import + call)':34} {pw:8.3f} {pc:8.3f} {med(r[1][2] for r in rows)/1024:9.0f}"
          f"  wall {med(r[1][0]/r[0][0] for r in rows):.3f}  CPU {med(r[1][1]/r[0][1] for r in rows):.3f}")
    print(f"{'  of which import tripline+pandas':34} {imp:8.3f}")
    print(f"{'Python call tripline.backtest()':34} {call:8.3f} {call_cpu:8.3f} {'':9}"
          f"  wall {med(r[2]['call_s']/r[0][0] for r in rows):.3f}  CPU {med(r[2]['call_cpu_s']/r[0][1] for r in rows):.3f}")


if __name__ == "__main__":
    main()
