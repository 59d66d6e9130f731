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


#: Dialog modules another change moves behind services; every other one owns no transaction.
DIALOGS_NOT_YET_MOVED = {"dialogs.report", "dialogs.report_text", "dialogs.report_sections"}


def _importlinter() -> dict[str, object]:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(config["tool"]["importlinter"])


def _root_packages() -> list[str]:
    return list(_importlinter()["root_packages"])  # type: ignore[call-overload]


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
    assert "Dialogs own no transaction KEPT" in result.stdout
    assert "Admin commands own no transaction KEPT" in result.stdout


def test_every_dialog_is_held_to_owning_no_transaction() -> None:
    """A new dialogs module is covered too: the contract lists them all (but the three)."""
    contracts = _importlinter()["contracts"]
    assert isinstance(contracts, list)
    contract = next(c for c in contracts if c["name"] == "Dialogs own no transaction")
    modules = {f"dialogs.{p.stem}" for p in (REPO_ROOT / "dialogs").glob("*.py")
               if p.stem != "__init__"}
    assert set(contract["source_modules"]) == modules - DIALOGS_NOT_YET_MOVED
    assert set(contract["forbidden_modules"]) == {"storage", "sqlalchemy"}


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
        # Dialogs parse -> call a service -> render: no SQL, no session of their own.
        ("dialogs/summary.py", "import storage.org_queries  # noqa"),
        ("dialogs/identity.py", "from storage.people import find_person  # noqa"),
        ("dialogs/basics.py", "import sqlalchemy  # noqa"),
        ("dialogs/context.py", "from sqlalchemy import select  # noqa"),
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
