"""Every setting the code reads is documented in env.TEMPLATE, and the README's
configuration table and the admin CLI's help name only documented settings.

The code is scanned with :mod:`ast` (no imports, nothing runs) for environment look-ups:
``env.get("X")``, ``os.environ.get("X")``, ``settings.env.get("X")``, ``os.getenv("X")``,
``env["X"]``, ``sdk_env.setdefault("X", …)``, and calls of a module's own look-up helpers
(a function that passes one of its parameters to such a look-up, e.g. ``_int(env, "X", 1)``,
``_env_float(env, "X", 2.0)`` or ``pick("X", "Y")``). Keys may be string literals,
module-level string constants (``CLOCK_ENV``) or f-strings of them
(``f"{_SDK_PREFIX}CLIENTID"``).
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from admin.cli import EPILOG, SETTINGS_HELP
from admin.commands import COMMAND_MODULES
from followup.calendar import _ENV_NAMES as CALENDAR_ENV_NAMES

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "env.TEMPLATE"
README = ROOT / "README.md"

#: Folders whose Python files are not the application (or not ours).
SKIPPED_DIRS = frozenset({
    ".venv", "node_modules", "tests", "testing", "bench", "build", "data", "__pycache__",
})

#: Test-only variables: deliberately not in env.TEMPLATE (they configure the test suite,
#: not Målbot), so never required there. Each needs a reason, and each must still be read
#: somewhere (tests/, testing/ or bench/ included) or the entry is stale.
TEST_ONLY: dict[str, str] = {
    # tests/conftest.py: also run the PostgreSQL variants against this server (README,
    # "Development").
    "TEST_POSTGRES_URL": "PostgreSQL URL for the PostgreSQL variants of the test suite",
}

#: Names the scanner must find: guards against a scanner that silently finds nothing.
KNOWN_READS = frozenset({
    "DATABASE_URL",  # config.py, env.get
    "PORT",  # config.py, _int(env, ...)
    "OUTBOX_RATE_PER_S",  # config.py, _float(env, ...)
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID",  # config.py, f-string key
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__VALIDATE_ISSUER",  # bot.py, sdk_env.get
    "SCHEDULER_NOW",  # scheduler/clock.py, module constant key
    "OUTBOX_LEASE_S",  # scheduler/delivery.py, _env_float(env, ...)
    "PROACTIVE_TENANT_ID",  # scheduler/delivery.py, settings.env.get
    "DOWNLOAD_LINK_MINUTES",  # dialogs/export.py, settings.env.get
    "GRAPH_CLIENT_SECRET",  # graph/client.py, pick(...)
    "TEAMS_APP_CATALOG_ID",  # graph/client.py, pick(...)
    "REPORT_SUMMARY_TIME",  # followup/calendar.py, value(...)
    "BOT_DOMAIN",  # manifest/packager.py, _env_value(env, ...)
})

_ENV_VAR = re.compile(r"[A-Z][A-Z0-9_]*\Z")
_LOOKUP_METHODS = frozenset({"get", "setdefault", "pop", "getenv"})


# --- what the code reads -------------------------------------------------------------------


def source_files(skipped: frozenset[str] = SKIPPED_DIRS) -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if not any(part in skipped or part.startswith(".") for part in parts[:-1]):
            yield path


def _is_env(node: ast.expr) -> bool:
    """``env``, ``sdk_env``, ``os.environ``, ``settings.env``, ``self.env`` ..."""
    name = node.id if isinstance(node, ast.Name) else (
        node.attr if isinstance(node, ast.Attribute) else "")
    return name.lower().endswith(("env", "environ"))


def _constants(tree: ast.Module) -> dict[str, str]:
    consts: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if (isinstance(target, ast.Name) and isinstance(value, ast.Constant)
                and isinstance(value.value, str)):
            consts[target.id] = value.value
    return consts


def _resolve(node: ast.expr, consts: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return consts.get(node.id)
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                resolved = _resolve(value.value, consts)
            else:
                resolved = _resolve(value, consts)
            if resolved is None:
                return None
            parts.append(resolved)
        return "".join(parts)
    return None


def _lookup_key(node: ast.AST) -> ast.expr | None:
    """The key of an environment look-up, or None if ``node`` is none."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "getenv" and node.args:
            return node.args[0]
        if (isinstance(func, ast.Attribute) and func.attr in _LOOKUP_METHODS and node.args
                and (func.attr == "getenv" or _is_env(func.value))):
            return node.args[0]
    if isinstance(node, ast.Subscript) and _is_env(node.value):
        return node.slice
    return None


