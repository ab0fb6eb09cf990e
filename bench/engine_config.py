"""The one writer of a `tripline run`/`route` config file for the bench harnesses
(bench/failover, bench/scaleout): the harness's own lines, then the user's --set KEY=VALUE
overrides, which the config format reads last-wins."""


def write_engine_config(path, lines, overrides):
    lines = list(lines) + [s.replace("=", " = ", 1) for s in overrides]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path
