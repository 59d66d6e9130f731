"""How fast the admin commands start: wall time of ``python -m admin …`` for the help and
a few small commands, and which heavy libraries each one imports.

    .venv/bin/python bench/admin_startup.py [--runs 5]

Prints one line per command (median and best of the runs, in ms) and, as the last line,
one JSON object: {"<command>": {"median_ms": …, "best_ms": …, "heavy": [...]}, …}.
The target: the help and small commands answer in well under a second (the CLI imports
only the command that is run, and commands import SQLAlchemy, openpyxl and the SDK only
when they need them).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sqlalchemy", "openpyxl", "microsoft_agents", "aiohttp", "alembic")
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("import", "--help"),
    ("export", "--help"),
    ("template", "--help"),
    ("audit", "--help"),
    ("run", "--help"),
    ("calendar", "2027"),
)
_PROBE = """
import json, runpy, sys
command, wanted, target = json.loads(sys.argv[1]), set(json.loads(sys.argv[2])), sys.argv[3]
sys.argv = ["admin", *command]
try:
    runpy.run_module("admin", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & wanted)
with open(target, "w") as handle:
    json.dump(heavy, handle)
"""


def heavy_imports(args: tuple[str, ...]) -> list[str]:
    """The heavy libraries ``python -m admin ARGS`` has imported by the time it ends."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "modules.json"
        subprocess.run([sys.executable, "-c", _PROBE, json.dumps(list(args)),
                        json.dumps(HEAVY), str(out)], cwd=ROOT, capture_output=True,
                       timeout=60, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
        loaded: list[str] = json.loads(out.read_text())
        return loaded


def wall_ms(args: tuple[str, ...]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "admin", *args], cwd=ROOT, capture_output=True,
                   timeout=60)
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    result: dict[str, dict[str, object]] = {}
    for command in COMMANDS:
        times = [wall_ms(command) for _ in range(max(1, args.runs))]
        name = " ".join(command)
        result[name] = {"median_ms": round(statistics.median(times), 1),
                        "best_ms": round(min(times), 1), "heavy": heavy_imports(command)}
        print(f"python -m admin {name}: median {result[name]['median_ms']} ms, best "
              f"{result[name]['best_ms']} ms, heavy imports {result[name]['heavy']}")
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