@dataclass
class _Helper:
    """A function that looks up one of its parameters (or each of its ``*args``)."""

    params: list[str]
    positions: set[int] = field(default_factory=set)
    varargs: bool = False


def _helpers(tree: ast.Module) -> dict[str, _Helper]:
    helpers: dict[str, _Helper] = {}
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef):
            continue
        params = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
        vararg = func.args.vararg.arg if func.args.vararg else None
        loop_vars = {
            loop.target.id for loop in ast.walk(func)
            if isinstance(loop, ast.For) and isinstance(loop.target, ast.Name)
            and isinstance(loop.iter, ast.Name) and loop.iter.id == vararg
        }
        helper = _Helper(params)
        for node in ast.walk(func):
            key = _lookup_key(node)
            if not isinstance(key, ast.Name):
                continue
            if key.id in params:
                helper.positions.add(params.index(key.id))
            elif key.id in loop_vars:
                helper.varargs = True
        if helper.positions or helper.varargs:
            helpers[func.name] = helper
    return helpers


def _helper_keys(call: ast.Call, helper: _Helper) -> Iterable[ast.expr]:
    for position in helper.positions:
        if position < len(call.args):
            yield call.args[position]
        for keyword in call.keywords:
            if keyword.arg == helper.params[position]:
                yield keyword.value
    if helper.varargs:
        yield from call.args[len(helper.params):]


def reads_in(source: str) -> set[str]:
    tree = ast.parse(source)
    consts = _constants(tree)
    helpers = _helpers(tree)
    keys: list[ast.expr] = []
    for node in ast.walk(tree):
        if (key := _lookup_key(node)) is not None:
            keys.append(key)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in helpers):
            keys.extend(_helper_keys(node, helpers[node.func.id]))
    names = {_resolve(key, consts) for key in keys}
    return {name for name in names if name is not None and _ENV_VAR.match(name)}


def code_reads() -> dict[str, list[str]]:
    """Variable name -> the files that read it."""
    found: dict[str, list[str]] = {}
    for path in source_files():
        for name in reads_in(path.read_text(encoding="utf-8")):
            found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    for name in CALENDAR_ENV_NAMES.values():
        found.setdefault(name, []).append("followup/calendar.py (_ENV_NAMES)")
    return found


# --- what is documented --------------------------------------------------------------------


def documented() -> set[str]:
    """Names in env.TEMPLATE lines ``X=…`` or ``# X=…``."""
    pattern = re.compile(r"^\s*(?:#\s*)?([A-Z][A-Z0-9_]*)=", re.MULTILINE)
    return set(pattern.findall(TEMPLATE.read_text(encoding="utf-8")))


def _expand(tokens: Iterable[str], known: set[str]) -> list[str]:
    """Full names for ``PREFIX__A`` / ``B`` / ``C`` abbreviations (``B`` = ``PREFIX__B``)."""
    names: list[str] = []
    prefix = ""
    for token in tokens:
        if "__" in token:
            prefix = token[: token.rindex("__") + 2]
        names.append(prefix + token if token not in known and prefix else token)
    return names


def readme_table_names() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows, "README's configuration table not found"
    known = documented()
    names: list[str] = []
    for row in rows:
        first_cell = row.split("|")[1]
        names += _expand(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell), known)
    return names


# --- tests ---------------------------------------------------------------------------------


def test_scanner_finds_the_known_reads() -> None:
    missing = KNOWN_READS - code_reads().keys()
    assert not missing, f"the scanner no longer finds {sorted(missing)}"


def test_every_variable_the_code_reads_is_in_env_template() -> None:
    docs = documented()
    undocumented = {
        name: files for name, files in code_reads().items()
        if name not in docs and name not in TEST_ONLY
    }
    assert not undocumented, (
        "document these in env.TEMPLATE (as NAME=… or # NAME=…): "
        + "; ".join(f"{n} (read in {', '.join(sorted(set(f)))})"
                    for n, f in sorted(undocumented.items()))
    )


def test_test_only_list_is_not_stale() -> None:
    everything = source_files(SKIPPED_DIRS - {"tests", "testing", "bench"})
    reads = set().union(*(reads_in(path.read_text(encoding="utf-8")) for path in everything))
    stale = sorted(set(TEST_ONLY) - reads)
    assert not stale, f"no longer read anywhere, drop from TEST_ONLY: {stale}"


