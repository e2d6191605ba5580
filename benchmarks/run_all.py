"""Run every benchmarks/bench_*.py in turn and print each one's output (what `make bench` does).

Run:  .venv/bin/python benchmarks/run_all.py [NAME ...]     # e.g. `pool claims`: only those

Each benchmark runs with its own defaults in a process of its own, with `src/` importable; the
exit status is 1 when any benchmark failed, and the failures are named at the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


def benchmarks(names: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if not names:
        return found
    wanted = {name.removeprefix("bench_").removesuffix(".py") for name in names}
    unknown = wanted - {path.stem.removeprefix("bench_") for path in found}
    if unknown:
        raise SystemExit(f"no benchmark named {', '.join(sorted(unknown))} in {HERE}")
    return [path for path in found if path.stem.removeprefix("bench_") in wanted]


def main(argv: list[str]) -> int:
    path_entries = [str(SRC), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in path_entries if p), "PYTHONUNBUFFERED": "1"}
    failed: list[str] = []
    for path in benchmarks(argv):
        print(f"\n=== {path.name} " + "=" * max(0, 70 - len(path.name)), flush=True)
        started = time.monotonic()
        # Output goes straight to ours, so long runs show progress as they go.
        code = subprocess.run([sys.executable, str(path)], env=env, cwd=HERE.parent, check=False).returncode
        print(f"--- {path.name}: exit {code} after {time.monotonic() - started:.0f} s", flush=True)
        if code != 0:
            failed.append(path.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
