#!/usr/bin/env python3
"""deploy/container/Dockerfile and the build context's .dockerignore keep their promises.

Parsed, not built (building needs base images this machine cannot pull; deploy/try_packages.sh
builds and runs the image where podman can):
1. The runtime stage removes apt's package lists and downloaded .debs in the same RUN that
   installs packages (a later RUN cannot shrink an earlier layer; a base built from Debian's
   packages keeps about 80 MB of them otherwise).
2. The runtime user is uid 10001 in a group created explicitly with gid 10001 (`useradd
   --user-group` picks a system gid, 999), and the image runs as USER 10001:10001, the ids the
   Kubernetes manifests set.
3. .dockerignore, applied with the matching rules podman and docker use (Go filepath.Match per
   path segment, `**` for any depth, a match on a directory excludes what is under it), keeps
   every heavy generated path out of the build context (build trees, .git, benchmark data, the
   JVM peers' jars and classes, the test broker's jars and data: every path git ignores in this
   checkout too), and keeps every tracked source file the build needs in it.
Usage: container_file_test.py SOURCE_DIR
"""
import pathlib
import re
import subprocess
import sys
import unittest

SRC = pathlib.Path(sys.argv.pop(1)).resolve() if len(sys.argv) > 1 else pathlib.Path.cwd()
DOCKERFILE = SRC / "deploy/container/Dockerfile"

# Paths that must never be sent as context: one sample file under each heavy or generated tree.
HEAVY = [
    ".git/objects/pack/pack-0.pack",
    "build/release/app/cli/tripline",
    "build/asan/CMakeCache.txt",
    "bench/data/day.jsonl.zst",
    "bench/peers/kstreams/lib/kafka-streams-3.9.0.jar",
    "bench/peers/esper/lib/esper-common-8.9.0.jar",
    "bench/peers/kstreams/out/Main.class",
    "bench/peers/kstreams/target/peer.jar",
    "deploy/kafka/lib/kafka_2.13-3.9.0.jar",
    "deploy/kafka/run/data/meta.properties",
    "deploy/kafka/run/bootstrap",
]


