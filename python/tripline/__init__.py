"""Tripline for Python: the engine's backtest, evaluation and rule tools over the same C++ core
as the `tripline` binary (the module `tripline._tripline`), with pandas in and out.

    import tripline
    signals = tripline.backtest(headlines="day/headlines.jsonl", prices="day/prices.jsonl",
                                rules="rules/packs/china-ai-chips")
    ev = tripline.evaluate(headlines=..., prices=..., rules=..., horizons=["5m", "1h"])
    ev.signals, ev.summary, ev.report_html

Inputs (`headlines=`, `prices=`): a path (`.jsonl`, `.jsonl.zst`, `.parquet`), a pandas
DataFrame, a pyarrow Table, or a list of these (replayed in the order given, as the CLI's
repeated flags are). Columns of DataFrames, Arrow tables and Parquet files are the message
fields of docs/messages.md:

    headlines: id, ts, source, headline (required); body, lang, tickers, url, recv_ts
    prices:    sym, ts, price (required); size, kind, recv_ts, bid, ask

`ts` and `recv_ts` are datetimes (naive ones are UTC), integers of nanoseconds since the epoch,
or RFC 3339 strings; missing values (None, NaN, NaT) mean the field is absent. Other columns
are ignored. In-memory inputs are written to a temporary JSONL file, which the engine then
replays exactly as a recorded file, so they give the signals the same rows in a file give.

The engine runs with the GIL released. Errors raise `tripline.Error` (a ValueError) with the
CLI's message; an invalid rule pack raises `tripline.RulesError`, listing every problem as
`file:line:column: error[code]: message`.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional, Sequence, Union

import pandas as pd

from . import _tripline
from ._tripline import Error, RulesError

__all__ = [
    "Error",
    "RulesError",
    "Evaluation",
    "Explanation",
    "backtest",
    "evaluate",
    "check",
    "explain",
    "HEADLINE_COLUMNS",
    "PRICE_COLUMNS",
    "SIGNAL_COLUMNS",
    "DEFAULT_HORIZONS",
]

# (required, optional) fields per input kind, in the order the JSONL lines carry them.
HEADLINE_COLUMNS = (("id", "ts", "source", "headline"), ("body", "lang", "tickers", "url", "recv_ts"))
PRICE_COLUMNS = (("sym", "ts", "price"), ("size", "kind", "recv_ts", "bid", "ask"))
_TIME_COLUMNS = ("ts", "recv_ts")
_NUMBER_COLUMNS = ("price", "size", "bid", "ask")

# The columns of backtest()'s DataFrame: the signal's fields (docs/messages.md, "Signal"), then
# conveniences read from the evidence, then the line the CLI writes.
SIGNAL_COLUMNS = (
    "signal_id", "rule", "rule_hash", "rule_file", "instrument", "direction", "score",
    "severity", "ts", "count", "evidence", "explanation", "retracts",
    "headline_ids", "move", "json",
)

DEFAULT_HORIZONS = ("1m", "5m", "15m", "1h", "4h", "close", "next_close")

Input = Union[str, "os.PathLike[str]", pd.DataFrame, Any]


# ---------------------------------------------------------------------------------------------
# Inputs: paths pass through; frames, tables and Parquet become temporary JSONL files.


def _is_missing(v: Any) -> bool:
    if v is None or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return False


def _time_fragments(col: pd.Series) -> list:
    """JSON values of a time column: integers of nanoseconds for datetimes (exact, and what
    the decoder reads fastest), strings and integers as given."""
    if pd.api.types.is_datetime64_any_dtype(col.dtype):
        if getattr(col.dt, "tz", None) is not None:
            col = col.dt.tz_convert("UTC").dt.tz_localize(None)
        col = col.astype("datetime64[ns]")
        ns = col.astype("int64").tolist()
        return ["null" if na else str(v) for v, na in zip(ns, col.isna().tolist())]
    out = []
    for v in col.tolist():
        if _is_missing(v):
            out.append("null")
        elif isinstance(v, pd.Timestamp):
            v = v.tz_convert("UTC") if v.tzinfo is not None else v
            out.append(str(v.tz_localize(None).value))
        elif isinstance(v, int) and not isinstance(v, bool):
            out.append(str(v))
        else:
            out.append(json.dumps(str(v), ensure_ascii=False))
    return out


def _number_fragments(col: pd.Series) -> list:
    """JSON numbers in their shortest round-trip form (repr of a Python float), so the decoder
    reads back the very double the frame held."""
    out = []
    for v in col.tolist():
        if _is_missing(v):
            out.append("null")
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append(repr(float(v)) if isinstance(v, float) else str(v))
        else:
            out.append(json.dumps(v))  # let the decoder name the bad type (bad_type:price)
    return out


def _value_fragments(col: pd.Series) -> list:
    out = []
    for v in col.tolist():
        if _is_missing(v):
            out.append("null")
        else:
            if hasattr(v, "tolist"):  # numpy arrays of tickers from Arrow
                v = v.tolist()
            out.append(json.dumps(v, ensure_ascii=False))
    return out


def _frame_to_jsonl(df: pd.DataFrame, kind: str) -> bytes:
    required, optional = HEADLINE_COLUMNS if kind == "headlines" else PRICE_COLUMNS
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise Error(
            f"{kind}: the DataFrame lacks the column(s) {', '.join(missing)}; "
            f"{kind} need {', '.join(required)} (optional: {', '.join(optional)})"
        )
    columns = []
    for name in required + optional:
        if name not in df.columns:
            continue
        col = df[name]
        if name in _TIME_COLUMNS:
            values = _time_fragments(col)
        elif name in _NUMBER_COLUMNS:
            values = _number_fragments(col)
        else:
            values = _value_fragments(col)
        key = json.dumps(name) + ":"
        columns.append([key + v for v in values])
    lines = ["{" + ",".join(parts) + "}\n" for parts in zip(*columns)]
    return "".join(lines).encode("utf-8")


def _to_frame(obj: Any) -> Optional[pd.DataFrame]:
    if isinstance(obj, pd.DataFrame):
        return obj
    # A pyarrow Table (or RecordBatch) without importing pyarrow when it is not used.
    if type(obj).__module__.startswith("pyarrow") and hasattr(obj, "to_pandas"):
        return obj.to_pandas()
    return None


@contextlib.contextmanager
def _materialise(obj: Any, kind: str) -> Iterator[tuple]:
    """Yields (paths the engine reads, names summary.json shows) for one input argument."""
    if obj is None:
        yield [], []
        return
    items = list(obj) if isinstance(obj, (list, tuple)) else [obj]
    with tempfile.TemporaryDirectory(prefix="tripline-") as tmp:
        paths, names = [], []
        for i, item in enumerate(items):
            frame = _to_frame(item)
            name = None
            if frame is None:
                path = os.fspath(item)
                if not path.endswith(".parquet"):
                    paths.append(path)
                    names.append(path)
                    continue
                try:
                    import pyarrow.parquet as pq
                except ImportError as e:  # pragma: no cover - pyarrow is a test dependency
                    raise Error(f"{path}: reading Parquet needs pyarrow (pip install pyarrow)") from e
                frame = pq.read_table(path).to_pandas()
                name = path
            else:
                name = f"<{type(item).__name__} {kind}[{i}]>"
            tmp_path = os.path.join(tmp, f"{kind}-{i}.jsonl")
            with open(tmp_path, "wb") as f:
                f.write(_frame_to_jsonl(frame, kind))
            paths.append(tmp_path)
            names.append(name)
        yield paths, names


# ---------------------------------------------------------------------------------------------
# backtest


def _signal_frame(lines: Sequence[str]) -> pd.DataFrame:
    rows = []
    for line in lines:
        s = json.loads(line)
        ev = s["evidence"]
        price = ev.get("price")
        rows.append(
            {
                "signal_id": s["signal_id"],
                "rule": s["rule"],
                "rule_hash": s["rule_hash"],
                "rule_file": s["rule_file"],
                "instrument": s["instrument"],
                "direction": s["direction"],
                "score": s["score"],
                "severity": s["severity"],
                "ts": s["ts"],
                "count": s["count"],
                "evidence": json.dumps(ev, ensure_ascii=False, separators=(",", ":")),
                "explanation": s["explanation"],
                "retracts": s.get("retracts"),
                "headline_ids": [h["id"] for h in ev["headlines"]],
                "move": price["move"] if price else float("nan"),
                "json": line,
            }
        )
    df = pd.DataFrame(rows, columns=list(SIGNAL_COLUMNS))
    # Times with and without fractional seconds mix in one run ("...:00Z", "...:00.25Z").
    df["ts"] = pd.to_datetime(df["ts"], utc=True, format="ISO8601")
    df["score"] = df["score"].astype("float64")
    df["count"] = df["count"].astype("int64")
    df["move"] = df["move"].astype("float64")
    return df


def backtest(headlines: Input = None, prices: Input = None, *, rules: Union[str, "os.PathLike[str]"]) -> pd.DataFrame:
    """Replays the inputs through the engine, as `tripline backtest` does, and returns one row
    per signal in emission order: the signal's fields (`ts` as a UTC datetime, `evidence` as
    its JSON text, `retracts` None unless a retraction), `headline_ids` and `move` (the price
    evidence's move, NaN without one) read from the evidence, and `json`: the line the CLI
    writes to --out, byte for byte (without the newline).

    `df.attrs` holds the run's counts: messages, headlines, prices, dead_letters (their JSON
    lines, as --dlq writes them) and seconds.
    """
    if headlines is None and prices is None:
        raise Error("at least one input (headlines or prices) is required")
    with _materialise(headlines, "headlines") as (hp, _), _materialise(prices, "prices") as (pp, _):
        out = _tripline.backtest(hp, pp, os.fspath(rules))
    df = _signal_frame(out["signals"])
    df.attrs.update({k: out[k] for k in ("messages", "headlines", "prices", "dead_letters", "seconds")})
    return df


# ---------------------------------------------------------------------------------------------
# evaluate


@dataclass
class Evaluation:
    """What `tripline evaluate` writes, in memory: `signals` is signals.csv as a DataFrame
    (every figure, docs/evaluation.md), `summary` the dict of summary.json, `report_html` the
    self-contained page; the texts themselves are kept byte for byte."""

    signals: pd.DataFrame
    summary: dict
    report_html: str
    signals_csv: str
    summary_json: str
    dead_letters: list = field(default_factory=list)

    def write(self, out_dir: Union[str, "os.PathLike[str]"]) -> None:
        """Writes signals.csv, summary.json and report.html to `out_dir` as the CLI does."""
        os.makedirs(out_dir, exist_ok=True)
        for name, text in (
            ("signals.csv", self.signals_csv),
            ("summary.json", self.summary_json),
            ("report.html", self.report_html),
        ):
            with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="") as f:
                f.write(text)


def evaluate(
    headlines: Input = None,
    prices: Input = None,
    *,
    rules: Union[str, "os.PathLike[str]"],
    horizons: Union[str, Sequence[str]] = DEFAULT_HORIZONS,
    baseline_rules: Optional[Union[str, "os.PathLike[str]"]] = None,
    seed: int = 1,
    baseline_draws: int = 20,
    cost_bp: Union[float, str] = 0,
    pnl_horizon: Optional[str] = None,
) -> Evaluation:
    """The backtest and what its signals paid, as `tripline evaluate` computes them (same
    replay, same statistics, same writers): forward returns per horizon, hit rates with a
    bootstrap interval, the random-time baseline, the event study; with `baseline_rules`, the
    A/B comparison; abnormal returns against the benchmarks; net returns and the strategy with
    `cost_bp` per side (a number, or the CLI's text "5,0981.HK=12"; the packs' `cost_bp:` fill
    the instruments it does not name; half the quoted spread instead where the prices carry
    `bid` and `ask`) exiting at `pnl_horizon`.
    `horizons` as a list or the CLI's comma-separated text."""
    if prices is None:
        raise Error("prices are required: returns are measured on them")
    if not isinstance(horizons, str):
        horizons = ",".join(horizons)
    with _materialise(headlines, "headlines") as (hp, hn), _materialise(prices, "prices") as (pp, pn):
        out = _tripline.evaluate(
            hp, pp, os.fspath(rules),
            None if baseline_rules is None else os.fspath(baseline_rules),
            horizons, int(seed), int(baseline_draws), hn, pn,
            cost_bp if isinstance(cost_bp, str) else format(float(cost_bp), "g"),
            pnl_horizon or "",
        )
    csv = out["signals_csv"]
    # Everything as text first, so that ids and RFC 3339 times stay as written; then the
    # figures as numbers and the times as UTC datetimes.
    signals = pd.read_csv(io.StringIO(csv), dtype=str, keep_default_na=False)
    for c in signals.columns:
        if c in ("signal_ts", "first_headline_ts", "entry_ts"):
            signals[c] = pd.to_datetime(signals[c].mask(signals[c] == ""), utc=True, format="ISO8601")
        elif c in ("score", "count", "delay_s", "entry_price", "ar_beta") or c.endswith("_bp"):
            signals[c] = pd.to_numeric(signals[c].mask(signals[c] == ""), errors="coerce")
    return Evaluation(
        signals=signals,
        summary=json.loads(out["summary_json"]),
        report_html=out["report_html"],
        signals_csv=csv,
        summary_json=out["summary_json"],
        dead_letters=list(out["dead_letters"]),
    )


