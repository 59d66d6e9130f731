"""The admin CLI starts fast: ``--help`` and small commands import only the command that
runs, and neither the SDK, SQLAlchemy nor openpyxl (issue 11, defect 8). The figures
are in bench/admin_startup.py; here only what is imported is checked."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from admin.commands import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
HEAVY = {"sqlalchemy", "openpyxl", "microsoft_agents", "aiohttp", "alembic"}
PROBE = """
import json, runpy, sys
command, target = json.loads(sys.argv[1]), sys.argv[2]
sys.argv = ["admin", *command]
code = 0
try:
    runpy.run_module("admin", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
with open(target, "w") as handle:
    json.dump({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})},
              handle)
"""


def _loaded(tmp_path: Path, *args: str) -> tuple[int, set[str], str]:
    target = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args)), str(target)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    result = json.loads(target.read_text())
    return int(result["code"] or 0), set(result["modules"]), done.stdout


@pytest.mark.parametrize("args", [
    ("--help",), ("import", "--help"), ("export", "--help"), ("template", "--help"),
    ("audit", "--help"), ("calendar", "2027"), ("run", "--help"),
], ids=lambda a: " ".join(a))
def test_help_and_small_commands_import_nothing_heavy(tmp_path: Path,
                                                      args: tuple[str, ...]) -> None:
    code, modules, out = _loaded(tmp_path, *args)
    assert code == 0
    assert out.strip()  # it did answer
    assert not modules & HEAVY, sorted(modules & HEAVY)


def test_the_help_lists_every_command(tmp_path: Path) -> None:
    _, _, out = _loaded(tmp_path, "--help")
    for entry in COMMANDS:
        assert entry.name in out


def test_the_command_table_matches_the_modules() -> None:
    for entry in COMMANDS:
        module = importlib.import_module(entry.module)
        assert (entry.name, entry.help) == (module.NAME, module.HELP)


def test_run_lists_the_schedulers_jobs() -> None:
    from admin.commands.run import JOB_NAMES
    from services.round_rules import Job

    assert tuple(j.value for j in Job) == JOB_NAMES
