"""The layer contract (pyproject.toml, run by ``make lint``) refuses a wrong-way import."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _root_packages() -> list[str]:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["importlinter"]["root_packages"])


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("layers")
    shutil.copy(REPO_ROOT / "pyproject.toml", target / "pyproject.toml")
    for package in _root_packages():
        shutil.copytree(REPO_ROOT / package, target / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    if not LINT_IMPORTS.exists():
        pytest.fail("lint-imports is not installed (requirements-dev.txt: import-linter)")
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True,
                          text=True, timeout=120, check=False)


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")


def test_the_project_keeps_its_layers(project_copy: Path) -> None:
    result = _lint(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout
    assert "Admin commands own no transaction KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import"),
    [
        ("followup/period.py", "import storage.models  # noqa"),
        ("cards/common.py", "import storage.outbox  # noqa"),
        ("storage/db.py", "import services  # noqa"),
        ("services/__init__.py", "import dialogs.router  # noqa"),
        # The debt paid in issue 12 stays paid: no storage -> cards, no followup -> services.
        ("storage/decisions.py", "import cards.decisions  # noqa"),
        ("followup/summary.py", "import services.summaries  # noqa"),
        ("services/notices.py", "import scheduler.delivery  # noqa"),
        # Admin commands own no transaction: no session, no SQL of their own (issue 12).
        ("admin/commands/audit.py", "import storage.models  # noqa"),
        ("admin/commands/calendar.py", "import sqlalchemy  # noqa"),
    ],
)
def test_a_wrong_way_import_breaks_the_contract(project_copy: Path, tmp_path: Path,
                                                module: str, wrong_import: str) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(project_copy, broken)
    _append(broken / module, wrong_import)
    result = _lint(broken)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    imported = wrong_import.split()[1]
    assert imported in result.stdout
