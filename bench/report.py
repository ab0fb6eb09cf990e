#!/usr/bin/env python3
"""Writes bench/results.json (machine) and bench/RESULTS.md (human) from the outputs that
bench/run.sh collected in one results directory.

  report.py --results DIR --mode quick|full --command "bench/run.sh --quick"
            --markdown bench/RESULTS.md --json bench/results.json

RESULTS.md: everything between the markers
  <!-- bench/run.sh: generated from here -->  and  <!-- bench/run.sh: generated up to here -->
is replaced; text outside them (hand-written analysis, profiles with what would fix them,
other engineers' sections) is kept as it is.
"""
import argparse
import glob
import json
import os
import re

BEGIN = "<!-- bench/run.sh: generated from here -->"
END = "<!-- bench/run.sh: generated up to here -->"


def load(path):
    with open(path) as f:
        return json.load(f)


def fmt_rate(v):
    if v >= 1e6:
        return f"{v / 1e6:.2f} M/s"
    if v >= 1e3:
        return f"{v / 1e3:.1f} k/s"
    return f"{v:.0f} /s"


def fmt_mib(kib):
    return f"{kib / 1024:.1f} MiB"


def micro(results):
    """Google Benchmark JSON outputs -> {binary: {"command", "rows": [...]}}."""
    out = {}
    for path in sorted(glob.glob(os.path.join(results, "micro-*.json"))):
        name = os.path.basename(path)[len("micro-"):-len(".json")]
        cmd_path = os.path.join(results, f"micro-{name}.cmd.txt")
        try:
            data = load(path)
        except (json.JSONDecodeError, OSError):
            continue
        rows = []
        for b in data.get("benchmarks", []):
            if b.get("aggregate_name") not in (None, "median"):
                continue
            row = {"name": b.get("run_name", b["name"]), "real_time": b["real_time"],
                   "time_unit": b.get("time_unit", "ns")}
            for k in ("items_per_second", "bytes_per_second"):
                if k in b:
                    row[k] = b[k]
            for k, v in b.items():  # user counters
                if k not in row and isinstance(v, (int, float)) and k not in (
                        "iterations", "cpu_time", "repetitions", "repetition_index", "threads",
                        "family_index", "per_family_instance_index"):
                    row.setdefault("counters", {})[k] = v
            rows.append(row)
        out[name] = {"command": open(cmd_path).read().strip() if os.path.exists(cmd_path) else "",
                     "context": {k: data.get("context", {}).get(k) for k in ("num_cpus", "mhz_per_cpu", "library_build_type")},
                     "rows": rows}
    return out


