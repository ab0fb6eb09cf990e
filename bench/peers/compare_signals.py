#!/usr/bin/env python3
"""Compares signal files by the set of (instrument, rule, event ts in ns).

  compare_signals.py TRIPLINE.jsonl PEER.jsonl [--json]

Tripline's signals carry ts as RFC 3339 (nanosecond precision); the peers write integer ns.
Prints the agreement; exits 0 when the sets are equal, 1 otherwise.
"""
import json
import sys
from datetime import datetime, timezone


def to_ns(ts):
    if isinstance(ts, int):
        return ts
    # "2025-08-12T13:50:16.278Z": whole seconds through datetime, the fraction by hand so no
    # nanosecond is lost to floating point.
    body = ts[:-1] if ts.endswith("Z") else ts
    whole, _, frac = body.partition(".")
    secs = int(datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp())
    return secs * 1_000_000_000 + int((frac + "000000000")[:9])


def load(path):
    out = set()
    with open(path) as f:
        for line in f:
            if line.strip():
                m = json.loads(line)
                out.add((m["instrument"], m["rule"], to_ns(m["ts"])))
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    a, b = load(args[0]), load(args[1])
    both = a & b
    result = {"tripline": len(a), "peer": len(b), "common": len(both),
              "only_tripline": sorted(a - b)[:10], "only_peer": sorted(b - a)[:10],
              "agree": a == b}
    if "--json" in sys.argv:
        print(json.dumps(result))
    else:
        print(f"tripline {len(a)}, peer {len(b)}, common {len(both)}: "
              f"{'AGREE' if a == b else 'DISAGREE'}")
        for k in ("only_tripline", "only_peer"):
            for item in result[k]:
                print(f"  {k}: {item}")
    return 0 if a == b else 1


if __name__ == "__main__":
    sys.exit(main())
