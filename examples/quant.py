#!/usr/bin/env python3
"""A short study with the Python API, end to end: backtest the default pack on its corpus's
held-out stories, evaluate what the signals paid, and compare rules with a groupby.

    pip install .            # from the clone, in a venv (README, "Python")
    python examples/quant.py [--out-dir study-out]

CI runs it (ctest: Python.QuantExample) and it fails on an empty or inconsistent result.
"""

import argparse
import os

import pandas as pd

import tripline

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PACK = os.path.join(ROOT, "rules", "packs", "china-ai-chips")
CORPUS = os.path.join(PACK, "eval", "corpus")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", default="study-out", help="where the evaluation's files go")
    args = ap.parse_args()

    # The held-out stories: headlines as a DataFrame filtered by their labels, prices straight
    # from the recorded .jsonl.zst file. Frames and files mix freely.
    labels = pd.read_json(os.path.join(CORPUS, "labels.jsonl"), lines=True)
    heldout = set(labels.loc[labels["split"] == "heldout", "headline_id"])
    headlines = pd.read_json(os.path.join(CORPUS, "headlines.jsonl"), lines=True, dtype=False)
    headlines = headlines[headlines["id"].isin(heldout)]
    prices = os.path.join(CORPUS, "prices.jsonl.zst")

    # 1. The signals, one row each, as the engine emits them.
    signals = tripline.backtest(headlines=headlines, prices=prices, rules=PACK)
    print(f"{len(signals)} signals from {len(headlines)} held-out headlines")
    print(signals.groupby(["rule", "direction"]).size().rename("signals").to_string(), "\n")

    # 2. What they paid: forward returns per horizon, against a random-time baseline.
    ev = tripline.evaluate(headlines=headlines, prices=prices, rules=PACK, horizons=["5m", "1h", "close"])
    ev.write(args.out_dir)
    overall = ev.summary["packs"][0]["overall"]
    print(f"evaluated {overall['signals']} signals, {overall['entered']} directional with an entry")

    # 3. Per rule: how many, hit rate and mean return at each horizon (bp, direction-adjusted).
    # `watch` signals carry the raw move and stay out of hit rates (docs/evaluation.md).
    directional = ev.signals[ev.signals["direction"].isin(["long", "short"])]
    rets = [c for c in ev.signals.columns if c.startswith("ret_")]
    per_rule = directional.groupby("rule")[rets].agg(["count", "mean", lambda r: (r > 0).mean()])
    per_rule.columns = [f"{c}_{'hit' if s == '<lambda_0>' else s}" for c, s in per_rule.columns]
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(per_rule.round(2).to_string(), "\n")

    # The study's figures agree with each other: the evaluation saw the backtest's signals,
    # and the per-rule counts add up to the summary's overall n at each horizon.
    assert set(ev.signals["signal_id"]) <= set(signals["signal_id"]) and len(ev.signals) > 0
    for h in ("5m", "1h", "close"):
        n = overall["horizons"][h]["signals"]["n"]
        assert int(per_rule[f"ret_{h}_bp_count"].sum()) == n, (h, n)
    print(f"wrote {args.out_dir}/{{signals.csv,summary.json,report.html}}")


if __name__ == "__main__":
    main()
