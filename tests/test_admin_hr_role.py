"""``python -m admin hr-role``: an HR role over a unit's subtree lets its holder read the
individual goals there (logged as HR reads), and nothing outside it; revoking ends that;
bad input gets a clear message and exit code 2; every change is audited."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from admin.cli import main as admin_main
from services import Sessions
from services import individual as svc
from storage.db import make_async_engine, make_sessionmaker
from storage.models import AuditEntry, HrRole, IndividualAccess, Person

JOHANNA = "johanna.blom@example.com"  # Enhetschef, daglig verksamhet (SOC): not in BUF
SARA = "sara.lind@example.com"  # an employee of Adele's förskola (BUF-FS-01)
T = TypeVar("T")


def _db(url: str, work: Callable[[Sessions], Awaitable[T]]) -> T:
    """Run ``work(sessions)`` on its own engine (the admin command runs its own loop)."""
    async def main() -> T:
        engine = make_async_engine(url)
        try:
            return await work(make_sessionmaker(engine))
        finally:
            await engine.dispose()
    return asyncio.run(main())


async def _ids(sessions: Sessions) -> tuple[int, int]:
    async with sessions() as session:
        found = await session.execute(
            select(Person.email, Person.id).where(Person.email.in_([JOHANNA, SARA])))
        rows = {email: pid for email, pid in found}
    return rows[JOHANNA], rows[SARA]


async def _reads_sara(sessions: Sessions, reader: int, subject: int) -> bool:
    actor = svc.Actor(reader, datetime.now(UTC), ZoneInfo("Europe/Stockholm"))
    try:
        async with sessions() as session, session.begin():
            await svc.prepare_talk(session, actor, subject)
    except svc.IndividualRefused:
        return False
    return True


async def _hr_reads(sessions: Sessions, reader: int, subject: int) -> list[str]:
    async with sessions() as session:
        return list((await session.execute(select(IndividualAccess.basis).where(
            IndividualAccess.reader_person_id == reader,
            IndividualAccess.subject_person_id == subject))).scalars())


async def _changes(sessions: Sessions) -> tuple[list[str], list[int]]:
    async with sessions() as session:
        actions = (await session.execute(select(AuditEntry.action).where(
            AuditEntry.entity == "hr_role").order_by(AuditEntry.id))).scalars().all()
        left = (await session.execute(select(HrRole.id))).scalars().all()
    return list(actions), list(left)


def test_hr_role_grant_reads_the_subtree_only_until_revoked(
    demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", demo_url)
    johanna, sara = _db(demo_url, _ids)

    def reads() -> bool:
        return _db(demo_url, lambda sessions: _reads_sara(sessions, johanna, sara))

    assert not reads()

    # A role over another förvaltning's subtree does not reach Sara.
    assert admin_main(["hr-role", "grant", "--person", JOHANNA, "--unit", "SOC"]) == 0
    assert "HR-roll given: Johanna Blom läser individuella mål i" in capsys.readouterr().out
    assert not reads()

    # Over BUF (Sara's unit is below it): she may, and the read is logged as an HR read.
    assert admin_main(["hr-role", "grant", "--person", JOHANNA.upper(), "--subtree",
                       "buf"]) == 0
    assert "med allt under" in capsys.readouterr().out
    assert reads()
    assert _db(demo_url, lambda sessions: _hr_reads(sessions, johanna, sara)) == ["hr"]

    # Granting the same again changes nothing.
    assert admin_main(["hr-role", "grant", "--person", JOHANNA, "--unit", "BUF"]) == 0
    assert "har redan HR-rollen" in capsys.readouterr().out

    assert admin_main(["hr-role", "list"]) == 0
    listed = capsys.readouterr().out
    assert "HR-roller (2):" in listed and "Johanna Blom <johanna.blom@example.com>" in listed

    # Revoked: no longer (a role that started today is removed outright).
    assert admin_main(["hr-role", "revoke", "--person", JOHANNA, "--unit", "BUF"]) == 0
    assert "HR-roll avslutad: Johanna Blom" in capsys.readouterr().out
    assert not reads()
    assert admin_main(["hr-role", "revoke", "--person", JOHANNA, "--all"]) == 0
    capsys.readouterr()
    assert admin_main(["hr-role", "list"]) == 0
    assert "Inga gällande HR-roller." in capsys.readouterr().out

    actions, left = _db(demo_url, _changes)
    assert actions == ["hr_role.grant", "hr_role.grant", "hr_role.revoke", "hr_role.revoke"]
    assert left == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["grant", "--person", "nobody@example.com", "--unit", "BUF"],
         "Ingen person med e-postadressen nobody@example.com."),
        (["grant", "--person", JOHANNA, "--unit", "NOPE"], "Ingen enhet med koden NOPE."),
        (["grant", "--person", "johanna"], "Ange vad rollen gäller"),
        (["grant", "--person", "johanna", "--kommun"], "Ange en e-postadress"),
        (["grant", "--unit", "BUF"], "Ange personen med --person"),
        (["grant", "--person", JOHANNA, "--kommun", "--until", "2020-01-01"],
         "Slutdatumet 2020-01-01 har redan passerat."),
        (["revoke", "--person", JOHANNA, "--kommun"], "ingen gällande HR-roll"),
        (["revoke", "--person", JOHANNA], "Ange vilken roll som ska avslutas"),
        (["list", "--person", JOHANNA], "list tar bara --all"),
    ],
)
def test_hr_role_bad_input_is_refused_clearly(
    demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    argv: list[str], message: str,
) -> None:
    monkeypatch.setenv("DATABASE_URL", demo_url)
    assert admin_main(["hr-role", *argv]) == 2
    assert message in capsys.readouterr().err
    from sqlalchemy import create_engine

    from storage.db import sync_url

    engine = create_engine(sync_url(demo_url))
    with engine.connect() as conn:
        assert conn.scalars(select(HrRole.id)).all() == []
        assert conn.scalars(select(AuditEntry.id).where(
            AuditEntry.entity == "hr_role")).all() == []
    engine.dispose()


def test_hr_role_bad_date_is_an_argparse_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        admin_main(["hr-role", "grant", "--person", JOHANNA, "--kommun", "--until", "snart"])
    assert exit_.value.code == 2
    assert "inte ett datum (ÅÅÅÅ-MM-DD)" in capsys.readouterr().err
