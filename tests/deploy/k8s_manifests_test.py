#!/usr/bin/env python3
"""deploy/k8s/ against the Kubernetes API schemas and against what docs/deploy.md promises.

1. `kubernetes-validate --strict` (PyPI, bundles the schemas; offline) accepts every manifest.
2. rules.yaml is exactly what make_rules_configmap.py makes of the default pack.
3. The promises: engines a StatefulSet whose transactional.id comes from the pod name (its
   ordinal), the router a Deployment, rules from the ConfigMap with a reload sidecar on each
   pod's own admin port, liveness on /healthz and readiness on /readyz, Prometheus scrape
   annotations on the admin port, a PodDisruptionBudget selecting each, non-root, and a grace
   period longer than a graceful stop (two commits plus a flush).
Usage: k8s_manifests_test.py SOURCE_DIR
"""
import pathlib
import re
import subprocess
import sys
import unittest

import yaml

SRC = pathlib.Path(sys.argv.pop(1)).resolve() if len(sys.argv) > 1 else pathlib.Path.cwd()
K8S = SRC / "deploy/k8s"


def load_all():
    docs = []
    for f in sorted(K8S.glob("*.yaml")):
        docs += [d for d in yaml.safe_load_all(f.read_text()) if d]
    return docs


def find(docs, kind, name):
    for d in docs:
        if d["kind"] == kind and d["metadata"]["name"] == name:
            return d
    raise AssertionError(f"no {kind} {name} in deploy/k8s")


def conf_of(docs):
    text = find(docs, "ConfigMap", "tripline-config")["data"]["tripline.conf"]
    conf = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            conf[key.strip()] = value.strip()
    return conf


