"""The alert rules and the Grafana dashboard query only what Tripline exports.

Starts a real `tripline route` and `tripline run` (the scale-out topology, so that both kinds of
/metrics are there) against the test broker (TRIPLINE_KAFKA_BOOTSTRAP), feeds them a headline
that fires a signal, a price, and one undecodable message for each, scrapes both /metrics, and
checks that every `tripline_*` name in deploy/prometheus/*.yaml and in the dashboard's queries
is a series one of them exports (a histogram's _bucket/_sum/_count only when the family is a
histogram). A metric renamed or lost in the code fails here, not on a quiet pager.

Also: the dashboard is valid JSON with a query in every panel; every alert has a runbook
anchor whose section exists in docs/operations.md; and the metrics added for the alerts move:
the per-rule signal series exists at 0 before the first signal and counts it, the last-signal
time advances, the dead-letter counter counts, the router reports its lag and rebalances.

Usage: alerts_metrics_test.py BUILD_DIR SOURCE_DIR
"""
import glob
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import yaml

BUILD = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
TRIPLINE = os.path.join(BUILD, "app", "cli", "tripline")
RULE_FILES = sorted(glob.glob(os.path.join(SRC, "deploy", "prometheus", "*.yaml")))
DASHBOARD = os.path.join(SRC, "deploy", "grafana", "tripline-dashboard.json")
OPERATIONS = os.path.join(SRC, "docs", "operations.md")
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
# A bound on waiting for the broker and the processes, not a measure of anything.
WAIT_SECONDS = 120

PACK = """\
entities:
  nvidia: {instruments: [NVDA], names: [Nvidia]}
rules:
  - id: alerts_probe
    headline: '"alerts probe" and mentions(nvidia)'
    emit: {instrument: NVDA, direction: short}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def promql_names(text):
    """Every identifier in PromQL outside string literals (crude: no parser, but no metric name
    can hide from it). Recording rules' names have colons and are kept whole."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    return set(re.findall(r"(?<![A-Za-z0-9_:])[A-Za-z_:][A-Za-z0-9_:]*", text))


def referenced_names(text):
    """The metric names starting with tripline_ (recording rules' names excluded)."""
    return {n for n in promql_names(text) if n.startswith("tripline_") and ":" not in n}


def recorded_references(text):
    """Recording rules' names (level:metric:operations) used by a query."""
    return {n for n in promql_names(text) if n.count(":") >= 2}


def rule_queries():
    queries = []
    for path in RULE_FILES:
        with open(path) as f:
            doc = yaml.safe_load(f)
        for group in doc["groups"]:
            for rule in group["rules"]:
                queries.append(rule["expr"])
    return queries


def recorded_names():
    names = set()
    for path in RULE_FILES:
        with open(path) as f:
            doc = yaml.safe_load(f)
        for group in doc["groups"]:
            names.update(r["record"] for r in group["rules"] if "record" in r)
    return names


def dashboard_queries(dashboard):
    queries = []

    def walk(panels):
        for p in panels:
            for t in p.get("targets", []):
                queries.append(t["expr"])
            walk(p.get("panels", []))

    walk(dashboard["panels"])
    for v in dashboard["templating"]["list"]:
        if v["type"] == "query":
            queries.append(v["definition"])
    return queries


def parse_exposition(text):
    """(families: name -> type, samples: list of (name, labels dict, value))."""
    families, samples = {}, []
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            families[name] = kind
        elif line and not line.startswith("#"):
            m = re.match(r"([A-Za-z_:][A-Za-z0-9_:]*)(\{(.*)\})? (\S+)$", line)
            assert m, f"malformed sample line: {line!r}"
            labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
            samples.append((m.group(1), labels, float(m.group(4))))
    return families, samples


def exported(name, families):
    kind = families.get(name)
    if kind is not None:
        return kind != "histogram"  # a histogram is only ever queried through its suffixes
    for suffix in HISTOGRAM_SUFFIXES:
        if name.endswith(suffix) and families.get(name[: -len(suffix)]) == "histogram":
            return True
    return False


