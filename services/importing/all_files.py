"""``python -m admin import all FOLDER``: every import file of a folder, in one go.

Files are found by name (``org.xlsx``, ``01-personer.csv``, ``mål 2027.xlsx``, …: a word of
the file name says the kind) and imported in dependency order org → people → managers →
goals → decisions →
budget → utfall inside one transaction, so each file is checked against the rows of
the files before it, also on an empty database. ``--dry-run`` rolls everything back;
otherwise everything is saved only when no file has errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from i18n import t
from services.importing import KIND_NAMES, get_kind
from services.importing.columns import normalise_header
from services.importing.readers import ImportFileError
from services.importing.runner import (
    ImportReport,
    check_and_apply,
    format_report,
    prepare,
    record_audit,
)

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

#: words in a file name that say which import it is
FILE_WORDS: dict[str, tuple[str, ...]] = {
    "org": ("org", "organisation", "organization", "enheter", "units"),
    "people": ("people", "personer", "persons"),
    "managers": ("managers", "chefer", "chefsuppdrag"),
    "goals": ("goals", "mal", "malen"),
    "decisions": ("decisions", "beslut"),
    "delegation": ("delegationsordning", "delegation", "delegering"),
    "roles": ("roller", "befattningar", "roles"),
    "budget": ("budget",),
    "utfall": ("utfall", "actuals", "outcome"),
}
SUFFIXES = (".xlsx", ".csv")


@dataclass
class FolderReport:
    folder: Path
    reports: list[ImportReport] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # kinds without a file
    ignored: list[str] = field(default_factory=list)  # file names not recognised
    dry_run: bool = False
    status: str = "failed"  # failed | dry_run | applied


def kind_of(path: Path) -> str | None:
    words = set(re.split(r"[^a-z0-9]+", normalise_header(path.stem)))
    found = [kind for kind, names in FILE_WORDS.items() if words & set(names)]
    return found[0] if len(found) == 1 else None


def find_files(folder: Path) -> tuple[dict[str, Path], list[str]]:
    """(kind → file, names of files not recognised). ImportFileError when the folder has
    no import file or two for the same kind."""
    if not folder.is_dir():
        raise ImportFileError("import.all.not_folder", folder=str(folder))
    found: dict[str, list[Path]] = {}
    ignored: list[str] = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~$")):
            continue
        kind = kind_of(path) if path.suffix.lower() in SUFFIXES else None
        if kind is None:
            if path.suffix.lower() in SUFFIXES:
                ignored.append(path.name)
            continue
        found.setdefault(kind, []).append(path)
    for kind, paths in found.items():
        if len(paths) > 1:
            raise ImportFileError("import.all.ambiguous", kind=kind, folder=str(folder),
                                  files=", ".join(p.name for p in paths))
    if not found:
        raise ImportFileError("import.all.none_found", folder=str(folder))
    return {k: found[k][0] for k in KIND_NAMES if k in found}, ignored


async def run_folder(
    sessionmaker: async_sessionmaker[AsyncSession],
    folder: Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    force: bool = False,
    lang: str = "sv",
    now: datetime,
    today: date,
) -> FolderReport:
    files, ignored = find_files(folder)
    result = FolderReport(folder=folder, ignored=ignored, dry_run=dry_run,
                          missing=[k for k in KIND_NAMES if k not in files])
    prepared = []
    for name, path in files.items():  # every file readable before anything runs
        kind = get_kind(name)
        rows, labels, warnings = prepare(kind, path, lang)
        prepared.append((ImportReport(kind=kind, path=path, rows=len(rows),
                                      warnings=warnings, dry_run=dry_run), rows, labels))
    ok = True
    async with sessionmaker() as session:
        for report, rows, labels in prepared:
            result.reports.append(report)
            if await check_and_apply(session, report, rows, labels,
                                     skip_invalid=skip_invalid, force=force, now=now,
                                     today=today):
                report.status = "dry_run" if dry_run else "applied"
            else:
                ok = False
        if not ok or dry_run:
            await session.rollback()
            if not ok:
                for report in result.reports:
                    if report.status != "failed":
                        report.status = "checked"  # valid, but not saved
            result.status = "failed" if not ok else "dry_run"
            return result
        for report in result.reports:
            record_audit(session, report, now)
        await session.commit()
    result.status = "applied"
    return result


def format_folder(result: FolderReport, lang: str, *,
                  allow_skipped: bool = False) -> tuple[str, str]:
    out = [t(lang, "import.all.header", folder=result.folder,
             order=" → ".join(KIND_NAMES))]
    err: list[str] = [t(lang, "import.all.ignored", file=name) for name in result.ignored]
    for kind in result.missing:
        out.append(t(lang, "import.all.not_found", kind=get_kind(kind).title(lang),
                     names=", ".join(f"{w}.xlsx" for w in FILE_WORDS[kind][:2])))
    for report in result.reports:
        text, problems = format_report(report, lang, allow_skipped=allow_skipped)
        if report.status == "failed":
            problems = "\n".join(line for line in problems.splitlines()
                                 if line != t(lang, "import.nothing_imported"))
        out.append(text)
        if problems:
            err.append(f"{report.path.name}:\n{problems}")
    if result.status == "failed":
        bad = ", ".join(r.path.name for r in result.reports if r.status == "failed")
        err.append(t(lang, "import.all.failed", files=bad))
    elif result.status == "dry_run":
        out.append(t(lang, "import.all.dry_run"))
    else:
        out.append(t(lang, "import.all.done"))
    return "\n".join(out), "\n".join(err)


def folder_exit_code(result: FolderReport, *, allow_skipped: bool = False) -> int:
    if result.status == "failed":
        return 1
    if not allow_skipped and any(r.skipped for r in result.reports):
        return 1
    return 0
