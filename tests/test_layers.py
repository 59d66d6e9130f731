"""The import contracts (pyproject.toml, run by ``make lint``) refuse a wrong-way import:
the layers, and scheduler jobs that would own a transaction (import storage or SQLAlchemy)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _config() -> dict[str, Any]:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(config["tool"]["importlinter"])


def _root_packages() -> list[str]:
    return list(_config()["root_packages"])


def _contract_names() -> list[str]:
    return [str(c["name"]) for c in _config()["contracts"]]


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
    names = _contract_names()
    assert "Scheduler jobs own no transaction" in names
    assert "Admin commands own no transaction" in names
    assert "Dialogs own no transaction" in names
    assert "Scheduler jobs import no dialogs" in names
    for name in names:  # each contract in pyproject.toml, by name
        assert f"{name} KEPT" in result.stdout, name
    assert f"{len(names)} kept, 0 broken" in result.stdout


def test_every_dialog_is_held_to_owning_no_transaction() -> None:
    """The whole dialogs package is held, so a new dialogs module is covered too."""
    contracts = _config()["contracts"]
    assert isinstance(contracts, list)
    contract = next(c for c in contracts if c["name"] == "Dialogs own no transaction")
    assert contract["source_modules"] == ["dialogs"]
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
        # The report dialogs call services.reports, never storage or a session.
        ("dialogs/report.py", "import storage.reports  # noqa"),
        ("dialogs/report_text.py", "import sqlalchemy  # noqa"),
        ("dialogs/report_sections.py", "import storage.economy  # noqa"),
        # Scheduler jobs own no transaction (issue 12): no storage, no SQLAlchemy.
        ("scheduler/jobs.py", "import storage.outbox  # noqa"),
        ("scheduler/delivery.py", "from sqlalchemy.ext.asyncio import AsyncSession  # noqa"),
        ("scheduler/lifecycle.py", "import sqlalchemy  # noqa"),
        # The whole package: the leadership lives in services.leadership now.
        ("scheduler/__init__.py", "import storage.leases  # noqa"),
        # The jobs get bot_services.BotServices, nothing from the conversation handlers.
        ("scheduler/jobs.py", "import dialogs.context  # noqa"),
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
    top = imported.split(".")[0]
    # A third-party package is reported as a whole ("sqlalchemy", not its submodule).
    assert (imported if top in _root_packages() else top) in result.stdout
    if module.startswith("scheduler/") and top == "dialogs":
        assert "Scheduler jobs import no dialogs BROKEN" in result.stdout
    elif module.startswith("scheduler/"):
        assert "Scheduler jobs own no transaction BROKEN" in result.stdout
    if module.startswith("dialogs/"):  # dialogs may import storage in the layers
        assert "Dialogs own no transaction BROKEN" in result.stdout
