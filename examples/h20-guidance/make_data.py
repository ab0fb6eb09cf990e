#!/usr/bin/env python3
"""Regenerates the sample day: python3 make_data.py (deterministic; the .jsonl files are committed).

The story (modelled on August 2025): Beijing's informal guidance urging firms to avoid Nvidia's
H20; NVDA falls 3.9% from its high within the hour; Cambricon and Huawei named as domestic
alternatives. Headline ids starting with "s-" are the story; "n-" are noise and near-misses
that no rule of the default pack may fire on.
"""
import json
import random
import re
from datetime import datetime, timedelta, timezone

DAY = datetime(2025, 8, 12, tzinfo=timezone.utc)


def ts(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + "Z"


def at(hhmm):
    h, m = map(int, hhmm.split(":"))
    return DAY + timedelta(hours=h, minutes=m)


# The day's headlines in publication order: id, time (UTC), source, text; columns are separated
# by two or more spaces.
HEADLINES = [
    tuple(re.split(r"\s{2,}", line, maxsplit=3))
    for line in """
n-001  12:00  Reuters       Nvidia unveils new RTX workstation GPUs for AI developers
n-002  12:20  CNBC          Apple shares edge higher ahead of product event
n-003  12:45  Xinhua        China's State Council outlines plan to boost consumer spending
n-004  13:05  Reuters       Honda launches H20 scooter in China amid price war
n-005  13:40  Bloomberg     Nvidia's Jensen Huang to keynote Computex next year
n-006  14:10  Reuters       AMD launches Instinct MI355 accelerators for cloud customers
s-001  15:02  Bloomberg     Beijing urges local firms to avoid Nvidia H20 chips in informal guidance
s-002  15:04  Reuters       China urges companies to avoid Nvidia's H20 chips, sources say
s-003  15:06  SCMP          Chinese authorities discourage firms from using Nvidia H20 processors
n-007  15:20  Reuters       China's MIIT issues new guidance on industrial robots
s-004  15:35  Bloomberg     Nvidia shares slide after report of Beijing guidance on H20 chips
n-008  15:50  CNBC          Nvidia stock: what analysts expect before earnings
n-009  16:10  Global Times  China denies issuing guidance against Nvidia chips
n-010  16:30  Reuters       US retail sales beat forecasts in July
n-011  17:00  Bloomberg     Huawei unveils new Mate smartphone with in-house processor
n-012  17:20  WSJ           Nvidia partners with European carmakers on autonomous driving
n-013  18:00  Reuters       China's central bank keeps lending rates unchanged
n-014  18:30  Reuters       AMD CEO Lisa Su says AI demand remains strong
s-005  19:00  FT            Analysts see Cambricon and Huawei Ascend gaining as Beijing steers firms away from Nvidia
n-015  19:30  Bloomberg     Nvidia H200 demand from US hyperscalers stays robust
""".strip().splitlines()
]


def headlines():
    out = []
    for i, (hid, hhmm, source, text) in enumerate(HEADLINES):
        t = at(hhmm) + timedelta(seconds=7 * i % 50)
        msg = {"id": hid, "ts": ts(t), "source": source, "headline": text}
        # Availability time: wire latency of 1-3 seconds; one story arrives late.
        delay = 1 + i % 3
        if hid == "s-002":
            delay = 40
        msg["recv_ts"] = ts(t + timedelta(seconds=delay))
        if "Nvidia" in text:
            msg["tickers"] = ["NVDA"]
        msg["lang"] = "en"
        out.append(msg)
    return out


def walk(rng, start, n, vol):
    p, path = start, []
    for _ in range(n):
        p *= 1 + rng.gauss(0, vol)
        path.append(p)
    return path


def prices():
    rng = random.Random(20250812)
    out = []
    out.append({"sym": "NVDA", "ts": ts(DAY - timedelta(hours=4)), "price": 182.06, "kind": "close"})
    out.append({"sym": "AMD", "ts": ts(DAY - timedelta(hours=4)), "price": 172.28, "kind": "close"})
    out.append({"sym": "688256.SS", "ts": ts(DAY - timedelta(hours=17)), "price": 700.00,
                "kind": "close"})
    # Cambricon trades in Shanghai (01:30-03:30 and 05:00-07:00 UTC).
    cam = walk(rng, 701.0, 240, 0.0008)
    minutes = [at("01:30") + timedelta(minutes=k) for k in range(120)] + \
              [at("05:00") + timedelta(minutes=k) for k in range(120)]
    for t, p in zip(minutes, cam):
        out.append({"sym": "688256.SS", "ts": ts(t), "price": round(p, 2), "size": 300})
    # US session, 13:30-20:00 UTC. NVDA holds near 183 until the guidance report at 15:02,
    # then falls 3.9% from its high by 15:45 and recovers part of it.
    session = [at("13:30") + timedelta(minutes=k) for k in range(390)]
    nvda = []
    p = 183.0
    for t in session:
        if t < at("15:03"):
            p = 183.0 * (1 + rng.uniform(-0.0008, 0.0008))
        nvda.append(p)
    high = max(nvda[: (15 * 60 + 3) - (13 * 60 + 30)])
    low = high * (1 - 0.039)
    start = (15 * 60 + 3) - (13 * 60 + 30)
    bottom = (15 * 60 + 45) - (13 * 60 + 30)
    for k in range(start, len(session)):
        if k <= bottom:
            frac = (k - start) / (bottom - start)
            nvda[k] = high + (low - high) * frac
        else:
            frac = min(1.0, (k - bottom) / 200)
            nvda[k] = low + (high * 0.975 - low) * frac * (1 + rng.uniform(-0.2, 0.2))
    nvda[bottom] = low
    amd = walk(rng, 172.5, 390, 0.0006)
    for k in range(start, bottom + 1):
        amd[k] *= 1 - 0.012 * (k - start) / (bottom - start)
    for k in range(bottom + 1, len(session)):
        amd[k] *= 0.988
    for t, pn, pa in zip(session, nvda, amd):
        out.append({"sym": "NVDA", "ts": ts(t), "price": round(pn, 2), "size": 1200})
        out.append({"sym": "AMD", "ts": ts(t), "price": round(pa, 2), "size": 800})
    out.sort(key=lambda m: m["ts"])
    return out


def write(name, msgs):
    with open(name, "w") as f:
        for m in msgs:
            f.write(json.dumps(m, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    write("headlines.jsonl", headlines())
    write("prices.jsonl", prices())
