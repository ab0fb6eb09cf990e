#!/usr/bin/env python3
"""Looks at `tripline evaluate`'s report.html as a person would, through headless Chromium.

    report_check.py TRIPLINE_BINARY SOURCE_DIR CHROMIUM

Runs `tripline evaluate` on the default pack's labelled dev set (rules/packs/china-ai-chips/
eval/dev: 229 one-story sessions, eight instruments) into a temporary directory, then:
- renders report.html to a PNG with `chromium --headless --screenshot` and checks the picture is
  not blank (variance of its grey levels, share of non-white pixels);
- dumps the DOM with `--dump-dom` and checks it holds the summary table, the event study's SVG
  paths (a line per rule and its band) and the price charts' paths;
- checks every figure of the signal table equals its signals.csv cell (same digits), and the
  summary table's n, hit rate and mean equal summary.json;
- checks the page is self-contained: no script, stylesheet link, font or remote URL.
Exit 0 when all hold; 1 with the failed checks listed.
"""
import csv
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def decode_png(path):
    """Returns (width, height, grey levels row by row) of an 8-bit RGB/RGBA PNG (stdlib only)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), f"unsupported PNG depth {depth} colour {colour}"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append([(line[x] * 299 + line[x + 1] * 587 + line[x + 2] * 114) // 1000
                     for x in range(0, stride, channels)])
        prev = line
    return width, height, rows


class Dom(html.parser.HTMLParser):
    """Collects the signal table's cells, the summary table's cells and the SVG paths."""

    def __init__(self):
        super().__init__()
        self.table = None
        self.signal_rows = []  # (pack, signal_id, {col: text})
        self.summary_rows = []  # (horizon, {stat: text})
        self.abnormal_rows = []  # (horizon, {stat: text}) of table#abnormal-summary
        self.cell = None
        self.text = ""
        self.paths = []  # (svg id or class, path class)
        self.svg = None
        self.tags = set()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        for k in ("src", "href"):
            if k in a:
                self.urls.append(a[k])
        if tag == "table":
            self.table = a.get("id")
        elif tag == "svg":
            self.svg = a.get("id") or a.get("class")
        elif tag == "path":
            self.paths.append((self.svg, a.get("class"), a.get("d", "")))
        elif tag == "tr" and self.table == "signals" and "data-signal" in a:
            self.signal_rows.append((a["data-pack"], a["data-signal"], {}))
        elif tag == "tr" and self.table == "summary" and "data-horizon" in a:
            self.summary_rows.append((a["data-horizon"], {}))
        elif tag == "tr" and self.table == "abnormal-summary" and "data-horizon" in a:
            self.abnormal_rows.append((a["data-horizon"], {}))
        elif tag == "td" and ("data-col" in a or "data-stat" in a):
            self.cell = a.get("data-col") or a.get("data-stat")
            self.text = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.cell:
            text = self.text.strip().replace("\u2013", "")
            if self.table == "signals":
                self.signal_rows[-1][2][self.cell] = text
            elif self.table == "summary":
                self.summary_rows[-1][1][self.cell] = text
            elif self.table == "abnormal-summary":
                self.abnormal_rows[-1][1][self.cell] = text
            self.cell = None
        elif tag == "table":
            self.table = None
        elif tag == "svg":
            self.svg = None

    def handle_data(self, data):
        if self.cell:
            self.text += data


def main():
    binary, source, chromium = sys.argv[1:4]
    if not chromium or not os.path.exists(chromium):
        print("report_check: chromium not found (deploy/setup.sh installs Debian's chromium)")
        return 1
    dev = os.path.join(source, "rules/packs/china-ai-chips/eval/dev")
    work = tempfile.mkdtemp(prefix="tripline-report-")
    try:
        out = os.path.join(work, "out")
        run = subprocess.run(
            [binary, "evaluate", "--headlines", f"{dev}/headlines.jsonl", "--prices",
             f"{dev}/prices.jsonl", "--rules", os.path.join(source, "rules/packs/china-ai-chips"),
             "--out-dir", out, "--quiet"], capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            print("tripline evaluate failed:", run.returncode, run.stderr)
            return 1
        report = os.path.join(out, "report.html")
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", f"--user-data-dir={os.path.join(work, 'profile')}"]
        png = os.path.join(work, "report.png")
        subprocess.run([chromium, *flags, f"--screenshot={png}", "--window-size=1280,1600",
                        "file://" + report], capture_output=True, timeout=180)
        check(os.path.exists(png), "chromium wrote no screenshot")
        if os.path.exists(png):
            w, h, rows = decode_png(png)
            pixels = [v for row in rows[::2] for v in row[::2]]
            mean = sum(pixels) / len(pixels)
            variance = sum((v - mean) ** 2 for v in pixels) / len(pixels)
            dark = sum(1 for v in pixels if v < 200) / len(pixels)
            print(f"screenshot {w}x{h}: grey variance {variance:.0f}, non-white share {dark:.3f}")
            check(variance > 200, f"screenshot looks blank (grey variance {variance:.0f})")
            check(dark > 0.01, f"screenshot nearly empty ({dark:.3%} non-white pixels)")
        dump = subprocess.run([chromium, *flags, "--dump-dom", "file://" + report],
                              capture_output=True, text=True, timeout=180)
        dom = Dom()
        dom.feed(dump.stdout)
        check("table" in dom.tags and dom.summary_rows, "no summary table (table#summary) in the DOM")
        es_lines = [p for p in dom.paths if p[0] == "event-study-chart" and p[1] == "es-line"]
        es_bands = [p for p in dom.paths if p[0] == "event-study-chart" and p[1] == "es-band"]
        prices = [p for p in dom.paths if p[0] == "price-chart" and p[1] == "price-line"]
        print(f"DOM: {len(es_lines)} event-study lines, {len(es_bands)} bands, "
              f"{len(prices)} price paths, {len(dom.signal_rows)} signal rows")
        check(len(es_lines) >= 2, "event study has fewer than two lines (a rule and the baseline)")
        check(es_bands, "event study has no confidence band")
        check(all(p[2].count("L") > 100 for p in es_lines), "an event-study line has few points")
        check(prices, "no price chart path")
        # Self-contained: nothing to fetch.
        page = open(report, encoding="utf-8").read()
        check("<script" not in page and "<link" not in page and "@import" not in page
              and "url(" not in page, "report references scripts, stylesheets or url()")
        remote = [u for u in dom.urls if "://" in u]
        check(not remote, f"report references remote URLs: {remote[:3]}")
        check(page.count("http") == page.count('xmlns="http://www.w3.org/2000/svg"'),
              "report contains URLs other than the SVG namespace")
        # The signal table's digits are signals.csv's.
        with open(os.path.join(out, "signals.csv"), newline="") as f:
            csv_rows = {(r["pack"], r["signal_id"]): r for r in csv.DictReader(f)}
        check(dom.signal_rows, "signal table is empty")
        check(len(dom.signal_rows) == min(len(csv_rows), 500),
              f"signal table has {len(dom.signal_rows)} rows, signals.csv {len(csv_rows)}")
        compared = 0
        for pack, signal_id, cells in dom.signal_rows:
            row = csv_rows.get((pack, signal_id))
            if row is None:
                failures.append(f"signal {signal_id} is in the HTML, not in signals.csv")
                continue
            for col, text in cells.items():
                compared += 1
                if row[col] != text:
                    failures.append(f"signal {signal_id} {col}: HTML {text!r}, CSV {row[col]!r}")
        check(compared > 10 * len(dom.signal_rows), "few signal cells compared")
        bp_cells = sum(1 for _, _, c in dom.signal_rows for k, v in c.items()
                       if k.endswith("_bp") and v)
        check(bp_cells > 0, "no return figure in the signal table")
        # The summary table's digits are summary.json's.
        summary = json.load(open(os.path.join(out, "summary.json")))
        overall = summary["packs"][0]["overall"]["horizons"]
        for horizon, cells in dom.summary_rows:
            s = overall[horizon]["signals"]
            check(cells.get("n") == str(s["n"]), f"summary {horizon} n: {cells.get('n')} vs {s['n']}")
            # summary.json keeps four decimals of the fraction, the page one of the percentage.
            got = cells.get("hit_rate")
            if s["hit_rate"] is None:
                check(got == "", f"summary {horizon} hit rate: {got} vs none")
            else:
                check(got and abs(float(got) - s["hit_rate"] * 100) <= 0.051,
                      f"summary {horizon} hit rate: {got} vs {s['hit_rate']}")
            want_mean = "" if s["mean_bp"] is None else f"{s['mean_bp']:.2f}"
            check(cells.get("mean_bp") == want_mean,
                  f"summary {horizon} mean: {cells.get('mean_bp')} vs {want_mean}")
        # The abnormal-return table (mean, t, p per horizon) is summary.json's, and the abnormal
        # event study is drawn.
        check(len(dom.abnormal_rows) == len(overall), "no abnormal-returns table row per horizon")
        for horizon, cells in dom.abnormal_rows:
            h = overall[horizon]
            want = "" if h["abnormal_mean_bp"] is None else f"{h['abnormal_mean_bp']:.2f}"
            check(cells.get("abnormal_mean_bp") == want,
                  f"abnormal {horizon} mean: {cells.get('abnormal_mean_bp')} vs {want}")
            got_t = cells.get("t_stat")
            if h["t_stat"] is None:
                check(got_t == "", f"abnormal {horizon} t: {got_t} vs none")
            else:
                check(got_t and abs(float(got_t) - h["t_stat"]) <= 0.0051,
                      f"abnormal {horizon} t: {got_t} vs {h['t_stat']}")
            got_p, want_p = cells.get("p_value"), h["p_value"]
            if want_p is None:
                ok = got_p == ""
            elif got_p == "<1e-16":
                ok = want_p < 1e-16
            else:
                ok = bool(got_p) and abs(float(got_p) - want_p) <= 1e-4 * want_p
            check(ok, f"abnormal {horizon} p: {got_p} vs {want_p}")
        equity = [p for p in dom.paths if p[0] == "equity-chart" and p[1] == "equity-line"]
        check(len(equity) == 2, f"the equity curve has {len(equity)} lines, not gross and net")
        ab_lines = [p for p in dom.paths if p[0] == "abnormal-event-study-chart" and p[1] == "es-line"]
        check(ab_lines and all(p[2].count("L") > 100 for p in ab_lines),
              "the abnormal event study has no line with points")
        print(f"compared {compared} signal cells, {len(dom.summary_rows)} summary rows and "
              f"{len(dom.abnormal_rows)} abnormal rows; {len(ab_lines)} abnormal event-study lines")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures[:30]:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