@pytest.mark.parametrize(("snippet", "expected"), [
    ('import os\nos.environ.get("A")\nos.getenv("B")\nos.environ["C"]', {"A", "B", "C"}),
    ('P = "PRE_"\ndef f(env):\n    env.get(f"{P}X")\n    settings.env.get("Y", "")',
     {"PRE_X", "Y"}),
    ('def _num(env, name, default):\n    return env.get(name) or default\n'
     '_num(env, "N", 1)\n_num(env, name="M", default=2)', {"N", "M"}),
    ('def pick(*names):\n    for n in names:\n        env.get(n)\npick("P", "Q")',
     {"P", "Q"}),
    ('values.get("lower")\nrow["NOT_ENV"]\nenv.get(dynamic)', set()),
])
def test_scanner(snippet: str, expected: set[str]) -> None:
    assert reads_in(snippet) == expected


def test_sdk_pass_through_is_documented() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    assert "AGENTAPPLICATION__" in text
    assert "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__VALIDATE_ISSUER" in documented()


def test_readme_configuration_table_names_only_documented_variables() -> None:
    names = readme_table_names()
    missing = sorted(set(names) - documented())
    assert not missing, f"in README's configuration table, not in env.TEMPLATE: {missing}"


def test_readme_database_url_default_is_the_project_folder() -> None:
    row = next(line for line in README.read_text(encoding="utf-8").splitlines()
               if line.startswith("| `DATABASE_URL`"))
    assert "project folder" in row
    assert "./data" not in row


@pytest.mark.parametrize("command", sorted(SETTINGS_HELP))
def test_admin_help_names_only_documented_variables(command: str) -> None:
    known = documented()
    tokens = re.findall(r"\b[A-Z][A-Z0-9_]{3,}", SETTINGS_HELP[command])
    for name in _expand(tokens, known):
        if name.endswith("_"):  # a family such as REPORT_*
            assert any(k.startswith(name) for k in known), (command, name)
        else:
            assert name in known, (command, name)


def test_admin_help_covers_every_command_and_the_common_settings() -> None:
    from admin.cli import build_parser

    help_text = build_parser().format_help()
    for name in ("DATABASE_URL", "LANGUAGE", "TIMEZONE", "env.TEMPLATE"):
        assert name in help_text
    known = documented()
    listed = re.findall(r"^ +([A-Z][A-Z0-9_]+) ", EPILOG, re.MULTILINE)
    assert listed and set(listed) <= known
    commands = {importlib.import_module(module).NAME for module in COMMAND_MODULES}
    assert commands == set(SETTINGS_HELP)


# --- "All settings come from the environment (or a .env file)" holds for the admin CLI ------


@pytest.fixture
def dotenv_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder whose .env sets LANGUAGE=en and two followed-up months."""
    import config

    project = tmp_path / "project"
    project.mkdir()
    (project / ".env").write_text("LANGUAGE=en\nREPORT_MONTHS=3,10\n", encoding="utf-8")
    monkeypatch.setattr(config, "PROJECT_ROOT", project)
    for name in ("LANGUAGE", *CALENDAR_ENV_NAMES.values()):
        monkeypatch.delenv(name, raising=False)
    return project


def test_admin_calendar_reads_dotenv(dotenv_file: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    from admin.cli import main

    assert main(["calendar", "2026"]) == 0
    out = capsys.readouterr().out
    assert "Reporting calendar 2026" in out
    monthly = out.split("\n\n", 1)[0].splitlines()
    assert [line.split()[0] for line in monthly if line.startswith("2026-")] == [
        "2026-03", "2026-10"]


def test_admin_template_reads_dotenv(dotenv_file: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    from admin.cli import main

    assert main(["template", "goals", str(tmp_path / "default.csv")]) == 0
    assert main(["template", "goals", str(tmp_path / "en.csv"), "--lang", "en"]) == 0
    assert main(["template", "goals", str(tmp_path / "sv.csv"), "--lang", "sv"]) == 0
    capsys.readouterr()
    default = (tmp_path / "default.csv").read_bytes()
    assert default == (tmp_path / "en.csv").read_bytes()
    assert default != (tmp_path / "sv.csv").read_bytes()
