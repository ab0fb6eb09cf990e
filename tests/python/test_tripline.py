"""The Python package against the `tripline` binary it wraps: the same signals byte for byte,
the same evaluation files, the same rule reports, on the sample day and on the default pack's
held-out corpus split; in-memory inputs give what files give; errors carry the CLI's messages;
the engine runs without the GIL.

Run by ctest (tests/python/CMakeLists.txt) with TRIPLINE_BINARY set to the build's binary, in
the venv of tests/python/install_venv.sh. Reads only the repository; writes only tmp_path.
"""

import faulthandler
import io
import json
import os
import subprocess
import threading

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import tripline

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ["TRIPLINE_BINARY"]
DAY = os.path.join(ROOT, "examples", "h20-guidance")
HEADLINES = os.path.join(DAY, "headlines.jsonl")
PRICES = os.path.join(DAY, "prices.jsonl")
PACK = os.path.join(ROOT, "rules", "packs", "china-ai-chips")
CORPUS = os.path.join(PACK, "eval", "corpus")
BAD_PACK = os.path.join(ROOT, "tests", "python", "data", "bad_pack.yaml")


def cli(*args, check=True):
    r = subprocess.run([BINARY, *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise AssertionError(f"tripline {' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return r


def cli_backtest(tmp_path, headlines, prices, rules=PACK):
    out = tmp_path / "cli-signals.jsonl"
    args = ["backtest", "--rules", rules, "--out", str(out), "--quiet"]
    for h in headlines:
        args += ["--headlines", h]
    for p in prices:
        args += ["--prices", p]
    cli(*args)
    return out.read_bytes()


def cli_evaluate(tmp_path, headlines, prices, *extra):
    out = tmp_path / "cli-eval"
    args = ["evaluate", "--rules", PACK, "--out-dir", str(out), "--quiet", *extra]
    for h in headlines:
        args += ["--headlines", h]
    for p in prices:
        args += ["--prices", p]
    cli(*args)
    return {n: (out / n).read_text(encoding="utf-8") for n in ("signals.csv", "summary.json", "report.html")}


def jsonl(df):
    """The signals as the CLI's --out file: the json column, one line each."""
    return "".join(line + "\n" for line in df["json"]).encode("utf-8")


@pytest.fixture(scope="module")
def heldout_headlines(tmp_path_factory):
    """The corpus's held-out split (the stories whose label says "split": "heldout"), as a
    JSONL file of the original lines, in their original order."""
    with open(os.path.join(CORPUS, "labels.jsonl"), encoding="utf-8") as f:
        ids = {l["headline_id"] for l in map(json.loads, f) if l.get("split") == "heldout"}
    path = tmp_path_factory.mktemp("heldout") / "headlines.jsonl"
    kept = 0
    with open(os.path.join(CORPUS, "headlines.jsonl"), encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
        for line in f:
            if json.loads(line)["id"] in ids:
                out.write(line)
                kept += 1
    assert kept > 500  # the split is most of the corpus's held-out half, not an empty file
    return str(path)


# --- backtest ---------------------------------------------------------------------------------


def test_backtest_sample_day_is_the_clis_output_byte_for_byte(tmp_path):
    expected = cli_backtest(tmp_path, [HEADLINES], [PRICES])
    df = tripline.backtest(headlines=HEADLINES, prices=PRICES, rules=PACK)
    assert len(df) == 2  # the guidance signal and its retraction (README)
    assert jsonl(df) == expected
    assert df["direction"].tolist() == ["short", "short"]
    assert df.loc[1, "retracts"] == df.loc[0, "signal_id"]
    assert str(df["ts"].dt.tz) == "UTC"
    assert df.loc[0, "ts"] == pd.Timestamp("2025-08-12T15:36:00Z")
    assert df.attrs["messages"] == 1043 and df.attrs["headlines"] == 20


def test_backtest_columns_are_the_signals_fields(tmp_path):
    df = tripline.backtest(headlines=HEADLINES, prices=PRICES, rules=PACK)
    for _, row in df.iterrows():
        s = json.loads(row["json"])
        for k in ("signal_id", "rule", "rule_hash", "rule_file", "instrument", "direction",
                  "severity", "count", "explanation"):
            assert row[k] == s[k], k
        assert row["score"] == s["score"]
        assert json.loads(row["evidence"]) == s["evidence"]
        assert row["headline_ids"] == [h["id"] for h in s["evidence"]["headlines"]]
        price = s["evidence"]["price"]
        if price is None:  # the retraction carries no price evidence
            assert pd.isna(row["move"])
        else:
            assert row["move"] == price["move"]
    assert list(df.columns) == list(tripline.SIGNAL_COLUMNS)


def test_backtest_heldout_split_is_the_clis_output(tmp_path, heldout_headlines):
    prices = os.path.join(CORPUS, "prices.jsonl.zst")
    expected = cli_backtest(tmp_path, [heldout_headlines], [prices])
    df = tripline.backtest(headlines=heldout_headlines, prices=prices, rules=PACK)
    assert len(df) > 100
    assert jsonl(df) == expected


def test_dataframe_and_arrow_and_parquet_inputs_give_the_files_signals(tmp_path, heldout_headlines):
    prices_zst = os.path.join(CORPUS, "prices.jsonl.zst")
    from_files = tripline.backtest(headlines=heldout_headlines, prices=prices_zst, rules=PACK)
    # As a quant would load them: strings stay strings, times parsed to UTC datetimes.
    h = pd.read_json(heldout_headlines, lines=True, dtype=False, precise_float=True)
    for c in ("ts", "recv_ts"):
        if c in h.columns:
            h[c] = pd.to_datetime(h[c], utc=True)
    with pa.input_stream(prices_zst, compression="zstd") as f:
        p = pd.read_json(io.BytesIO(f.read()), lines=True, dtype=False, precise_float=True)
    p["ts"] = pd.to_datetime(p["ts"], utc=True)
    from_frames = tripline.backtest(headlines=h, prices=p, rules=PACK)
    assert jsonl(from_frames) == jsonl(from_files)

    from_arrow = tripline.backtest(headlines=pa.Table.from_pandas(h), prices=pa.Table.from_pandas(p), rules=PACK)
    assert jsonl(from_arrow) == jsonl(from_files)

    pq.write_table(pa.Table.from_pandas(h), tmp_path / "h.parquet")
    pq.write_table(pa.Table.from_pandas(p), tmp_path / "p.parquet")
    from_parquet = tripline.backtest(headlines=str(tmp_path / "h.parquet"), prices=str(tmp_path / "p.parquet"), rules=PACK)
    assert jsonl(from_parquet) == jsonl(from_files)


def test_a_frame_without_a_required_column_names_it():
    h = pd.read_json(HEADLINES, lines=True, dtype=False).drop(columns=["source"])
    with pytest.raises(tripline.Error, match="lacks the column.*source"):
        tripline.backtest(headlines=h, prices=PRICES, rules=PACK)


def test_bad_lines_are_dead_letters_not_errors(tmp_path):
    bad = tmp_path / "h.jsonl"
    bad.write_text(open(HEADLINES).read() + '{"id":"x","ts":"2025-08-12T12:00:00Z"}\n')
    df = tripline.backtest(headlines=str(bad), prices=PRICES, rules=PACK)
    assert len(df) == 2
    (letter,) = df.attrs["dead_letters"]
    assert json.loads(letter)["code"] == "missing_field:source"
    assert json.loads(letter)["origin"] == f"{bad}:21"


# --- evaluate ---------------------------------------------------------------------------------


def test_evaluate_sample_day_is_the_clis_files(tmp_path):
    expected = cli_evaluate(tmp_path, [HEADLINES], [PRICES])
    ev = tripline.evaluate(headlines=HEADLINES, prices=PRICES, rules=PACK)
    assert ev.summary_json == expected["summary.json"]
    assert ev.summary == json.loads(expected["summary.json"])
    assert ev.signals_csv == expected["signals.csv"]
    assert ev.report_html == expected["report.html"]
    # The DataFrame holds every figure of the CSV: the README's +5 min return of the short.
    assert len(ev.signals) == 1
    assert ev.signals.loc[0, "ret_5m_bp"] == pytest.approx(47.88, abs=0.01)
    assert ev.signals.loc[0, "entry_ts"] == pd.Timestamp("2025-08-12T15:36:00Z")
    assert ev.summary["packs"][0]["overall"]["signals"] == 1


def test_evaluate_with_horizons_and_baseline_rules_is_the_clis(tmp_path):
    expected = cli_evaluate(tmp_path, [HEADLINES], [PRICES], "--horizons", "5m,1h,close",
                            "--baseline-rules", PACK, "--seed", "7")
    ev = tripline.evaluate(headlines=HEADLINES, prices=PRICES, rules=PACK, horizons=["5m", "1h", "close"],
                           baseline_rules=PACK, seed=7)
    assert ev.summary_json == expected["summary.json"]
    assert ev.signals_csv == expected["signals.csv"]
    assert [c for c in ev.signals.columns if c.startswith("ret_")] == ["ret_5m_bp", "ret_1h_bp", "ret_close_bp"]


def test_evaluate_heldout_split_is_the_clis(tmp_path, heldout_headlines):
    prices = os.path.join(CORPUS, "prices.jsonl.zst")
    expected = cli_evaluate(tmp_path, [heldout_headlines], [prices])
    ev = tripline.evaluate(headlines=heldout_headlines, prices=prices, rules=PACK)
    assert ev.summary_json == expected["summary.json"]
    assert ev.signals_csv == expected["signals.csv"]
    assert len(ev.signals) > 100


def test_evaluate_costs_and_strategy_are_the_clis(tmp_path):
    expected = cli_evaluate(tmp_path, [HEADLINES], [PRICES], "--cost-bp", "5,688256.SS=15",
                            "--pnl-horizon", "close")
    ev = tripline.evaluate(headlines=HEADLINES, prices=PRICES, rules=PACK, cost_bp="5,688256.SS=15",
                           pnl_horizon="close")
    assert ev.summary_json == expected["summary.json"]
    assert ev.summary["packs"][0]["strategy"]["exit_horizon"] == "close"
    assert tripline.evaluate(headlines=HEADLINES, prices=PRICES, rules=PACK, cost_bp=2.5).summary[
        "cost_bp_per_side"] == {"default": 2.5}
    with pytest.raises(tripline.Error, match="--pnl-horizon: 'next_close'"):
        tripline.evaluate(headlines=HEADLINES, prices=PRICES, rules=PACK, pnl_horizon="next_close")


def test_quoted_prices_cost_half_the_spread_as_the_clis(tmp_path):
    # The sample day's NVDA ticks with a quote 2 cents either side: each side of the short costs
    # half the spread over the mid, 0.02 / price, instead of --cost-bp's 5 bp.
    prices = pd.read_json(PRICES, lines=True, dtype=False)
    nvda = prices["sym"] == "NVDA"
    prices["bid"] = (prices["price"] - 0.02).where(nvda)
    prices["ask"] = (prices["price"] + 0.02).where(nvda)
    quoted = tmp_path / "quoted.jsonl"
    with open(quoted, "w", encoding="utf-8") as f:
        for row in prices.to_dict("records"):
            f.write(json.dumps({k: v for k, v in row.items() if not (isinstance(v, float) and v != v)}) + "\n")
    expected = cli_evaluate(tmp_path, [HEADLINES], [str(quoted)], "--cost-bp", "5", "--horizons", "5m,close")
    ev = tripline.evaluate(headlines=HEADLINES, prices=prices, rules=PACK, cost_bp=5, horizons=["5m", "close"])
    assert ev.signals_csv == expected["signals.csv"]
    row = ev.signals.loc[0]
    entry = row["entry_price"]
    assert row["entry_cost_bp"] == pytest.approx(1e4 * 0.02 / entry, abs=0.005)
    # The 5 m exit is read at the last tick at or before entry + 5 min: its quote's half spread.
    p5 = entry * (1 - row["ret_5m_bp"] / 1e4)  # a short: the return is minus the move
    assert row["net_5m_bp"] == pytest.approx(row["ret_5m_bp"] - 1e4 * 0.02 / entry - 1e4 * 0.02 / p5, abs=0.02)
    assert ev.summary["packs"][0]["strategy"]["sides_at_half_spread"] == 2
    # Unquoted, the same signal pays 5 bp a side.
    plain = tripline.evaluate(headlines=HEADLINES, prices=PRICES, rules=PACK, cost_bp=5, horizons=["5m", "close"])
    assert plain.signals.loc[0, "entry_cost_bp"] == 5
    assert plain.signals.loc[0, "net_5m_bp"] == pytest.approx(plain.signals.loc[0, "ret_5m_bp"] - 10, abs=0.011)


def test_evaluate_summary_carries_abnormal_returns_with_t_and_p(heldout_headlines):
    # The corpus records the benchmarks: every horizon, overall and per rule, has the abnormal
    # mean with its t statistic and p value, and signals.csv the per-signal abnormal returns.
    ev = tripline.evaluate(headlines=heldout_headlines, prices=os.path.join(CORPUS, "prices.jsonl.zst"),
                           rules=PACK)
    pack = ev.summary["packs"][0]
    for group in [pack["overall"], *pack["by_rule"].values()]:
        for horizon in group["horizons"].values():
            assert {"abnormal_mean_bp", "t_stat", "p_value", "abnormal"} <= horizon.keys()
    h1 = pack["overall"]["horizons"]["1h"]
    assert h1["abnormal"]["n"] == h1["signals"]["n"] > 0
    assert 0 <= h1["p_value"] <= 1
    assert set(ev.signals["ar_model"]) <= {"market_model", "benchmark_adjusted", "raw"}
    assert ev.signals["ar_1h_bp"].notna().any()
    assert ev.signals["ar_beta"].dtype.kind == "f"


def test_evaluate_frames_name_themselves_in_the_summary():
    h = pd.read_json(HEADLINES, lines=True, dtype=False)
    ev = tripline.evaluate(headlines=h, prices=PRICES, rules=PACK)
    from_files = tripline.evaluate(headlines=HEADLINES, prices=PRICES, rules=PACK)
    assert ev.summary["inputs"]["headlines"] == ["<DataFrame headlines[0]>"]
    assert ev.signals_csv == from_files.signals_csv
    assert ev.summary["packs"] == from_files.summary["packs"]


def test_bad_horizons_raise_the_clis_message():
    with pytest.raises(tripline.Error, match="soon"):
        tripline.evaluate(headlines=HEADLINES, prices=PRICES, rules=PACK, horizons="5m,soon")


# --- errors -------------------------------------------------------------------------------------


def test_an_invalid_pack_raises_rules_error_with_file_line_column():
    r = cli("rules", "check", BAD_PACK, check=False)
    assert r.returncode == 2
    cli_message = r.stderr.splitlines()[0]
    assert cli_message.startswith(f"{BAD_PACK}:6:19: error[condition-syntax]")
    for call in (
        lambda: tripline.backtest(headlines=HEADLINES, prices=PRICES, rules=BAD_PACK),
        lambda: tripline.evaluate(headlines=HEADLINES, prices=PRICES, rules=BAD_PACK),
        lambda: tripline.explain(BAD_PACK, "anything"),
    ):
        with pytest.raises(tripline.RulesError) as e:
            call()
        assert cli_message in str(e.value).splitlines()
        assert isinstance(e.value, tripline.Error) and isinstance(e.value, ValueError)
    with pytest.raises(tripline.RulesError) as e:
        tripline.check(BAD_PACK)
    assert str(e.value) == r.stderr.rstrip("\n")
    assert e.value.diagnostics[0]["line"] == 6 and e.value.diagnostics[0]["column"] == 19


def test_a_missing_input_raises_the_clis_message(tmp_path):
    missing = os.path.join(DAY, "no-such-file.jsonl")
    r = cli("backtest", "--headlines", missing, "--prices", PRICES, "--rules", PACK, "--out",
            str(tmp_path / "o.jsonl"), check=False)
    assert r.returncode == 1
    message = r.stderr.strip().removeprefix("tripline backtest: ")
    with pytest.raises(tripline.Error) as e:
        tripline.backtest(headlines=missing, prices=PRICES, rules=PACK)
    assert str(e.value) == message


# --- rules tools ----------------------------------------------------------------------------------


def test_check_is_the_clis_json_and_text():
    report = tripline.check(PACK)
    cli_json = json.loads(cli("rules", "check", "--json", PACK).stdout)
    text = report.pop("text")
    assert report == cli_json
    assert text == cli("rules", "check", PACK).stdout
    assert report["valid"] and report["rules"] > 0


def test_explain_is_the_clis():
    headline = "Beijing urges firms to avoid Nvidia H20 chips in informal guidance"
    ex = tripline.explain(PACK, headline)
    assert ex.text == cli("rules", "explain", PACK, "--headline", headline).stdout
    assert "cn_guidance_against_us_ai_chips" in ex.matched
    denial = tripline.explain(PACK, "China denies issuing guidance against Nvidia chips")
    assert "cn_guidance_against_us_ai_chips" not in denial.matched
    with_move = tripline.explain(PACK, headline, source="Bloomberg", move="-3.9%")
    assert with_move.text == cli("rules", "explain", PACK, "--headline", headline, "--source",
                                 "Bloomberg", "--move", "-3.9%").stdout


# --- the GIL ------------------------------------------------------------------------------------


def test_the_engine_runs_without_the_gil(tmp_path):
    """The backtest reads its headlines from a FIFO, whose open blocks inside the engine until
    a writer opens it. The writer is this (main) Python thread: it can only run, open and
    write while the backtest is inside C++ if the engine released the GIL. Held, both threads
    would wait forever; faulthandler then ends the process, which fails the test."""
    fifo = tmp_path / "headlines.jsonl"
    os.mkfifo(fifo)
    result = {}

    def run():
        result["df"] = tripline.backtest(headlines=str(fifo), prices=PRICES, rules=PACK)

    faulthandler.dump_traceback_later(300, exit=True)
    try:
        t = threading.Thread(target=run)
        t.start()
        with open(fifo, "wb") as w:  # the engine's open of the FIFO is waiting for this
            w.write(open(HEADLINES, "rb").read())
        t.join()
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert jsonl(result["df"]) == jsonl(tripline.backtest(headlines=HEADLINES, prices=PRICES, rules=PACK))


def test_signal_times_with_and_without_fractions_mix():
    """Prices a quarter second later make the confirmed signal's time fractional while the
    retraction (a headline's time) stays whole: one column must hold both."""
    p = pd.read_json(PRICES, lines=True, dtype=False, precise_float=True)
    p["ts"] = pd.to_datetime(p["ts"], utc=True) + pd.Timedelta(milliseconds=250)
    df = tripline.backtest(headlines=HEADLINES, prices=p, rules=PACK)
    assert '.25Z"' in df.loc[0, "json"] and df.loc[0, "ts"].microsecond == 250000
    assert df.loc[1, "ts"].microsecond == 0
