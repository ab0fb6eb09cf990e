#!/usr/bin/env python3
"""Writes the pack bench/rules_bench.cc benchmarks (GeneratePack there), N rules, to stdout:

    python3 bench/gen_rules_pack.py 10000 > /tmp/gen10000.yaml
    /usr/bin/time tripline rules check /tmp/gen10000.yaml

Each rule: one phrase of its own, two shared lists, an entity, a price test.
"""
import sys

n = int(sys.argv[1])
lists = max(1, n // 50)
out = ["entities:\n  nvidia: {instruments: [NVDA], names: [Nvidia, H20]}\n"
       "  amd: {instruments: [AMD], names: [AMD]}\nlists:\n"]
for l in range(lists):
    out.append(f"  l{l}: [shared{l} term, Beijing{l}, urges{l}]\n")
out.append("  gov: [Beijing, MIIT]\nrules:\n")
for i in range(n):
    out.append(f"  - id: r{i}\n    headline: (any(l{i % lists}) or any(gov)) and \"uniq{i} phrase\""
               " and mentions(nvidia)\n    price: move(NVDA, 60m) <= -3%\n"
               "    emit: {instrument: NVDA, direction: short}\n")
sys.stdout.write("".join(out))