class Manifests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.docs = load_all()
        cls.conf = conf_of(cls.docs)

    def test_schemas_strict(self):
        files = [str(f) for f in sorted(K8S.glob("*.yaml"))]
        self.assertGreaterEqual(len(files), 4)
        r = subprocess.run(["kubernetes-validate", "--strict", "--quiet", *files],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_rules_configmap_is_the_default_pack(self):
        r = subprocess.run([sys.executable, str(K8S / "make_rules_configmap.py"), "--check"],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        data = find(self.docs, "ConfigMap", "tripline-rules")["data"]
        for key, text in data.items():
            # The lexicons the pack imports travel flat, as lexicons__NAME.yaml.
            lexicon = key.startswith("lexicons__")
            path = (SRC / "rules/lexicons" / key[len("lexicons__"):] if lexicon
                    else SRC / "rules/packs/china-ai-chips" / key)
            self.assertEqual(text, path.read_text(), key)
        self.assertIn("lexicons__actors.yaml", data)

    def pod(self, kind, name):
        return find(self.docs, kind, name)["spec"]["template"]

    def test_engines_are_a_statefulset_with_the_ordinal_as_transactional_id(self):
        sts = find(self.docs, "StatefulSet", "tripline-engine")
        self.assertEqual(sts["spec"]["serviceName"], "tripline-engine")
        find(self.docs, "Service", "tripline-engine")
        self.assertEqual(self.conf["transactional.id"], "${env:POD_NAME}")
        engine = sts["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(engine["args"][0], "run")
        env = {e["name"]: e for e in engine["env"]}
        self.assertEqual(env["POD_NAME"]["valueFrom"]["fieldRef"]["fieldPath"], "metadata.name")
        self.assertIn("--set=topics.headlines=tripline.headlines.by_instrument", engine["args"])
        self.assertEqual(self.conf["consumer.partition.assignment.strategy"], "range")

    def test_router_is_a_deployment(self):
        router = self.pod("Deployment", "tripline-router")["spec"]["containers"][0]
        self.assertEqual(router["args"][0], "route")
        self.assertIn("--to=tripline.headlines.by_instrument", router["args"])

    def admin_port(self, container):
        for arg in container["args"]:
            m = re.match(r"--admin=0\.0\.0\.0:(\d+)$", arg)
            if m:
                return int(m.group(1))
        m = re.match(r"0\.0\.0\.0:(\d+)$", self.conf["admin.listen"])
        self.assertIsNotNone(m, "admin must listen on the pod IP for probes and scraping")
        return int(m.group(1))

    def test_probes_annotations_reload_sidecar_and_security(self):
        txn_s = int(self.conf["producer.transaction.timeout.ms"]) / 1000
        self.assertEqual(self.conf["rules"], "/etc/tripline/rules")
        self.assertEqual(self.conf["admin.token"], "${env:TRIPLINE_ADMIN_TOKEN}")
        for kind, name in (("StatefulSet", "tripline-engine"), ("Deployment", "tripline-router")):
            with self.subTest(kind=kind):
                tpl = self.pod(kind, name)
                spec = tpl["spec"]
                main, sidecar = spec["containers"]
                port = self.admin_port(main)
                self.assertIn({"name": "admin", "containerPort": port}, main["ports"])
                self.assertEqual(main["livenessProbe"]["httpGet"]["path"], "/healthz")
                # Liveness waits for the first /healthz: minutes while the brokers are down.
                startup = main["startupProbe"]
                self.assertEqual(startup["httpGet"]["path"], "/healthz")
                self.assertGreaterEqual(startup["periodSeconds"] * startup["failureThreshold"], 300)
                self.assertIs(spec["automountServiceAccountToken"], False)
                spread = spec["topologySpreadConstraints"][0]
                self.assertEqual(spread["topologyKey"], "kubernetes.io/hostname")
                self.assertTrue(spread["labelSelector"]["matchLabels"].items() <=
                                tpl["metadata"]["labels"].items())
                self.assertEqual(main["readinessProbe"]["httpGet"]["path"], "/readyz")
                for probe in ("livenessProbe", "readinessProbe"):
                    self.assertEqual(main[probe]["httpGet"]["port"], "admin")
                ann = tpl["metadata"]["annotations"]
                self.assertEqual(ann["prometheus.io/scrape"], "true")
                self.assertEqual(ann["prometheus.io/port"], str(port))
                self.assertEqual(ann["prometheus.io/path"], "/metrics")
                # The rules ConfigMap, watched by the sidecar, which reloads through this port.
                volumes = {v["name"]: v for v in spec["volumes"]}
                self.assertEqual(volumes["rules"]["configMap"]["name"], "tripline-rules")
                mounts = {m["name"]: m["mountPath"] for m in main["volumeMounts"]}
                self.assertEqual(mounts["rules"], "/etc/tripline/rules")
                self.assertEqual(sidecar["command"], ["/usr/local/bin/tripline-reload-on-change",
                                                      "/etc/tripline/rules", f"127.0.0.1:{port}"])
                for c in (main, sidecar):
                    token = {e["name"]: e for e in c["env"]}["TRIPLINE_ADMIN_TOKEN"]
                    self.assertEqual(token["valueFrom"]["secretKeyRef"]["name"], "tripline-secrets")
                    self.assertFalse(c["securityContext"]["allowPrivilegeEscalation"])
                    self.assertTrue(c["securityContext"]["readOnlyRootFilesystem"])
                self.assertTrue(spec["securityContext"]["runAsNonRoot"])
                self.assertGreater(spec["terminationGracePeriodSeconds"], 2 * txn_s + 10)
                # A PodDisruptionBudget selects exactly these pods.
                labels = tpl["metadata"]["labels"]
                pdbs = [d for d in self.docs if d["kind"] == "PodDisruptionBudget" and
                        d["spec"]["selector"]["matchLabels"].items() <= labels.items()]
                self.assertEqual(len(pdbs), 1, f"PodDisruptionBudgets selecting {name}")

    def test_admin_ports_are_reachable_only_from_monitoring(self):
        policy = find(self.docs, "NetworkPolicy", "tripline-admin")
        selector = policy["spec"]["podSelector"]["matchLabels"]
        for kind, name in (("StatefulSet", "tripline-engine"), ("Deployment", "tripline-router")):
            labels = self.pod(kind, name)["metadata"]["labels"]
            self.assertTrue(selector.items() <= labels.items(), f"the policy misses {name}")
        self.assertEqual(policy["spec"]["policyTypes"], ["Ingress"])
        (rule,) = policy["spec"]["ingress"]
        self.assertEqual({p["port"] for p in rule["ports"]}, {9464, 9465})
        self.assertEqual(rule["from"][0]["namespaceSelector"]["matchLabels"],
                         {"kubernetes.io/metadata.name": "monitoring"})

    def test_the_sidecar_script_is_in_the_image(self):
        dockerfile = (SRC / "deploy/container/Dockerfile").read_text()
        self.assertIn("deploy/container/reload-on-change.sh "
                      "/stage/usr/local/bin/tripline-reload-on-change", dockerfile)


if __name__ == "__main__":
    unittest.main(verbosity=2)
