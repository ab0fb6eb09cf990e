"""Writes the independent evaluation sets from fresh3 on (fresh and fresh2 have generators of
their own). A set's folder holds its writer's data, written by hand without sight of the rule
pack (the set's README.md says who, how and what they read):

  cases.jsonl  one case a line: template_family, family (the event family), headline, expect,
               source (null: drawn from set.json's sources); expect is space-separated
               SYM:long|short (SMIC = both listings), "" = quiet, "@all:up|down" = a quiet
               market-wide move, "@co:SYM:up|down" = quiet while SYM alone moves
  set.json     seed, skip_days (the set's first weekday; no two sets share a day, so they can be
               replayed together), sources ("en", "zh", "by_template")

and this writes, into the same folder, the files and line formats that
../fresh2/make_fresh2.py's docstring describes (headlines.jsonl, labels.jsonl, prices.jsonl.zst,
prices-adversarial.jsonl.zst), with fresh2's make_set, so that every set is written alike:

  python3 rules/packs/china-ai-chips/eval/fresh_sets.py fresh6

Deterministic (python3 stdlib plus the `zstd` command-line tool); the output is committed.
Until 2026-12-03 each set's data sat in a make_freshN.py of its own beside the same plumbing;
moved here unchanged, the files written are byte-identical."""
import importlib.util
import json
import os
import sys

EVAL = os.path.dirname(os.path.abspath(__file__))

POSITIVE_FAMILIES = {"procurement_guidance", "usage_ban", "security_review", "antitrust",
                     "blacklist", "customs_checks", "state_media_campaign", "industry_body",
                     "easing", "us_export_controls", "us_licence_easing", "domestic_support",
                     "stockpiling"}
QUIET_FAMILIES = {"denial", "analyst_opinion", "coincident_company_news", "near_miss",
                  "other_country", "market_wide"}


def load_generator(name):
    """fresh's or fresh2's generator module (EVAL/name/make_name.py), loaded without writing."""
    spec = importlib.util.spec_from_file_location(
        "make_" + name, os.path.join(EVAL, name, f"make_{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_set(name):
    """Set `name`'s (cases, set.json), cases as (template family, family, headline, expect,
    source) tuples."""
    with open(os.path.join(EVAL, name, "cases.jsonl"), encoding="utf-8") as f:
        cases = [tuple(c[k] for k in ("template_family", "family", "headline", "expect",
                                      "source"))
                 for c in map(json.loads, f)]
    with open(os.path.join(EVAL, name, "set.json"), encoding="utf-8") as f:
        return cases, json.load(f)


def check_cases(cases, fresh):
    """The event families and case checks (`fresh`: ../fresh's generator)."""
    texts = [c[2] for c in cases]
    assert len(texts) == len(set(texts)), "duplicate headline"
    for tf, family, text, spec, _ in cases:
        expect = fresh.parse_expect(spec)
        assert family in POSITIVE_FAMILIES | QUIET_FAMILIES, family
        assert bool(expect) == (family in POSITIVE_FAMILIES), text
        assert (spec.startswith("@all:")) == (family == "market_wide"), text
        assert not spec.startswith("@co:") or family == "coincident_company_news", text
        for sym, direction in expect:
            assert sym in fresh.BASE and sym not in fresh.BENCHMARKS, (sym, text)
            assert direction in ("long", "short"), text


def main(split):
    """Writes set `split` ("freshN", ids fN-0001...) after fresh .. fresh(N-1): checks its
    cases, asserts that no two of the sets share a day, then writes it. A case without a source
    gets one of its template family's sources, else one of its language's."""
    number = int(split[len("fresh"):])
    cases, config = load_set(split)
    fresh, fresh2 = load_generator("fresh"), load_generator("fresh2")
    check_cases(cases, fresh)
    chain = [(0, len(fresh.CASES), "fresh"), (fresh2.SKIP_DAYS, len(fresh2.CASES), "fresh2")]
    for k in range(3, number):
        earlier_cases, earlier = load_set(f"fresh{k}")
        chain.append((earlier["skip_days"], len(earlier_cases), f"fresh{k}"))
    chain.append((config["skip_days"], len(cases), split))
    for (start, count, name), (next_start, _, next_name) in zip(chain, chain[1:]):
        assert start + count <= next_start, f"{next_name} days would overlap {name}'s"
    sources = config["sources"]
    fresh2.make_set(os.path.join(EVAL, split), cases, config["seed"], split, f"f{number}",
                    config["skip_days"],
                    lambda rng, tf, lang: rng.choice(sources["by_template"].get(tf, sources[lang])))


if __name__ == "__main__":
    main(sys.argv[1])