def instructions(text):
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined."""
    out, current = [], ""
    for line in text.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.lstrip().startswith("#"):
            continue  # a comment inside a continued instruction
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        current += line
        keyword, _, args = current.strip().partition(" ")
        out.append((keyword.upper(), " ".join(args.split())))
        current = ""
    return out


def runtime_stage(instrs):
    """The instructions of the last stage (the image that ships)."""
    starts = [i for i, (k, _) in enumerate(instrs) if k == "FROM"]
    return instrs[starts[-1]:]


def segment_regex(pattern):
    """A .dockerignore pattern as a regex over a slash-separated path (Go filepath.Match per
    segment: `*` and `?` never cross `/`; `**` matches any number of segments)."""
    parts = []
    for seg in pattern.strip("/").split("/"):
        if seg == "**":
            parts.append(None)
            continue
        rx = ""
        i = 0
        while i < len(seg):
            c = seg[i]
            if c == "*":
                rx += "[^/]*"
            elif c == "?":
                rx += "[^/]"
            elif c == "[":
                j = seg.index("]", i)
                rx += seg[i:j + 1]
                i = j
            else:
                rx += re.escape(c)
            i += 1
        parts.append(rx)
    rx = ""
    for k, p in enumerate(parts):
        if p is None:
            rx += "(?:[^/]+/)*" if k < len(parts) - 1 else ".*"
        else:
            rx += p + ("/" if k < len(parts) - 1 else "")
    return re.compile(rx + r"\Z")


def load_dockerignore():
    rules = []
    for line in (SRC / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        rules.append((negate, segment_regex(line.lstrip("!"))))
    return rules


def excluded(rules, path):
    """Whether the context leaves out PATH: it or one of its parent directories matches, the
    last matching rule deciding (a `!pattern` re-includes)."""
    segments = path.split("/")
    prefixes = ["/".join(segments[:n]) for n in range(1, len(segments) + 1)]
    result = False
    for negate, rx in rules:
        if any(rx.match(p) for p in prefixes):
            result = not negate
    return result


class Dockerfile(unittest.TestCase):
    def setUp(self):
        self.runtime = runtime_stage(instructions(DOCKERFILE.read_text()))

    def test_runtime_stage_installs_and_cleans_apt_in_one_run(self):
        installs = [a for k, a in self.runtime if k == "RUN" and "apt-get install" in a]
        self.assertTrue(installs, "the runtime stage installs no packages: revisit this test")
        for run in installs:
            steps = [s.strip() for s in run.split("&&")]
            at = next(i for i, s in enumerate(steps) if s.startswith("apt-get install"))
            after = steps[at + 1:]
            self.assertIn("apt-get clean", after, f"no apt-get clean after the install: {run}")
            self.assertTrue(any(s.startswith("rm -rf") and "/var/lib/apt/lists/*" in s.split()
                                for s in after),
                            f"the package lists stay in the layer: {run}")
        # Nothing in a later RUN could remove them from that layer anyway; no other RUN runs
        # `apt-get update` and leaves lists behind.
        for k, a in self.runtime:
            if k == "RUN" and "apt-get update" in a:
                self.assertIn("/var/lib/apt/lists/*", a, f"apt-get update without cleaning: {a}")

    def test_user_and_group_are_10001(self):
        runs = " && ".join(a for k, a in self.runtime if k == "RUN")
        self.assertNotIn("--user-group", runs, "useradd --user-group picks a system gid (999)")
        groupadd = re.search(r"groupadd\b[^&]*", runs)
        self.assertIsNotNone(groupadd, "the group is not created explicitly")
        self.assertRegex(groupadd.group(0), r"--gid 10001\b")
        useradd = re.search(r"useradd\b[^&]*", runs)
        self.assertIsNotNone(useradd, "no runtime user")
        self.assertRegex(useradd.group(0), r"--uid 10001\b")
        self.assertRegex(useradd.group(0), r"--gid 10001\b")
        self.assertLess(groupadd.start(), useradd.start(), "the group must exist before the user")
        users = [a for k, a in self.runtime if k == "USER"]
        self.assertEqual(users[-1:], ["10001:10001"])


class DockerIgnore(unittest.TestCase):
    def setUp(self):
        self.rules = load_dockerignore()

    def test_the_matcher_matches_like_podman(self):
        # The matcher itself, on the cases that differ from shell globbing.
        rules = [(False, segment_regex("bench/peers/*/lib")), (False, segment_regex("**/*.jar"))]
        self.assertTrue(excluded(rules, "bench/peers/kstreams/lib/a/b.txt"))
        self.assertFalse(excluded(rules, "bench/peers/kstreams/src/lib.java"))
        self.assertTrue(excluded(rules, "a.jar"))
        self.assertTrue(excluded(rules, "x/y/z.jar"))
        self.assertFalse(excluded([(False, segment_regex("build"))], "app/build.cc"))

    def test_heavy_paths_stay_out_of_the_context(self):
        for path in HEAVY:
            self.assertTrue(excluded(self.rules, path), f".dockerignore lets {path} in")

    def test_everything_git_ignores_here_stays_out(self):
        # The generated trees of this checkout (whatever exists now: build/, bench/data,
        # jars, the broker's data) by git's own .gitignore rules.
        listing = subprocess.run(
            ["git", "-C", str(SRC), "ls-files", "--others", "--ignored", "--exclude-standard",
             "--directory"], capture_output=True, text=True, check=True).stdout.split()
        for path in listing:
            self.assertTrue(excluded(self.rules, path.rstrip("/")),
                            f"git ignores {path} but .dockerignore sends it")

    def test_tracked_sources_are_in_the_context(self):
        tracked = subprocess.run(["git", "-C", str(SRC), "ls-files"], capture_output=True,
                                 text=True, check=True).stdout.split("\n")
        tracked = [t for t in tracked if t]
        self.assertGreater(len(tracked), 100)
        left_out = [t for t in tracked if excluded(self.rules, t)]
        self.assertEqual(left_out, [], "tracked files the image build would not see")
        for needed in ["CMakeLists.txt", "deploy/debian/changelog", "deploy/tripline.conf",
                       "deploy/container/reload-on-change.sh", "docs/deploy.md",
                       "rules/packs/china-ai-chips/rules.yaml"]:
            self.assertIn(needed, tracked)


if __name__ == "__main__":
    unittest.main(verbosity=2)