class StaticChecks(unittest.TestCase):
    def test_dashboard_is_json_with_a_query_in_every_panel(self):
        with open(DASHBOARD) as f:
            dashboard = json.load(f)
        ids = []
        for p in dashboard["panels"]:
            ids.append(p["id"])
            if p["type"] == "row":
                continue
            self.assertTrue(p.get("targets"), f"panel {p['title']!r} has no query")
            for t in p["targets"]:
                self.assertTrue(t["expr"].strip(), f"panel {p['title']!r} has an empty query")
            g = p["gridPos"]
            self.assertLessEqual(g["x"] + g["w"], 24, f"panel {p['title']!r} is off the grid")
        self.assertEqual(len(ids), len(set(ids)), "panel ids repeat")

    def test_every_alert_has_its_runbook_section(self):
        with open(OPERATIONS) as f:
            headings = {
                re.sub(r"[^a-z0-9 -]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
                for line in f
                if line.startswith("#")
            }
        alerts = 0
        for path in RULE_FILES:
            with open(path) as f:
                doc = yaml.safe_load(f)
            for group in doc["groups"]:
                for rule in group["rules"]:
                    if "alert" not in rule:
                        continue
                    alerts += 1
                    self.assertIn("severity", rule.get("labels", {}), rule["alert"])
                    for key in ("summary", "description", "runbook"):
                        self.assertIn(key, rule.get("annotations", {}), rule["alert"])
                    runbook = rule["annotations"]["runbook"]
                    doc_path, _, anchor = runbook.partition("#")
                    self.assertEqual(doc_path, "docs/operations.md", rule["alert"])
                    self.assertEqual(anchor, rule["alert"].lower(), rule["alert"])
                    self.assertIn(anchor, headings, f"no section for {rule['alert']}")
        self.assertGreater(alerts, 0)

    def test_the_name_check_tells_a_histogram_from_its_suffixes(self):
        families = {"a_seconds": "histogram", "b_total": "counter", "c_count": "gauge"}
        self.assertTrue(exported("a_seconds_bucket", families))
        self.assertTrue(exported("a_seconds_count", families))
        self.assertFalse(exported("a_seconds", families))
        self.assertTrue(exported("b_total", families))
        self.assertFalse(exported("b_total_bucket", families))
        self.assertTrue(exported("c_count", families))
        self.assertFalse(exported("d_total", families))
        query = 'rate(tripline_x_total{a="tripline_no"}[5m]) / tripline_y_bucket + job:tripline_z:rate5m'
        self.assertEqual(referenced_names(query), {"tripline_x_total", "tripline_y_bucket"})
        self.assertEqual(recorded_references(query), {"job:tripline_z:rate5m"})

    def test_every_recording_rule_used_is_defined(self):
        with open(DASHBOARD) as f:
            queries = rule_queries() + dashboard_queries(json.load(f))
        used = set().union(*(recorded_references(q) for q in queries))
        self.assertTrue(used, "the rules use no recording rule: this check checks nothing")
        self.assertLessEqual(used, recorded_names())


class LiveMetrics(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        try:
            cls.set_up()
        except BaseException:
            # unittest skips tearDownClass when setUpClass fails: stop the processes here.
            cls.tearDownClass()
            raise

    @classmethod
    def set_up(cls):
        cls.bootstrap = os.environ.get("TRIPLINE_KAFKA_BOOTSTRAP", "")
        if not cls.bootstrap:
            raise RuntimeError("TRIPLINE_KAFKA_BOOTSTRAP is unset (tests/run_all.sh starts the broker)")
        from confluent_kafka import Producer
        from confluent_kafka.admin import AdminClient, NewTopic

        cls.tmp = tempfile.mkdtemp(prefix="tripline-alerts-")
        cls.procs = []
        n = f"alerts-test-{os.getpid()}-{int(time.time())}"
        cls.topics = {
            "headlines": f"{n}.headlines",
            "routed": f"{n}.routed",
            "prices": f"{n}.prices",
            "signals": f"{n}.signals",
            "dlq": f"{n}.dlq",
        }
        admin = AdminClient({"bootstrap.servers": cls.bootstrap})
        futures = admin.create_topics(
            [
                NewTopic(cls.topics["headlines"], 1, 1),
                NewTopic(cls.topics["routed"], 2, 1),
                NewTopic(cls.topics["prices"], 2, 1),
                NewTopic(cls.topics["signals"], 1, 1),
                NewTopic(cls.topics["dlq"], 1, 1),
            ]
        )
        for f in futures.values():
            f.result(timeout=WAIT_SECONDS)

        pack = os.path.join(cls.tmp, "pack.yaml")
        with open(pack, "w") as f:
            f.write(PACK)
        config = os.path.join(cls.tmp, "tripline.conf")
        with open(config, "w") as f:
            f.write(
                f"kafka.bootstrap.servers = {cls.bootstrap}\n"
                f"group.id = {n}\n"
                f"transactional.id = {n}\n"
                f"topics.headlines = {cls.topics['headlines']}\n"
                f"topics.prices = {cls.topics['prices']}\n"
                f"topics.signals = {cls.topics['signals']}\n"
                f"topics.dlq = {cls.topics['dlq']}\n"
                f"rules = {pack}\n"
                "consumer.partition.assignment.strategy = range\n"
                "producer.transaction.timeout.ms = 10000\n"
            )
        cls.router_port, cls.engine_port = free_port(), free_port()
        cls.start(
            "router",
            [TRIPLINE, "route", "--config", config, "--to", cls.topics["routed"],
             "--admin", f"127.0.0.1:{cls.router_port}"],
        )
        cls.start(
            "engine",
            [TRIPLINE, "run", "--config", config,
             "--set", f"topics.headlines={cls.topics['routed']}",
             "--set", "topics.headlines.routed=true",
             "--set", f"admin.listen=127.0.0.1:{cls.engine_port}"],
        )
        cls.first_engine = cls.wait_for(
            cls.engine_port, lambda s: cls.value(s, "tripline_signals_total", rule="alerts_probe") is not None
        )

        producer = Producer({"bootstrap.servers": cls.bootstrap, "partitioner": "murmur2_random"})
        producer.produce(
            cls.topics["headlines"],
            json.dumps({"id": "a1", "ts": "2025-08-12T12:00:00Z", "source": "Reuters",
                        "headline": "Nvidia alerts probe"}).encode(),
        )
        producer.produce(cls.topics["headlines"], b"{not a headline")
        producer.produce(
            cls.topics["prices"],
            json.dumps({"sym": "NVDA", "ts": "2025-08-12T12:00:01Z", "price": 100.5}).encode(),
            key=b"NVDA",
        )
        producer.produce(cls.topics["prices"], b"{not a price", key=b"NVDA")
        producer.flush(WAIT_SECONDS)

        started = cls.value(cls.first_engine, "tripline_last_signal_timestamp_seconds")
        cls.engine = cls.wait_for(
            cls.engine_port,
            # The signal counter moves when the signal is produced, the last-signal time when its
            # transaction commits (a post-commit sink): wait for both.
            lambda s: (cls.value(s, "tripline_signals_total", rule="alerts_probe") or 0) >= 1
            and (cls.value(s, "tripline_last_signal_timestamp_seconds") or 0) > (started or 0)
            and (cls.total(s, "tripline_dead_letters_total") or 0) >= 1
            and cls.value(s, "tripline_consumer_partition_lag_messages") is not None,
        )
        cls.router = cls.wait_for(
            cls.router_port,
            lambda s: (cls.value(s, "tripline_route_dead_letters_total") or 0) >= 1
            and (cls.value(s, "tripline_route_rebalances_total") or 0) >= 1
            and cls.value(s, "tripline_route_consumer_lag_messages") is not None
            and cls.value(s, "tripline_route_consumer_lag_messages") >= 0,
        )

    @classmethod
    def tearDownClass(cls):
        for name, p in getattr(cls, "procs", []):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        if hasattr(cls, "tmp"):
            shutil.rmtree(cls.tmp, ignore_errors=True)
        if getattr(cls, "topics", None):
            from confluent_kafka.admin import AdminClient

            # The suite's broker is shared: leave it as found.
            admin = AdminClient({"bootstrap.servers": cls.bootstrap})
            for f in admin.delete_topics(list(cls.topics.values())).values():
                try:
                    f.result(timeout=30)
                except Exception:  # pylint: disable=broad-except
                    pass

    @classmethod
    def start(cls, name, argv):
        with open(os.path.join(cls.tmp, f"{name}.log"), "w") as log:
            cls.procs.append((name, subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)))

    @classmethod
    def logs(cls):
        out = []
        for name, _ in cls.procs:
            with open(os.path.join(cls.tmp, f"{name}.log")) as f:
                out.append(f"--- {name}.log\n" + "".join(f.readlines()[-20:]))
        return "\n".join(out)

    @classmethod
    def scrape(cls, port):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
            return parse_exposition(r.read().decode())

    @classmethod
    def wait_for(cls, port, condition):
        """The first scrape of `port` that meets `condition`; raises with the logs if none
        does within WAIT_SECONDS or a process exits."""
        deadline = time.monotonic() + WAIT_SECONDS
        last = None
        while time.monotonic() < deadline:
            for name, p in cls.procs:
                if p.poll() is not None:
                    raise RuntimeError(f"{name} exited with {p.returncode}\n{cls.logs()}")
            try:
                last = cls.scrape(port)
                if condition(last):
                    return last
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"port {port}: condition not met; last scrape {last}\n{cls.logs()}")

    @staticmethod
    def value(scrape, name, **labels):
        for sample, have, v in scrape[1]:
            if sample == name and all(have.get(k) == w for k, w in labels.items()):
                return v
        return None

    @staticmethod
    def total(scrape, name):
        values = [v for sample, _, v in scrape[1] if sample == name]
        return sum(values) if values else None

    def test_every_metric_the_rules_and_dashboard_query_is_exported(self):
        families = dict(self.engine[0])
        families.update(self.router[0])
        with open(DASHBOARD) as f:
            dashboard = json.load(f)
        sources = [("rules", q) for q in rule_queries()]
        sources += [("dashboard", q) for q in dashboard_queries(dashboard)]
        names = set()
        missing = []
        for where, query in sources:
            for name in referenced_names(query):
                names.add(name)
                if not exported(name, families):
                    missing.append(f"{where}: {name} in {query.strip()!r}")
        self.assertFalse(missing, "queried but not exported:\n" + "\n".join(missing))
        # Guards the check itself: a parse that found nothing would pass vacuously.
        self.assertGreaterEqual(len(names), 20, sorted(names))

    def test_the_signal_series_exists_at_zero_then_counts(self):
        self.assertEqual(self.value(self.first_engine, "tripline_signals_total", rule="alerts_probe"), 0)
        self.assertEqual(self.value(self.engine, "tripline_signals_total", rule="alerts_probe"), 1)

    def test_the_last_signal_time_advances_with_a_signal(self):
        before = self.value(self.first_engine, "tripline_last_signal_timestamp_seconds")
        after = self.value(self.engine, "tripline_last_signal_timestamp_seconds")
        self.assertIsNotNone(before)
        self.assertGreater(after, before)

    def test_dead_letters_are_counted_by_code(self):
        codes = [l.get("code") for n, l, v in self.engine[1] if n == "tripline_dead_letters_total" and v >= 1]
        self.assertTrue(codes and all(codes), self.engine[1])

    def test_the_router_reports_its_lag_and_rebalances(self):
        self.assertGreaterEqual(self.value(self.router, "tripline_route_consumer_lag_messages"), 0)
        self.assertGreaterEqual(self.value(self.router, "tripline_route_rebalances_total"), 1)
        self.assertGreaterEqual(self.value(self.router, "tripline_route_headlines_total"), 2)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
