"""Parses Prometheus text exposition (stdin) with prometheus_client's own parser and prints
one line per sample: FAMILY TYPE SAMPLE {labels sorted} VALUE. A malformed exposition makes
the parser raise, and this script exit non-zero."""
import sys

from prometheus_client.parser import text_string_to_metric_families

for family in text_string_to_metric_families(sys.stdin.read()):
    for sample in family.samples:
        labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
        print(f"{family.name} {family.type} {sample.name} {{{labels}}} {sample.value!r}")