def kafka(results):
    path = os.path.join(results, "kafka.txt")
    if not os.path.exists(path):
        return None
    text = open(path).read()
    rows = {}
    # The harness's summary table: mode, backlog msg/s, base-rate p99, p50, p99, p99.9, max
    # (each n/a when not measured), sustained.
    num = r"(n/a|[0-9.]+)"
    row = re.compile(r"^([a-z]+(?:-[a-z]+)?)\s+" + r"\s+".join([num] * 6) + r"\s+(\d+)$", re.M)
    keys = ("throughput_per_s", "base_p99_ms", "p50_ms", "p99_ms", "p999_ms", "max_ms")
    for m in row.finditer(text):
        rows[m.group(1)] = {k: None if v == "n/a" else float(v) for k, v in zip(keys, m.groups()[1:7])}
        rows[m.group(1)]["sustained_per_s"] = int(m.group(8))
    cmd = os.path.join(results, "kafka.cmd.txt")
    err = os.path.join(results, "kafka.err.txt")
    if not rows and os.path.exists(err):
        # No figures: show why (the harness's last words).
        text += "\n" + "\n".join(open(err).read().strip().splitlines()[-3:])
    return {"command": open(cmd).read().strip() if os.path.exists(cmd) else "", "rows": rows,
            "raw": text.strip()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--mode", default="quick")
    ap.add_argument("--command", default="bench/run.sh")
    ap.add_argument("--markdown", required=True)
    ap.add_argument("--json", required=True)
    a = ap.parse_args()

    machine = load(os.path.join(a.results, "machine.json"))
    replay = {}
    for path in sorted(glob.glob(os.path.join(a.results, "replay-*.json"))):
        r = load(path)
        replay[str(r["events"])] = r
    profile_path = os.path.join(a.results, "profile.txt")
    profile = open(profile_path).read().rstrip() if os.path.exists(profile_path) else ""
    profile_cmd_path = os.path.join(a.results, "profile.cmd.txt")
    profile_cmd = open(profile_cmd_path).read().strip() if os.path.exists(profile_cmd_path) else ""
    res = {"machine": machine, "mode": a.mode, "suite_command": a.command, "micro": micro(a.results),
           "replay": replay, "kafka": kafka(a.results), "profile": profile}

    # Aims (measured, not asserted).
    aims = {}
    big = replay.get("10000000") or replay.get("1000000")
    if big:
        aims["replay_over_bare_parse"] = {"value": big["tripline_over_bare"], "aim": ">= 0.5"}
        aims["peak_rss_mib"] = {"value": big["tripline"]["peak_rss_kib"] / 1024, "aim": "< 256",
                                "events": big["events"]}
    if "10000000" in replay and "1000000" in replay:
        r10 = replay["10000000"]["tripline"]["peak_rss_kib"]
        r1 = replay["1000000"]["tripline"]["peak_rss_kib"]
        aims["rss_10m_over_1m"] = {"value": r10 / r1, "aim": "<= 1.10"}
    small = replay.get("1000000")
    if small:
        peers = [p for p in ("esper", "kstreams") if p in small]
        if peers:
            best = max(peers, key=lambda p: small[p]["events_per_s"])
            aims["replay_over_faster_peer"] = {"value": small[f"tripline_over_{best}"], "aim": ">= 10",
                                               "peer": best}
    res["aims"] = aims
    with open(a.json, "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")

    m = machine
    busy = max(m["load_before"][0], m.get("load_after", [0])[0]) > 0.5 * m["cores"]
    L = []
    L.append(BEGIN)
    L.append("")
    L.append(f"## Figures ({a.mode} run, {m['date']}, commit {m['commit']})")
    L.append("")
    L.append(f"Machine: {m['cpu']}, {m['cores']} cores, {m['mem_gib']} GiB, Linux {m['kernel']}. "
             f"Load average before {m['load_before'][0]:.2f}, after {m.get('load_after', [0])[0]:.2f}"
             + (" -- **the machine was busy** (other engineers building on the same cores): absolute figures "
                "are low and noisy; the ratios, taken within one run, are the figures to read." if busy else "."))
    L.append(f"Suite: `{a.command}`. Each figure is the median of the runs shown; "
             "ratios are medians of per-run ratios.")
    L.append("")
    if aims:
        L.append("### Aims (measured, not asserted in tests)")
        L.append("")
        L.append("| aim | measured | target | met |")
        L.append("|---|---|---|---|")
        def met(v, aim):
            op, num = aim.split()
            num = float(num)
            return {"<": v < num, "<=": v <= num, ">=": v >= num, ">": v > num}[op]
        names = {"replay_over_bare_parse": "replay throughput / bare simdjson parse",
                 "peak_rss_mib": "peak RSS of the largest replay (MiB)",
                 "rss_10m_over_1m": "peak RSS 10M events / 1M events",
                 "replay_over_faster_peer": "replay throughput / faster peer"}
        for k, v in aims.items():
            extra = f" ({v['peer']})" if "peer" in v else (f" ({v['events']:,} events)" if "events" in v else "")
            L.append(f"| {names[k]}{extra} | {v['value']:.2f} | {v['aim']} | {'yes' if met(v['value'], v['aim']) else '**no**'} |")
        L.append("")
    for ev, r in sorted(replay.items(), key=lambda kv: -int(kv[0])):
        L.append(f"### Replay: {int(ev):,} events ({r['bytes'] / 2**20:.0f} MiB of JSONL, 90% prices, 10% headlines, "
                 f"200 rules), {r['runs']} runs")
        L.append("")
        L.append("| engine | events/s | peak RSS | Tripline's ratio | signals agree |")
        L.append("|---|---|---|---|---|")
        L.append(f"| bare simdjson parse (limit) | {fmt_rate(r['bare_parse']['events_per_s'])} | "
                 f"{fmt_mib(r['bare_parse']['peak_rss_kib'])} | {r['tripline_over_bare']:.2f} of it | -- |")
        L.append(f"| **tripline backtest** | **{fmt_rate(r['tripline']['events_per_s'])}** | "
                 f"**{fmt_mib(r['tripline']['peak_rss_kib'])}** | 1 | (reference, "
                 f"{r['tripline']['all'][0]['signals']} signals) |")
        for peer, label in (("esper", "Esper 8.9 (EPL)"), ("kstreams", "Kafka Streams 3.9.1 (TopologyTestDriver)")):
            if peer in r:
                p = r[peer]
                L.append(f"| {label} | {fmt_rate(p['events_per_s'])} | {fmt_mib(p['peak_rss_kib'])} | "
                         f"{r[f'tripline_over_{peer}']:.1f}x faster | {'yes' if p['agree'] else '**no**'} "
                         f"({p['all'][0]['common']} common) |")
        L.append("")
        L.append("Commands:")
        L.append("")
        L.append("```")
        L.append(r["command"]["bare_parse"])
        L.append(r["command"]["tripline"])
        for peer in ("esper", "kstreams"):
            if peer in r:
                L.append(r[peer]["command"])
        L.append("```")
        L.append("")
    if res["micro"]:
        L.append("### Micro-benchmarks (Google Benchmark, median of repetitions)")
        L.append("")
        for name, mb in res["micro"].items():
            L.append(f"#### {name}")
            L.append("")
            L.append(f"`{mb['command']}`")
            L.append("")
            L.append("| benchmark | time | items/s | counters |")
            L.append("|---|---|---|---|")
            for row in mb["rows"]:
                counters = ", ".join(f"{k}={v:.3g}" for k, v in row.get("counters", {}).items())
                ips = fmt_rate(row["items_per_second"]) if "items_per_second" in row else ""
                L.append(f"| {row['name']} | {row['real_time']:.1f} {row['time_unit']} | {ips} | {counters} |")
            L.append("")
    k = res["kafka"]
    if k:
        L.append("### Live: Kafka end to end (bench/kafka, real broker from deploy/kafka)")
        L.append("")
        L.append(f"`{k['command']}`")
        L.append("")
        if k["rows"]:
            L.append("| mode | throughput | p50 | p99 | p99.9 | max |")
            L.append("|---|---|---|---|---|---|")
            for mode, row in k["rows"].items():
                rate = "n/a" if row["throughput_per_s"] is None else fmt_rate(row["throughput_per_s"])
                ms = lambda v: "n/a" if v is None else f"{v:.2f} ms"
                L.append(f"| {mode} | {rate} | {ms(row['p50_ms'])} | {ms(row['p99_ms'])} | "
                         f"{ms(row['p999_ms'])} | {ms(row['max_ms'])} |")
            L.append("")
        else:
            L.append("```")
            L.append(k["raw"][-2000:])
            L.append("```")
            L.append("")
    if profile:
        L.append("### Profile of the replay (perf, self time by symbol)")
        L.append("")
        L.append(f"`{profile_cmd}` then `perf report --stdio --no-children --sort symbol` "
                 "(whole process: rule loading and Hyperscan compilation included)")
        L.append("")
        L.append("```")
        L.append(profile)
        L.append("```")
        L.append("")
    L.append(END)
    generated = "\n".join(L)

    if os.path.exists(a.markdown):
        text = open(a.markdown).read()
        if BEGIN in text and END in text:
            text = text[:text.index(BEGIN)] + generated + text[text.index(END) + len(END):]
        else:
            text = text.rstrip() + "\n\n" + generated + "\n"
    else:
        text = ("# Benchmark results\n\n"
                "Regenerate with `bench/run.sh --quick` (a few minutes) or `bench/run.sh` (the "
                "10-million-event day). The section between the markers below is generated; "
                "the rest is written by hand.\n\n" + generated + "\n")
    with open(a.markdown, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