# ---------------------------------------------------------------------------------------------
# rules: check, explain


def check(rules: Union[str, "os.PathLike[str]"]) -> dict:
    """Validates a pack as `tripline rules check --json` does and returns that object: path,
    valid, rules, entities, phrases, tests, diagnostics (the warnings). An invalid pack raises
    RulesError with the CLI's text (every error as file:line:column) and the structured list
    as its `diagnostics` attribute."""
    valid, report_json, text = _tripline.check(os.fspath(rules))
    report = json.loads(report_json)
    if not valid:
        err = RulesError(text.rstrip("\n"))
        err.diagnostics = report["diagnostics"]
        raise err
    report["text"] = text
    return report


@dataclass
class Explanation:
    """How each rule judges one headline (`tripline rules explain`): `verdicts` one row per rule
    (rule, matched, headline_held, price_held, exception, targets, phrases, negated, trace,
    reason), `text` the CLI's output."""

    verdicts: pd.DataFrame
    text: str

    @property
    def matched(self) -> list:
        return self.verdicts.loc[self.verdicts["matched"], "rule"].tolist()

    def __str__(self) -> str:
        return self.text


def _parse_move(move: Union[None, float, str]) -> Optional[float]:
    if move is None or isinstance(move, (int, float)):
        return None if move is None else float(move)
    text = move.strip()
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise Error(f"move wants a number such as -3.9% or -0.039, got {move!r}") from None


def explain(rules: Union[str, "os.PathLike[str]"], headline: str, *, source: str = "",
            move: Union[None, float, str] = None) -> Explanation:
    """Which rules match `headline` and why (the CLI's `rules explain`). `move`: a price move to
    judge it with, a fraction (-0.039) or a percentage text ("-3.9%")."""
    verdicts, text = _tripline.explain(os.fspath(rules), headline, source, _parse_move(move))
    cols = ["rule", "matched", "headline_held", "price_held", "exception", "targets", "phrases",
            "negated", "trace", "reason"]
    return Explanation(verdicts=pd.DataFrame(list(verdicts), columns=cols), text=text)
