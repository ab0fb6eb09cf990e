#!/usr/bin/env python3
"""Steady-rate input for bench/soak.sh: price ticks and policy headlines as `key<TAB>json` lines.

Event time runs `--speed` times faster than the wall clock (60: one simulated hour per wall
minute), so rule windows, cooldowns and novelty windows (hours) turn over within a
soak of minutes and signals keep coming. Every `--gap` wall seconds a scenario fires: a
headline that one of the china-ai-chips rules matches, followed by the price move that confirms
it (a 4% drop or rise over 20 simulated minutes, then a slow return). Scenarios rotate through
five rules; a rule's next headline inside its novelty window (12 h) is a confirmation, beyond
it a new story (--speed 1200 makes every rotation a new story). Headline texts carry a serial
number.

Writes prices to --prices FILE and headlines to --headlines FILE (usually pipes into kcat -P),
flushing per line, and prints a summary (counts by topic) to stderr at the end. Deterministic
for a seed, apart from wall-clock pacing.
"""
import argparse
import datetime
import json
import random
import sys
import time

INSTRUMENTS = {"NVDA": 180.0, "AMD": 170.0, "688256.SS": 700.0, "MU": 120.0, "INTC": 25.0,
               "QCOM": 160.0, "0981.HK": 45.0, "688041.SS": 150.0}

# (headline template, instrument that moves, move) -- one per rule of the default pack.
SCENARIOS = [
    ("Beijing urges local firms to avoid Nvidia H20 chips in informal guidance ({n})", "NVDA", -0.04),
    ("Chinese regulators discourage companies from buying AMD MI308 accelerators ({n})", "AMD", -0.04),
    ("US tightens export controls on AI chips to China, Commerce Department says ({n})", "NVDA", -0.03),
    ("Beijing promotes domestic AI chips, mandates Cambricon in state procurement list ({n})",
     "688256.SS", 0.04),
    ("China's cyberspace regulator summons Micron over security risks in antitrust probe ({n})",
     "MU", -0.04),
]
SOURCES = ["Bloomberg", "Reuters", "Caixin", "Financial Times"]


def rfc3339(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prices", required=True)
    ap.add_argument("--headlines", required=True)
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--rate", type=float, default=200, help="price ticks per wall second")
    ap.add_argument("--speed", type=float, default=60, help="simulated seconds per wall second")
    ap.add_argument("--gap", type=float, default=8, help="wall seconds between scenarios")
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--start", default="2025-09-01T00:00:00Z")
    a = ap.parse_args()

    rng = random.Random(a.seed)
    sim0 = datetime.datetime.fromisoformat(a.start.replace("Z", "+00:00")).timestamp()
    prices = open(a.prices, "w", buffering=1)
    headlines = open(a.headlines, "w", buffering=1)
    syms = list(INSTRUMENTS)
    level = dict(INSTRUMENTS)
    # Active moves: sym -> (sim start, sim duration, total fraction)
    moves = {}
    counts = {"prices": 0, "headlines": 0}
    wall0 = time.monotonic()
    next_scenario = a.gap / 2
    scenario = 0
    tick = 0
    while True:
        wall = time.monotonic() - wall0
        if wall >= a.seconds:
            break
        sim = sim0 + wall * a.speed
        if wall >= next_scenario:
            text, sym, move = SCENARIOS[scenario % len(SCENARIOS)]
            scenario += 1
            next_scenario += a.gap
            h = {"id": f"soak-{scenario}", "ts": rfc3339(sim), "source": rng.choice(SOURCES),
                 "headline": text.format(n=scenario), "recv_ts": rfc3339(sim + 1), "lang": "en"}
            headlines.write(f"{h['id']}\t{json.dumps(h, separators=(',', ':'))}\n")
            counts["headlines"] += 1
            moves[sym] = (sim, 20 * 60, move)
        # One tick, instruments in turn; the price follows any active move, else a small walk
        # that drifts back towards the base level.
        sym = syms[tick % len(syms)]
        tick += 1
        base = INSTRUMENTS[sym]
        if sym in moves:
            start, dur, frac = moves[sym]
            progress = min(1.0, (sim - start) / dur)
            target = base * (1 + frac * progress)
            if sim - start > 3 * 3600:
                del moves[sym]
            level[sym] = target
        else:
            level[sym] += (base - level[sym]) * 0.01 + rng.gauss(0, base * 0.0003)
        p = {"sym": sym, "ts": rfc3339(sim), "price": round(level[sym], 4),
             "size": rng.randint(1, 20) * 100}
        prices.write(f"{sym}\t{json.dumps(p, separators=(',', ':'))}\n")
        counts["prices"] += 1
        # Steady rate: sleep until this tick's slot.
        slot = counts["prices"] / a.rate
        delay = slot - (time.monotonic() - wall0)
        if delay > 0:
            time.sleep(delay)
    prices.close()
    headlines.close()
    print(json.dumps(counts), file=sys.stderr)


if __name__ == "__main__":
    main()
